package weather

import "strings"

// Icon names that the UI serves as /static/icons/<name>.svg.
const (
	IconClearDay          = "clear-day"
	IconClearNight        = "clear-night"
	IconPartlyCloudyDay   = "partly-cloudy-day"
	IconPartlyCloudyNight = "partly-cloudy-night"
	IconCloudy            = "cloudy"
	IconRain              = "rain"
	IconDrizzle           = "drizzle"
	IconThunderstorm      = "thunderstorm"
	IconSnow              = "snow"
	IconMist              = "mist"
)

// freezingRain is OpenWeather's condition id 511, which OpenWeather shows
// with its snow icon.
const freezingRain = 511

// IconFor maps an OpenWeather condition id to one of the Icon names.
// Only clear sky (800) and few or scattered clouds (801, 802) have day and
// night variants. Night is taken from the last letter of OpenWeather's icon
// id ("01n") and, when that is missing, from whether observed lies outside
// [sunrise, sunset). All times are Unix seconds. Unknown ids map to
// IconCloudy.
func IconFor(conditionID int, openWeatherIcon string, observed, sunrise, sunset int64) string {
	night := isNight(openWeatherIcon, observed, sunrise, sunset)

	switch {
	case conditionID >= 200 && conditionID < 300:
		return IconThunderstorm
	case conditionID >= 300 && conditionID < 400:
		return IconDrizzle
	case conditionID == freezingRain:
		return IconSnow
	case conditionID >= 500 && conditionID < 600:
		return IconRain
	case conditionID >= 600 && conditionID < 700:
		return IconSnow
	case conditionID >= 700 && conditionID < 800:
		return IconMist
	case conditionID == 800 && night:
		return IconClearNight
	case conditionID == 800:
		return IconClearDay
	case (conditionID == 801 || conditionID == 802) && night:
		return IconPartlyCloudyNight
	case conditionID == 801 || conditionID == 802:
		return IconPartlyCloudyDay
	default:
		return IconCloudy
	}
}

func isNight(openWeatherIcon string, observed, sunrise, sunset int64) bool {
	switch {
	case strings.HasSuffix(openWeatherIcon, "n"):
		return true
	case strings.HasSuffix(openWeatherIcon, "d"):
		return false
	case sunrise == 0 || sunset == 0:
		return false
	default:
		return observed < sunrise || observed >= sunset
	}
}
