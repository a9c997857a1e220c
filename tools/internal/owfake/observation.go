package owfake

import (
	"math"
	"strconv"
	"time"
)

// body is the documented success body of GET /data/2.5/weather, with its
// fields in the documented order.
type body struct {
	Coord      coordBody      `json:"coord"`
	Weather    []weatherBody  `json:"weather"`
	Base       string         `json:"base"`
	Main       mainBody       `json:"main"`
	Visibility int            `json:"visibility"`
	Wind       windBody       `json:"wind"`
	Rain       *precipitation `json:"rain,omitempty"`
	Snow       *precipitation `json:"snow,omitempty"`
	Clouds     cloudsBody     `json:"clouds"`
	DT         int64          `json:"dt"`
	Sys        sysBody        `json:"sys"`
	Timezone   int            `json:"timezone"`
	ID         int64          `json:"id"`
	Name       string         `json:"name"`
	Cod        int            `json:"cod"`
}

type coordBody struct {
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

type weatherBody struct {
	ID          int    `json:"id"`
	Main        string `json:"main"`
	Description string `json:"description"`
	Icon        string `json:"icon"`
}

type mainBody struct {
	Temp      float64 `json:"temp"`
	FeelsLike float64 `json:"feels_like"`
	TempMin   float64 `json:"temp_min"`
	TempMax   float64 `json:"temp_max"`
	Pressure  int     `json:"pressure"`
	Humidity  int     `json:"humidity"`
	SeaLevel  int     `json:"sea_level"`
	GrndLevel int     `json:"grnd_level"`
}

type windBody struct {
	Speed float64  `json:"speed"`
	Deg   int      `json:"deg"`
	Gust  *float64 `json:"gust,omitempty"`
}

type precipitation struct {
	OneHour float64 `json:"1h"`
}

type cloudsBody struct {
	All int `json:"all"`
}

type sysBody struct {
	Type    int    `json:"type"`
	ID      int64  `json:"id"`
	Country string `json:"country"`
	Sunrise int64  `json:"sunrise"`
	Sunset  int64  `json:"sunset"`
}

// Periods of the slow variations that make successive requests differ.
// The shortest is 97 s, so the temperature moves by up to about 0.2 °C
// between two requests 10 s apart.
const (
	fastPeriod = 97 * time.Second
	slowPeriod = 10 * time.Minute
	windPeriod = 2 * time.Minute
)

// observe returns the body for c at now in units ("metric", "imperial", and
// anything else as "standard", as OpenWeather does).
func observe(c city, location *time.Location, now time.Time, units string) body {
	local := now.In(location)
	_, offset := local.Zone()
	sunrise, sunset := sunTimes(local.Year(), local.Month(), local.Day(), c.lat, c.lon)
	daytime := !sunrise.IsZero() && !now.Before(sunrise) && now.Before(sunset)

	seconds := float64(now.UnixNano()) / float64(time.Second)
	phase := float64(c.id % 360)
	wave := func(period time.Duration, shift float64) float64 {
		return math.Sin(2*math.Pi*seconds/period.Seconds() + shift)
	}

	// Highest at 15:00 local time, lowest at 03:00.
	hour := float64(local.Hour()) + float64(local.Minute())/60
	diurnal := math.Sin(2 * math.Pi * (hour - 9) / 24)

	tempC := c.meanTemp + c.dailyRange/2*diurnal + 0.6*wave(slowPeriod, phase) + 0.3*wave(fastPeriod, phase*2)
	humidity := clamp(float64(c.humidity)-12*diurnal+3*wave(slowPeriod, phase+1), 5, 100)
	pressure := c.pressure + int(math.Round(1.5*wave(3*slowPeriod, phase)))
	windSpeed := math.Max(0, c.windSpeed+0.8*wave(windPeriod, phase))
	windDeg := int(math.Round(c.windDeg+20*wave(4*windPeriod, phase))+360) % 360

	feelsLikeC := feelsLike(tempC, humidity, windSpeed)

	result := body{
		Coord: coordBody{Lon: c.lon, Lat: c.lat},
		Weather: []weatherBody{{
			ID:          c.conditionID,
			Main:        c.main,
			Description: c.description,
			Icon:        iconCode(c.conditionID, daytime),
		}},
		Base: "stations",
		Main: mainBody{
			Temp:      convertTemperature(tempC, units),
			FeelsLike: convertTemperature(feelsLikeC, units),
			TempMin:   convertTemperature(tempC-1.2, units),
			TempMax:   convertTemperature(tempC+1.4, units),
			Pressure:  pressure,
			Humidity:  int(math.Round(humidity)),
			SeaLevel:  pressure,
			GrndLevel: pressure - c.groundDrop,
		},
		Visibility: c.visibility,
		Wind:       windBody{Speed: convertSpeed(windSpeed, units), Deg: windDeg},
		Clouds:     cloudsBody{All: c.clouds},
		DT:         now.Unix(),
		Sys: sysBody{
			Type:    2,
			ID:      c.stationID,
			Country: c.country,
			Sunrise: unixOrZero(sunrise),
			Sunset:  unixOrZero(sunset),
		},
		Timezone: offset,
		ID:       c.id,
		Name:     c.name,
		Cod:      200,
	}

	if c.stationIsMet {
		result.Sys.Type = 1
	}
	if c.gusty {
		gust := convertSpeed(windSpeed*1.6, units)
		result.Wind.Gust = &gust
	}
	if c.rainOneHour > 0 {
		result.Rain = &precipitation{OneHour: c.rainOneHour}
	}
	if c.snowOneHour > 0 {
		result.Snow = &precipitation{OneHour: c.snowOneHour}
	}
	return result
}

// feelsLike is a rough apparent temperature in °C: warmer when hot and
// humid, colder when cold and windy.
func feelsLike(tempC, humidity, windSpeed float64) float64 {
	switch {
	case tempC >= 26:
		return tempC + (humidity-40)*0.06
	case tempC <= 10:
		return tempC - windSpeed*0.7
	default:
		return tempC + 0.4
	}
}

// convertTemperature converts °C to the units' temperature scale, rounded
// to two decimals as OpenWeather sends it.
func convertTemperature(celsius float64, units string) float64 {
	switch units {
	case "metric":
		return round2(celsius)
	case "imperial":
		return round2(celsius*9/5 + 32)
	default:
		return round2(celsius + 273.15)
	}
}

// convertSpeed converts m/s to mph for imperial units.
func convertSpeed(metresPerSecond float64, units string) float64 {
	if units == "imperial" {
		return round2(metresPerSecond * 3600 / 1609.344)
	}
	return round2(metresPerSecond)
}

// iconCode returns OpenWeather's icon id for a condition, such as "10d".
func iconCode(conditionID int, daytime bool) string {
	var code int
	switch {
	case conditionID >= 200 && conditionID < 300:
		code = 11
	case conditionID >= 300 && conditionID < 400, conditionID >= 520 && conditionID < 600:
		code = 9
	case conditionID == 511, conditionID >= 600 && conditionID < 700:
		code = 13
	case conditionID >= 500 && conditionID < 600:
		code = 10
	case conditionID >= 700 && conditionID < 800:
		code = 50
	case conditionID == 800:
		code = 1
	case conditionID == 801:
		code = 2
	case conditionID == 802:
		code = 3
	default:
		code = 4
	}

	suffix := "n"
	if daytime {
		suffix = "d"
	}
	if code < 10 {
		return "0" + strconv.Itoa(code) + suffix
	}
	return strconv.Itoa(code) + suffix
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func round2(value float64) float64 {
	return math.Round(value*100) / 100
}

func clamp(value, low, high float64) float64 {
	return math.Max(low, math.Min(high, value))
}
