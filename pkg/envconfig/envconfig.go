// Package envconfig reads a function's settings from environment variables,
// as serverless.yml sets them, with defaults and errors that name the
// variable and its bad value.
package envconfig

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// String returns the value of name, or def when it is unset or empty.
func String(name, def string) string {
	if value := strings.TrimSpace(os.Getenv(name)); value != "" {
		return value
	}
	return def
}

// Required returns the value of name, or an error when it is unset or empty.
func Required(name string) (string, error) {
	value := strings.TrimSpace(os.Getenv(name))
	if value == "" {
		return "", fmt.Errorf("environment variable %s is required", name)
	}
	return value, nil
}

// Duration parses name as a Go duration ("60s", "15m"), or returns def when
// it is unset. Zero and negative durations are rejected.
func Duration(name string, def time.Duration) (time.Duration, error) {
	text := strings.TrimSpace(os.Getenv(name))
	if text == "" {
		return def, nil
	}

	value, err := time.ParseDuration(text)
	if err != nil {
		return 0, fmt.Errorf("environment variable %s=%q: %w", name, text, err)
	}
	if value <= 0 {
		return 0, fmt.Errorf("environment variable %s=%q: must be positive", name, text)
	}
	return value, nil
}

// Bool parses name with strconv.ParseBool ("true", "1", "false", …), or
// returns def when it is unset.
func Bool(name string, def bool) (bool, error) {
	text := strings.TrimSpace(os.Getenv(name))
	if text == "" {
		return def, nil
	}

	value, err := strconv.ParseBool(text)
	if err != nil {
		return false, fmt.Errorf("environment variable %s=%q: want true or false", name, text)
	}
	return value, nil
}

// List splits name on commas and spaces, or returns def when it is unset.
func List(name string, def []string) []string {
	text := strings.TrimSpace(os.Getenv(name))
	if text == "" {
		return def
	}
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' })
}
