package owfake

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weather-portal/weather-portal/pkg/openweather"
)

const testKey = "fake-key"

// observationTime is 15:50 in India and 10:20 in London.
var observationTime = time.Date(2026, 12, 4, 10, 20, 0, 0, time.UTC)

// newTestServer returns the fake on a loopback server with a clock that
// reads *now.
func newTestServer(t *testing.T, now *time.Time) *httptest.Server {
	t.Helper()

	fake, err := New(Config{APIKey: testKey, Now: func() time.Time { return *now }})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	server := httptest.NewServer(fake)
	t.Cleanup(server.Close)
	return server
}

// get sends GET path?query to server and returns the status, content type
// and body.
func get(t *testing.T, server *httptest.Server, method, path string, query url.Values) (int, string, string) {
	t.Helper()

	req, err := http.NewRequest(method, server.URL+path+"?"+query.Encode(), nil)
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	resp, err := server.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(data)
}

// getBody requests city in units at the server's current time and decodes
// the success body.
func getBody(t *testing.T, server *httptest.Server, q, units string) body {
	t.Helper()

	status, _, data := get(t, server, http.MethodGet, WeatherPath, url.Values{"q": {q}, "units": {units}, "appid": {testKey}})
	if status != http.StatusOK {
		t.Fatalf("status = %d, want 200 (body %s)", status, data)
	}
	var decoded body
	if err := json.Unmarshal([]byte(data), &decoded); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return decoded
}

func TestServerErrors(t *testing.T) {
	now := observationTime
	server := newTestServer(t, &now)

	tests := []struct {
		name       string
		method     string
		path       string
		query      url.Values
		wantStatus int
		wantBody   string
	}{
		{"wrong key", "GET", WeatherPath, url.Values{"q": {"London"}, "appid": {"wrong"}}, 401, unauthorizedBody},
		{"missing key", "GET", WeatherPath, url.Values{"q": {"London"}}, 401, unauthorizedBody},
		{"missing q", "GET", WeatherPath, url.Values{"appid": {testKey}}, 400, nothingBody},
		{"empty q", "GET", WeatherPath, url.Values{"q": {" "}, "appid": {testKey}}, 400, nothingBody},
		{"unknown city", "GET", WeatherPath, url.Values{"q": {"Atlantis"}, "appid": {testKey}}, 404, notFoundBody},
		{"wrong country", "GET", WeatherPath, url.Values{"q": {"London,US"}, "appid": {testKey}}, 404, notFoundBody},
		{"four parts", "GET", WeatherPath, url.Values{"q": {"London,a,b,GB"}, "appid": {testKey}}, 404, notFoundBody},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, contentType, data := get(t, server, tt.method, tt.path, tt.query)

			if status != tt.wantStatus {
				t.Errorf("status = %d, want %d", status, tt.wantStatus)
			}
			if contentType != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q, want application/json; charset=utf-8", contentType)
			}
			if data != tt.wantBody {
				t.Errorf("body = %s, want %s", data, tt.wantBody)
			}
		})
	}
}

func TestServerOtherRequests(t *testing.T) {
	now := observationTime
	server := newTestServer(t, &now)
	query := url.Values{"q": {"London"}, "appid": {testKey}}

	if status, _, _ := get(t, server, http.MethodGet, "/data/2.5/forecast", query); status != http.StatusNotFound {
		t.Errorf("other path status = %d, want 404", status)
	}
	if status, _, _ := get(t, server, http.MethodPost, WeatherPath, query); status != http.StatusMethodNotAllowed {
		t.Errorf("POST status = %d, want 405", status)
	}
}

