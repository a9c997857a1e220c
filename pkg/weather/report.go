// Package weather turns OpenWeather's current-weather body into the JSON
// report that GET /api/weather returns, validates the city and units query
// parameters, and caches reports per city and units.
package weather

import (
	"math"
	"time"

	"github.com/weather-portal/weather-portal/pkg/openweather"
)

// Report is the body of a successful GET /api/weather response.
// Temperatures and speeds are in the units that Units names.
type Report struct {
	City                  string     `json:"city"`
	Country               string     `json:"country"`
	Units                 Units      `json:"units"`
	Temperature           float64    `json:"temperature"`
	FeelsLike             float64    `json:"feels_like"`
	TemperatureUnit       string     `json:"temperature_unit"`
	HumidityPercent       int        `json:"humidity_percent"`
	PressureHPa           int        `json:"pressure_hpa"`
	Wind                  Wind       `json:"wind"`
	Conditions            Conditions `json:"conditions"`
	Sunrise               string     `json:"sunrise,omitempty"` // RFC 3339 UTC; empty when OpenWeather sends none
	Sunset                string     `json:"sunset,omitempty"`  // RFC 3339 UTC; empty when OpenWeather sends none
	ObservedAt            string     `json:"observed_at"`       // RFC 3339 UTC
	TimezoneOffsetSeconds int        `json:"timezone_offset_seconds"`
	// Sample is true when the data comes from the local fake OpenWeather
	// server. The handler sets it. NewReport leaves it false.
	Sample bool `json:"sample"`
}

// Wind is the wind speed and gust in SpeedUnit and the meteorological
// direction in whole degrees. Gust is nil, and omitted from JSON, when
// OpenWeather reports none.
type Wind struct {
	Speed        float64  `json:"speed"`
	Gust         *float64 `json:"gust,omitempty"`
	SpeedUnit    string   `json:"speed_unit"`
	DirectionDeg int      `json:"direction_deg"`
}

// Conditions is the main weather condition: OpenWeather's group ("Clouds")
// and description ("scattered clouds"), and one of the Icon names.
type Conditions struct {
	Main        string `json:"main"`
	Description string `json:"description"`
	Icon        string `json:"icon"`
}

// NewReport builds a Report from an OpenWeather body that was requested in
// units. Conditions come from the first entry of current.Weather, which
// OpenWeather documents as the primary one. The body must have passed the
// openweather client's checks, so Weather is not empty.
func NewReport(current *openweather.Current, units Units) Report {
	report := Report{
		City:            current.Name,
		Country:         current.Sys.Country,
		Units:           units,
		Temperature:     current.Main.Temp,
		FeelsLike:       current.Main.FeelsLike,
		TemperatureUnit: units.TemperatureUnit(),
		HumidityPercent: current.Main.Humidity,
		PressureHPa:     current.Main.Pressure,
		Wind: Wind{
			Speed:        current.Wind.Speed,
			SpeedUnit:    units.SpeedUnit(),
			DirectionDeg: normalizeDegrees(current.Wind.Deg),
		},
		Sunrise:               formatUnix(current.Sys.Sunrise),
		Sunset:                formatUnix(current.Sys.Sunset),
		ObservedAt:            formatUnix(current.DT),
		TimezoneOffsetSeconds: current.Timezone,
	}

	if current.Wind.Gust != nil {
		gust := *current.Wind.Gust
		report.Wind.Gust = &gust
	}

	if len(current.Weather) > 0 {
		condition := current.Weather[0]
		report.Conditions = Conditions{
			Main:        condition.Main,
			Description: condition.Description,
			Icon:        IconFor(condition.ID, condition.Icon, current.DT, current.Sys.Sunrise, current.Sys.Sunset),
		}
	}
	return report
}

// formatUnix formats Unix seconds as RFC 3339 in UTC, or returns "" for 0.
func formatUnix(seconds int64) string {
	if seconds == 0 {
		return ""
	}
	return time.Unix(seconds, 0).UTC().Format(time.RFC3339)
}

// normalizeDegrees rounds degrees to a whole number in [0, 360).
func normalizeDegrees(degrees float64) int {
	whole := int(math.Round(degrees)) % 360
	if whole < 0 {
		whole += 360
	}
	return whole
}
