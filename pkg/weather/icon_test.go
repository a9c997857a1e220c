package weather

import "testing"

func TestIconFor(t *testing.T) {
	const sunrise, sunset = 1000, 2000

	tests := []struct {
		name     string
		id       int
		icon     string
		observed int64
		want     string
	}{
		{"thunderstorm", 211, "11d", 1500, IconThunderstorm},
		{"drizzle", 300, "09n", 1500, IconDrizzle},
		{"moderate rain", 501, "10d", 1500, IconRain},
		{"freezing rain", 511, "13d", 1500, IconSnow},
		{"shower rain", 521, "09d", 1500, IconRain},
		{"snow", 601, "13n", 1500, IconSnow},
		{"mist", 701, "50d", 1500, IconMist},
		{"tornado", 781, "50d", 1500, IconMist},
		{"clear by day", 800, "01d", 1500, IconClearDay},
		{"clear by night", 800, "01n", 1500, IconClearNight},
		{"few clouds by day", 801, "02d", 1500, IconPartlyCloudyDay},
		{"scattered clouds by night", 802, "03n", 1500, IconPartlyCloudyNight},
		{"broken clouds", 803, "04d", 1500, IconCloudy},
		{"overcast clouds", 804, "04n", 1500, IconCloudy},
		{"unknown id", 999, "", 1500, IconCloudy},
		{"icon suffix wins over times", 800, "01n", 1500, IconClearNight},
		{"no suffix, before sunrise", 800, "", 500, IconClearNight},
		{"no suffix, after sunset", 800, "", 2000, IconClearNight},
		{"no suffix, daytime", 800, "", 1000, IconClearDay},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := IconFor(tt.id, tt.icon, tt.observed, sunrise, sunset)
			if got != tt.want {
				t.Errorf("IconFor(%d, %q, %d) = %q, want %q", tt.id, tt.icon, tt.observed, got, tt.want)
			}
		})
	}
}

func TestIconForWithoutSunTimes(t *testing.T) {
	if got := IconFor(800, "", 5000, 0, 0); got != IconClearDay {
		t.Errorf("IconFor without sun times = %q, want %q", got, IconClearDay)
	}
}
