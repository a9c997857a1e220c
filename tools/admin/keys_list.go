package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

func keysList(ctx context.Context, a *app, args []string) error {
	var times timing
	flags := newCommandFlags("keys list", "", `
Lists the keys under auth/signing-keys, oldest first, with the time each was
published (the parameter's LastModifiedDate), which one auth/active-kid names,
and from when each other key may be activated or retired. Keys are read as
metadata only, so no key is decrypted.`)
	times.addActivationFlags(flags)
	times.addRetireFlags(flags)
	if _, err := flags.parse(a, args, 0); err != nil {
		return err
	}
	if err := times.validate(); err != nil {
		return err
	}

	keys, err := listKeys(ctx, a)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		fmt.Fprintf(a.stdout, "No signing keys in %s/; create the first with %s.\n", a.params.name(signingKeysPath), a.commandLine("keys create"))
		return nil
	}

	active, err := loadActive(ctx, a)
	if err != nil {
		return err
	}
	a.warnActiveProblems(keys, active)

	now := a.clock()
	table := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(table, "KID\tPUBLISHED\tSTATUS\tACTIVATE FROM\tRETIRE FROM")
	for _, key := range keys {
		published := fmt.Sprintf("%s (%s ago)", formatTime(key.published), formatDuration(now.Sub(key.published)))

		if isActive(key, keys, active) {
			status := "active"
			if active.found {
				status += " since " + formatTime(active.set)
			}
			fmt.Fprintf(table, "%s\t%s\t%s\t-\t-\n", key.kid, published, status)
			continue
		}

		activateFrom := whenOrNow(key.published.Add(times.activationDelay()), now)
		retireAt := "-"
		if active.found {
			retireAt = whenOrNow(retireFrom(key, active, times), now)
		}
		fmt.Fprintf(table, "%s\t%s\tinactive\t%s\t%s\n", key.kid, published, activateFrom, retireAt)
	}
	return table.Flush()
}

// isActive reports whether the login function signs with key: the key that
// auth/active-kid names, or the only key when that parameter is missing.
func isActive(key keyInfo, keys []keyInfo, active activeKey) bool {
	if active.found {
		return key.kid == active.kid
	}
	return len(keys) == 1
}

// warnActiveProblems writes a warning to stderr when auth/active-kid is
// missing with several keys, or names a key that does not exist. Login fails
// in both cases.
func (a *app) warnActiveProblems(keys []keyInfo, active activeKey) {
	activate := a.commandLine("keys activate KID")

	if !active.found {
		if len(keys) > 1 {
			fmt.Fprintf(a.stderr, "warning: %s is missing and there are %d keys, so login fails; set it with %s\n", a.params.name(activeKidName), len(keys), activate)
		}
		return
	}

	for _, key := range keys {
		if key.kid == active.kid {
			return
		}
	}
	fmt.Fprintf(a.stderr, "warning: %s names key %q, which is not in %s/, so login fails; set it with %s\n",
		a.params.name(activeKidName), active.kid, a.params.name(signingKeysPath), activate)
}

// whenOrNow returns "now" when t is not after now, and t otherwise.
func whenOrNow(t, now time.Time) string {
	if !t.After(now) {
		return "now"
	}
	return formatTime(t)
}