func TestServerBengaluru(t *testing.T) {
	now := observationTime
	server := newTestServer(t, &now)

	got := getBody(t, server, "Bengaluru", "metric")

	if got.Name != "Bengaluru" || got.Sys.Country != "IN" || got.ID != 1277333 || got.Cod != 200 {
		t.Errorf("name, country, id, cod = %q, %q, %d, %d", got.Name, got.Sys.Country, got.ID, got.Cod)
	}
	if got.Timezone != 19800 {
		t.Errorf("timezone = %d, want 19800", got.Timezone)
	}
	if got.DT != observationTime.Unix() {
		t.Errorf("dt = %d, want %d", got.DT, observationTime.Unix())
	}
	// Published times for Bengaluru on 4 December 2026: sunrise 06:26 IST,
	// sunset 17:55 IST.
	assertNear(t, "sunrise", got.Sys.Sunrise, time.Date(2026, 12, 4, 0, 56, 0, 0, time.UTC))
	assertNear(t, "sunset", got.Sys.Sunset, time.Date(2026, 12, 4, 12, 25, 0, 0, time.UTC))

	if len(got.Weather) != 1 || got.Weather[0].Icon != "03d" || got.Weather[0].ID != 802 {
		t.Errorf("weather = %+v, want one condition 802 with icon 03d", got.Weather)
	}
	if got.Main.Temp < 15 || got.Main.Temp > 32 {
		t.Errorf("temp = %v °C, want a December value for Bengaluru", got.Main.Temp)
	}
	if got.Main.TempMin > got.Main.Temp || got.Main.TempMax < got.Main.Temp {
		t.Errorf("temp_min, temp, temp_max = %v, %v, %v, want them in order", got.Main.TempMin, got.Main.Temp, got.Main.TempMax)
	}
	if got.Main.Humidity < 5 || got.Main.Humidity > 100 {
		t.Errorf("humidity = %d, want 5 to 100", got.Main.Humidity)
	}
	if got.Wind.Gust == nil {
		t.Error("wind.gust is missing, want it for a gusty city")
	}
	if got.Wind.Deg < 0 || got.Wind.Deg >= 360 {
		t.Errorf("wind.deg = %d, want 0 to 359", got.Wind.Deg)
	}
}

func TestServerSunAndTimezone(t *testing.T) {
	tests := []struct {
		name         string
		q            string
		at           time.Time
		wantTimezone int
		wantSunrise  time.Time
		wantSunset   time.Time
		wantIcon     string
	}{
		// Published times: London 07:51 to 15:53 GMT on 4 December, and
		// 04:43 to 21:21 BST on 21 June.
		{"London winter", "London,GB", observationTime, 0,
			time.Date(2026, 12, 4, 7, 51, 0, 0, time.UTC), time.Date(2026, 12, 4, 15, 53, 0, 0, time.UTC), "04d"},
		{"London summer", "london", time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC), 3600,
			time.Date(2026, 6, 21, 3, 43, 0, 0, time.UTC), time.Date(2026, 6, 21, 20, 21, 0, 0, time.UTC), "04d"},
		// 10:20 UTC is 21:20 on 4 December in Sydney, where the sun rises
		// at 05:37 AEDT (the previous day in UTC) and sets at 19:54 AEDT.
		{"Sydney evening", "Sydney", observationTime, 39600,
			time.Date(2026, 12, 3, 18, 37, 0, 0, time.UTC), time.Date(2026, 12, 4, 8, 54, 0, 0, time.UTC), "04n"},
		// 20:00 UTC is 01:30 on 5 December in India, so the times are for
		// that local date.
		{"Bengaluru after midnight", "Bangalore", time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC), 19800,
			time.Date(2026, 12, 5, 0, 56, 0, 0, time.UTC), time.Date(2026, 12, 5, 12, 25, 0, 0, time.UTC), "03n"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.at
			server := newTestServer(t, &now)

			got := getBody(t, server, tt.q, "metric")

			if got.Timezone != tt.wantTimezone {
				t.Errorf("timezone = %d, want %d", got.Timezone, tt.wantTimezone)
			}
			assertNear(t, "sunrise", got.Sys.Sunrise, tt.wantSunrise)
			assertNear(t, "sunset", got.Sys.Sunset, tt.wantSunset)
			if got.Weather[0].Icon != tt.wantIcon {
				t.Errorf("icon = %q, want %q", got.Weather[0].Icon, tt.wantIcon)
			}
		})
	}
}

func TestServerPolarNight(t *testing.T) {
	sunrise, sunset := sunTimes(2026, 12, 21, 78.2232, 15.6267)

	if !sunrise.IsZero() || !sunset.IsZero() {
		t.Errorf("sunTimes at Longyearbyen in December = %s, %s, want zero times", sunrise, sunset)
	}
}

