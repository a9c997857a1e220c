package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/apigw/apigwtest"
	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/openweather"
	"github.com/weather-portal/weather-portal/pkg/problem"
	"github.com/weather-portal/weather-portal/pkg/weather"
)

const testAPIKey = "0123456789abcdef0123456789abcdef"

// reply is what the fake OpenWeather server sends for one city.
type reply struct {
	status      int
	contentType string
	body        string
	hang        bool // wait until the client gives up
}

// fakeOpenWeather is an httptest OpenWeather whose replies are keyed by the
// q parameter. It records each q it receives.
type fakeOpenWeather struct {
	server  *httptest.Server
	replies map[string]reply

	mu      sync.Mutex
	queries []string
}

func newFakeOpenWeather(t *testing.T, replies map[string]reply) *fakeOpenWeather {
	t.Helper()

	fake := &fakeOpenWeather{replies: replies}
	fake.server = httptest.NewServer(http.HandlerFunc(fake.serve))
	t.Cleanup(fake.server.Close)
	return fake
}

func (f *fakeOpenWeather) serve(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	f.mu.Lock()
	f.queries = append(f.queries, query.Get("q"))
	f.mu.Unlock()

	if query.Get("appid") != testAPIKey {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"cod":401, "message": "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."}`)
		return
	}

	answer, ok := f.replies[query.Get("q")]
	if !ok {
		answer = reply{status: 404, contentType: "application/json; charset=utf-8", body: `{"cod":"404","message":"city not found"}`}
	}
	if answer.hang {
		<-r.Context().Done()
		return
	}
	if answer.contentType != "" {
		w.Header().Set("Content-Type", answer.contentType)
	}
	w.WriteHeader(answer.status)
	fmt.Fprint(w, answer.body)
}

func (f *fakeOpenWeather) received() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queries...)
}

// fakeParams is a ParameterGetter backed by a map.
type fakeParams map[string]string

var errParameterNotFound = errors.New("parameter not found")

func (p fakeParams) Get(ctx context.Context, name string) (string, error) {
	value, ok := p[name]
	if !ok {
		return "", fmt.Errorf("get parameter %q: %w", name, errParameterNotFound)
	}
	return value, nil
}

// newTestHandler returns the handler wrapped in the logging middleware, as
// main wires it, and the buffer that receives its log lines.
func newTestHandler(t *testing.T, baseURL string, params ParameterGetter, sample bool) (logging.Handler, *bytes.Buffer) {
	t.Helper()

	client, err := openweather.New(openweather.Config{BaseURL: baseURL, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("openweather.New: %v", err)
	}
	handler := &Handler{
		Reports: weather.NewCache(&Upstream{Params: params, Client: client}, weather.CacheConfig{}),
		Sample:  sample,
	}

	var logs bytes.Buffer
	middleware := &logging.Middleware{Logger: logging.New(&logs, slog.LevelDebug, "weather")}
	return middleware.Wrap(handler.Handle), &logs
}

// loadEvent decodes the payload 2.0 event in testdata/name.
func loadEvent(t testing.TB, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	return apigwtest.LoadRequest(t, name)
}

// withQuery returns req with rawQueryString set to raw and
// queryStringParameters set as payload 2.0 sets them, with repeated values
// joined by commas.
func withQuery(t *testing.T, req events.APIGatewayV2HTTPRequest, raw string) events.APIGatewayV2HTTPRequest {
	t.Helper()

	req.RawQueryString = raw
	req.QueryStringParameters = map[string]string{}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return req
	}
	for name, list := range values {
		req.QueryStringParameters[name] = strings.Join(list, ",")
	}
	return req
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()

	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return string(data)
}

// problemBody is the RFC 9457 body of an error response.
type problemBody struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail"`
	Code   problem.Code `json:"code"`
}

