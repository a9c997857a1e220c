package jwtauth

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/weather-portal/weather-portal/pkg/token"
	"github.com/weather-portal/weather-portal/tools/internal/httpapi"
)

// issuerServer serves the discovery document and a JWKS that tests can change.
type issuerServer struct {
	*httptest.Server
	mu         sync.Mutex
	keys       []token.Key
	jwksServed atomic.Int32
}

func newIssuerServer(t *testing.T, keys ...token.Key) *issuerServer {
	t.Helper()
	s := &issuerServer{keys: keys}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(token.NewDiscovery(s.URL, nil))
	})
	mux.HandleFunc("GET /.well-known/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		s.jwksServed.Add(1)
		s.mu.Lock()
		defer s.mu.Unlock()
		_ = json.NewEncoder(w).Encode(token.NewJWKS(s.keys))
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *issuerServer) publish(keys ...token.Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = keys
}

var (
	keysOnce sync.Once
	keyA     token.Key
	keyB     token.Key
)

func testKeys(t *testing.T) (token.Key, token.Key) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if keyA, err = token.GenerateKey(2048); err != nil {
			panic(err)
		}
		if keyB, err = token.GenerateKey(2048); err != nil {
			panic(err)
		}
	})
	return keyA, keyB
}

func issue(t *testing.T, issuer token.Issuer, key token.Key, scopes ...string) string {
	t.Helper()
	signed, _, err := issuer.Issue(key, token.Subject{ID: "dev", Name: "Dev User", Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func TestAuthorizeAcceptsValidToken(t *testing.T) {
	a, _ := testKeys(t)
	server := newIssuerServer(t, a)
	authorizer := &Authorizer{Issuer: server.URL, Audiences: []string{"weather-portal"}}

	signed := issue(t, token.Issuer{URL: server.URL, Audience: "weather-portal"}, a, "weather:read")
	claims, scopes, err := authorizer.Authorize(t.Context(), signed, []string{"weather:read"})
	if err != nil {
		t.Fatalf("Authorize: %v", err)
	}

	if got, want := claims["name"], "Dev User"; got != want {
		t.Errorf("claims[name] = %q, want %q", got, want)
	}
	if got := claims["exp"]; strings.ContainsAny(got, "e.") || len(got) < 10 {
		t.Errorf("claims[exp] = %q, want a plain decimal number", got)
	}
	if got, want := claims["aud"], "[weather-portal]"; got != want {
		t.Errorf("claims[aud] = %q, want %q", got, want)
	}
	if len(scopes) != 1 || scopes[0] != "weather:read" {
		t.Errorf("scopes = %v, want [weather:read]", scopes)
	}
}

func TestAuthorizeRejects(t *testing.T) {
	a, b := testKeys(t)
	server := newIssuerServer(t, a)
	authorizer := &Authorizer{Issuer: server.URL, Audiences: []string{"weather-portal"}}
	good := token.Issuer{URL: server.URL, Audience: "weather-portal"}

	forge := func(method jwt.SigningMethod, key any, kid string) string {
		claims := jwt.MapClaims{
			"iss": server.URL, "aud": "weather-portal", "sub": "dev", "scope": "weather:read",
			"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(),
		}
		unsigned := jwt.NewWithClaims(method, claims)
		unsigned.Header["kid"] = kid
		signed, err := unsigned.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return signed
	}
	publicDER, err := x509.MarshalPKIXPublicKey(&a.Private.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tampered := func() string {
		parts := strings.Split(issue(t, good, a, "weather:read"), ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		parts[1] = base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), `"dev"`, `"admin"`, 1)))
		return strings.Join(parts, ".")
	}

	tests := []struct {
		name          string
		token         string
		wantForbidden bool
	}{
		{"signed by another key", issue(t, good, token.Key{ID: a.ID, Private: b.Private}, "weather:read"), false},
		{"alg none", forge(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, a.ID), false},
		{"HS256 keyed with public key", forge(jwt.SigningMethodHS256, publicDER, a.ID), false},
		{"unknown kid", issue(t, good, b, "weather:read"), false},
		{"wrong issuer", issue(t, token.Issuer{URL: "https://evil.example.test", Audience: "weather-portal"}, a, "weather:read"), false},
		{"wrong audience", issue(t, token.Issuer{URL: server.URL, Audience: "other"}, a, "weather:read"), false},
		{"expired", issue(t, token.Issuer{URL: server.URL, Audience: "weather-portal", Now: func() time.Time { return time.Now().Add(-time.Hour) }}, a, "weather:read"), false},
		{"not yet valid", issue(t, token.Issuer{URL: server.URL, Audience: "weather-portal", Now: func() time.Time { return time.Now().Add(time.Hour) }}, a, "weather:read"), false},
		{"tampered payload", tampered(), false},
		{"missing scope", issue(t, good, a), true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := authorizer.Authorize(t.Context(), tt.token, []string{"weather:read"})
			if err == nil {
				t.Fatal("Authorize succeeded, want an error")
			}
			if got := errors.Is(err, httpapi.ErrForbidden); got != tt.wantForbidden {
				t.Errorf("errors.Is(err, ErrForbidden) = %v, want %v (err: %v)", got, tt.wantForbidden, err)
			}
		})
	}
}

func TestAuthorizeFetchesRotatedKey(t *testing.T) {
	a, b := testKeys(t)
	server := newIssuerServer(t, a)
	now := time.Now()
	authorizer := &Authorizer{Issuer: server.URL, Audiences: []string{"weather-portal"}, Now: func() time.Time { return now }}
	issuer := token.Issuer{URL: server.URL, Audience: "weather-portal", Now: func() time.Time { return now }}

	if _, _, err := authorizer.Authorize(t.Context(), issue(t, issuer, a), nil); err != nil {
		t.Fatalf("Authorize with key A: %v", err)
	}

	// A new kid triggers a refetch only after minRefetchInterval.
	server.publish(a, b)
	if _, _, err := authorizer.Authorize(t.Context(), issue(t, issuer, b), nil); err == nil {
		t.Error("Authorize with key B right after a fetch succeeded, want the refetch to wait")
	}
	now = now.Add(minRefetchInterval + time.Second)
	if _, _, err := authorizer.Authorize(t.Context(), issue(t, issuer, b), nil); err != nil {
		t.Fatalf("Authorize with newly published key B: %v", err)
	}
	if got := server.jwksServed.Load(); got != 2 {
		t.Errorf("JWKS fetched %d times, want 2 (first use, then the unknown kid)", got)
	}

	for range 5 {
		_, _, _ = authorizer.Authorize(t.Context(), issue(t, issuer, token.Key{ID: "forged", Private: a.Private}), nil)
	}
	if got := server.jwksServed.Load(); got != 2 {
		t.Errorf("JWKS fetched %d times after unknown kids, want no more than 2", got)
	}
}

func TestAuthorizeFailsWhenIssuerUnreachable(t *testing.T) {
	a, _ := testKeys(t)
	server := newIssuerServer(t, a)
	url := server.URL
	server.Close()

	authorizer := &Authorizer{Issuer: url, Audiences: []string{"weather-portal"}}
	_, _, err := authorizer.Authorize(t.Context(), issue(t, token.Issuer{URL: url, Audience: "weather-portal"}, a), nil)
	if err == nil || errors.Is(err, httpapi.ErrForbidden) {
		t.Errorf("Authorize error = %v, want a 401-class error", err)
	}
}
