package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/weather-portal/weather-portal/tools/internal/httpapi"
	"github.com/weather-portal/weather-portal/tools/internal/jwtauth"
	"github.com/weather-portal/weather-portal/tools/internal/lambdapool"
	"github.com/weather-portal/weather-portal/tools/internal/localenv"
	"github.com/weather-portal/weather-portal/tools/internal/slsconfig"
)

// Config holds the settings of the local stack.
type Config struct {
	Addr           string // listen address of the HTTP API
	Dir            string // repository root
	StateDir       string // SSM file and builds; default Dir/.local
	Stage          string // serverless stage to resolve settings for
	MaxInstances   int    // emulator instances per function
	DevPassword    string // password for the dev user on first run; random when empty
	OpenWeatherKey string // real OpenWeather key; empty means the fake server
	ReadyFile      string // path of the ready document; empty means none is written
	Logs           io.Writer
}

// Stack is a running local stack. Close stops it.
type Stack struct {
	// URL is the base URL of the local HTTP API, such as http://127.0.0.1:3000.
	URL string

	servers localenv.Servers
	pools   map[string]*lambdapool.Pool
	env     *localenv.Env
}

// Start builds the functions, starts the stand-ins and serves the HTTP API.
// On error, everything already started is stopped.
func Start(ctx context.Context, config Config, logger *slog.Logger) (_ *Stack, err error) {
	config, err = config.withDefaults()
	if err != nil {
		return nil, err
	}

	stack := &Stack{servers: localenv.Servers{Logger: logger}, pools: map[string]*lambdapool.Pool{}}
	defer func() {
		if err != nil {
			_ = stack.Close()
		}
	}()

	service, err := slsconfig.Load(ctx, config.Dir, config.Stage)
	if err != nil {
		return nil, err
	}

	builds, err := localenv.BuildAll(ctx, config.Dir, filepath.Join(config.StateDir, "build"), service.Functions, logger)
	if err != nil {
		return nil, err
	}

	listener, err := net.Listen("tcp", config.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (set -addr or DEVSTACK_ADDR to use another port)", config.Addr, err)
	}
	stack.URL = "http://" + listener.Addr().String()

	stack.env, err = localenv.Start(ctx, localenv.Options{
		StateDir:       config.StateDir,
		Stage:          service.Stage,
		DevPassword:    config.DevPassword,
		OpenWeatherKey: config.OpenWeatherKey,
		Logger:         logger,
	})
	if err != nil {
		listener.Close()
		return nil, err
	}
	if created := stack.env.Created; created.Password != "" {
		fmt.Fprintf(config.Logs, "\nCreated the local user %q with password %q.\n"+
			"It is shown only this once; SSM stores a bcrypt hash in %s.\n"+
			"Set DEV_PASSWORD on the first run to choose it, or delete that file to start over.\n\n",
			created.Username, created.Password, stack.env.SSMFile)
	}

	overrides := stack.env.FunctionEnv(service.Region)
	overrides["TOKEN_ISSUER"] = stack.URL

	invoker := poolInvoker{}
	for _, fn := range service.Functions {
		env := map[string]string{}
		for key, value := range fn.Environment {
			env[key] = value
		}
		for key, value := range overrides {
			env[key] = value
		}

		pool := lambdapool.NewPool(builds.RIE, lambdapool.Function{
			Name:         fn.Name,
			Bootstrap:    builds.Bootstraps[fn.Name],
			Env:          env,
			Timeout:      fn.Timeout,
			MemoryMB:     fn.MemoryMB,
			MaxInstances: config.MaxInstances,
		}, config.Logs)
		stack.pools[fn.Name] = pool
		invoker[fn.Name] = pool
	}

	authorizers := map[string]httpapi.Authorizer{}
	for name, auth := range service.Authorizers {
		authorizers[name] = &jwtauth.Authorizer{
			Issuer:    stack.URL,
			Audiences: auth.Audience,
			Client:    &http.Client{Timeout: 10 * time.Second},
		}
	}

	routes := make([]httpapi.Route, 0, len(service.Routes))
	for _, route := range service.Routes {
		routes = append(routes, httpapi.Route{
			Method:     route.Method,
			Path:       route.Path,
			Function:   route.Function,
			Authorizer: route.Authorizer,
			Scopes:     route.Scopes,
		})
	}

	api := &httpapi.Server{
		Routes:      routes,
		Invoker:     invoker,
		Authorizers: authorizers,
		Logger:      logger,
		Stage:       "$default",
	}
	stack.servers.Serve(listener, api)

	logger.Info("local stack ready",
		"url", stack.URL,
		"stage", service.Stage,
		"functions", len(service.Functions),
		"routes", len(routes),
		"openweather", openWeatherDescription(stack.env.SampleData),
		"ssm_url", stack.env.SSMURL,
		"ssm_file", stack.env.SSMFile,
	)
	if config.ReadyFile != "" {
		if err := writeReadyFile(config.ReadyFile, Ready{URL: stack.URL, SSMURL: stack.env.SSMURL, SampleData: stack.env.SampleData}); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(config.Logs, "weather-portal is running at %s (press Ctrl-C to stop)\n", stack.URL)
	return stack, nil
}

func openWeatherDescription(sample bool) string {
	if sample {
		return "fake server with sample data (set OPENWEATHER_API_KEY for real data)"
	}
	return localenv.RealOpenWeatherURL
}

func (c Config) withDefaults() (Config, error) {
	dir, err := filepath.Abs(c.Dir)
	if err != nil {
		return Config{}, fmt.Errorf("resolve %s: %w", c.Dir, err)
	}
	c.Dir = dir

	if c.StateDir == "" {
		c.StateDir = filepath.Join(c.Dir, ".local")
	}
	if c.StateDir, err = filepath.Abs(c.StateDir); err != nil {
		return Config{}, fmt.Errorf("resolve %s: %w", c.StateDir, err)
	}
	if err := os.MkdirAll(c.StateDir, 0o700); err != nil {
		return Config{}, fmt.Errorf("create state directory: %w", err)
	}
	if c.Stage == "" {
		c.Stage = "dev"
	}
	if c.MaxInstances <= 0 {
		c.MaxInstances = 4
	}
	if c.Logs == nil {
		c.Logs = os.Stderr
	}
	return c, nil
}

// Close stops the HTTP servers, waiting up to five seconds for requests in
// flight, then stops every emulator instance and its function process.
func (s *Stack) Close() error {
	var errs []error
	if err := s.servers.Shutdown(); err != nil {
		errs = append(errs, err)
	}
	for name, pool := range s.pools {
		if err := pool.Close(); err != nil {
			errs = append(errs, fmt.Errorf("stop %s: %w", name, err))
		}
	}
	if s.env != nil {
		if err := s.env.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// poolInvoker routes invocations to each function's pool.
type poolInvoker map[string]*lambdapool.Pool

func (p poolInvoker) Invoke(ctx context.Context, function string, event []byte) (lambdapool.Result, error) {
	pool, ok := p[function]
	if !ok {
		return lambdapool.Result{}, fmt.Errorf("no function named %q", function)
	}
	return pool.Invoke(ctx, event)
}

// Ready is the document that -ready-file receives, for tests and scripts
// that start the stack on a free port.
type Ready struct {
	URL        string `json:"url"`
	SSMURL     string `json:"ssm_url"`
	SampleData bool   `json:"sample_data"`
}

func writeReadyFile(path string, ready Ready) error {
	data, err := json.Marshal(ready)
	if err != nil {
		return fmt.Errorf("write ready file: %w", err)
	}
	temp := path + ".tmp"
	if err := os.WriteFile(temp, data, 0o600); err != nil {
		return fmt.Errorf("write ready file: %w", err)
	}
	if err := os.Rename(temp, path); err != nil {
		return fmt.Errorf("write ready file: %w", err)
	}
	return nil
}
