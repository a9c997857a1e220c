package main

import (
	"strings"
	"testing"
)

func TestOpenWeatherSetKey(t *testing.T) {
	tests := []struct {
		name     string
		stdin    string
		prompter *scriptedPrompter
		want     string
	}{
		{"stdin", "0123456789abcdef0123456789abcdef\n", nil, "0123456789abcdef0123456789abcdef"},
		{"stdin with spaces", "  fedcba9876543210fedcba9876543210 \r\n", nil, "fedcba9876543210fedcba9876543210"},
		{"prompt", "", &scriptedPrompter{answers: []string{"prompted-key"}}, "prompted-key"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			if err := env.server.Put(testPrefix+"/openweather/api-key", "old-key", true); err != nil {
				t.Fatalf("Put: %v", err)
			}

			var got result
			if tt.prompter != nil {
				got = env.runPrompted(t, tt.prompter, "openweather", "set-key")
			} else {
				got = env.run(t, tt.stdin, "openweather", "set-key")
			}

			if got.err != nil {
				t.Fatalf("openweather set-key: %v", got.err)
			}
			if value := env.mustGet(t, "openweather/api-key"); value != tt.want {
				t.Errorf("openweather/api-key = %q, want %q", value, tt.want)
			}
			if !strings.Contains(got.stdout, "Stored the OpenWeather API key in "+testPrefix+"/openweather/api-key") {
				t.Errorf("stdout = %q, want a confirmation naming the parameter", got.stdout)
			}
			if strings.Contains(got.stdout+got.stderr, tt.want) {
				t.Error("output contains the API key")
			}
		})
	}
}

func TestOpenWeatherSetKeyRejects(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		extra []string
		want  string
	}{
		{"no input", "", nil, "no OpenWeather API key on stdin"},
		{"blank line", "   \n", nil, "the OpenWeather API key is empty"},
		{"inner space", "abc def\n", nil, "contains a space or control character"},
		{"too long", strings.Repeat("k", 257) + "\n", nil, "257 bytes; the maximum is 256"},
		{"key as argument", "", []string{"the-key"}, "takes 0 argument(s) (none), got 1"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			got := env.run(t, tt.stdin, append([]string{"openweather", "set-key"}, tt.extra...)...)

			wantErrorContaining(t, got.err, tt.want)
			if strings.Contains(got.err.Error(), "abc def") {
				t.Errorf("error %q contains the input", got.err)
			}
			if _, _, ok := env.get(t, "openweather/api-key"); ok {
				t.Error("openweather/api-key exists, want nothing written")
			}
		})
	}
}
