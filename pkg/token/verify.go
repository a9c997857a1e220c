package token

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Verification errors. Verify wraps one of these, so callers can tell a bad
// token (401) from a missing scope (403) with errors.Is.
var (
	ErrInvalidToken = errors.New("invalid token")
	ErrUnknownKey   = errors.New("unknown signing key")
	ErrMissingScope = errors.New("token lacks a required scope")
)

// rsaAlgorithms are the only algorithms API Gateway's JWT authorizer accepts.
var rsaAlgorithms = []string{"RS256", "RS384", "RS512"}

// Verifier checks tokens the way API Gateway's JWT authorizer does: an RSA
// algorithm, a "kid" present in the key set, the signature, "iss", "aud" (or
// "client_id" when there is no "aud"), "exp", "nbf" and "iat".
type Verifier struct {
	Issuer    string
	Audiences []string
	// Keys returns the current key set; it is called once per token.
	Keys func() (JWKS, error)
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Verify parses and checks tokenString, then checks that its scopes contain
// at least one of required (none required means no scope check). It returns
// the verified claims as decoded JSON values and the token's scopes.
// Errors wrap ErrInvalidToken, ErrUnknownKey or ErrMissingScope.
func (v Verifier) Verify(tokenString string, required []string) (jwt.MapClaims, []string, error) {
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}

	parser := jwt.NewParser(
		jwt.WithValidMethods(rsaAlgorithms),
		jwt.WithIssuer(v.Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(now),
	)

	claims := jwt.MapClaims{}
	_, err := parser.ParseWithClaims(tokenString, claims, v.keyFor)
	if err != nil {
		if errors.Is(err, ErrUnknownKey) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}

	if !v.audienceMatches(claims) {
		return nil, nil, fmt.Errorf("%w: audience does not match", ErrInvalidToken)
	}

	scopes := ScopesOf(claims)
	if len(required) > 0 && !slices.ContainsFunc(required, func(s string) bool { return slices.Contains(scopes, s) }) {
		return claims, scopes, fmt.Errorf("%w: need one of %v", ErrMissingScope, required)
	}
	return claims, scopes, nil
}

func (v Verifier) keyFor(token *jwt.Token) (any, error) {
	kid, ok := token.Header["kid"].(string)
	if !ok || kid == "" {
		return nil, fmt.Errorf("%w: token has no kid header", ErrUnknownKey)
	}

	set, err := v.Keys()
	if err != nil {
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	jwk, ok := set.Find(kid)
	if !ok {
		return nil, fmt.Errorf("%w: kid %q", ErrUnknownKey, kid)
	}
	return jwk.PublicKey()
}

// audienceMatches reports whether "aud" holds one of the accepted audiences
// or, for tokens without "aud", whether "client_id" is one of them.
func (v Verifier) audienceMatches(claims jwt.MapClaims) bool {
	audiences, err := claims.GetAudience()
	if err == nil && len(audiences) > 0 {
		return slices.ContainsFunc(audiences, func(a string) bool { return slices.Contains(v.Audiences, a) })
	}

	clientID, ok := claims["client_id"].(string)
	return ok && slices.Contains(v.Audiences, clientID)
}

// ScopesOf returns the scopes of a token: the space-separated "scope" claim,
// or else the "scp" claim as a string or a list of strings.
func ScopesOf(claims jwt.MapClaims) []string {
	if scope, ok := claims["scope"].(string); ok {
		return strings.Fields(scope)
	}

	switch scp := claims["scp"].(type) {
	case string:
		return strings.Fields(scp)
	case []any:
		scopes := make([]string, 0, len(scp))
		for _, item := range scp {
			if s, ok := item.(string); ok {
				scopes = append(scopes, s)
			}
		}
		return scopes
	}
	return nil
}
