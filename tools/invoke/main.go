// Command invoke runs one function's real compiled binary once under the
// AWS Lambda Runtime Interface Emulator, against the same local SSM endpoint
// and OpenWeather stand-in as the local stack, and prints its response. The
// project's Serverless plugin runs it for `osls invoke local`, so Go
// functions on provided.al2023 need no Docker.
//
// Usage:
//
//	go run ./tools/invoke -function weather -event-file events/weather.json [-env KEY=VALUE]...
//
// The response goes to stdout as indented JSON, the function's logs to
// stderr. The exit status is 1 when the function returns an error, crashes
// or times out.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/weather-portal/weather-portal/tools/internal/lambdapool"
	"github.com/weather-portal/weather-portal/tools/internal/localenv"
	"github.com/weather-portal/weather-portal/tools/internal/slsconfig"
)

// errFunctionFailed marks a function error, as opposed to a failure to run
// the function at all; both exit with status 1.
var errFunctionFailed = errors.New("function failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()

	if err != nil {
		if !errors.Is(err, errFunctionFailed) {
			fmt.Fprintln(os.Stderr, "invoke:", err)
		}
		os.Exit(1)
	}
}

// options are the command-line settings.
type options struct {
	dir         string
	stateDir    string
	function    string
	stage       string
	region      string
	timeout     time.Duration
	memoryMB    int
	envFile     string
	eventFile   string
	contextFile string
	overrides   envFlag
}

// envFlag collects repeated -env KEY=VALUE flags.
type envFlag map[string]string

func (e envFlag) String() string { return fmt.Sprint(map[string]string(e)) }

func (e envFlag) Set(text string) error {
	key, value, ok := strings.Cut(text, "=")
	if !ok || key == "" {
		return fmt.Errorf("environment override %q is not KEY=VALUE", text)
	}
	e[key] = value
	return nil
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	opts := options{overrides: envFlag{}}
	flags := flag.NewFlagSet("invoke", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.StringVar(&opts.dir, "dir", ".", "repository `directory` holding functions/")
	flags.StringVar(&opts.stateDir, "state", os.Getenv("LOCAL_STATE_DIR"), "`directory` of the local SSM file and builds (default DIR/.local, or $LOCAL_STATE_DIR)")
	flags.StringVar(&opts.function, "function", "", "`name` of the function to run (required)")
	flags.StringVar(&opts.stage, "stage", "dev", "Serverless `stage`; selects the parameters /weather-portal/STAGE")
	flags.StringVar(&opts.region, "region", "eu-west-1", "AWS `region` the function sees")
	flags.DurationVar(&opts.timeout, "timeout", 10*time.Second, "Lambda `timeout` of the function")
	flags.IntVar(&opts.memoryMB, "memory", 256, "memory size in `MB` the function sees")
	flags.StringVar(&opts.envFile, "env-file", "", "`path` of a JSON object of the function's environment from serverless.yml")
	flags.StringVar(&opts.eventFile, "event-file", "", "`path` of the event JSON; - reads stdin (default: the empty object)")
	flags.StringVar(&opts.contextFile, "context-file", "", "`path` of a client context JSON object")
	flags.Var(opts.overrides, "env", "`KEY=VALUE` environment override, applied last; repeatable")
	if err := flags.Parse(args); err != nil {
		return options{}, err
	}

	if opts.function == "" {
		return options{}, errors.New("-function is required")
	}
	if flags.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments %q", flags.Args())
	}
	return opts, nil
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}

	event, err := readJSON(opts.eventFile, stdin, "{}")
	if err != nil {
		return fmt.Errorf("read event: %w", err)
	}
	configured, err := readEnvironment(opts.envFile)
	if err != nil {
		return err
	}

	dir, err := filepath.Abs(opts.dir)
	if err != nil {
		return fmt.Errorf("resolve %s: %w", opts.dir, err)
	}
	if opts.stateDir == "" {
		opts.stateDir = filepath.Join(dir, ".local")
	}

	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	builds, err := localenv.BuildAll(ctx, dir, filepath.Join(opts.stateDir, "build"), []slsconfig.Function{{Name: opts.function}}, logger)
	if err != nil {
		return err
	}

	env, err := localenv.Start(ctx, localenv.Options{
		StateDir:       opts.stateDir,
		Stage:          opts.stage,
		DevPassword:    os.Getenv("DEV_PASSWORD"),
		OpenWeatherKey: os.Getenv("OPENWEATHER_API_KEY"),
		Logger:         logger,
	})
	if err != nil {
		return err
	}
	defer env.Close()
	if created := env.Created; created.Password != "" {
		fmt.Fprintf(stderr, "Created the local user %q with password %q (shown only this once).\n", created.Username, created.Password)
	}

	functionEnv := map[string]string{"PARAM_PREFIX": localenv.Prefix(opts.stage)}
	for _, layer := range []map[string]string{configured, env.FunctionEnv(opts.region), opts.overrides} {
		for key, value := range layer {
			functionEnv[key] = value
		}
	}

	pool := lambdapool.NewPool(builds.RIE, lambdapool.Function{
		Name:         opts.function,
		Bootstrap:    builds.Bootstraps[opts.function],
		Env:          functionEnv,
		Timeout:      opts.timeout,
		MemoryMB:     opts.memoryMB,
		MaxInstances: 1,
	}, stderr)
	defer pool.Close()

	if opts.contextFile != "" {
		clientContext, err := readJSON(opts.contextFile, stdin, "")
		if err != nil {
			return fmt.Errorf("read client context: %w", err)
		}
		ctx = lambdapool.WithClientContext(ctx, clientContext)
	}

	result, err := pool.Invoke(ctx, event)
	if err != nil {
		return err
	}
	if err := printJSON(stdout, result.Payload); err != nil {
		return err
	}
	if result.Error != "" {
		fmt.Fprintf(stderr, "invoke: function %s failed: %s\n", opts.function, result.Error)
		return errFunctionFailed
	}
	return nil
}

// readJSON reads a JSON document from path, or from stdin when path is "-".
// An empty path returns fallback.
func readJSON(path string, stdin io.Reader, fallback string) ([]byte, error) {
	var data []byte
	var err error

	switch path {
	case "":
		return []byte(fallback), nil
	case "-":
		data, err = io.ReadAll(stdin)
	default:
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	if !json.Valid(data) {
		return nil, fmt.Errorf("%s is not valid JSON", displayName(path))
	}
	return data, nil
}

func displayName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// readEnvironment reads a JSON object of strings. An empty path returns an
// empty environment.
func readEnvironment(path string) (map[string]string, error) {
	if path == "" {
		return map[string]string{}, nil
	}

	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read environment: %w", err)
	}
	var env map[string]string
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("read environment %s: want a JSON object of strings: %w", path, err)
	}
	return env, nil
}

// printJSON writes payload indented by four spaces, as `serverless invoke`
// prints responses; a payload that is not JSON is written as it is.
func printJSON(w io.Writer, payload []byte) error {
	var indented bytes.Buffer
	if err := json.Indent(&indented, payload, "", "    "); err != nil {
		indented.Reset()
		indented.Write(payload)
	}
	indented.WriteByte('\n')

	_, err := w.Write(indented.Bytes())
	return err
}
