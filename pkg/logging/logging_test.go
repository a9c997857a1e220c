package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/metric"
	"github.com/weather-portal/weather-portal/pkg/problem"
)

func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line %q is not JSON: %v", line, err)
		}
		lines = append(lines, entry)
	}
	return lines
}

func TestMiddlewareLogsColdStartOnce(t *testing.T) {
	var buf bytes.Buffer
	m := &Middleware{Logger: New(&buf, slog.LevelInfo, "welcome")}
	handler := m.Wrap(func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return apigw.JSON(200, "ok"), nil
	})

	req := events.APIGatewayV2HTTPRequest{RouteKey: "GET /api/welcome", RawPath: "/api/welcome"}
	req.RequestContext.RequestID = "req-1"
	for range 2 {
		if _, err := handler(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}

	lines := logLines(t, &buf)
	if len(lines) != 2 {
		t.Fatalf("got %d log lines, want 2", len(lines))
	}
	if lines[0]["cold_start"] != true || lines[1]["cold_start"] != false {
		t.Errorf("cold_start = %v then %v, want true then false", lines[0]["cold_start"], lines[1]["cold_start"])
	}
	for _, line := range lines {
		if line["function"] != "welcome" || line["request_id"] != "req-1" || line["status"] != float64(200) {
			t.Errorf("log line %v lacks function, request id or status", line)
		}
	}
}

func TestMiddlewareRecoversPanic(t *testing.T) {
	var buf bytes.Buffer
	m := &Middleware{Logger: New(&buf, slog.LevelInfo, "pages")}
	handler := m.Wrap(func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		panic("index out of range")
	})

	resp, err := handler(context.Background(), events.APIGatewayV2HTTPRequest{})
	if err != nil {
		t.Fatalf("error = %v, want nil", err)
	}
	if resp.StatusCode != 500 || resp.Headers["Content-Type"] != apigw.ContentTypeProblem {
		t.Errorf("response = %d %q, want 500 problem+json", resp.StatusCode, resp.Headers["Content-Type"])
	}
	if strings.Contains(resp.Body, "index out of range") {
		t.Errorf("body %s reveals the panic", resp.Body)
	}
	if !strings.Contains(buf.String(), "handler panicked") {
		t.Errorf("log %s lacks the panic", buf.String())
	}
}

func TestMiddlewareMapsErrors(t *testing.T) {
	tests := []struct {
		err       error
		wantCode  int
		wantLevel string
	}{
		{problem.Errorf(problem.Invalid, "city is required"), 400, "INFO"},
		{errors.New("SSM timeout"), 500, "ERROR"},
	}

	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			var buf bytes.Buffer
			m := &Middleware{Logger: New(&buf, slog.LevelInfo, "weather")}
			handler := m.Wrap(func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
				return events.APIGatewayV2HTTPResponse{}, tt.err
			})

			resp, err := handler(context.Background(), events.APIGatewayV2HTTPRequest{})
			if err != nil {
				t.Fatalf("error = %v, want nil", err)
			}
			if resp.StatusCode != tt.wantCode {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantCode)
			}
			if got := logLines(t, &buf)[0]["level"]; got != tt.wantLevel {
				t.Errorf("first log level = %v, want %v", got, tt.wantLevel)
			}
		})
	}
}

func TestMiddlewareEmitsMetrics(t *testing.T) {
	tests := []struct {
		name    string
		handler Handler
		want    map[string]any
	}{
		{
			name: "ok with counter",
			handler: func(ctx context.Context, _ events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
				metric.Add(ctx, "UpstreamCalls", 1)
				return apigw.JSON(200, "ok"), nil
			},
			want: map[string]any{"Requests": 1.0, "Errors4xx": 0.0, "Errors5xx": 0.0, "ColdStart": 1.0, "Latency": 250.0, "UpstreamCalls": 1.0},
		},
		{
			name: "problem",
			handler: func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
				return events.APIGatewayV2HTTPResponse{}, problem.Errorf(problem.Invalid, "city is required")
			},
			want: map[string]any{"Requests": 1.0, "Errors4xx": 1.0, "Errors5xx": 0.0, "UpstreamCalls": 0.0},
		},
		{
			name: "panic",
			handler: func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
				panic("nil map")
			},
			want: map[string]any{"Requests": 1.0, "Errors4xx": 0.0, "Errors5xx": 1.0},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs, metrics bytes.Buffer
			emitter, err := metric.NewEmitter(&metrics, "weather-portal-dev-weather", "UpstreamCalls")
			if err != nil {
				t.Fatal(err)
			}
			start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
			clock := []time.Time{start, start.Add(250 * time.Millisecond)}
			m := &Middleware{
				Logger:  New(&logs, slog.LevelWarn, "weather"),
				Metrics: emitter,
				Now: func() time.Time {
					next := clock[0]
					clock = clock[1:]
					return next
				},
			}

			if _, err := m.Wrap(tt.handler)(context.Background(), events.APIGatewayV2HTTPRequest{}); err != nil {
				t.Fatalf("error = %v, want nil", err)
			}

			lines := logLines(t, &metrics)
			if len(lines) != 1 {
				t.Fatalf("got %d metric lines, want 1", len(lines))
			}
			line := lines[0]
			if line["FunctionName"] != "weather-portal-dev-weather" {
				t.Errorf("FunctionName = %v, want weather-portal-dev-weather", line["FunctionName"])
			}
			if got := line["_aws"].(map[string]any)["Timestamp"]; got != float64(start.UnixMilli()) {
				t.Errorf("Timestamp = %v, want %d", got, start.UnixMilli())
			}
			for name, want := range tt.want {
				if line[name] != want {
					t.Errorf("%s = %v, want %v", name, line[name], want)
				}
			}
		})
	}
}

func TestParseLevel(t *testing.T) {
	for text, want := range map[string]slog.Level{"": slog.LevelInfo, "debug": slog.LevelDebug, "WARN": slog.LevelWarn, "error": slog.LevelError} {
		got, err := ParseLevel(text)
		if err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", text, got, err, want)
		}
	}
	if _, err := ParseLevel("loud"); err == nil {
		t.Error("ParseLevel(loud) succeeded, want an error")
	}
}
