// Command admin manages the SSM parameters of one weather-portal stage, the
// ones under /weather-portal/<stage>/: users, JWT signing keys and the
// OpenWeather API key.
//
// Usage:
//
//	go run ./tools/admin [-stage dev] [-region REGION] COMMAND [flags] [args]
//
// It loads the default AWS configuration, so the usual credential chain,
// AWS_PROFILE, AWS_REGION and AWS_ENDPOINT_URL_SSM apply. Passwords and the
// API key are read from a terminal prompt without echo, or from the first
// line of stdin when stdin is not a terminal, and never from an argument.
// Every value is written as a SecureString. Run it with -h for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if err == nil {
		return
	}

	fmt.Fprintln(os.Stderr, "admin:", err)
	var usage *usageError
	if errors.As(err, &usage) {
		os.Exit(2)
	}
	os.Exit(1)
}

// run executes one admin command. Secrets come from a no-echo prompt when
// stdin is a terminal and from its first line otherwise.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	a := &app{
		stdin:  stdin,
		stdout: stdout,
		stderr: stderr,
	}

	if file, ok := stdin.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		a.prompter = terminalPrompter{fd: int(file.Fd()), output: stderr}
	}

	return a.run(ctx, args)
}
