package main

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/weather-portal/weather-portal/pkg/param"
	"github.com/weather-portal/weather-portal/pkg/token"
)

// Parameter names of the signing keys, relative to the stage prefix. The
// login function reads the same names.
const (
	signingKeysPath = "auth/signing-keys"
	activeKidName   = "auth/active-kid"
)

// defaultJWKSCacheTTL is the default of -cache-ttl: how long API Gateway's
// JWT authorizer may keep a JWKS that it fetched. A key may sign only once
// every cached JWKS lists it.
const defaultJWKSCacheTTL = 2 * time.Hour

// kidPattern matches the key ids that admin accepts. Keys made by admin are
// named by their RFC 7638 thumbprint, 43 base64url characters.
var kidPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// timing holds the cache and token durations that decide when a key may be
// activated or retired.
type timing struct {
	jwksCacheTTL  time.Duration
	paramCacheTTL time.Duration
	tokenLifetime time.Duration
}

// addActivationFlags adds -cache-ttl and -param-cache-ttl to flags.
func (t *timing) addActivationFlags(flags *commandFlags) {
	flags.DurationVar(&t.jwksCacheTTL, "cache-ttl", defaultJWKSCacheTTL, "maximum `duration` that API Gateway caches the JWKS, such as 2h or 90m")
	t.addParamCacheFlag(flags)
}

// addRetireFlags adds -token-lifetime and -param-cache-ttl to flags.
func (t *timing) addRetireFlags(flags *commandFlags) {
	flags.DurationVar(&t.tokenLifetime, "token-lifetime", token.DefaultLifetime, "`duration` that an issued token stays valid, the stage's tokenLifetime, such as 15m")
	t.addParamCacheFlag(flags)
}

func (t *timing) addParamCacheFlag(flags *commandFlags) {
	if flags.Lookup("param-cache-ttl") == nil {
		flags.DurationVar(&t.paramCacheTTL, "param-cache-ttl", param.DefaultTTL, "`duration` that the functions cache SSM parameters, the stage's paramCacheTtl, such as 5m")
	}
}

// validate rejects negative durations.
func (t timing) validate() error {
	for name, value := range map[string]time.Duration{"-cache-ttl": t.jwksCacheTTL, "-param-cache-ttl": t.paramCacheTTL, "-token-lifetime": t.tokenLifetime} {
		if value < 0 {
			return fmt.Errorf("invalid %s %s: use a duration of 0 or more, such as 5m", name, value)
		}
	}
	return nil
}

// activationDelay is the time from a key's publication until it may sign.
// The login function serves the JWKS from its parameter cache, and API
// Gateway may then cache that JWKS for jwksCacheTTL.
func (t timing) activationDelay() time.Duration {
	return t.paramCacheTTL + t.jwksCacheTTL
}

// retireDelay is the time from a change of auth/active-kid until no valid
// token carries the old key's signature. Login instances may sign with the
// old key until their parameter cache expires, and each token lives for
// tokenLifetime.
func (t timing) retireDelay() time.Duration {
	return t.paramCacheTTL + t.tokenLifetime
}

// retireFrom returns the earliest time at which key may be deleted, given
// the current auth/active-kid. A key published after the last change of
// auth/active-kid has never signed, so it may go at once. Otherwise tokens
// that it signed may be valid until times.retireDelay after that change.
// NOTE: this assumes that a key parameter is never overwritten, which admin
// guarantees by writing keys without Overwrite.
func retireFrom(key keyInfo, active activeKey, times timing) time.Time {
	if key.published.After(active.set) {
		return key.published
	}
	return active.set.Add(times.retireDelay())
}

// keyInfo is a published signing key without its value.
type keyInfo struct {
	kid       string
	published time.Time
}

// activeKey is the value of auth/active-kid and the time it was set.
// found is false when the parameter does not exist.
type activeKey struct {
	kid   string
	set   time.Time
	found bool
}

// listKeys returns the keys under auth/signing-keys, oldest first, from
// their metadata, so no key is decrypted.
func listKeys(ctx context.Context, a *app) ([]keyInfo, error) {
	metadata, err := a.params.describe(ctx, signingKeysPath)
	if err != nil {
		return nil, fmt.Errorf("list signing keys: %w", err)
	}

	keys := make([]keyInfo, 0, len(metadata))
	for _, m := range metadata {
		keys = append(keys, keyInfo{kid: path.Base(aws.ToString(m.Name)), published: aws.ToTime(m.LastModifiedDate)})
	}

	slices.SortFunc(keys, func(x, y keyInfo) int {
		if c := x.published.Compare(y.published); c != 0 {
			return c
		}
		return strings.Compare(x.kid, y.kid)
	})
	return keys, nil
}

// loadActive reads auth/active-kid. A missing parameter is not an error.
func loadActive(ctx context.Context, a *app) (activeKey, error) {
	stored, err := a.params.get(ctx, activeKidName)
	var notFound *notFoundError
	if errors.As(err, &notFound) {
		return activeKey{}, nil
	}
	if err != nil {
		return activeKey{}, fmt.Errorf("load active key id: %w", err)
	}
	return activeKey{kid: strings.TrimSpace(stored.Value), set: stored.LastModified, found: true}, nil
}

// findKey returns the published key kid, or an error that names the command
// that lists the keys.
func findKey(ctx context.Context, a *app, kid string) (keyInfo, error) {
	if !kidPattern.MatchString(kid) {
		return keyInfo{}, fmt.Errorf("invalid key id %q: use 1 to 128 letters, digits, '_' or '-'", kid)
	}

	metadata, err := a.params.describeOne(ctx, signingKeysPath+"/"+kid)
	var notFound *notFoundError
	if errors.As(err, &notFound) {
		return keyInfo{}, fmt.Errorf("key %s not found in %s; %s lists the keys", kid, notFound.name, a.commandLine("keys list"))
	}
	if err != nil {
		return keyInfo{}, fmt.Errorf("find key %s: %w", kid, err)
	}
	return keyInfo{kid: kid, published: aws.ToTime(metadata.LastModifiedDate)}, nil
}

// formatTime returns t in UTC, to the second, in RFC 3339 form.
func formatTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// formatDuration returns d rounded to the minute, such as "2h5m", or "<1m".
func formatDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	if d < time.Minute {
		return "<1m"
	}

	text := strings.TrimSuffix(d.String(), "0s")
	if strings.HasSuffix(text, "h0m") {
		text = strings.TrimSuffix(text, "0m")
	}
	return text
}
