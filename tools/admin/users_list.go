package main

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/weather-portal/weather-portal/pkg/user"
)

func usersList(ctx context.Context, a *app, args []string) error {
	flags := newCommandFlags("users list", "", `
Lists every user under users/ with the display name, scopes and status
(enabled, disabled, or invalid record). Password hashes are never shown.`)
	if _, err := flags.parse(a, args, 0); err != nil {
		return err
	}

	stored, err := a.params.list(ctx, usersPath)
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	if len(stored) == 0 {
		fmt.Fprintf(a.stdout, "No users in %s/; add one with %s.\n", a.params.name(usersPath), a.commandLine("users add NAME"))
		return nil
	}

	slices.SortFunc(stored, func(x, y parameterValue) int { return strings.Compare(x.Name, y.Name) })

	table := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(table, "USERNAME\tNAME\tSCOPES\tSTATUS")
	for _, p := range stored {
		username := path.Base(p.Name)

		record, err := user.Parse([]byte(p.Value))
		if err != nil {
			// user.Parse errors never contain the record.
			fmt.Fprintf(table, "%s\t-\t-\t%v\n", username, err)
			continue
		}

		status := "enabled"
		if record.Disabled {
			status = "disabled"
		}
		scopes := strings.Join(record.Scopes, " ")
		if scopes == "" {
			scopes = "-"
		}
		fmt.Fprintf(table, "%s\t%s\t%s\t%s\n", username, printable(record.Name), printable(scopes), status)
	}
	return table.Flush()
}

// printable replaces control characters, which could move the cursor or
// break the table, with '?'. Records written by other tools may contain them.
func printable(text string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, text)
}
