// Command login is the Lambda function behind POST /api/login and the OpenID
// discovery documents. It checks credentials against users in SSM and signs
// RS256 access tokens with the active key under auth/signing-keys.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/weather-portal/weather-portal/pkg/envconfig"
	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/metric"
	"github.com/weather-portal/weather-portal/pkg/param"
	"github.com/weather-portal/weather-portal/pkg/token"
)

func main() {
	if err := run(context.Background()); err != nil {
		slog.Error("login: startup failed", "error", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	logger, err := logging.NewFromEnv("login")
	if err != nil {
		return err
	}
	metrics, err := metric.NewEmitterFromEnv("login")
	if err != nil {
		return err
	}

	prefix, err := envconfig.Required("PARAM_PREFIX")
	if err != nil {
		return err
	}
	audience, err := envconfig.Required("TOKEN_AUDIENCE")
	if err != nil {
		return err
	}
	lifetime, err := envconfig.Duration("TOKEN_LIFETIME", token.DefaultLifetime)
	if err != nil {
		return err
	}
	paramTTL, err := envconfig.Duration("PARAM_CACHE_TTL", param.DefaultTTL)
	if err != nil {
		return err
	}

	client, err := param.LoadSSMClient(ctx)
	if err != nil {
		return fmt.Errorf("load SSM client: %w", err)
	}

	handler := &Handler{
		Params: param.New(client, prefix, param.WithTTL(paramTTL)),
		Issuer: token.Issuer{
			URL:      envconfig.String("TOKEN_ISSUER", ""),
			Audience: audience,
			Lifetime: lifetime,
		},
		Scopes: envconfig.List("TOKEN_SCOPES", []string{"weather:read"}),
	}

	logger.Info("starting", "param_prefix", prefix, "issuer", handler.Issuer.URL, "audience", audience, "token_lifetime", lifetime.String())
	middleware := &logging.Middleware{Logger: logger, Metrics: metrics}
	lambda.Start(middleware.Wrap(handler.Handle))
	return nil
}
