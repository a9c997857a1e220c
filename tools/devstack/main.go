// Command devstack runs weather-portal on this machine with no AWS account
// and no Docker. Every function runs as its real compiled binary under the
// AWS Lambda Runtime Interface Emulator, behind a local HTTP API whose routes
// and JWT authorizer come from serverless.yml. A local SSM endpoint replaces
// Parameter Store and, when OPENWEATHER_API_KEY is unset, a fake server
// replaces OpenWeather.
//
// Usage:
//
//	go run ./tools/devstack [-addr 127.0.0.1:3000] [-state .local] [-dir .]
//
// It stops cleanly on SIGINT or SIGTERM and leaves no child process behind.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "devstack:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	config, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	stack, err := Start(ctx, config, logger)
	if err != nil {
		return err
	}

	<-ctx.Done()
	logger.Info("stopping")
	if err := stack.Close(); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	logger.Info("stopped")
	return nil
}

func parseFlags(args []string) (Config, error) {
	flags := flag.NewFlagSet("devstack", flag.ContinueOnError)
	config := Config{}
	flags.StringVar(&config.Addr, "addr", envOr("DEVSTACK_ADDR", "127.0.0.1:3000"), "`host:port` of the local HTTP API; port 0 picks a free port")
	flags.StringVar(&config.Dir, "dir", ".", "repository `directory` holding serverless.yml and functions/")
	flags.StringVar(&config.StateDir, "state", "", "`directory` for the local SSM file and builds (default DIR/.local)")
	flags.StringVar(&config.Stage, "stage", "dev", "Serverless `stage` whose settings and parameters the functions get; osls commands default to dev too")
	flags.StringVar(&config.ReadyFile, "ready-file", "", "`path` to write a JSON object with the API and SSM URLs to once the stack serves requests")
	flags.IntVar(&config.MaxInstances, "max-instances", 4, "emulator instances per function, the local concurrency limit")
	if err := flags.Parse(args); err != nil {
		return Config{}, err
	}
	if flags.NArg() > 0 {
		return Config{}, errors.New("unexpected arguments: " + fmt.Sprint(flags.Args()))
	}

	config.DevPassword = os.Getenv("DEV_PASSWORD")
	config.OpenWeatherKey = os.Getenv("OPENWEATHER_API_KEY")
	return config, nil
}

func envOr(name, def string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return def
}
