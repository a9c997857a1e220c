package owfake

import (
	"math"
	"time"
)

// sunTimes returns sunrise and sunset in UTC for the calendar day of date at
// the given latitude and longitude (decimal degrees, east positive). It uses
// NOAA's general solar position equations (equation of time and solar
// declination as Fourier series in the fractional year), which are accurate
// to within a few minutes away from the poles. During polar day or polar
// night both results are the zero time.
func sunTimes(year int, month time.Month, day int, lat, lon float64) (sunrise, sunset time.Time) {
	midnight := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	gamma := 2 * math.Pi / 365 * float64(midnight.YearDay()-1)

	// Equation of time in minutes and solar declination in radians.
	equationOfTime := 229.18 * (0.000075 + 0.001868*math.Cos(gamma) - 0.032077*math.Sin(gamma) -
		0.014615*math.Cos(2*gamma) - 0.040849*math.Sin(2*gamma))
	declination := 0.006918 - 0.399912*math.Cos(gamma) + 0.070257*math.Sin(gamma) -
		0.006758*math.Cos(2*gamma) + 0.000907*math.Sin(2*gamma) -
		0.002697*math.Cos(3*gamma) + 0.00148*math.Sin(3*gamma)

	// 90.833° is the zenith of the sun's upper limb at the horizon,
	// including atmospheric refraction.
	latitude := lat * math.Pi / 180
	cosHourAngle := math.Cos(90.833*math.Pi/180)/(math.Cos(latitude)*math.Cos(declination)) -
		math.Tan(latitude)*math.Tan(declination)
	if cosHourAngle < -1 || cosHourAngle > 1 {
		return time.Time{}, time.Time{}
	}
	hourAngle := math.Acos(cosHourAngle) * 180 / math.Pi

	// Minutes after UTC midnight. They may be negative or over 1440 for
	// places far from Greenwich.
	riseMinutes := 720 - 4*(lon+hourAngle) - equationOfTime
	setMinutes := 720 - 4*(lon-hourAngle) - equationOfTime

	sunrise = midnight.Add(time.Duration(riseMinutes * float64(time.Minute))).Truncate(time.Second)
	sunset = midnight.Add(time.Duration(setMinutes * float64(time.Minute))).Truncate(time.Second)
	return sunrise, sunset
}