func TestHandleSuccess(t *testing.T) {
	jsonType := "application/json; charset=utf-8"
	fake := newFakeOpenWeather(t, map[string]reply{
		"Bengaluru": {status: 200, contentType: jsonType, body: readTestdata(t, "current_bengaluru_metric.json")},
		"London,GB": {status: 200, contentType: jsonType, body: readTestdata(t, "current_london_imperial_rain.json")},
		"São Paulo": {status: 200, contentType: jsonType, body: readTestdata(t, "current_bengaluru_metric.json")},
	})

	tests := []struct {
		event     string
		sample    bool
		wantQuery string
		wantUnits weather.Units
		wantTemp  string
		wantIcon  string
	}{
		{"get-weather.json", false, "Bengaluru", weather.Metric, "°C", "partly-cloudy-day"},
		{"get-weather.json", true, "Bengaluru", weather.Metric, "°C", "partly-cloudy-day"},
		{"get-weather-default-units.json", false, "Bengaluru", weather.Metric, "°C", "partly-cloudy-day"},
		{"get-weather-imperial-country.json", false, "London,GB", weather.Imperial, "°F", "rain"},
		{"get-weather-encoded-city.json", false, "São Paulo", weather.Metric, "°C", "partly-cloudy-day"},
	}

	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s sample %v", tt.event, tt.sample), func(t *testing.T) {
			handle, logs := newTestHandler(t, fake.server.URL, fakeParams{apiKeyParameter: testAPIKey}, tt.sample)

			resp, err := handle(context.Background(), loadEvent(t, tt.event))
			if err != nil {
				t.Fatalf("handle: %v", err)
			}

			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200 (body %s)", resp.StatusCode, resp.Body)
			}
			if got := resp.Headers["Content-Type"]; got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			if got := resp.Headers["Cache-Control"]; got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}

			var body weather.Report
			if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
				t.Fatalf("decode body %s: %v", resp.Body, err)
			}
			if body.Units != tt.wantUnits {
				t.Errorf("units = %q, want %q", body.Units, tt.wantUnits)
			}
			if body.TemperatureUnit != tt.wantTemp {
				t.Errorf("temperature_unit = %q, want %q", body.TemperatureUnit, tt.wantTemp)
			}
			if body.Conditions.Icon != tt.wantIcon {
				t.Errorf("icon = %q, want %q", body.Conditions.Icon, tt.wantIcon)
			}
			if body.Sample != tt.sample {
				t.Errorf("sample = %v, want %v", body.Sample, tt.sample)
			}

			queries := fake.received()
			if len(queries) == 0 || queries[len(queries)-1] != tt.wantQuery {
				t.Errorf("upstream queries = %q, want the last to be %q", queries, tt.wantQuery)
			}
			if strings.Contains(logs.String(), testAPIKey) {
				t.Errorf("logs contain the API key:\n%s", logs)
			}
		})
	}
}

func TestHandleSuccessBody(t *testing.T) {
	fake := newFakeOpenWeather(t, map[string]reply{
		"Bengaluru": {status: 200, contentType: "application/json", body: readTestdata(t, "current_bengaluru_metric.json")},
	})
	handle, _ := newTestHandler(t, fake.server.URL, fakeParams{apiKeyParameter: testAPIKey}, false)

	resp, err := handle(context.Background(), loadEvent(t, "get-weather.json"))
	if err != nil {
		t.Fatalf("handle: %v", err)
	}

	want := `{"city":"Bengaluru","country":"IN","units":"metric",` +
		`"temperature":24.5,"feels_like":24.9,"temperature_unit":"°C",` +
		`"humidity_percent":78,"pressure_hpa":1012,` +
		`"wind":{"speed":4.1,"gust":6.2,"speed_unit":"m/s","direction_deg":250},` +
		`"conditions":{"main":"Clouds","description":"scattered clouds","icon":"partly-cloudy-day"},` +
		`"sunrise":"2026-12-04T00:55:12Z","sunset":"2026-12-04T12:31:40Z",` +
		`"observed_at":"2026-12-04T10:20:00Z","timezone_offset_seconds":19800,"sample":false}`
	if resp.Body != want {
		t.Errorf("body\n got %s\nwant %s", resp.Body, want)
	}
}

func TestHandleCachesReports(t *testing.T) {
	fake := newFakeOpenWeather(t, map[string]reply{
		"Bengaluru": {status: 200, contentType: "application/json", body: readTestdata(t, "current_bengaluru_metric.json")},
	})
	handle, _ := newTestHandler(t, fake.server.URL, fakeParams{apiKeyParameter: testAPIKey}, false)
	ctx := context.Background()

	for _, raw := range []string{"city=Bengaluru", "city=bengaluru&units=metric", "city=BENGALURU", "city=Atlantis", "city=atlantis"} {
		handle(ctx, withQuery(t, loadEvent(t, "get-weather.json"), raw))
	}

	if got := fake.received(); len(got) != 2 {
		t.Errorf("upstream queries = %q, want one for Bengaluru and one for Atlantis", got)
	}
}

