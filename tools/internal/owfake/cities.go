package owfake

// city is one sample city with its climate at the start of December. The
// weather drifts around these values, and temperatures are in °C and speeds
// in m/s.
type city struct {
	name    string
	aliases []string
	country string
	id      int64 // OpenWeather city id
	lat     float64
	lon     float64
	zone    string // IANA time zone, for the timezone field

	conditionID int
	main        string
	description string

	meanTemp     float64
	dailyRange   float64 // difference between the afternoon high and the pre-dawn low
	humidity     int     // percent, at the daily mean temperature
	pressure     int     // hPa at sea level
	groundDrop   int     // hPa between sea level and ground level
	windSpeed    float64
	windDeg      float64
	gusty        bool // whether the body includes wind.gust
	clouds       int  // percent
	visibility   int  // metres
	rainOneHour  float64
	snowOneHour  float64
	stationID    int64
	stationIsMet bool // sys.type 1 (meteorological station) or 2
}

// sampleCities are the cities that the fake server returns weather for.
var sampleCities = []city{
	{
		name: "Bengaluru", aliases: []string{"Bangalore"}, country: "IN", id: 1277333,
		lat: 12.9762, lon: 77.6033, zone: "Asia/Kolkata",
		conditionID: 802, main: "Clouds", description: "scattered clouds",
		meanTemp: 21.5, dailyRange: 9, humidity: 70, pressure: 1014, groundDrop: 100,
		windSpeed: 3.6, windDeg: 90, gusty: true, clouds: 40, visibility: 8000,
		stationID: 9205, stationIsMet: true,
	},
	{
		name: "Mumbai", aliases: []string{"Bombay"}, country: "IN", id: 1275339,
		lat: 19.0144, lon: 72.8479, zone: "Asia/Kolkata",
		conditionID: 721, main: "Haze", description: "haze",
		meanTemp: 27.5, dailyRange: 8, humidity: 55, pressure: 1012, groundDrop: 1,
		windSpeed: 2.6, windDeg: 320, clouds: 20, visibility: 3000,
		stationID: 9052, stationIsMet: true,
	},
	{
		name: "Delhi", aliases: []string{"New Delhi"}, country: "IN", id: 1273294,
		lat: 28.6667, lon: 77.2167, zone: "Asia/Kolkata",
		conditionID: 701, main: "Mist", description: "mist",
		meanTemp: 17, dailyRange: 13, humidity: 65, pressure: 1017, groundDrop: 25,
		windSpeed: 1.5, windDeg: 300, clouds: 0, visibility: 1500,
		stationID: 9165, stationIsMet: true,
	},
	{
		name: "Chennai", aliases: []string{"Madras"}, country: "IN", id: 1264527,
		lat: 13.0878, lon: 80.2785, zone: "Asia/Kolkata",
		conditionID: 500, main: "Rain", description: "light rain",
		meanTemp: 26, dailyRange: 6, humidity: 82, pressure: 1010, groundDrop: 1,
		windSpeed: 4.8, windDeg: 40, gusty: true, clouds: 75, visibility: 7000,
		rainOneHour: 0.6, stationID: 9218, stationIsMet: true,
	},
	{
		name: "Kolkata", aliases: []string{"Calcutta"}, country: "IN", id: 1275004,
		lat: 22.5697, lon: 88.3697, zone: "Asia/Kolkata",
		conditionID: 801, main: "Clouds", description: "few clouds",
		meanTemp: 21, dailyRange: 10, humidity: 68, pressure: 1015, groundDrop: 1,
		windSpeed: 2.1, windDeg: 340, clouds: 20, visibility: 4000,
		stationID: 9114, stationIsMet: true,
	},
	{
		name: "London", country: "GB", id: 2643743,
		lat: 51.5085, lon: -0.1257, zone: "Europe/London",
		conditionID: 804, main: "Clouds", description: "overcast clouds",
		meanTemp: 7.5, dailyRange: 4, humidity: 86, pressure: 1006, groundDrop: 3,
		windSpeed: 5.1, windDeg: 230, gusty: true, clouds: 100, visibility: 10000,
		stationID: 2075535,
	},
	{
		name: "New York", country: "US", id: 5128581,
		lat: 40.7143, lon: -74.006, zone: "America/New_York",
		conditionID: 800, main: "Clear", description: "clear sky",
		meanTemp: 4, dailyRange: 6, humidity: 58, pressure: 1021, groundDrop: 2,
		windSpeed: 4.6, windDeg: 300, gusty: true, clouds: 0, visibility: 10000,
		stationID: 2008776,
	},
	{
		name: "Tokyo", country: "JP", id: 1850147,
		lat: 35.6895, lon: 139.6917, zone: "Asia/Tokyo",
		conditionID: 800, main: "Clear", description: "clear sky",
		meanTemp: 10.5, dailyRange: 8, humidity: 50, pressure: 1019, groundDrop: 4,
		windSpeed: 2.8, windDeg: 340, clouds: 5, visibility: 10000,
		stationID: 268395,
	},
	{
		name: "Sydney", country: "AU", id: 2147714,
		lat: -33.8679, lon: 151.2073, zone: "Australia/Sydney",
		conditionID: 803, main: "Clouds", description: "broken clouds",
		meanTemp: 22, dailyRange: 7, humidity: 65, pressure: 1013, groundDrop: 2,
		windSpeed: 5.7, windDeg: 60, gusty: true, clouds: 75, visibility: 10000,
		stationID: 2018875,
	},
	{
		name: "Paris", country: "FR", id: 2988507,
		lat: 48.8534, lon: 2.3488, zone: "Europe/Paris",
		conditionID: 300, main: "Drizzle", description: "light intensity drizzle",
		meanTemp: 6.5, dailyRange: 4, humidity: 90, pressure: 1008, groundDrop: 5,
		windSpeed: 4.1, windDeg: 210, clouds: 90, visibility: 6000,
		stationID: 6550,
	},
	{
		name: "Reykjavík", aliases: []string{"Reykjavik"}, country: "IS", id: 3413829,
		lat: 64.1355, lon: -21.8954, zone: "Atlantic/Reykjavik",
		conditionID: 601, main: "Snow", description: "snow",
		meanTemp: -0.5, dailyRange: 2, humidity: 80, pressure: 998, groundDrop: 5,
		windSpeed: 7.2, windDeg: 40, gusty: true, clouds: 100, visibility: 2500,
		snowOneHour: 0.8, stationID: 90, stationIsMet: true,
	},
}
