package weather

import (
	"testing"

	"github.com/weather-portal/weather-portal/pkg/problem"
)

func TestParseUnits(t *testing.T) {
	tests := []struct {
		input     string
		want      Units
		wantTemp  string
		wantSpeed string
	}{
		{"", Metric, "°C", "m/s"},
		{"metric", Metric, "°C", "m/s"},
		{"imperial", Imperial, "°F", "mph"},
		{"standard", Standard, "K", "m/s"},
	}

	for _, tt := range tests {
		t.Run("units "+tt.input, func(t *testing.T) {
			got, err := ParseUnits(tt.input)
			if err != nil {
				t.Fatalf("ParseUnits(%q): %v", tt.input, err)
			}

			if got != tt.want {
				t.Errorf("ParseUnits(%q) = %q, want %q", tt.input, got, tt.want)
			}
			if got.TemperatureUnit() != tt.wantTemp {
				t.Errorf("TemperatureUnit() = %q, want %q", got.TemperatureUnit(), tt.wantTemp)
			}
			if got.SpeedUnit() != tt.wantSpeed {
				t.Errorf("SpeedUnit() = %q, want %q", got.SpeedUnit(), tt.wantSpeed)
			}
		})
	}
}

func TestParseUnitsInvalid(t *testing.T) {
	for _, input := range []string{"Metric", "kelvin", " metric", "metric,imperial", "\x00", "imperial\n"} {
		t.Run(input, func(t *testing.T) {
			_, err := ParseUnits(input)

			if got := problem.CodeOf(err); got != problem.Invalid {
				t.Errorf("ParseUnits(%q) code = %q, want %q (error %v)", input, got, problem.Invalid, err)
			}
		})
	}
}
