package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/weather-portal/weather-portal/pkg/metric"
	"github.com/weather-portal/weather-portal/pkg/openweather"
	"github.com/weather-portal/weather-portal/pkg/weather"
)

// apiKeyParameter is the SSM parameter, relative to PARAM_PREFIX, that
// contains the OpenWeather API key.
const apiKeyParameter = "openweather/api-key"

// Names of the weather function's extra EMF counters, both in Count.
// UpstreamCalls counts requests sent to OpenWeather, and CacheHits counts
// reports and "city not found" responses served from the cache.
const (
	upstreamCallsMetric = "UpstreamCalls"
	cacheHitsMetric     = "CacheHits"
)

// errAPIKeyUnavailable wraps any failure to read the API key parameter. It
// is a deployment error, not an upstream one.
var errAPIKeyUnavailable = errors.New("OpenWeather API key parameter unavailable")

// ParameterGetter reads a configuration parameter by its name relative to
// the function's parameter prefix. pkg/param implements it with a TTL cache.
type ParameterGetter interface {
	Get(ctx context.Context, name string) (string, error)
}

// CurrentWeatherGetter calls OpenWeather's current weather endpoint.
// *openweather.Client implements it.
type CurrentWeatherGetter interface {
	Current(ctx context.Context, apiKey, city, units string) (*openweather.Current, error)
}

// Upstream fetches fresh reports from OpenWeather with the API key from
// Params. It implements weather.Fetcher.
type Upstream struct {
	Params ParameterGetter
	Client CurrentWeatherGetter
}

// Fetch reads the API key, calls OpenWeather and builds the report. Errors
// wrap errAPIKeyUnavailable or one of the openweather sentinel errors, and
// they never contain the key.
func (u *Upstream) Fetch(ctx context.Context, city string, units weather.Units) (weather.Report, error) {
	apiKey, err := u.Params.Get(ctx, apiKeyParameter)
	if err != nil {
		return weather.Report{}, fmt.Errorf("fetch weather for %q: %w: %w", city, errAPIKeyUnavailable, err)
	}

	metric.Add(ctx, upstreamCallsMetric, 1)
	current, err := u.Client.Current(ctx, apiKey, city, string(units))
	if err != nil {
		return weather.Report{}, fmt.Errorf("fetch weather for %q: %w", city, err)
	}
	return weather.NewReport(current, units), nil
}
