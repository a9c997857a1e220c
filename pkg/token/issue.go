package token

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Algorithm is the JWS algorithm of every token this package issues.
const Algorithm = "RS256"

// DefaultLifetime is how long an issued token is valid when Issuer.Lifetime
// is zero.
const DefaultLifetime = 15 * time.Minute

// Claims are the claims of an access token. Scope is a space-separated list,
// as RFC 8693 and API Gateway's authorizer expect.
type Claims struct {
	jwt.RegisteredClaims
	Name  string `json:"name,omitempty"`
	Scope string `json:"scope,omitempty"`
}

// Issuer signs access tokens for one issuer URL and one audience.
type Issuer struct {
	// URL is the "iss" claim; API Gateway fetches
	// URL + "/.well-known/openid-configuration" to find the signing keys.
	URL string
	// Audience is the single "aud" value the API's authorizer accepts.
	Audience string
	// Lifetime is the time from issue to expiry; zero means DefaultLifetime.
	Lifetime time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Subject is who a token is issued to.
type Subject struct {
	ID     string
	Name   string
	Scopes []string
}

// Issue signs an RS256 token for subject with key, with a "kid" header and
// the claims iss, aud, sub, name, scope, iat, nbf and exp. It returns the
// token and its claims.
func (i Issuer) Issue(key Key, subject Subject) (string, Claims, error) {
	if i.URL == "" || i.Audience == "" {
		return "", Claims{}, errors.New("issue token: issuer URL and audience are required")
	}
	if key.Private == nil || key.ID == "" {
		return "", Claims{}, errors.New("issue token: signing key is missing")
	}

	now := time.Now
	if i.Now != nil {
		now = i.Now
	}
	lifetime := i.Lifetime
	if lifetime <= 0 {
		lifetime = DefaultLifetime
	}
	issuedAt := now().Truncate(time.Second)

	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    i.URL,
			Subject:   subject.ID,
			Audience:  jwt.ClaimStrings{i.Audience},
			IssuedAt:  jwt.NewNumericDate(issuedAt),
			NotBefore: jwt.NewNumericDate(issuedAt),
			ExpiresAt: jwt.NewNumericDate(issuedAt.Add(lifetime)),
		},
		Name:  subject.Name,
		Scope: strings.Join(subject.Scopes, " "),
	}

	unsigned := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	unsigned.Header["kid"] = key.ID

	signed, err := unsigned.SignedString(key.Private)
	if err != nil {
		return "", Claims{}, fmt.Errorf("issue token for %q with key %q: %w", subject.ID, key.ID, err)
	}
	return signed, claims, nil
}
