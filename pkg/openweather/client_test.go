package openweather

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testKey = "k3y-0123456789abcdef/+="

// readFixture returns the contents of testdata/name.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()

	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return data
}

// newTestClient starts handler on a loopback server and returns a client
// for it with the given per-call timeout.
func newTestClient(t *testing.T, handler http.Handler, timeout time.Duration) *Client {
	t.Helper()

	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)

	client, err := New(Config{BaseURL: server.URL, HTTPClient: server.Client(), Timeout: timeout})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return client
}

// respond returns a handler that sends status, contentType and body.
func respond(status int, contentType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		w.Write(body)
	})
}

// assertNoKey fails the test when err's message contains the API key in
// any of its encodings.
func assertNoKey(t *testing.T, err error) {
	t.Helper()

	if err == nil {
		return
	}
	message := err.Error()
	for _, form := range []string{testKey, "k3y-0123456789abcdef"} {
		if strings.Contains(message, form) {
			t.Errorf("error message contains the API key: %q", message)
		}
	}
}

func TestCurrentSuccess(t *testing.T) {
	var gotPath, gotQuery, gotUnits, gotKey string
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		gotQuery = r.URL.Query().Get("q")
		gotUnits = r.URL.Query().Get("units")
		gotKey = r.URL.Query().Get("appid")
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(readFixture(t, "current_bengaluru_metric.json"))
	})
	client := newTestClient(t, handler, time.Second)

	got, err := client.Current(context.Background(), testKey, "Bengaluru", "metric")
	if err != nil {
		t.Fatalf("Current: %v", err)
	}

	if gotPath != "/data/2.5/weather" {
		t.Errorf("request path = %q, want /data/2.5/weather", gotPath)
	}
	if gotQuery != "Bengaluru" {
		t.Errorf("q = %q, want Bengaluru", gotQuery)
	}
	if gotUnits != "metric" {
		t.Errorf("units = %q, want metric", gotUnits)
	}
	if gotKey != testKey {
		t.Errorf("appid = %q, want the API key", gotKey)
	}

	if got.Name != "Bengaluru" || got.Sys.Country != "IN" || got.ID != 1277333 {
		t.Errorf("name, country, id = %q, %q, %d, want Bengaluru, IN, 1277333", got.Name, got.Sys.Country, got.ID)
	}
	if got.Coord.Lat != 12.9762 || got.Coord.Lon != 77.6033 {
		t.Errorf("coord = %+v, want lat 12.9762 lon 77.6033", got.Coord)
	}
	if len(got.Weather) != 1 {
		t.Fatalf("len(weather) = %d, want 1", len(got.Weather))
	}
	wantCondition := Condition{ID: 802, Main: "Clouds", Description: "scattered clouds", Icon: "03d"}
	if got.Weather[0] != wantCondition {
		t.Errorf("weather[0] = %+v, want %+v", got.Weather[0], wantCondition)
	}
	wantMain := Main{Temp: 24.5, FeelsLike: 24.9, TempMin: 23.9, TempMax: 25.1, Pressure: 1012, Humidity: 78, SeaLevel: 1012, GrndLevel: 911}
	if got.Main != wantMain {
		t.Errorf("main = %+v, want %+v", got.Main, wantMain)
	}
	if got.Wind.Speed != 4.1 || got.Wind.Deg != 250 {
		t.Errorf("wind = %+v, want speed 4.1 deg 250", got.Wind)
	}
	if got.Wind.Gust == nil || *got.Wind.Gust != 6.2 {
		t.Errorf("wind.gust = %v, want 6.2", got.Wind.Gust)
	}
	if got.Visibility != 6000 || got.Clouds.All != 40 {
		t.Errorf("visibility, clouds = %d, %d, want 6000, 40", got.Visibility, got.Clouds.All)
	}
	if got.DT != 1796379600 || got.Sys.Sunrise != 1796345712 || got.Sys.Sunset != 1796387500 {
		t.Errorf("dt, sunrise, sunset = %d, %d, %d", got.DT, got.Sys.Sunrise, got.Sys.Sunset)
	}
	if got.Timezone != 19800 || got.Cod != 200 {
		t.Errorf("timezone, cod = %d, %d, want 19800, 200", got.Timezone, got.Cod)
	}
}

func TestCurrentWithoutGust(t *testing.T) {
	body := readFixture(t, "current_london_imperial_rain.json")
	client := newTestClient(t, respond(http.StatusOK, "application/json; charset=utf-8", body), time.Second)

	got, err := client.Current(context.Background(), testKey, "London,GB", "imperial")
	if err != nil {
		t.Fatalf("Current: %v", err)
	}

	if got.Wind.Gust != nil {
		t.Errorf("wind.gust = %v, want nil", *got.Wind.Gust)
	}
	if len(got.Weather) != 2 {
		t.Errorf("len(weather) = %d, want 2", len(got.Weather))
	}
	if got.Rain == nil || got.Rain.OneHour != 1.52 {
		t.Errorf("rain = %+v, want 1h 1.52", got.Rain)
	}
	if got.Main.Temp != 44.6 {
		t.Errorf("main.temp = %v, want 44.6", got.Main.Temp)
	}
}

