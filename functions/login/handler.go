package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/param"
	"github.com/weather-portal/weather-portal/pkg/problem"
	"github.com/weather-portal/weather-portal/pkg/token"
	"github.com/weather-portal/weather-portal/pkg/user"
)

// maxLoginBody is the largest login request body accepted, in bytes. A
// username and a 72-byte password fit many times over.
const maxLoginBody = 4096

// SSM parameter names, relative to the function's prefix.
const (
	signingKeysPath = "auth/signing-keys"
	activeKeyName   = "auth/active-kid"
	usersPath       = "users/"
)

// Parameters reads the function's SSM parameters, names relative to the
// stage prefix. pkg/param.Store implements it with caching.
type Parameters interface {
	Get(ctx context.Context, name string) (string, error)
	GetByPath(ctx context.Context, path string) (map[string]string, error)
}

// Handler serves POST /api/login and the two discovery documents.
type Handler struct {
	Params Parameters
	// Issuer is the token issuer; an empty URL means "https://" plus the
	// request's domain name, which is the API's own URL.
	Issuer token.Issuer
	// Scopes lists the scopes that the discovery document advertises.
	Scopes []string

	keysMu     sync.Mutex
	parsedKeys map[string]token.Key // by PEM text, so a rotated key is parsed once
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
}

// Handle routes a request to the login or discovery endpoints.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	method := req.RequestContext.HTTP.Method

	switch req.RawPath {
	case "/api/login":
		if method != http.MethodPost {
			return methodNotAllowed(http.MethodPost), nil
		}
		return h.login(ctx, req)
	case "/.well-known/openid-configuration":
		if method != http.MethodGet && method != http.MethodHead {
			return methodNotAllowed("GET, HEAD"), nil
		}
		return apigw.JSON(http.StatusOK, token.NewDiscovery(h.issuerURL(req), h.Scopes)), nil
	case "/.well-known/jwks.json":
		if method != http.MethodGet && method != http.MethodHead {
			return methodNotAllowed("GET, HEAD"), nil
		}
		return h.jwks(ctx)
	default:
		return events.APIGatewayV2HTTPResponse{}, problem.Errorf(problem.NotFound, "no resource at %q", req.RawPath)
	}
}

func (h *Handler) login(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	var body loginRequest
	if err := apigw.DecodeJSON(req, maxLoginBody, &body); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}

	if body.Username == "" || body.Password == "" {
		return events.APIGatewayV2HTTPResponse{}, problem.Errorf(problem.Invalid, "username and password are required")
	}
	if err := user.ValidateUsername(body.Username); err != nil {
		return events.APIGatewayV2HTTPResponse{}, problem.Errorf(problem.Invalid, "%s", err)
	}
	if err := user.ValidatePassword(body.Password); err != nil {
		return events.APIGatewayV2HTTPResponse{}, problem.Errorf(problem.Invalid, "%s", err)
	}

	account, err := h.authenticate(ctx, body.Username, body.Password)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}

	key, err := h.activeKey(ctx)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}

	issuer := h.Issuer
	issuer.URL = h.issuerURL(req)
	signed, claims, err := issuer.Issue(key, token.Subject{ID: body.Username, Name: account.Name, Scopes: account.Scopes})
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, fmt.Errorf("login %q: %w", body.Username, err)
	}

	return apigw.JSON(http.StatusOK, loginResponse{
		AccessToken: signed,
		TokenType:   "Bearer",
		ExpiresIn:   int(claims.ExpiresAt.Sub(claims.IssuedAt.Time) / time.Second),
		Scope:       claims.Scope,
	}), nil
}

// dummyUser has the bcrypt hash, at user.Cost, of a random password that
// was discarded. Checking an unknown user's password against it costs the
// same as a wrong password, and a constant hash adds nothing to cold starts.
var dummyUser = user.User{PasswordHash: "$2a$10$sYy4tMtnpos0pc7RCZNzSOAffcAMIdc9DFDiBPlxhx/mBscq.hugu"}

// errBadCredentials is the one error for an unknown user, a wrong password
// and a disabled user, so a client cannot tell them apart.
var errBadCredentials = problem.Errorf(problem.Unauthorized, "username or password is incorrect")

