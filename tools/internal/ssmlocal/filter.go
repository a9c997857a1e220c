package ssmlocal

import (
	"net/http"
	"slices"
	"strings"
)

// compiledFilter is a validated ParameterStringFilter.
type compiledFilter struct {
	key    string
	option string
	values []string
}

// compileFilters validates filters. allowedKeys lists the keys that the
// operation accepts. ssmlocal supports these keys and options:
//
//	Name  Equals (default), BeginsWith
//	Path  OneLevel (default), Recursive
//	Type  Equals (default)
//
// SSM supports more keys (KeyId, Tier, DataType, Label, tag:...). They get
// InvalidFilterKey here.
func compileFilters(filters []parameterFilter, allowedKeys ...string) ([]compiledFilter, *apiError) {
	compiled := make([]compiledFilter, 0, len(filters))
	for _, f := range filters {
		if !slices.Contains(allowedKeys, f.Key) {
			return nil, newAPIError(http.StatusBadRequest, "InvalidFilterKey",
				"filter key %q is not supported here; supported keys: %s", f.Key, strings.Join(allowedKeys, ", "))
		}

		option := defaultOption(f.Key)
		if f.Option != nil {
			option = *f.Option
		}
		if !slices.Contains(validOptions(f.Key), option) {
			return nil, newAPIError(http.StatusBadRequest, "InvalidFilterOption",
				"filter option %q is invalid for key %s; valid options: %s", option, f.Key, strings.Join(validOptions(f.Key), ", "))
		}

		if len(f.Values) == 0 {
			return nil, newAPIError(http.StatusBadRequest, "InvalidFilterValue", "filter %s has no values", f.Key)
		}
		if f.Key == "Type" {
			for _, v := range f.Values {
				if _, ok := validTypes[v]; !ok {
					return nil, newAPIError(http.StatusBadRequest, "InvalidFilterValue", "filter Type value %q is not a parameter type", v)
				}
			}
		}

		compiled = append(compiled, compiledFilter{key: f.Key, option: option, values: f.Values})
	}
	return compiled, nil
}

func defaultOption(key string) string {
	if key == "Path" {
		return "OneLevel"
	}
	return "Equals"
}

func validOptions(key string) []string {
	switch key {
	case "Name":
		return []string{"Equals", "BeginsWith"}
	case "Path":
		return []string{"OneLevel", "Recursive"}
	default:
		return []string{"Equals"}
	}
}

// matchFilters reports whether rec matches every filter. Within one filter
// any of the values may match.
func matchFilters(rec *record, filters []compiledFilter) bool {
	for _, f := range filters {
		if !matchFilter(rec, f) {
			return false
		}
	}
	return true
}

func matchFilter(rec *record, f compiledFilter) bool {
	for _, value := range f.values {
		switch {
		case f.key == "Type" && rec.Type == value:
			return true
		case f.key == "Name" && f.option == "Equals" && rec.Name == value:
			return true
		case f.key == "Name" && f.option == "BeginsWith" && strings.HasPrefix(rec.Name, value):
			return true
		case f.key == "Path" && underPath(rec.Name, normalizePath(value), f.option == "Recursive"):
			return true
		}
	}
	return false
}

// normalizePath removes a trailing "/" from a filter path, keeping "/".
func normalizePath(path string) string {
	if path != "/" {
		return strings.TrimSuffix(path, "/")
	}
	return path
}
