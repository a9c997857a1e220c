package user

import (
	"errors"
	"strings"
	"testing"

	"github.com/weather-portal/weather-portal/pkg/param"
)

func TestValidateUsername(t *testing.T) {
	tests := []struct {
		name string
		want error
	}{
		{"dev", nil},
		{"jane.doe", nil},
		{"jane.doe@example.com", ErrInvalidUsername},
		{"a..b", ErrInvalidUsername},
		{"..", ErrInvalidUsername},
		{"a_b-c", nil},
		{"", ErrInvalidUsername},
		{strings.Repeat("a", 65), ErrInvalidUsername},
		{"../admin", ErrInvalidUsername},
		{"a/b", ErrInvalidUsername},
		{"white space", ErrInvalidUsername},
		{"nul\x00", ErrInvalidUsername},
		{"ünïcode", ErrInvalidUsername},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidateUsername(tt.name); !errors.Is(got, tt.want) {
				t.Errorf("ValidateUsername(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestHashAndMatch(t *testing.T) {
	hash, err := HashPassword("correct horse")
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}

	u, err := Parse([]byte(`{"password_hash":"` + hash + `","name":"Dev","scopes":["weather:read"]}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !u.PasswordMatches("correct horse") {
		t.Error("PasswordMatches(right password) = false, want true")
	}
	if u.PasswordMatches("wrong horse") {
		t.Error("PasswordMatches(wrong password) = true, want false")
	}
}

func TestHashPasswordRejectsLongPassword(t *testing.T) {
	if _, err := HashPassword(strings.Repeat("x", 73)); !errors.Is(err, ErrInvalidPassword) {
		t.Errorf("HashPassword(73 bytes) error = %v, want ErrInvalidPassword", err)
	}
}

func TestParseRejects(t *testing.T) {
	for name, input := range map[string]string{
		"not JSON":       "password",
		"plain password": `{"password_hash":"hunter2","name":"x"}`,
		"no hash":        `{"name":"x"}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(input))
			if !errors.Is(err, ErrInvalidRecord) {
				t.Fatalf("Parse error = %v, want ErrInvalidRecord", err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q contains the stored value", err)
			}
		})
	}
}

// TestValidUsernamesAreParameterNames checks every username that passes
// validation against the parameter name rules of pkg/param, so that a valid
// username can never make login fail with an internal error.
func TestValidUsernamesAreParameterNames(t *testing.T) {
	for _, name := range []string{"dev", "jane.doe", "a_b-c", "x.y.z", strings.Repeat("a", 64)} {
		if err := ValidateUsername(name); err != nil {
			t.Fatalf("ValidateUsername(%q) = %v, want nil", name, err)
		}
		if err := param.ValidateName("users/" + name); err != nil {
			t.Errorf("username %q is valid but parameter name users/%s is not: %v", name, name, err)
		}
	}
}
