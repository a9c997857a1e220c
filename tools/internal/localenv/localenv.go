// Package localenv starts the local stand-ins that the functions use in
// place of AWS and OpenWeather. The SSM endpoint listens on loopback and keeps
// its parameters in a git-ignored JSON file, which the first start seeds with
// a signing key and a dev user. A fake OpenWeather server runs unless a real
// API key is given. The local stack and `osls invoke local` share this
// package, so both run the functions against the same parameters.
package localenv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/weather-portal/weather-portal/tools/internal/owfake"
	"github.com/weather-portal/weather-portal/tools/internal/ssmlocal"
)

// RealOpenWeatherURL is the OpenWeather base URL used when a key is given.
const RealOpenWeatherURL = "https://api.openweathermap.org"

// Options configures the stand-ins.
type Options struct {
	// StateDir holds the SSM file ssm-<stage>.json; it is created with mode
	// 0700 if missing.
	StateDir string
	// Stage selects the parameter prefix /weather-portal/<stage>.
	Stage string
	// DevPassword is the dev user's password on first use; empty means a
	// random one, reported in Env.Created.
	DevPassword string
	// OpenWeatherKey is a real OpenWeather API key; empty means the fake.
	OpenWeatherKey string
	Logger         *slog.Logger
}

// Env is a running set of stand-ins. Close stops them.
type Env struct {
	SSMURL         string
	SSMFile        string
	OpenWeatherURL string
	// SampleData is true when OpenWeather is the fake server.
	SampleData bool
	// Created is the user created on this start, if any, with the password
	// when it was generated.
	Created Seeded

	servers []*http.Server
	wg      sync.WaitGroup
	logger  *slog.Logger
}

// Start serves the SSM endpoint and, without a key, the fake OpenWeather
// server on free loopback ports, then seeds the parameters the functions
// need.
func Start(ctx context.Context, opts Options) (_ *Env, err error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := os.MkdirAll(opts.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("create state directory: %w", err)
	}

	env := &Env{logger: opts.Logger}
	defer func() {
		if err != nil {
			_ = env.Close()
		}
	}()

	env.SSMFile = filepath.Join(opts.StateDir, "ssm-"+opts.Stage+".json")
	server, err := ssmlocal.New(ssmlocal.Options{Path: env.SSMFile})
	if err != nil {
		return nil, fmt.Errorf("start local SSM: %w", err)
	}
	if env.SSMURL, err = env.serve(server); err != nil {
		return nil, fmt.Errorf("start local SSM: %w", err)
	}

	env.OpenWeatherURL = RealOpenWeatherURL
	env.SampleData = opts.OpenWeatherKey == ""
	if env.SampleData {
		fake, err := owfake.New(owfake.Config{APIKey: sampleAPIKey})
		if err != nil {
			return nil, fmt.Errorf("start fake OpenWeather: %w", err)
		}
		if env.OpenWeatherURL, err = env.serve(fake); err != nil {
			return nil, fmt.Errorf("start fake OpenWeather: %w", err)
		}
	}

	env.Created, err = seed(ctx, env.SSMURL, Prefix(opts.Stage), opts)
	if err != nil {
		return nil, err
	}
	return env, nil
}

// Prefix returns the SSM parameter prefix of stage.
func Prefix(stage string) string {
	return "/weather-portal/" + stage
}

// FunctionEnv returns the variables that point a function at the stand-ins:
// region and placeholder credentials, the SSM endpoint, the OpenWeather base
// URL and the sample-data flag, with X-Ray recording off.
func (e *Env) FunctionEnv(region string) map[string]string {
	return map[string]string{
		"AWS_REGION":            region,
		"AWS_DEFAULT_REGION":    region,
		"AWS_ACCESS_KEY_ID":     "local",
		"AWS_SECRET_ACCESS_KEY": "local",
		"AWS_ENDPOINT_URL_SSM":  e.SSMURL,
		"AWS_XRAY_SDK_DISABLED": "true",
		"OPENWEATHER_BASE_URL":  e.OpenWeatherURL,
		"WEATHER_SAMPLE_DATA":   strconv.FormatBool(e.SampleData),
	}
}

func (e *Env) serve(handler http.Handler) (string, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	e.servers = append(e.servers, server)

	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		if err := server.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.logger.Error("stand-in server stopped", "addr", listener.Addr().String(), "error", err)
		}
	}()
	return "http://" + listener.Addr().String(), nil
}

// Close stops the servers, waiting up to five seconds for requests in
// flight.
func (e *Env) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	var errs []error
	for _, server := range e.servers {
		if err := server.Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	e.wg.Wait()
	return errors.Join(errs...)
}