func TestCurrentErrors(t *testing.T) {
	huge := []byte(`{"name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`)
	keyEcho := []byte(`{"cod":401,"message":"Invalid API key ` + testKey + `"}`)

	tests := []struct {
		name        string
		status      int
		contentType string
		body        []byte
		want        error
	}{
		{"invalid key", 401, "application/json", readFixture(t, "error_401.json"), ErrUnauthorized},
		{"plan without endpoint", 403, "application/json", []byte(`{"cod":403,"message":"forbidden"}`), ErrUnauthorized},
		{"city not found", 404, "application/json", readFixture(t, "error_404.json"), ErrCityNotFound},
		{"rate limited", 429, "application/json", readFixture(t, "error_429.json"), ErrRateLimited},
		{"nothing to geocode", 400, "application/json", readFixture(t, "error_400.json"), ErrUpstream},
		{"server error empty body", 500, "", nil, ErrUpstream},
		{"bad gateway HTML", 502, "text/html", readFixture(t, "error_502.html"), ErrUpstream},
		{"unavailable JSON", 503, "application/json", []byte(`{"cod":503,"message":"service unavailable"}`), ErrUpstream},
		{"HTML 404 page", 404, "text/html", []byte("<html><body>Not Found</body></html>"), ErrUpstream},
		{"unexpected redirect", 302, "", nil, ErrUpstream},
		{"malformed JSON", 200, "application/json", []byte(`{"coord":{"lon":1,`), ErrMalformed},
		{"HTML with status 200", 200, "text/html; charset=utf-8", readFixture(t, "error_502.html"), ErrMalformed},
		{"empty body", 200, "application/json", nil, ErrMalformed},
		{"whitespace body", 200, "application/json", []byte(" \n"), ErrMalformed},
		{"huge body", 200, "application/json", huge, ErrMalformed},
		{"missing required fields", 200, "application/json", []byte(`{"cod":200}`), ErrMalformed},
		{"missing temperature", 200, "application/json", []byte(`{"weather":[{"id":800}],"main":{},"dt":1,"name":"X"}`), ErrMalformed},
		{"wrong field type", 200, "application/json", []byte(`{"main":{"temp":"hot"}}`), ErrMalformed},
		{"cod of wrong type", 200, "application/json", []byte(`{"cod":true}`), ErrMalformed},
		{"JSON array", 200, "application/json", []byte(`[1,2,3]`), ErrMalformed},
		{"trailing garbage", 200, "application/json", append(readFixture(t, "current_bengaluru_metric.json"), "}}"...), ErrMalformed},
		{"string cod 404 with status 200", 200, "application/json", readFixture(t, "error_404.json"), ErrCityNotFound},
		{"numeric cod 404", 404, "application/json", []byte(`{"cod":404,"message":"city not found"}`), ErrCityNotFound},
		{"key echoed in message", 401, "application/json", keyEcho, ErrUnauthorized},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := newTestClient(t, respond(tt.status, tt.contentType, tt.body), time.Second)

			got, err := client.Current(context.Background(), testKey, "Atlantis", "metric")

			if got != nil {
				t.Errorf("Current returned %+v, want nil", got)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want it to wrap %v", err, tt.want)
			}
			assertNoKey(t, err)
		})
	}
}

