package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weather-portal/weather-portal/tools/internal/lambdapool"
)

var update = flag.Bool("update", false, "rewrite the golden event files in testdata")

// fixedNow is the clock of every test server.
var fixedNow = time.Date(2026, 12, 4, 10, 20, 0, 0, time.UTC)

// fakeInvoker records each invocation and returns a fixed result.
type fakeInvoker struct {
	mu        sync.Mutex
	functions []string
	events    [][]byte

	result lambdapool.Result
	err    error
}

func (f *fakeInvoker) Invoke(ctx context.Context, function string, event []byte) (lambdapool.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.functions = append(f.functions, function)
	f.events = append(f.events, event)
	return f.result, f.err
}

func (f *fakeInvoker) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.events)
}

// fakeAuthorizer accepts the token "good-token" with scope weather:read.
type fakeAuthorizer struct{}

func (fakeAuthorizer) Authorize(ctx context.Context, token string, scopes []string) (map[string]string, []string, error) {
	if token != "good-token" {
		return nil, nil, errors.New("token signature is invalid")
	}

	tokenScopes := []string{"weather:read"}
	if len(scopes) > 0 && !slices.ContainsFunc(scopes, func(scope string) bool { return slices.Contains(tokenScopes, scope) }) {
		return nil, nil, fmt.Errorf("token lacks scopes %v: %w", scopes, ErrForbidden)
	}
	claims := map[string]string{"sub": "dev", "name": "Dev User", "scope": "weather:read", "exp": "1796379000"}
	return claims, tokenScopes, nil
}

var testRoutes = []Route{
	{Method: "GET", Path: "/", Function: "pages"},
	{Method: "GET", Path: "/static/{proxy+}", Function: "pages"},
	{Method: "POST", Path: "/api/login", Function: "login"},
	{Method: "GET", Path: "/api/welcome", Function: "welcome", Authorizer: "jwt"},
	{Method: "GET", Path: "/api/weather", Function: "weather", Authorizer: "jwt", Scopes: []string{"weather:read"}},
	{Method: "GET", Path: "/api/admin", Function: "admin", Authorizer: "jwt", Scopes: []string{"admin:write"}},
	{Method: "GET", Path: "/api/broken", Function: "broken", Authorizer: "missing"},
	{Method: "ANY", Path: "/items/{id}", Function: "items"},
}

// newTestServer returns a server with testRoutes and an invoker that
// returns result and err.
func newTestServer(result lambdapool.Result, err error) (*Server, *fakeInvoker) {
	invoker := &fakeInvoker{result: result, err: err}
	server := &Server{
		Routes:      testRoutes,
		Invoker:     invoker,
		Authorizers: map[string]Authorizer{"jwt": fakeAuthorizer{}},
		Now:         func() time.Time { return fixedNow },
	}
	return server, invoker
}

// okResult is a function result with a small JSON response.
var okResult = lambdapool.Result{Payload: []byte(`{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"ok\":true}"}`)}

// normaliseEvent replaces the values that differ on every request with
// fixed placeholders and indents the event.
func normaliseEvent(t *testing.T, event []byte) []byte {
	t.Helper()

	var document map[string]any
	if err := json.Unmarshal(event, &document); err != nil {
		t.Fatalf("event is not JSON: %v\n%s", err, event)
	}
	requestContext := document["requestContext"].(map[string]any)
	if id, _ := requestContext["requestId"].(string); len(id) != 16 {
		t.Errorf("requestContext.requestId = %q, want 16 characters", id)
	}
	requestContext["requestId"] = "REQUEST-ID"
	headers := document["headers"].(map[string]any)
	if trace, _ := headers["x-amzn-trace-id"].(string); !strings.HasPrefix(trace, "Root=1-") {
		t.Errorf("x-amzn-trace-id = %q, want Root=1-…", trace)
	}
	headers["x-amzn-trace-id"] = "TRACE-ID"

	var indented bytes.Buffer
	encoder := json.NewEncoder(&indented)
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(document); err != nil {
		t.Fatalf("encode event: %v", err)
	}
	return indented.Bytes()
}