func TestServerUnits(t *testing.T) {
	now := observationTime
	server := newTestServer(t, &now)

	metric := getBody(t, server, "London", "metric")
	imperial := getBody(t, server, "London", "imperial")
	standard := getBody(t, server, "London", "standard")
	unset := getBody(t, server, "London", "")

	checks := []struct {
		name string
		got  float64
		want float64
	}{
		{"imperial temp", imperial.Main.Temp, metric.Main.Temp*9/5 + 32},
		{"imperial feels_like", imperial.Main.FeelsLike, metric.Main.FeelsLike*9/5 + 32},
		{"standard temp", standard.Main.Temp, metric.Main.Temp + 273.15},
		{"default units are standard", unset.Main.Temp, standard.Main.Temp},
		{"imperial wind speed", imperial.Wind.Speed, metric.Wind.Speed * 2.236936},
		{"standard wind speed", standard.Wind.Speed, metric.Wind.Speed},
		{"imperial gust", *imperial.Wind.Gust, *metric.Wind.Gust * 2.236936},
	}

	for _, check := range checks {
		if math.Abs(check.got-check.want) > 0.05 {
			t.Errorf("%s = %v, want %v", check.name, check.got, check.want)
		}
	}
	if imperial.Main.Pressure != metric.Main.Pressure || imperial.Main.Humidity != metric.Main.Humidity {
		t.Error("pressure or humidity changed with units, want them unchanged")
	}
}

func TestServerDrift(t *testing.T) {
	now := observationTime
	server := newTestServer(t, &now)

	first := getBody(t, server, "Mumbai", "metric")
	now = now.Add(10 * time.Second)
	second := getBody(t, server, "Mumbai", "metric")
	now = now.Add(6 * time.Hour)
	later := getBody(t, server, "Mumbai", "metric")

	if first.Main.Temp == second.Main.Temp {
		t.Errorf("temp is %v both times 10 s apart, want a change", first.Main.Temp)
	}
	if diff := math.Abs(first.Main.Temp - second.Main.Temp); diff > 1 {
		t.Errorf("temp changed by %v °C in 10 s, want under 1", diff)
	}
	if diff := math.Abs(first.Main.Temp - later.Main.Temp); diff < 1 {
		t.Errorf("temp changed by %v °C from 15:50 to 21:50 local time, want a daily cycle", diff)
	}
	if second.DT-first.DT != 10 {
		t.Errorf("dt advanced by %d s, want 10", second.DT-first.DT)
	}
}

func TestServerWithClient(t *testing.T) {
	now := observationTime
	server := newTestServer(t, &now)
	fake, err := New(Config{APIKey: testKey})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	client, err := openweather.New(openweather.Config{BaseURL: server.URL, Timeout: time.Second})
	if err != nil {
		t.Fatalf("openweather.New: %v", err)
	}
	ctx := context.Background()

	for _, name := range fake.CityNames() {
		for _, units := range []string{"metric", "imperial", "standard"} {
			current, err := client.Current(ctx, testKey, strings.ToUpper(name), units)
			if err != nil {
				t.Errorf("Current(%q, %s): %v", name, units, err)
				continue
			}
			if current.Name != name {
				t.Errorf("Current(%q).Name = %q", name, current.Name)
			}
		}
	}

	if _, err := client.Current(ctx, testKey, "Atlantis", "metric"); !errors.Is(err, openweather.ErrCityNotFound) {
		t.Errorf("unknown city error = %v, want ErrCityNotFound", err)
	}
	if _, err := client.Current(ctx, "wrong", "London", "metric"); !errors.Is(err, openweather.ErrUnauthorized) {
		t.Errorf("wrong key error = %v, want ErrUnauthorized", err)
	}
}

func TestNewDefaults(t *testing.T) {
	fake, err := New(Config{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	if fake.apiKey != DefaultAPIKey {
		t.Errorf("apiKey = %q, want %q", fake.apiKey, DefaultAPIKey)
	}
	if got := len(fake.CityNames()); got < 10 {
		t.Errorf("len(CityNames()) = %d, want at least 10", got)
	}
}

// assertNear fails when the Unix time got is more than six minutes from want.
func assertNear(t *testing.T, name string, got int64, want time.Time) {
	t.Helper()

	diff := time.Unix(got, 0).Sub(want)
	if diff < -6*time.Minute || diff > 6*time.Minute {
		t.Errorf("%s = %s, want within 6 minutes of %s", name, time.Unix(got, 0).UTC(), want)
	}
}
