package weather

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/weather-portal/weather-portal/pkg/openweather"
)

// loadCurrent decodes the OpenWeather body in testdata/name.
func loadCurrent(t *testing.T, name string) *openweather.Current {
	t.Helper()

	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	var current openweather.Current
	if err := json.Unmarshal(data, &current); err != nil {
		t.Fatalf("decode fixture: %v", err)
	}
	return &current
}

func TestNewReportJSON(t *testing.T) {
	report := NewReport(loadCurrent(t, "current_bengaluru_metric.json"), Metric)

	got, err := json.Marshal(report)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}

	want := `{"city":"Bengaluru","country":"IN","units":"metric",` +
		`"temperature":24.5,"feels_like":24.9,"temperature_unit":"°C",` +
		`"humidity_percent":78,"pressure_hpa":1012,` +
		`"wind":{"speed":4.1,"gust":6.2,"speed_unit":"m/s","direction_deg":250},` +
		`"conditions":{"main":"Clouds","description":"scattered clouds","icon":"partly-cloudy-day"},` +
		`"sunrise":"2026-12-04T00:55:12Z","sunset":"2026-12-04T12:31:40Z",` +
		`"observed_at":"2026-12-04T10:20:00Z","timezone_offset_seconds":19800,"sample":false}`
	if string(got) != want {
		t.Errorf("report JSON\n got %s\nwant %s", got, want)
	}
}

func TestNewReportImperialWithoutGust(t *testing.T) {
	report := NewReport(loadCurrent(t, "current_london_imperial_rain.json"), Imperial)

	if report.TemperatureUnit != "°F" {
		t.Errorf("temperature_unit = %q, want °F", report.TemperatureUnit)
	}
	if report.Wind.SpeedUnit != "mph" {
		t.Errorf("speed_unit = %q, want mph", report.Wind.SpeedUnit)
	}
	if report.Wind.Gust != nil {
		t.Errorf("gust = %v, want nil", *report.Wind.Gust)
	}
	if report.Conditions.Icon != IconRain {
		t.Errorf("icon = %q, want %q", report.Conditions.Icon, IconRain)
	}
	if report.Conditions.Description != "moderate rain" {
		t.Errorf("description = %q, want the first condition's", report.Conditions.Description)
	}

	data, err := json.Marshal(report.Wind)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var wind map[string]any
	if err := json.Unmarshal(data, &wind); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if _, ok := wind["gust"]; ok {
		t.Errorf("wind JSON %s has gust, want it omitted", data)
	}
}

func TestNewReportEdgeValues(t *testing.T) {
	current := &openweather.Current{
		Weather: []openweather.Condition{{ID: 800, Main: "Clear", Description: "clear sky", Icon: "01n"}},
		Main:    openweather.Main{Temp: 250.15},
		Wind:    openweather.Wind{Speed: 1, Deg: 359.6},
		DT:      1796379600,
		Name:    "Longyearbyen",
	}

	report := NewReport(current, Standard)

	if report.Sunrise != "" || report.Sunset != "" {
		t.Errorf("sunrise, sunset = %q, %q, want empty for polar night", report.Sunrise, report.Sunset)
	}
	if report.Wind.DirectionDeg != 0 {
		t.Errorf("direction_deg = %d, want 0 for 359.6", report.Wind.DirectionDeg)
	}
	if report.TemperatureUnit != "K" {
		t.Errorf("temperature_unit = %q, want K", report.TemperatureUnit)
	}
	if report.Conditions.Icon != IconClearNight {
		t.Errorf("icon = %q, want %q", report.Conditions.Icon, IconClearNight)
	}
}
