package main

import (
	"context"
	"fmt"

	"github.com/weather-portal/weather-portal/pkg/token"
)

func keysActivate(ctx context.Context, a *app, args []string) error {
	var times timing
	flags := newCommandFlags("keys activate", "KID", `
Sets auth/active-kid to KID, so the login function signs new tokens with that
key. It fails unless the key was published at least -param-cache-ttl plus
-cache-ttl ago, because API Gateway may reject tokens signed by a key that
its cached JWKS lacks. -force skips that check and prints a warning.`)
	times.addActivationFlags(flags)
	times.addRetireFlags(flags)
	force := flags.Bool("force", false, "activate even if API Gateway may not know the key yet")
	positional, err := flags.parse(a, args, 1)
	if err != nil {
		return err
	}
	if err := times.validate(); err != nil {
		return err
	}

	key, err := findKey(ctx, a, positional[0])
	if err != nil {
		return err
	}

	// Login fails for every user when the active key can't be parsed, so
	// check it first. The key is never printed.
	stored, err := a.params.get(ctx, signingKeysPath+"/"+key.kid)
	if err != nil {
		return fmt.Errorf("load key %s: %w", key.kid, err)
	}
	if _, err := token.ParsePrivateKeyPEM(key.kid, []byte(stored.Value)); err != nil {
		return fmt.Errorf("%s is not a usable signing key: %w; retire it and run %s", stored.Name, err, a.commandLine("keys rotate"))
	}

	previous, err := loadActive(ctx, a)
	if err != nil {
		return err
	}
	if previous.found && previous.kid == key.kid {
		fmt.Fprintf(a.stdout, "Key %s is already active (since %s); nothing changed.\n", key.kid, formatTime(previous.set))
		return nil
	}

	readyAt := key.published.Add(times.activationDelay())
	if now := a.clock(); now.Before(readyAt) {
		reason := fmt.Sprintf("key %s was published at %s, %s ago; the functions cache parameters for up to %s and API Gateway may cache the JWKS for up to %s, so tokens it signs may be rejected until %s",
			key.kid, formatTime(key.published), formatDuration(now.Sub(key.published)), formatDuration(times.paramCacheTTL), formatDuration(times.jwksCacheTTL), formatTime(readyAt))
		if !*force {
			return fmt.Errorf("%s: run this again then, or pass -force", reason)
		}
		fmt.Fprintf(a.stderr, "warning: -force: %s\n", reason)
	}

	if err := a.params.put(ctx, activeKidName, key.kid, true); err != nil {
		return fmt.Errorf("activate key %s: %w", key.kid, err)
	}

	fmt.Fprintf(a.stdout, "Activated key %s in %s. Login signs with it within %s (the functions' parameter cache).\n",
		key.kid, a.params.name(activeKidName), formatDuration(times.paramCacheTTL))
	if previous.found {
		// The retire check compares with SSM's LastModifiedDate of
		// auth/active-kid, so read it back instead of using this clock.
		current, err := loadActive(ctx, a)
		if err != nil {
			return err
		}
		retireAt := current.set.Add(times.retireDelay())
		fmt.Fprintf(a.stdout, "Tokens signed by the previous key %s stay valid for up to %s after that; retire it at %s or later:\n",
			previous.kid, formatDuration(times.tokenLifetime), formatTime(retireAt))
		fmt.Fprintf(a.stdout, "  %s\n", a.plainCommandLine("keys retire %s", positionalArg(previous.kid)))
	}
	return nil
}

func keysRetire(ctx context.Context, a *app, args []string) error {
	var times timing
	flags := newCommandFlags("keys retire", "KID", `
Deletes the inactive signing key KID, which removes it from the JWKS. It
never deletes the active key. Unless KID was published after the last change
of auth/active-kid, and so never signed, it fails until that change is at
least -param-cache-ttl plus -token-lifetime ago, because tokens that the key
signed may still be valid. -force skips that check and prints a warning.`)
	times.addRetireFlags(flags)
	force := flags.Bool("force", false, "delete even if tokens signed by the key may still be valid")
	positional, err := flags.parse(a, args, 1)
	if err != nil {
		return err
	}
	if err := times.validate(); err != nil {
		return err
	}

	key, err := findKey(ctx, a, positional[0])
	if err != nil {
		return err
	}
	keys, err := listKeys(ctx, a)
	if err != nil {
		return err
	}
	active, err := loadActive(ctx, a)
	if err != nil {
		return err
	}

	if err := a.checkRetire(key, keys, active, times, *force); err != nil {
		return err
	}

	relative := signingKeysPath + "/" + key.kid
	if err := a.params.delete(ctx, relative); err != nil {
		return fmt.Errorf("retire key %s: %w", key.kid, err)
	}
	fmt.Fprintf(a.stdout, "Retired key %s: deleted %s. The JWKS stops listing it within %s (the functions' parameter cache).\n",
		key.kid, a.params.name(relative), formatDuration(times.paramCacheTTL))
	return nil
}

// checkRetire returns an error when deleting key would break login or reject
// tokens that are still valid. force turns the second case into a warning.
func (a *app) checkRetire(key keyInfo, keys []keyInfo, active activeKey, times timing, force bool) error {
	activateOther := a.commandLine("keys activate KID")

	if isActive(key, keys, active) {
		if !active.found {
			return fmt.Errorf("key %s is the only key, which login signs with because %s is missing; publish another with %s first",
				key.kid, a.params.name(activeKidName), a.commandLine("keys rotate"))
		}
		return fmt.Errorf("key %s is the active key in %s; activate another key with %s first, then retire this one once its tokens have expired",
			key.kid, a.params.name(activeKidName), activateOther)
	}

	if !active.found {
		reason := fmt.Sprintf("%s is missing, so when key %s stopped signing is unknown", a.params.name(activeKidName), key.kid)
		if !force {
			return fmt.Errorf("%s; set it with %s, or pass -force", reason, activateOther)
		}
		fmt.Fprintf(a.stderr, "warning: -force: %s\n", reason)
		return nil
	}

	safeAt := retireFrom(key, active, times)
	if now := a.clock(); now.Before(safeAt) {
		reason := fmt.Sprintf("%s changed at %s, %s ago; login may sign with the old key for up to %s after that and tokens live up to %s, so tokens signed by key %s may be valid until %s",
			a.params.name(activeKidName), formatTime(active.set), formatDuration(now.Sub(active.set)),
			formatDuration(times.paramCacheTTL), formatDuration(times.tokenLifetime), key.kid, formatTime(safeAt))
		if !force {
			return fmt.Errorf("%s: run this again then, or pass -force", reason)
		}
		fmt.Fprintf(a.stderr, "warning: -force: %s, and API Gateway may reject them once the key is gone\n", reason)
	}
	return nil
}
