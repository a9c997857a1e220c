package openweather

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Current is the success body of the Current Weather Data API
// (GET /data/2.5/weather). Temperatures are in Kelvin, Celsius or Fahrenheit
// and speeds in m/s or mph, as the request's units parameter selects.
type Current struct {
	Coord      Coord          `json:"coord"`
	Weather    []Condition    `json:"weather"`
	Base       string         `json:"base"`
	Main       Main           `json:"main"`
	Visibility int            `json:"visibility"` // metres, at most 10000
	Wind       Wind           `json:"wind"`
	Clouds     Clouds         `json:"clouds"`
	Rain       *Precipitation `json:"rain,omitempty"`
	Snow       *Precipitation `json:"snow,omitempty"`
	DT         int64          `json:"dt"` // time of the observation, Unix seconds UTC
	Sys        Sys            `json:"sys"`
	Timezone   int            `json:"timezone"` // shift from UTC in seconds
	ID         int64          `json:"id"`       // OpenWeather city id
	Name       string         `json:"name"`
	Cod        Code           `json:"cod"`
}

// Coord is the location of the observation in decimal degrees.
type Coord struct {
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

// Condition is one weather condition. ID is OpenWeather's condition code
// (2xx thunderstorm, 3xx drizzle, 5xx rain, 6xx snow, 7xx atmosphere, 800
// clear, 80x clouds), and Icon is OpenWeather's icon id such as "10d", whose
// last letter is "d" by day and "n" by night.
type Condition struct {
	ID          int    `json:"id"`
	Main        string `json:"main"`
	Description string `json:"description"`
	Icon        string `json:"icon"`
}

// Main contains the temperatures (in the requested units), the pressure in
// hPa and the relative humidity in percent.
type Main struct {
	Temp      float64 `json:"temp"`
	FeelsLike float64 `json:"feels_like"`
	TempMin   float64 `json:"temp_min"`
	TempMax   float64 `json:"temp_max"`
	Pressure  int     `json:"pressure"`
	Humidity  int     `json:"humidity"`
	SeaLevel  int     `json:"sea_level,omitempty"`
	GrndLevel int     `json:"grnd_level,omitempty"`
}

// Wind is the wind speed and gust (m/s, or mph for imperial units) and the
// meteorological direction in degrees. Gust is nil when OpenWeather sends
// none.
type Wind struct {
	Speed float64  `json:"speed"`
	Deg   float64  `json:"deg"`
	Gust  *float64 `json:"gust,omitempty"`
}

// Clouds is the cloud cover in percent.
type Clouds struct {
	All int `json:"all"`
}

// Precipitation is the rain or snow volume in mm over the last one and three
// hours. Either field may be absent.
type Precipitation struct {
	OneHour   float64 `json:"1h,omitempty"`
	ThreeHour float64 `json:"3h,omitempty"`
}

// Sys contains the ISO 3166 country code and the sunrise and sunset times in
// Unix seconds UTC.
type Sys struct {
	Type    int    `json:"type,omitempty"`
	ID      int64  `json:"id,omitempty"`
	Country string `json:"country"`
	Sunrise int64  `json:"sunrise"`
	Sunset  int64  `json:"sunset"`
}

// errorBody is the body OpenWeather sends with an error status, such as
// {"cod":"404","message":"city not found"}.
type errorBody struct {
	Cod     Code   `json:"cod"`
	Message string `json:"message"`
}

// Code is the "cod" field, an HTTP-like status code. OpenWeather sends it as
// a JSON number in some bodies (200, 401, 429) and as a string in others
// ("404", "400"), so Code accepts both. Zero means the field was absent or
// null.
type Code int

// UnmarshalJSON decodes a JSON number, a string of decimal digits, or null.
func (c *Code) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*c = 0
		return nil
	}

	text := string(data)
	if len(data) > 0 && data[0] == '"' {
		if err := json.Unmarshal(data, &text); err != nil {
			return fmt.Errorf("decode cod %s: %w", data, err)
		}
	}

	value, err := strconv.Atoi(text)
	if err != nil {
		return fmt.Errorf("decode cod %s: not an integer", truncate(string(data), 20))
	}
	*c = Code(value)
	return nil
}
