package envconfig

import (
	"slices"
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	tests := []struct {
		value   string
		want    time.Duration
		wantErr bool
	}{
		{"", 5 * time.Second, false},
		{"60s", time.Minute, false},
		{"15m", 15 * time.Minute, false},
		{"soon", 0, true},
		{"0s", 0, true},
		{"-1s", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			t.Setenv("TEST_DURATION", tt.value)
			got, err := Duration("TEST_DURATION", 5*time.Second)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Duration(%q) error = %v, want error %v", tt.value, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Duration(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}

func TestBool(t *testing.T) {
	t.Setenv("TEST_BOOL", "true")
	if got, err := Bool("TEST_BOOL", false); err != nil || !got {
		t.Errorf("Bool(true) = %v, %v; want true, nil", got, err)
	}

	t.Setenv("TEST_BOOL", "maybe")
	if _, err := Bool("TEST_BOOL", false); err == nil {
		t.Error("Bool(maybe) succeeded, want an error")
	}
}

func TestRequiredAndList(t *testing.T) {
	t.Setenv("TEST_REQUIRED", "  ")
	if _, err := Required("TEST_REQUIRED"); err == nil {
		t.Error("Required(blank) succeeded, want an error")
	}

	t.Setenv("TEST_LIST", "weather:read, admin:write")
	if got, want := List("TEST_LIST", nil), []string{"weather:read", "admin:write"}; !slices.Equal(got, want) {
		t.Errorf("List = %v, want %v", got, want)
	}
}
