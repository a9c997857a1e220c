// Package localenv starts the local stand-ins that the functions use in
// place of AWS and OpenWeather. The SSM endpoint listens on loopback and keeps
// its parameters in a git-ignored JSON file, which the first start seeds with
// a signing key and a dev user. A fake OpenWeather server runs unless a real
// API key is given. The local stack and `osls invoke local` share this
// package, so both run the functions against the same parameters.
package localenv

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"

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

	servers Servers
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

	env := &Env{servers: Servers{Logger: opts.Logger}}
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
	if env.SSMURL, err = env.servers.ServeLoopback(server); err != nil {
		return nil, fmt.Errorf("start local SSM: %w", err)
	}

	env.OpenWeatherURL = RealOpenWeatherURL
	env.SampleData = opts.OpenWeatherKey == ""
	if env.SampleData {
		fake, err := owfake.New(owfake.Config{APIKey: sampleAPIKey})
		if err != nil {
			return nil, fmt.Errorf("start fake OpenWeather: %w", err)
		}
		if env.OpenWeatherURL, err = env.servers.ServeLoopback(fake); err != nil {
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

// Close stops the stand-in servers, waiting up to five seconds for requests
// in flight.
func (e *Env) Close() error {
	return e.servers.Shutdown()
}
