package weather

import (
	"strings"
	"testing"

	"github.com/weather-portal/weather-portal/pkg/problem"
)

func TestParseCityValid(t *testing.T) {
	tests := []struct {
		input string
		want  string
	}{
		{"Bengaluru", "Bengaluru"},
		{"  Bengaluru  ", "Bengaluru"},
		{"New   York", "New York"},
		{"London,GB", "London,GB"},
		{"London , GB", "London,GB"},
		{"Portland,OR,US", "Portland,OR,US"},
		{"St. John's", "St. John's"},
		{"St. John’s", "St. John’s"},
		{"Aix-en-Provence", "Aix-en-Provence"},
		{"São Paulo", "São Paulo"},
		{"ಬೆಂಗಳೂರು", "ಬೆಂಗಳೂರು"},
		{"मुंबई", "मुंबई"},
		{"東京", "東京"},
		{"Zürich", "Zürich"},
		{strings.Repeat("a", MaxCityLength), strings.Repeat("a", MaxCityLength)},
		{strings.Repeat("é", MaxCityLength), strings.Repeat("é", MaxCityLength)},
	}

	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			got, err := ParseCity(tt.input)
			if err != nil {
				t.Fatalf("ParseCity(%q): %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("ParseCity(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestParseCityInvalid(t *testing.T) {
	tests := []struct {
		name        string
		input       string
		wantMessage string
	}{
		{"empty", "", "required"},
		{"spaces only", "   ", "required"},
		{"too long", strings.Repeat("a", MaxCityLength+1), "101 characters"},
		{"digits only", "12345", `'1'`},
		{"digits in name", "London2", `'2'`},
		{"path traversal", "../../etc", `'/'`},
		{"slash", "a/b", `'/'`},
		{"question mark", "a?b", `'?'`},
		{"ampersand", "a&appid=x", `'&'`},
		{"hash", "a#b", `'#'`},
		{"percent", "a%20b", `'%'`},
		{"null byte", "Lon\x00don", `'\x00'`},
		{"newline", "London\nGB", `'\n'`},
		{"tab", "New\tYork", `'\t'`},
		{"angle bracket", "<script>", `'<'`},
		{"invalid UTF-8", "Lon\xffdon", "UTF-8"},
		{"punctuation only", ".-'", "no letter"},
		{"empty country", "London,", "no letter"},
		{"leading comma", ",GB", "no letter"},
		{"four parts", "a,b,c,d", "4 comma-separated parts"},
		{"emoji", "London🌧", `'🌧'`},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCity(tt.input)

			if got != "" {
				t.Errorf("ParseCity(%q) = %q, want empty", tt.input, got)
			}
			if code := problem.CodeOf(err); code != problem.Invalid {
				t.Fatalf("code = %q, want %q (error %v)", code, problem.Invalid, err)
			}
			if !strings.Contains(err.Error(), tt.wantMessage) {
				t.Errorf("error %q does not contain %q", err, tt.wantMessage)
			}
		})
	}
}

func TestCacheKey(t *testing.T) {
	tests := []struct {
		name  string
		a, b  string
		equal bool
	}{
		{"case", "bengaluru", "BENGALURU", true},
		{"spaces", "New  York", "new york", true},
		{"spaces around comma", "London , GB", "london,gb", true},
		{"non-ASCII case", "ZÜRICH", "zürich", true},
		{"Kelvin sign folds like k", "\u212aiel", "kiel", true},
		{"different cities", "London", "Londonderry", false},
		{"country matters", "London,GB", "London,CA", false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keyA := CacheKey(tt.a, Metric)
			keyB := CacheKey(tt.b, Metric)

			if got := keyA == keyB; got != tt.equal {
				t.Errorf("CacheKey(%q) == CacheKey(%q) is %v, want %v (%q, %q)", tt.a, tt.b, got, tt.equal, keyA, keyB)
			}
		})
	}

	if CacheKey("London", Metric) == CacheKey("London", Imperial) {
		t.Error("CacheKey ignores units")
	}
}
