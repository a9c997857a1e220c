// Command pages is the Lambda function behind the UI routes: the HTML pages,
// /static/ assets, /favicon.ico and /health. It serves the files that the
// static package embeds and needs no configuration besides LOG_LEVEL.
package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/metric"
	"github.com/weather-portal/weather-portal/static"
)

func main() {
	if err := run(); err != nil {
		slog.Error("pages: startup failed", "error", err)
		os.Exit(1)
	}
}

func run() error {
	logger, err := logging.NewFromEnv("pages")
	if err != nil {
		return err
	}
	metrics, err := metric.NewEmitterFromEnv("pages")
	if err != nil {
		return err
	}

	assets, err := static.Default()
	if err != nil {
		return fmt.Errorf("load embedded assets: %w", err)
	}

	handler := &Handler{Assets: assets}

	logger.Info("starting", "asset_version", assets.Version(), "assets", len(assets.Names()))
	middleware := &logging.Middleware{Logger: logger, Metrics: metrics}
	lambda.Start(middleware.Wrap(handler.Handle))
	return nil
}
