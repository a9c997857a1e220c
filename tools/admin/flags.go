package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// commandFlags is the flag set of one command, with its help text.
type commandFlags struct {
	*flag.FlagSet
	cmd         string
	args        string
	description string
}

// newCommandFlags returns an empty flag set for the command name, such as
// "users add". args names the positional arguments, and description is the
// help text shown above the flags.
func newCommandFlags(name, args, description string) *commandFlags {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	return &commandFlags{FlagSet: flags, cmd: name, args: args, description: description}
}

// parse parses args, which may mix flags and positional arguments in any
// order, and returns the positional ones. Arguments after "--" are all
// positional. It fails with a usageError unless exactly want positional
// arguments remain, and returns errHelpShown after printing the help text
// for -h.
func (f *commandFlags) parse(a *app, args []string, want int) ([]string, error) {
	var positional []string
	for {
		err := f.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			f.printUsage(a.stdout)
			return nil, errHelpShown
		}
		if err != nil {
			message := err.Error()
			if f.args != "" && strings.HasPrefix(message, "flag provided but not defined") {
				message += fmt.Sprintf("; to pass a %s that starts with '-', put -- before it", f.args)
			}
			return nil, f.usageError(message)
		}

		rest := f.Args()
		if len(rest) == 0 {
			break
		}

		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}

	if len(positional) != want {
		return nil, f.usageError(fmt.Sprintf("%s takes %d argument(s) (%s), got %d", f.cmd, want, f.argsOrNone(), len(positional)))
	}
	return positional, nil
}

func (f *commandFlags) argsOrNone() string {
	if f.args == "" {
		return "none"
	}
	return f.args
}

func (f *commandFlags) usageError(message string) error {
	return &usageError{message: message, help: fmt.Sprintf("Run 'admin %s -h' for usage.", f.cmd)}
}

func (f *commandFlags) printUsage(w io.Writer) {
	hasFlags := false
	f.VisitAll(func(*flag.Flag) { hasFlags = true })

	line := "admin [-stage STAGE] " + f.cmd
	if f.args != "" {
		line += " " + f.args
	}
	if hasFlags {
		line += " [flags]"
	}
	fmt.Fprintf(w, "usage: %s\n\n%s\n", line, strings.TrimSpace(f.description))

	if hasFlags {
		fmt.Fprintln(w, "\nflags:")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
}
