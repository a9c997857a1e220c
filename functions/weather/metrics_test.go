package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/metric"
	"github.com/weather-portal/weather-portal/pkg/openweather"
	"github.com/weather-portal/weather-portal/pkg/weather"
)

func TestHandleCountsUpstreamCallsAndCacheHits(t *testing.T) {
	fake := newFakeOpenWeather(t, map[string]reply{
		"Bengaluru": {status: 200, contentType: "application/json", body: readTestdata(t, "current_bengaluru_metric.json")},
		"Mumbai":    {status: 500, contentType: "application/json", body: `{"cod":500}`},
	})
	client, err := openweather.New(openweather.Config{BaseURL: fake.server.URL, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	handler := &Handler{Reports: weather.NewCache(&Upstream{Params: fakeParams{apiKeyParameter: testAPIKey}, Client: client}, weather.CacheConfig{})}

	var metrics bytes.Buffer
	emitter, err := metric.NewEmitter(&metrics, "weather-portal-dev-weather", upstreamCallsMetric, cacheHitsMetric)
	if err != nil {
		t.Fatal(err)
	}
	middleware := &logging.Middleware{Logger: logging.New(&bytes.Buffer{}, slog.LevelError, "weather"), Metrics: emitter}
	handle := middleware.Wrap(handler.Handle)

	tests := []struct {
		query             string
		wantUpstreamCalls float64
		wantCacheHits     float64
	}{
		{"city=Bengaluru", 1, 0},
		{"city=bengaluru", 0, 1},
		{"city=Atlantis", 1, 0},
		{"city=atlantis", 0, 1},
		{"city=Mumbai", 1, 0},
		{"city=Mumbai", 1, 0},
		{"city=", 0, 0},
	}
	// The cases run in order, because each one depends on the cache that the
	// earlier ones filled.
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			metrics.Reset()

			if _, err := handle(context.Background(), withQuery(t, loadEvent(t, "get-weather.json"), tt.query)); err != nil {
				t.Fatalf("error = %v, want nil", err)
			}

			var line map[string]any
			if err := json.Unmarshal([]byte(strings.TrimSpace(metrics.String())), &line); err != nil {
				t.Fatalf("metric line %q is not JSON: %v", metrics.String(), err)
			}
			if got := line["UpstreamCalls"]; got != tt.wantUpstreamCalls {
				t.Errorf("UpstreamCalls = %v, want %v", got, tt.wantUpstreamCalls)
			}
			if got := line["CacheHits"]; got != tt.wantCacheHits {
				t.Errorf("CacheHits = %v, want %v", got, tt.wantCacheHits)
			}
		})
	}
}
