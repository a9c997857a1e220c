// Command weather is the Lambda function behind GET /api/weather. It reads
// the OpenWeather API key from SSM, calls OpenWeather's current weather
// endpoint and caches reports per city and units in the execution
// environment.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/weather-portal/weather-portal/pkg/envconfig"
	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/metric"
	"github.com/weather-portal/weather-portal/pkg/openweather"
	"github.com/weather-portal/weather-portal/pkg/param"
	"github.com/weather-portal/weather-portal/pkg/trace"
	"github.com/weather-portal/weather-portal/pkg/weather"
)

func main() {
	if err := run(context.Background()); err != nil {
		slog.Error("weather: startup failed", "error", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	logger, err := logging.NewFromEnv("weather")
	if err != nil {
		return err
	}
	metrics, err := metric.NewEmitterFromEnv("weather", upstreamCallsMetric, cacheHitsMetric)
	if err != nil {
		return err
	}

	prefix, err := envconfig.Required("PARAM_PREFIX")
	if err != nil {
		return err
	}
	baseURL := envconfig.String("OPENWEATHER_BASE_URL", openweather.DefaultBaseURL)
	cacheTTL, err := envconfig.Duration("WEATHER_CACHE_TTL", weather.DefaultCacheTTL)
	if err != nil {
		return err
	}
	upstreamTimeout, err := envconfig.Duration("UPSTREAM_TIMEOUT", openweather.DefaultTimeout)
	if err != nil {
		return err
	}
	sample, err := envconfig.Bool("WEATHER_SAMPLE_DATA", false)
	if err != nil {
		return err
	}
	paramTTL, err := envconfig.Duration("PARAM_CACHE_TTL", param.DefaultTTL)
	if err != nil {
		return err
	}

	ssmClient, err := param.LoadSSMClient(ctx)
	if err != nil {
		return fmt.Errorf("load SSM client: %w", err)
	}

	client, err := openweather.New(openweather.Config{
		BaseURL:    baseURL,
		HTTPClient: trace.HTTPClient(&http.Client{}),
		Timeout:    upstreamTimeout,
	})
	if err != nil {
		return err
	}

	upstream := &Upstream{Params: param.New(ssmClient, prefix, param.WithTTL(paramTTL)), Client: client}
	handler := &Handler{
		Reports: weather.NewCache(upstream, weather.CacheConfig{TTL: cacheTTL}),
		Sample:  sample,
	}

	logger.Info("starting",
		"param_prefix", prefix,
		"openweather_base_url", baseURL,
		"cache_ttl", cacheTTL.String(),
		"upstream_timeout", upstreamTimeout.String(),
		"sample_data", sample,
	)
	middleware := &logging.Middleware{Logger: logger, Metrics: metrics}
	lambda.Start(middleware.Wrap(handler.Handle))
	return nil
}