func TestHandleUpstreamErrors(t *testing.T) {
	tests := []struct {
		name       string
		reply      reply
		params     fakeParams
		wantStatus int
		wantCode   problem.Code
		wantDetail string
		wantLog    string
	}{
		{
			name:       "city not found",
			reply:      reply{status: 404, contentType: "application/json", body: `{"cod":"404","message":"city not found"}`},
			wantStatus: 404, wantCode: problem.NotFound, wantDetail: `city "Atlantis" not found`,
		},
		{
			name:       "invalid API key",
			reply:      reply{status: 401, contentType: "application/json", body: `{"cod":401,"message":"Invalid API key."}`},
			wantStatus: 502, wantCode: problem.BadGateway, wantDetail: unavailableMessage, wantLog: "rejected the API key",
		},
		{
			name:       "rate limited",
			reply:      reply{status: 429, contentType: "application/json", body: `{"cod":429,"message":"Your account is temporary blocked"}`},
			wantStatus: 502, wantCode: problem.BadGateway, wantDetail: unavailableMessage, wantLog: "rate limit",
		},
		{
			name:       "server error",
			reply:      reply{status: 500, contentType: "text/html", body: "<h1>Internal Server Error</h1>"},
			wantStatus: 502, wantCode: problem.BadGateway, wantDetail: unavailableMessage, wantLog: "HTTP 500",
		},
		{
			name:       "malformed body",
			reply:      reply{status: 200, contentType: "application/json", body: `{"weather":`},
			wantStatus: 502, wantCode: problem.BadGateway, wantDetail: unavailableMessage, wantLog: "malformed",
		},
		{
			name:       "timeout",
			reply:      reply{hang: true},
			wantStatus: 504, wantCode: problem.GatewayTimeout, wantDetail: "weather service timed out", wantLog: "timed out",
		},
		{
			name:       "missing API key parameter",
			reply:      reply{status: 200, contentType: "application/json", body: "{}"},
			params:     fakeParams{},
			wantStatus: 502, wantCode: problem.BadGateway, wantDetail: unavailableMessage, wantLog: "deployment error",
		},
		{
			name:       "wrong API key parameter",
			reply:      reply{status: 200, contentType: "application/json", body: "{}"},
			params:     fakeParams{apiKeyParameter: "wrong-" + testAPIKey},
			wantStatus: 502, wantCode: problem.BadGateway, wantDetail: unavailableMessage, wantLog: "rejected the API key",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeOpenWeather(t, map[string]reply{"Atlantis": tt.reply})
			params := tt.params
			if params == nil {
				params = fakeParams{apiKeyParameter: testAPIKey}
			}
			handle, logs := newTestHandler(t, fake.server.URL, params, false)

			resp, err := handle(context.Background(), withQuery(t, loadEvent(t, "get-weather.json"), "city=Atlantis"))
			if err != nil {
				t.Fatalf("handle returned error %v, want a response", err)
			}

			got := decodeProblem(t, resp)
			if resp.StatusCode != tt.wantStatus || got.Status != tt.wantStatus {
				t.Errorf("status = %d (body %d), want %d", resp.StatusCode, got.Status, tt.wantStatus)
			}
			if got.Code != tt.wantCode {
				t.Errorf("code = %q, want %q", got.Code, tt.wantCode)
			}
			if got.Detail != tt.wantDetail {
				t.Errorf("detail = %q, want %q", got.Detail, tt.wantDetail)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("logs do not contain %q:\n%s", tt.wantLog, logs)
			}
			if strings.Contains(resp.Body, testAPIKey) || strings.Contains(logs.String(), testAPIKey) {
				t.Errorf("response or logs contain the API key:\n%s\n%s", resp.Body, logs)
			}
		})
	}
}

