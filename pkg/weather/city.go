package weather

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weather-portal/weather-portal/pkg/problem"
)

// MaxCityLength is the maximum length of a city query in characters (Unicode
// code points), after trimming.
const MaxCityLength = 100

// maxCityParts allows OpenWeather's "{city},{state},{country}" form.
const maxCityParts = 3

// ParseCity validates a city query and returns it trimmed, with runs of
// spaces collapsed to one and no spaces around commas, so "  London , GB "
// becomes "London,GB".
//
// A city is 1 to MaxCityLength characters of letters in any script,
// combining marks, spaces and . ' ’ - , with at least one letter in each
// comma-separated part and at most three parts. Digits, control characters
// and characters such as / ? & # % are rejected. Failures are *problem.Error
// values with code Invalid whose message names the problem.
func ParseCity(raw string) (string, error) {
	if !utf8.ValidString(raw) {
		return "", problem.Errorf(problem.Invalid, "city is not valid UTF-8")
	}

	city := strings.TrimSpace(raw)
	if city == "" {
		return "", problem.Errorf(problem.Invalid, "query parameter city is required")
	}
	if length := utf8.RuneCountInString(city); length > MaxCityLength {
		return "", problem.Errorf(problem.Invalid,
			"city is %d characters long; the maximum is %d", length, MaxCityLength)
	}

	for _, r := range city {
		if !isCityRune(r) {
			return "", problem.Errorf(problem.Invalid,
				"city contains the character %q (%U); use only letters, spaces and . ' - ,", r, r)
		}
	}

	parts := strings.Split(city, ",")
	if len(parts) > maxCityParts {
		return "", problem.Errorf(problem.Invalid,
			"city has %d comma-separated parts; use city, city,country or city,state,country", len(parts))
	}
	for i, part := range parts {
		part = strings.Join(strings.Fields(part), " ")
		if !strings.ContainsFunc(part, unicode.IsLetter) {
			return "", problem.Errorf(problem.Invalid,
				"city part %d of %d contains no letter; use a name such as London or London,GB", i+1, len(parts))
		}
		parts[i] = part
	}
	return strings.Join(parts, ","), nil
}

// isCityRune reports whether r may appear in a city query. Combining marks
// are needed for scripts such as Devanagari and Kannada ("ಬೆಂಗಳೂರು").
func isCityRune(r rune) bool {
	switch r {
	case ' ', '.', '\'', '’', '-', ',':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

// CacheKey returns the key under which the report for city and units is
// cached. Cities that differ only in case, in runs of spaces or in spaces
// around commas get the same key. Case is folded with Unicode simple case
// folding, the rule strings.EqualFold uses.
func CacheKey(city string, units Units) string {
	var key strings.Builder
	key.Grow(len(city) + len(units) + 1)

	parts := strings.Split(city, ",")
	for i, part := range parts {
		if i > 0 {
			key.WriteByte(',')
		}
		for j, word := range strings.Fields(part) {
			if j > 0 {
				key.WriteByte(' ')
			}
			for _, r := range word {
				key.WriteRune(foldRune(r))
			}
		}
	}

	key.WriteByte('|')
	key.WriteString(string(units))
	return key.String()
}

// foldRune returns the smallest rune in r's simple case folding orbit, so
// that two runes map to the same value exactly when strings.EqualFold treats
// them as equal.
func foldRune(r rune) rune {
	smallest := r
	for folded := unicode.SimpleFold(r); folded != r; folded = unicode.SimpleFold(folded) {
		if folded < smallest {
			smallest = folded
		}
	}
	return smallest
}
