package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/weather-portal/weather-portal/pkg/openweather"
	"github.com/weather-portal/weather-portal/pkg/weather"
)

// BenchmarkWeatherRequest compares a request served from the report cache
// with one that goes to OpenWeather (an httptest server on loopback), which
// is what every browser's 10-second refresh would cost without the cache.
func BenchmarkWeatherRequest(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "current_bengaluru_metric.json"))
	if err != nil {
		b.Fatal(err)
	}
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	}))
	defer upstream.Close()

	client, err := openweather.New(openweather.Config{BaseURL: upstream.URL, Timeout: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	fetcher := &Upstream{Params: fakeParams{"openweather/api-key": testAPIKey}, Client: client}
	req := loadEvent(b, "get-weather.json")

	cases := map[string]time.Duration{
		"cached":   time.Hour,
		"upstream": time.Nanosecond, // every entry has expired by the next request
	}
	for name, ttl := range cases {
		b.Run(name, func(b *testing.B) {
			handler := &Handler{Reports: weather.NewCache(fetcher, weather.CacheConfig{TTL: ttl})}

			for b.Loop() {
				resp, err := handler.Handle(context.Background(), req)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("Handle = %d, %v; want 200", resp.StatusCode, err)
				}
			}
		})
	}
}