// authenticate returns the user when password matches. An unknown user is
// checked against a dummy hash so that it takes as long as a wrong password.
func (h *Handler) authenticate(ctx context.Context, username, password string) (user.User, error) {
	record, err := h.Params.Get(ctx, usersPath+username)
	if errors.Is(err, param.ErrNotFound) || errors.Is(err, param.ErrInvalidName) {
		dummyUser.PasswordMatches(password)
		return user.User{}, errBadCredentials
	}
	if err != nil {
		return user.User{}, fmt.Errorf("load user %q: %w", username, err)
	}

	account, err := user.Parse([]byte(record))
	if err != nil {
		return user.User{}, fmt.Errorf("load user %q: %w", username, err)
	}
	if !account.PasswordMatches(password) || account.Disabled {
		return user.User{}, errBadCredentials
	}
	return account, nil
}

func (h *Handler) jwks(ctx context.Context) (events.APIGatewayV2HTTPResponse, error) {
	keys, err := h.signingKeys(ctx)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}

	resp := apigw.JSON(http.StatusOK, token.NewJWKS(keys))
	// API Gateway caches keys itself; a short public cache spares the function.
	return apigw.WithHeaders(resp, map[string]string{"Cache-Control": "public, max-age=300"}), nil
}

// signingKeys returns every key under auth/signing-keys, each named by the
// last element of its parameter name. A key that does not parse, such as a
// stray value or a key under 2048 bits, is logged and left out, so one bad
// parameter does not stop sign-in with the others. No usable key at all is
// an error.
func (h *Handler) signingKeys(ctx context.Context) ([]token.Key, error) {
	pems, err := h.Params.GetByPath(ctx, signingKeysPath)
	if err != nil {
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	if len(pems) == 0 {
		return nil, fmt.Errorf("load signing keys: no parameters under %s", signingKeysPath)
	}

	h.keysMu.Lock()
	defer h.keysMu.Unlock()
	if h.parsedKeys == nil {
		h.parsedKeys = map[string]token.Key{}
	}

	keys := make([]token.Key, 0, len(pems))
	for name, text := range pems {
		kid := name[strings.LastIndex(name, "/")+1:]
		key, ok := h.parsedKeys[kid+"\x00"+text]
		if !ok {
			key, err = token.ParsePrivateKeyPEM(kid, []byte(text))
			if err != nil {
				logging.FromContext(ctx).Error("skipping unusable signing key", "parameter", signingKeysPath+"/"+name, "error", err)
				continue
			}
			h.parsedKeys[kid+"\x00"+text] = key
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("load signing keys: none of the %d parameters under %s is a usable RSA key", len(pems), signingKeysPath)
	}
	return keys, nil
}

// activeKey returns the key named by auth/active-kid, or the only key when
// that parameter is absent and there is exactly one.
func (h *Handler) activeKey(ctx context.Context) (token.Key, error) {
	keys, err := h.signingKeys(ctx)
	if err != nil {
		return token.Key{}, err
	}

	active, err := h.Params.Get(ctx, activeKeyName)
	if errors.Is(err, param.ErrNotFound) && len(keys) == 1 {
		return keys[0], nil
	}
	if err != nil {
		return token.Key{}, fmt.Errorf("load active key id: %w", err)
	}

	active = strings.TrimSpace(active)
	for _, key := range keys {
		if key.ID == active {
			return key, nil
		}
	}
	return token.Key{}, fmt.Errorf("active key %q is not under %s", active, signingKeysPath)
}

func (h *Handler) issuerURL(req events.APIGatewayV2HTTPRequest) string {
	if h.Issuer.URL != "" {
		return h.Issuer.URL
	}
	return "https://" + req.RequestContext.DomainName
}

func methodNotAllowed(allow string) events.APIGatewayV2HTTPResponse {
	resp := apigw.Problem(problem.Errorf(problem.MethodNotAllowed, "method not allowed, use %s", allow))
	return apigw.WithHeaders(resp, map[string]string{"Allow": allow})
}