func TestCurrentErrorNamesCityAndStatus(t *testing.T) {
	client := newTestClient(t, respond(404, "application/json", readFixture(t, "error_404.json")), time.Second)

	_, err := client.Current(context.Background(), testKey, "Atlantis", "metric")

	if err == nil {
		t.Fatal("Current returned no error")
	}
	for _, want := range []string{`"Atlantis"`, "HTTP 404", "city not found"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestCurrentTimeouts(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })

	slowHeaders := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	slowBody := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"coord":`))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})

	tests := []struct {
		name          string
		handler       http.Handler
		clientTimeout time.Duration
		callerTimeout time.Duration
	}{
		{"slow headers, client timeout", slowHeaders, 50 * time.Millisecond, time.Minute},
		{"slow body, client timeout", slowBody, 50 * time.Millisecond, time.Minute},
		{"slow headers, caller deadline", slowHeaders, time.Minute, 50 * time.Millisecond},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := newTestClient(t, tt.handler, tt.clientTimeout)
			ctx, cancel := context.WithTimeout(context.Background(), tt.callerTimeout)
			defer cancel()

			start := time.Now()
			_, err := client.Current(ctx, testKey, "Bengaluru", "metric")
			elapsed := time.Since(start)

			if !errors.Is(err, ErrTimeout) {
				t.Errorf("error = %v, want it to wrap ErrTimeout", err)
			}
			if elapsed > 2*time.Second {
				t.Errorf("Current took %s, want about 50ms", elapsed)
			}
			assertNoKey(t, err)
		})
	}
}

func TestCurrentHTTPClientTimeout(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(server.Close)

	httpClient := server.Client()
	httpClient.Timeout = 50 * time.Millisecond
	client, err := New(Config{BaseURL: server.URL, HTTPClient: httpClient, Timeout: time.Minute})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	_, err = client.Current(context.Background(), testKey, "Bengaluru", "metric")

	if !errors.Is(err, ErrTimeout) {
		t.Errorf("error = %v, want it to wrap ErrTimeout", err)
	}
	assertNoKey(t, err)
}

func TestCurrentConnectionRefused(t *testing.T) {
	server := httptest.NewServer(http.NotFoundHandler())
	baseURL := server.URL
	server.Close()

	client, err := New(Config{BaseURL: baseURL, Timeout: time.Second})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	_, err = client.Current(context.Background(), testKey, "Bengaluru", "metric")

	if !errors.Is(err, ErrUpstream) {
		t.Errorf("error = %v, want it to wrap ErrUpstream", err)
	}
	if !strings.Contains(err.Error(), baseURL+"/data/2.5/weather") {
		t.Errorf("error %q does not name the endpoint", err)
	}
	assertNoKey(t, err)
}

func TestCurrentCallerCanceled(t *testing.T) {
	client := newTestClient(t, respond(200, "application/json", readFixture(t, "current_bengaluru_metric.json")), time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := client.Current(ctx, testKey, "Bengaluru", "metric")

	if !errors.Is(err, ErrUpstream) {
		t.Errorf("error = %v, want it to wrap ErrUpstream", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want it to wrap context.Canceled", err)
	}
	assertNoKey(t, err)
}

func TestCurrentEmptyKey(t *testing.T) {
	called := false
	client := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true }), time.Second)

	_, err := client.Current(context.Background(), "", "Bengaluru", "metric")

	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("error = %v, want it to wrap ErrUnauthorized", err)
	}
	if called {
		t.Error("server was called without an API key")
	}
}

func TestCurrentOmitsEmptyUnits(t *testing.T) {
	var gotQuery map[string][]string
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotQuery = r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		w.Write(readFixture(t, "current_bengaluru_metric.json"))
	})
	client := newTestClient(t, handler, time.Second)

	if _, err := client.Current(context.Background(), testKey, "São Paulo,BR", ""); err != nil {
		t.Fatalf("Current: %v", err)
	}

	if _, ok := gotQuery["units"]; ok {
		t.Errorf("query has units %q, want none", gotQuery["units"])
	}
	if got := gotQuery["q"]; len(got) != 1 || got[0] != "São Paulo,BR" {
		t.Errorf("q = %q, want [São Paulo,BR]", got)
	}
}

func TestNewBaseURL(t *testing.T) {
	tests := []struct {
		name     string
		baseURL  string
		wantURL  string
		wantFail bool
	}{
		{"default", "", "https://api.openweathermap.org/data/2.5/weather", false},
		{"local fake", "http://127.0.0.1:9090", "http://127.0.0.1:9090/data/2.5/weather", false},
		{"path prefix", "http://127.0.0.1:9090/proxy/", "http://127.0.0.1:9090/proxy/data/2.5/weather", false},
		{"relative", "/data", "", true},
		{"other scheme", "ftp://example.com", "", true},
		{"query", "http://127.0.0.1:9090?appid=x", "", true},
		{"user info", "http://user:pass@127.0.0.1:9090", "", true},
		{"unparsable", "http://[::1", "", true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, err := New(Config{BaseURL: tt.baseURL})

			if tt.wantFail {
				if err == nil {
					t.Errorf("New(%q) returned no error", tt.baseURL)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%q): %v", tt.baseURL, err)
			}
			if got := client.endpoint.String(); got != tt.wantURL {
				t.Errorf("endpoint = %q, want %q", got, tt.wantURL)
			}
		})
	}
}

func TestNewTimeout(t *testing.T) {
	client, err := New(Config{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if client.timeout != DefaultTimeout {
		t.Errorf("timeout = %s, want %s", client.timeout, DefaultTimeout)
	}

	if _, err := New(Config{Timeout: -time.Second}); err == nil {
		t.Error("New with a negative timeout returned no error")
	}
}