func TestHandleBadInput(t *testing.T) {
	tests := []struct {
		name       string
		event      string
		rawQuery   *string
		wantStatus int
		wantDetail string
	}{
		{name: "no query", event: "get-weather-no-query.json", wantStatus: 400, wantDetail: "city is required"},
		{name: "repeated city", event: "get-weather-repeated-city.json", wantStatus: 400, wantDetail: "city appears 2 times"},
		{name: "path traversal", event: "get-weather-path-traversal.json", wantStatus: 400, wantDetail: "'/'"},
		{name: "POST", event: "post-weather.json", wantStatus: 405, wantDetail: "use GET"},
		{name: "empty city", rawQuery: ptr("city=&units=metric"), wantStatus: 400, wantDetail: "city is required"},
		{name: "only units", rawQuery: ptr("units=metric"), wantStatus: 400, wantDetail: "city is required"},
		{name: "101 characters", rawQuery: ptr("city=" + strings.Repeat("a", 101)), wantStatus: 400, wantDetail: "101 characters"},
		{name: "null byte", rawQuery: ptr("city=Lon%00don"), wantStatus: 400, wantDetail: "U+0000"},
		{name: "newline", rawQuery: ptr("city=London%0AGB"), wantStatus: 400, wantDetail: "U+000A"},
		{name: "encoded traversal", rawQuery: ptr("city=..%2F..%2Fetc"), wantStatus: 400, wantDetail: "'/'"},
		{name: "digits only", rawQuery: ptr("city=12345"), wantStatus: 400, wantDetail: "'1'"},
		{name: "injected parameter", rawQuery: ptr("city=London%26appid%3Dx"), wantStatus: 400, wantDetail: "'&'"},
		{name: "invalid UTF-8", rawQuery: ptr("city=Lon%FFdon"), wantStatus: 400, wantDetail: "UTF-8"},
		{name: "bad percent-encoding", rawQuery: ptr("city=%zz"), wantStatus: 400, wantDetail: "malformed"},
		{name: "bad units", rawQuery: ptr("city=London&units=kelvin"), wantStatus: 400, wantDetail: `units "kelvin"`},
		{name: "upper-case units", rawQuery: ptr("city=London&units=METRIC"), wantStatus: 400, wantDetail: "units"},
		{name: "repeated units", rawQuery: ptr("city=London&units=metric&units=imperial"), wantStatus: 400, wantDetail: "units appears 2 times"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeOpenWeather(t, nil)
			handle, _ := newTestHandler(t, fake.server.URL, fakeParams{apiKeyParameter: testAPIKey}, false)
			event := "get-weather.json"
			if tt.event != "" {
				event = tt.event
			}
			req := loadEvent(t, event)
			if tt.rawQuery != nil {
				req = withQuery(t, req, *tt.rawQuery)
			}

			resp, err := handle(context.Background(), req)
			if err != nil {
				t.Fatalf("handle returned error %v, want a response", err)
			}

			got := decodeProblem(t, resp)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if !strings.Contains(got.Detail, tt.wantDetail) {
				t.Errorf("detail = %q, want it to contain %q", got.Detail, tt.wantDetail)
			}
			if queries := fake.received(); len(queries) != 0 {
				t.Errorf("upstream was called with %q for bad input", queries)
			}
		})
	}
}

func TestHandleQueryWithoutRawString(t *testing.T) {
	fake := newFakeOpenWeather(t, map[string]reply{
		"Bengaluru": {status: 200, contentType: "application/json", body: readTestdata(t, "current_bengaluru_metric.json")},
	})
	handle, _ := newTestHandler(t, fake.server.URL, fakeParams{apiKeyParameter: testAPIKey}, false)
	req := loadEvent(t, "get-weather.json")
	req.RawQueryString = ""

	resp, err := handle(context.Background(), req)
	if err != nil {
		t.Fatalf("handle: %v", err)
	}

	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 (body %s)", resp.StatusCode, resp.Body)
	}
}

// decodeProblem checks that resp is an application/problem+json response
// and returns its body.
func decodeProblem(t *testing.T, resp events.APIGatewayV2HTTPResponse) problemBody {
	t.Helper()

	if got := resp.Headers["Content-Type"]; got != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", got)
	}
	var body problemBody
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("decode problem body %q: %v", resp.Body, err)
	}
	if body.Type != "about:blank" {
		t.Errorf("type = %q, want about:blank", body.Type)
	}
	return body
}

func ptr(s string) *string { return &s }
