package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// parameterRoot is the path under which every stage keeps its parameters.
const parameterRoot = "/weather-portal"

// stagePattern matches a stage name. The stage becomes one element of every
// parameter name, so it must not contain '/'.
var stagePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// app is one admin invocation: its streams, clock and SSM client.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	// prompter reads secrets from a terminal without echo. Nil means that
	// secrets are read from the first line of stdin.
	prompter secretPrompter

	// now returns the current time. Nil means time.Now.
	now func() time.Time

	// client is the SSM client. Nil means one built by config.LoadDefaultConfig
	// once the global flags are parsed.
	client ssmAPI

	// stage and params are set by run from -stage.
	stage  string
	params store
}

// command is one subcommand, such as "users add".
type command struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

// commands lists every subcommand in the order that the help text shows.
var commands = []command{
	{"users add", "NAME", "create a user; the password is read from a prompt or stdin", usersAdd},
	{"users passwd", "NAME", "change the password of a user", usersPasswd},
	{"users list", "", "list users with display name, scopes and status (never hashes)", usersList},
	{"users disable", "NAME", "reject new logins of a user and keep the record", usersDisable},
	{"users enable", "NAME", "allow a disabled user to log in again", usersEnable},
	{"users remove", "NAME", "delete a user", usersRemove},
	{"keys list", "", "list signing keys, their publish time and which one is active", keysList},
	{"keys create", "", "generate the first signing key and make it active", keysCreate},
	{"keys rotate", "", "generate and publish a new key without activating it", keysRotate},
	{"keys activate", "KID", "make a published key the one that signs new tokens", keysActivate},
	{"keys retire", "KID", "delete a key once no valid token can carry its signature", keysRetire},
	{"openweather set-key", "", "store the OpenWeather API key, read from a prompt or stdin", openWeatherSetKey},
}

// usageError is a command line that can't be run. main exits with status 2
// for it.
type usageError struct {
	message string
	help    string
}

func (e *usageError) Error() string {
	return e.message + "\n" + e.help
}

// errHelpShown reports that -h printed the help text, so run returns nil.
var errHelpShown = errors.New("help shown")

// run parses the global flags, connects to SSM and runs one command.
func (a *app) run(ctx context.Context, args []string) error {
	flags := flag.NewFlagSet("admin", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	stage := flags.String("stage", "dev", "Serverless `stage` whose parameters to manage, under "+parameterRoot+"/STAGE/")
	region := flags.String("region", "", "AWS `region` of the parameters (default: AWS_REGION or the profile's region)")

	err := flags.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		a.printUsage(a.stdout, flags)
		return nil
	}
	if err != nil {
		return &usageError{message: err.Error(), help: "Run 'admin -h' for the commands."}
	}

	if !stagePattern.MatchString(*stage) {
		return &usageError{message: fmt.Sprintf("invalid stage %q: use 1 to 64 letters, digits, '_' or '-'", *stage), help: "Run 'admin -h' for the commands."}
	}

	cmd, rest, err := findCommand(flags.Args())
	if err != nil {
		return err
	}
	if cmd == nil {
		a.printUsage(a.stdout, flags)
		return nil
	}

	if a.client == nil && !wantsHelp(rest) {
		client, err := loadClient(ctx, *region)
		if err != nil {
			return err
		}
		a.client = client
	}
	a.stage = *stage
	a.params = store{api: a.client, prefix: parameterRoot + "/" + *stage}

	err = cmd.run(ctx, a, rest)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	return err
}

// findCommand returns the command named by the first two arguments and the
// arguments after them. It returns a nil command for "help" or no arguments.
func findCommand(args []string) (*command, []string, error) {
	if len(args) == 0 || args[0] == "help" {
		return nil, nil, nil
	}
	if len(args) == 1 {
		return nil, nil, &usageError{message: fmt.Sprintf("missing subcommand after %q", args[0]), help: "Run 'admin -h' for the commands."}
	}

	name := args[0] + " " + args[1]
	for i := range commands {
		if commands[i].name == name {
			return &commands[i], args[2:], nil
		}
	}
	return nil, nil, &usageError{message: fmt.Sprintf("unknown command %q", name), help: "Run 'admin -h' for the commands."}
}

// wantsHelp reports whether args ask for a command's help text, which needs
// no AWS configuration.
func wantsHelp(args []string) bool {
	for _, arg := range args {
		switch arg {
		case "-h", "-help", "--h", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// loadClient builds an SSM client from the default AWS configuration. An
// empty region keeps the one from AWS_REGION or the profile.
func loadClient(ctx context.Context, region string) (*ssm.Client, error) {
	var options []func(*config.LoadOptions) error
	if region != "" {
		options = append(options, config.WithRegion(region))
	}

	cfg, err := config.LoadDefaultConfig(ctx, options...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("no AWS region: pass -region, set AWS_REGION, or set region in the AWS_PROFILE profile")
	}

	return ssm.NewFromConfig(cfg), nil
}

// commandLine returns an admin command line for the current stage, quoted
// for a message, such as 'admin -stage dev keys list'.
func (a *app) commandLine(format string, args ...any) string {
	return "'" + a.plainCommandLine(format, args...) + "'"
}

// plainCommandLine returns an admin command line for the current stage.
func (a *app) plainCommandLine(format string, args ...any) string {
	return "admin -stage " + a.stage + " " + fmt.Sprintf(format, args...)
}

// positionalArg returns value as the last argument of a command line. A
// value that starts with '-', as 1 in 64 key ids do, follows "--" so that it
// is not parsed as a flag.
func positionalArg(value string) string {
	if strings.HasPrefix(value, "-") {
		return "-- " + value
	}
	return value
}

func (a *app) clock() time.Time {
	if a.now != nil {
		return a.now()
	}
	return time.Now()
}

func (a *app) printUsage(w io.Writer, flags *flag.FlagSet) {
	fmt.Fprintf(w, "usage: admin [-stage STAGE] [-region REGION] COMMAND [flags] [args]\n\n")
	fmt.Fprintf(w, "Manages the SSM parameters under %s/STAGE/. Every value is a SecureString.\n\n", parameterRoot)

	fmt.Fprintln(w, "commands:")
	width := 0
	for _, cmd := range commands {
		width = max(width, len(cmd.name)+1+len(cmd.args))
	}
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, strings.TrimSpace(cmd.name+" "+cmd.args), cmd.summary)
	}

	fmt.Fprintln(w, "\nglobal flags:")
	flags.SetOutput(w)
	flags.PrintDefaults()
	flags.SetOutput(io.Discard)

	fmt.Fprintln(w, "\nAWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_SSM and the usual credential chain apply.")
	fmt.Fprintln(w, "Run 'admin COMMAND SUBCOMMAND -h' for the flags of a command.")
}
