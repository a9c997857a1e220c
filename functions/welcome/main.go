// Command welcome is the Lambda function behind GET /api/welcome. It reads no
// parameters: the user's name comes from the claims that API Gateway's JWT
// authorizer verified.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/metric"
)

func main() {
	if err := run(); err != nil {
		slog.Error("welcome: startup failed", "error", err)
		os.Exit(1)
	}
}

func run() error {
	logger, err := logging.NewFromEnv("welcome")
	if err != nil {
		return err
	}
	metrics, err := metric.NewEmitterFromEnv("welcome")
	if err != nil {
		return err
	}

	middleware := &logging.Middleware{Logger: logger, Metrics: metrics}
	lambda.Start(middleware.Wrap(Handle))
	return nil
}
