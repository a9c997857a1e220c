package weather

import (
	"github.com/weather-portal/weather-portal/pkg/problem"
)

// Units is a system of measurement that OpenWeather supports.
type Units string

// The supported units. Metric is the default.
const (
	Metric   Units = "metric"   // °C and m/s
	Imperial Units = "imperial" // °F and mph
	Standard Units = "standard" // K and m/s
)

// ParseUnits returns the Units named by text, or Metric when text is empty.
// Names are matched exactly, in lower case. Any other value gets a
// *problem.Error with code Invalid.
func ParseUnits(text string) (Units, error) {
	switch Units(text) {
	case "":
		return Metric, nil
	case Metric, Imperial, Standard:
		return Units(text), nil
	default:
		return "", problem.Errorf(problem.Invalid,
			"units %q is not supported; use metric, imperial or standard", truncate(text, 20))
	}
}

// TemperatureUnit returns the symbol of the temperature unit: "°C", "°F" or
// "K".
func (u Units) TemperatureUnit() string {
	switch u {
	case Imperial:
		return "°F"
	case Standard:
		return "K"
	default:
		return "°C"
	}
}

// SpeedUnit returns the symbol of the wind speed unit: "mph" for Imperial
// and "m/s" otherwise.
func (u Units) SpeedUnit() string {
	if u == Imperial {
		return "mph"
	}
	return "m/s"
}

func truncate(text string, max int) string {
	runes := []rune(text)
	if len(runes) <= max {
		return text
	}
	return string(runes[:max]) + "…"
}