func TestEventMatchesGolden(t *testing.T) {
	tests := []struct {
		name    string
		request func() *http.Request
	}{
		{name: "weather", request: func() *http.Request {
			r := httptest.NewRequest("GET", "http://localhost:3000/api/weather?city=Bengaluru&units=metric", nil)
			r.Header.Set("Authorization", "Bearer good-token")
			r.Header.Set("User-Agent", "weather-portal-test/1.0")
			r.Header.Add("Cookie", "theme=dark; lang=en")
			r.Header.Add("Cookie", "session=abc")
			r.Header.Add("X-Multi", "one")
			r.Header.Add("X-Multi", "two")
			return r
		}},
		{name: "login", request: func() *http.Request {
			r := httptest.NewRequest("POST", "http://localhost:3000/api/login", strings.NewReader(`{"username":"dev","password":"pw"}`))
			r.Header.Set("Content-Type", "application/json")
			return r
		}},
		{name: "static", request: func() *http.Request {
			return httptest.NewRequest("GET", "http://portal.example.com/static/css/app%20main.css", nil)
		}},
		{name: "binary", request: func() *http.Request {
			r := httptest.NewRequest("PUT", "http://localhost:3000/items/42", bytes.NewReader([]byte{0x00, 0xff, 0x10}))
			r.Header.Set("Content-Type", "application/octet-stream")
			return r
		}},
		{name: "form", request: func() *http.Request {
			r := httptest.NewRequest("POST", "http://localhost:3000/items/7", strings.NewReader("a=1&b=2"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}},
		{name: "query", request: func() *http.Request {
			return httptest.NewRequest("GET", "http://localhost:3000/?a=1&a=2&b=x%20y&flag&c=%zz", nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server, invoker := newTestServer(okResult, nil)

			recorder := httptest.NewRecorder()
			server.ServeHTTP(recorder, tt.request())

			if recorder.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200; body %s", recorder.Code, recorder.Body)
			}
			if invoker.calls() != 1 {
				t.Fatalf("invocations = %d, want 1", invoker.calls())
			}
			got := normaliseEvent(t, invoker.events[0])

			golden := filepath.Join("testdata", tt.name+".event.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatalf("write %s: %v", golden, err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden file (run go test -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("event differs from %s\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestEventRoundTripsThroughEventsType(t *testing.T) {
	server, invoker := newTestServer(okResult, nil)
	r := httptest.NewRequest("GET", "http://localhost:3000/api/weather?city=Pune", nil)
	r.Header.Set("Authorization", "Bearer good-token")

	server.ServeHTTP(httptest.NewRecorder(), r)

	var event struct {
		RequestContext struct {
			Authorizer struct {
				JWT struct {
					Claims map[string]string `json:"claims"`
					Scopes []string          `json:"scopes"`
				} `json:"jwt"`
			} `json:"authorizer"`
			Time      string `json:"time"`
			TimeEpoch int64  `json:"timeEpoch"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(invoker.events[0], &event); err != nil {
		t.Fatalf("decode event: %v", err)
	}
	if got, want := event.RequestContext.Authorizer.JWT.Claims["sub"], "dev"; got != want {
		t.Errorf("claims.sub = %q, want %q", got, want)
	}
	if got, want := event.RequestContext.Authorizer.JWT.Scopes, []string{"weather:read"}; !slices.Equal(got, want) {
		t.Errorf("scopes = %v, want %v", got, want)
	}
	if got, want := event.RequestContext.Time, "04/Dec/2026:10:20:00 +0000"; got != want {
		t.Errorf("time = %q, want %q", got, want)
	}
	if got, want := event.RequestContext.TimeEpoch, fixedNow.UnixMilli(); got != want {
		t.Errorf("timeEpoch = %d, want %d", got, want)
	}
}

func TestRoutingAndAuthorization(t *testing.T) {
	tests := []struct {
		name          string
		method        string
		target        string
		authorization string
		wantStatus    int
		wantBody      string
		wantFunction  string
		wantChallenge string
	}{
		{name: "public route", method: "GET", target: "/", wantStatus: 200, wantFunction: "pages"},
		{name: "no route", method: "GET", target: "/nowhere", wantStatus: 404, wantBody: `{"message":"Not Found"}`},
		{name: "wrong method", method: "DELETE", target: "/api/login", wantStatus: 404, wantBody: `{"message":"Not Found"}`},
		{name: "missing token", method: "GET", target: "/api/welcome", wantStatus: 401,
			wantBody: `{"message":"Unauthorized"}`, wantChallenge: "Bearer"},
		{name: "empty bearer", method: "GET", target: "/api/welcome", authorization: "Bearer ", wantStatus: 401,
			wantBody: `{"message":"Unauthorized"}`, wantChallenge: "Bearer"},
		{name: "bearer token", method: "GET", target: "/api/welcome", authorization: "Bearer good-token",
			wantStatus: 200, wantFunction: "welcome"},
		{name: "lower-case bearer", method: "GET", target: "/api/welcome", authorization: "bearer good-token",
			wantStatus: 200, wantFunction: "welcome"},
		{name: "token without prefix", method: "GET", target: "/api/welcome", authorization: "good-token",
			wantStatus: 200, wantFunction: "welcome"},
		{name: "invalid token", method: "GET", target: "/api/welcome", authorization: "Bearer forged", wantStatus: 401,
			wantBody: `{"message":"Unauthorized"}`, wantChallenge: `Bearer error="invalid_token"`},
		{name: "scope present", method: "GET", target: "/api/weather?city=Pune", authorization: "Bearer good-token",
			wantStatus: 200, wantFunction: "weather"},
		{name: "scope missing", method: "GET", target: "/api/admin", authorization: "Bearer good-token", wantStatus: 403,
			wantBody: `{"message":"Forbidden"}`, wantChallenge: `Bearer error="insufficient_scope"`},
		{name: "authorizer not configured", method: "GET", target: "/api/broken", authorization: "Bearer good-token",
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "ANY matches DELETE", method: "DELETE", target: "/items/9", wantStatus: 200, wantFunction: "items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server, invoker := newTestServer(okResult, nil)
			r := httptest.NewRequest(tt.method, tt.target, nil)
			if tt.authorization != "" {
				r.Header.Set("Authorization", tt.authorization)
			}

			recorder := httptest.NewRecorder()
			server.ServeHTTP(recorder, r)

			if recorder.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", recorder.Code, tt.wantStatus)
			}
			if tt.wantBody != "" {
				if got := recorder.Body.String(); got != tt.wantBody {
					t.Errorf("body = %s, want %s", got, tt.wantBody)
				}
				if got := recorder.Header().Get("Content-Type"); got != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", got)
				}
			}
			if got := recorder.Header().Get("Www-Authenticate"); got != tt.wantChallenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.wantChallenge)
			}
			if tt.wantFunction == "" {
				if invoker.calls() != 0 {
					t.Errorf("invocations = %d, want none", invoker.calls())
				}
				return
			}
			if invoker.calls() != 1 || invoker.functions[0] != tt.wantFunction {
				t.Errorf("invoked %v, want [%s]", invoker.functions, tt.wantFunction)
			}
		})
	}
}

func TestResponseMapping(t *testing.T) {
	tests := []struct {
		name        string
		result      lambdapool.Result
		err         error
		wantStatus  int
		wantBody    string
		wantHeaders map[string][]string
	}{
		{name: "full response",
			result: lambdapool.Result{Payload: []byte(`{"statusCode":201,"headers":{"content-type":"text/plain","x-one":"1"},` +
				`"multiValueHeaders":{"X-Two":["a","b"]},"cookies":["s=1; HttpOnly","t=2"],"body":"created"}`)},
			wantStatus: 201, wantBody: "created",
			wantHeaders: map[string][]string{"Content-Type": {"text/plain"}, "X-One": {"1"}, "X-Two": {"a", "b"},
				"Set-Cookie": {"s=1; HttpOnly", "t=2"}}},
		{name: "base64 body",
			result:     lambdapool.Result{Payload: []byte(`{"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"AP8Q","isBase64Encoded":true}`)},
			wantStatus: 200, wantBody: "\x00\xff\x10", wantHeaders: map[string][]string{"Content-Type": {"image/png"}}},
		{name: "no content type is not guessed",
			result:     lambdapool.Result{Payload: []byte(`{"statusCode":200,"body":"<html></html>"}`)},
			wantStatus: 200, wantBody: "<html></html>", wantHeaders: map[string][]string{"Content-Type": nil}},
		{name: "object without statusCode",
			result:     lambdapool.Result{Payload: []byte(`{"message":"hi"}`)},
			wantStatus: 200, wantBody: `{"message":"hi"}`, wantHeaders: map[string][]string{"Content-Type": {"application/json"}}},
		{name: "string payload",
			result:     lambdapool.Result{Payload: []byte(`"Hello from Lambda!"`)},
			wantStatus: 200, wantBody: `Hello from Lambda!`, wantHeaders: map[string][]string{"Content-Type": {"application/json"}}},
		{name: "array payload",
			result:     lambdapool.Result{Payload: []byte(`[1,2]`)},
			wantStatus: 200, wantBody: `[1,2]`},
		{name: "invalid JSON",
			result:     lambdapool.Result{Payload: []byte(`not json`)},
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "statusCode of wrong type",
			result:     lambdapool.Result{Payload: []byte(`{"statusCode":"200"}`)},
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "statusCode out of range",
			result:     lambdapool.Result{Payload: []byte(`{"statusCode":700}`)},
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "invalid base64 body",
			result:     lambdapool.Result{Payload: []byte(`{"statusCode":200,"body":"***","isBase64Encoded":true}`)},
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "function error",
			result:     lambdapool.Result{Error: "errorString", Payload: []byte(`{"errorMessage":"boom","errorType":"errorString"}`)},
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "function timeout",
			result:     lambdapool.Result{Error: "Sandbox.Timedout"},
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "invoke deadline",
			err:        fmt.Errorf("invoke weather: %w", context.DeadlineExceeded),
			wantStatus: 503, wantBody: `{"message":"Service Unavailable"}`},
		{name: "invoke failure",
			err:        errors.New("aws-lambda-rie exited"),
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server, _ := newTestServer(tt.result, tt.err)

			recorder := httptest.NewRecorder()
			server.ServeHTTP(recorder, httptest.NewRequest("GET", "/", nil))

			if recorder.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", recorder.Code, tt.wantStatus)
			}
			if got := recorder.Body.String(); got != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
			for name, want := range tt.wantHeaders {
				if got := recorder.Result().Header.Values(name); !slices.Equal(got, want) {
					t.Errorf("header %s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestRequestBodyLimit(t *testing.T) {
	tests := []struct {
		name       string
		size       int
		wantStatus int
		wantCalls  int
	}{
		{name: "at limit", size: MaxBodyBytes, wantStatus: 200, wantCalls: 1},
		{name: "over limit", size: MaxBodyBytes + 1, wantStatus: 413, wantCalls: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server, invoker := newTestServer(okResult, nil)
			r := httptest.NewRequest("POST", "/api/login", bytes.NewReader(bytes.Repeat([]byte("a"), tt.size)))
			r.Header.Set("Content-Type", "text/plain")

			recorder := httptest.NewRecorder()
			server.ServeHTTP(recorder, r)

			if recorder.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", recorder.Code, tt.wantStatus)
			}
			if invoker.calls() != tt.wantCalls {
				t.Errorf("invocations = %d, want %d", invoker.calls(), tt.wantCalls)
			}
			if tt.wantStatus == 413 {
				if got, want := recorder.Body.String(), `{"message":"Request Entity Too Large"}`; got != want {
					t.Errorf("body = %s, want %s", got, want)
				}
			}
		})
	}
}

func TestBodyLimitWithoutContentLength(t *testing.T) {
	server, invoker := newTestServer(okResult, nil)
	r := httptest.NewRequest("POST", "/api/login", io.MultiReader(bytes.NewReader(make([]byte, MaxBodyBytes)), strings.NewReader("x")))
	r.ContentLength = -1

	recorder := httptest.NewRecorder()
	server.ServeHTTP(recorder, r)

	if recorder.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", recorder.Code)
	}
	if invoker.calls() != 0 {
		t.Errorf("invocations = %d, want none", invoker.calls())
	}
}

func TestRequestIDHeader(t *testing.T) {
	server, invoker := newTestServer(okResult, nil)
	seen := map[string]bool{}

	for _, target := range []string{"/", "/", "/nowhere", "/api/welcome"} {
		recorder := httptest.NewRecorder()
		server.ServeHTTP(recorder, httptest.NewRequest("GET", target, nil))

		id := recorder.Header().Get("Apigw-Requestid")
		if len(id) != 16 {
			t.Errorf("%s: apigw-requestid = %q, want 16 characters", target, id)
		}
		if seen[id] {
			t.Errorf("%s: apigw-requestid %q repeats", target, id)
		}
		seen[id] = true
	}

	var event struct {
		RequestContext struct {
			RequestID string `json:"requestId"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(invoker.events[0], &event); err != nil {
		t.Fatalf("decode event: %v", err)
	}
	if !seen[event.RequestContext.RequestID] {
		t.Errorf("event requestId %q is not one of the response ids %v", event.RequestContext.RequestID, seen)
	}
}

func TestLogLine(t *testing.T) {
	var output bytes.Buffer
	server, _ := newTestServer(lambdapool.Result{Payload: okResult.Payload, ColdStart: true, Instance: 3}, nil)
	server.Logger = slog.New(slog.NewJSONHandler(&output, nil))
	r := httptest.NewRequest("GET", "/api/weather?city=Pune", nil)
	r.Header.Set("Authorization", "Bearer good-token")

	server.ServeHTTP(httptest.NewRecorder(), r)

	lines := strings.Split(strings.TrimSpace(output.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("log lines = %d, want 1: %s", len(lines), output.String())
	}
	var entry map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &entry); err != nil {
		t.Fatalf("log line is not JSON: %v", err)
	}
	want := map[string]any{
		"method": "GET", "path": "/api/weather", "status": float64(200), "function": "weather",
		"route": "GET /api/weather", "cold_start": true, "instance": float64(3),
	}
	for key, value := range want {
		if entry[key] != value {
			t.Errorf("log %s = %v, want %v", key, entry[key], value)
		}
	}
	if _, ok := entry["duration"]; !ok {
		t.Errorf("log line has no duration: %s", lines[0])
	}
	if strings.Contains(lines[0], "good-token") || strings.Contains(lines[0], "Pune") {
		t.Errorf("log line contains the token or the query: %s", lines[0])
	}
}
