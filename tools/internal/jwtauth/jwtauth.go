// Package jwtauth is the local stand-in for API Gateway's built-in JWT
// authorizer. It finds the signing keys the way API Gateway does, through
// <issuer>/.well-known/openid-configuration and its jwks_uri, and verifies
// tokens with pkg/token's Verifier: RSA algorithms only, a known kid, the
// signature, iss, aud or client_id, exp, nbf, iat and the route's scopes.
package jwtauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/weather-portal/weather-portal/pkg/token"
	"github.com/weather-portal/weather-portal/tools/internal/httpapi"
)

// DefaultKeyTTL is how long fetched keys are kept. API Gateway caches keys
// for up to two hours.
const DefaultKeyTTL = 2 * time.Hour

// minRefetchInterval limits fetches triggered by unknown kids, so a flood of
// forged tokens cannot turn into a flood of JWKS requests.
const minRefetchInterval = 10 * time.Second

// Authorizer verifies bearer tokens for one issuer and audience list.
type Authorizer struct {
	Issuer    string
	Audiences []string
	Client    *http.Client
	// KeyTTL is how long fetched keys are used before a refetch; zero means
	// DefaultKeyTTL.
	KeyTTL time.Duration
	Now    func() time.Time

	mu        sync.Mutex
	keys      token.JWKS
	fetchedAt time.Time
}

// Authorize verifies tokenString and checks that it has one of scopes. It
// returns the claims as API Gateway passes them to the function (every value
// a string) and the token's scopes. A missing scope returns an error
// wrapping httpapi.ErrForbidden; any other failure means 401.
func (a *Authorizer) Authorize(ctx context.Context, tokenString string, scopes []string) (map[string]string, []string, error) {
	verifier := token.Verifier{
		Issuer:    a.Issuer,
		Audiences: a.Audiences,
		Keys:      func() (token.JWKS, error) { return a.currentKeys(ctx, false) },
		Now:       a.Now,
	}

	claims, tokenScopes, err := verifier.Verify(tokenString, scopes)
	if errors.Is(err, token.ErrUnknownKey) {
		// A key published since the last fetch: refresh once, then retry.
		if _, refreshErr := a.currentKeys(ctx, true); refreshErr == nil {
			claims, tokenScopes, err = verifier.Verify(tokenString, scopes)
		}
	}
	if errors.Is(err, token.ErrMissingScope) {
		return nil, nil, fmt.Errorf("%w: %w", httpapi.ErrForbidden, err)
	}
	if err != nil {
		return nil, nil, err
	}

	return StringClaims(claims), tokenScopes, nil
}

// StringClaims converts decoded claims to the strings that API Gateway puts in
// requestContext.authorizer.jwt.claims: strings unchanged, numbers in decimal
// without exponent, other values as JSON.
//
// NOTE: API Gateway's exact text for list claims (such as a multi-valued
// "aud") is not documented; this renders lists as "[a b]".
func StringClaims(claims map[string]any) map[string]string {
	out := make(map[string]string, len(claims))
	for name, value := range claims {
		switch v := value.(type) {
		case string:
			out[name] = v
		case float64:
			out[name] = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			out[name] = strconv.FormatBool(v)
		case []any:
			items := make([]string, 0, len(v))
			for _, item := range v {
				items = append(items, fmt.Sprint(item))
			}
			out[name] = "[" + strings.Join(items, " ") + "]"
		default:
			data, _ := json.Marshal(v)
			out[name] = string(data)
		}
	}
	return out
}

// currentKeys returns the cached keys, fetching them when they are older than
// the TTL or when refresh is set and the last fetch is not too recent.
func (a *Authorizer) currentKeys(ctx context.Context, refresh bool) (token.JWKS, error) {
	a.mu.Lock()
	defer a.mu.Unlock()

	now := time.Now()
	if a.Now != nil {
		now = a.Now()
	}
	ttl := a.KeyTTL
	if ttl <= 0 {
		ttl = DefaultKeyTTL
	}

	age := now.Sub(a.fetchedAt)
	fresh := !a.fetchedAt.IsZero() && age < ttl
	if fresh && (!refresh || age < minRefetchInterval) {
		return a.keys, nil
	}

	keys, err := a.fetch(ctx)
	if err != nil {
		return token.JWKS{}, err
	}
	a.keys = keys
	a.fetchedAt = now
	return keys, nil
}

func (a *Authorizer) fetch(ctx context.Context) (token.JWKS, error) {
	discoveryURL := strings.TrimRight(a.Issuer, "/") + "/.well-known/openid-configuration"

	var discovery token.Discovery
	if err := a.getJSON(ctx, discoveryURL, &discovery); err != nil {
		return token.JWKS{}, err
	}
	if discovery.JWKSURI == "" {
		return token.JWKS{}, fmt.Errorf("fetch keys: %s has no jwks_uri", discoveryURL)
	}

	var keys token.JWKS
	if err := a.getJSON(ctx, discovery.JWKSURI, &keys); err != nil {
		return token.JWKS{}, err
	}
	sort.Slice(keys.Keys, func(i, j int) bool { return keys.Keys[i].KeyID < keys.Keys[j].KeyID })
	return keys, nil
}

func (a *Authorizer) getJSON(ctx context.Context, url string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", url, err)
	}
	client := a.Client
	if client == nil {
		client = http.DefaultClient
	}

	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fetch %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(v); err != nil {
		return fmt.Errorf("fetch %s: invalid JSON: %w", url, err)
	}
	return nil
}
