// Package httpapi serves HTTP like an Amazon API Gateway HTTP API whose
// routes have Lambda proxy integrations with payload format 2.0. It selects
// the route, runs the route's JWT authorizer, builds the 2.0 event, invokes
// the function and maps its response back to HTTP. Failures that never reach
// a function get API Gateway's own JSON error bodies.
package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/weather-portal/weather-portal/tools/internal/lambdapool"
)

// MaxBodyBytes is API Gateway's request payload limit (10 MB).
const MaxBodyBytes = 10 * 1024 * 1024

// IntegrationTimeout is API Gateway's maximum integration timeout for HTTP
// APIs (30 seconds). An invocation that takes longer gets 503.
const IntegrationTimeout = 30 * time.Second

// ErrForbidden is wrapped by an Authorizer error when the token is valid but
// has none of the required scopes. Any other Authorizer error means 401.
var ErrForbidden = errors.New("forbidden")

// Invoker invokes a function by name with a 2.0 event.
type Invoker interface {
	Invoke(ctx context.Context, function string, event []byte) (lambdapool.Result, error)
}

// Authorizer verifies bearer tokens, as an HTTP API JWT authorizer does.
type Authorizer interface {
	// Authorize verifies a bearer token for a route needing one of scopes (none → no scope check).
	// It returns the claims as API Gateway passes them (all values strings) and the token's scopes.
	// The Server logs the error, so it must not contain the token.
	Authorize(ctx context.Context, token string, scopes []string) (claims map[string]string, tokenScopes []string, err error)
}

// Server is an http.Handler that acts as an API Gateway HTTP API.
type Server struct {
	Routes      []Route
	Invoker     Invoker
	Authorizers map[string]Authorizer
	Logger      *slog.Logger     // one line per request: method, path, status, function, duration, cold start, instance
	Stage       string           // requestContext.stage; "" means "$default"
	Now         func() time.Time // nil means time.Now
}

// exchange carries one request through ServeHTTP and collects what is logged.
type exchange struct {
	requestID string
	route     Route
	status    int
	result    lambdapool.Result
	invoked   bool
	problem   string // the reason for an error response the server wrote itself, for the log
}

// ServeHTTP selects the route, authorizes, invokes and writes the response.
// Every response carries the apigw-requestid header.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := s.now()
	ex := &exchange{requestID: newRequestID()}
	w.Header().Set("Apigw-Requestid", ex.requestID)

	s.serve(w, r, ex, started)

	s.logRequest(r, ex, started)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, ex *exchange, started time.Time) {
	route, parameters, found := selectRoute(s.Routes, r.Method, r.URL.Path)
	if !found {
		ex.problem = "no route matches"
		ex.status = writeMessage(w, http.StatusNotFound, "Not Found")
		return
	}
	ex.route = route

	authorizer, err := s.authorize(r, route)
	if err != nil {
		ex.problem = err.Error()
		ex.status = writeAuthorizationError(w, err)
		return
	}

	body, err := readBody(r)
	if err != nil {
		ex.problem = err.Error()
		ex.status = writeMessage(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large")
		return
	}

	event, err := s.buildEvent(r, ex.requestID, route, parameters, authorizer, body, started)
	if err != nil {
		ex.problem = err.Error()
		ex.status = writeMessage(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), IntegrationTimeout)
	defer cancel()
	ex.result, err = s.Invoker.Invoke(ctx, route.Function, event)
	ex.invoked = true
	if err != nil {
		ex.problem = err.Error()
		if errors.Is(err, context.DeadlineExceeded) {
			ex.status = writeMessage(w, http.StatusServiceUnavailable, "Service Unavailable")
			return
		}
		ex.status = writeMessage(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}

	ex.status, ex.problem = writeResult(w, ex.result)
}

// authorization contains the claims and scopes that a JWT authorizer adds to
// the event.
type authorization struct {
	claims map[string]string
	scopes []string
}

// Errors from authorize, mapped to 401 or 403 by writeAuthorizationError.
var (
	errMissingToken       = errors.New("authorization header is missing")
	errUnknownAuthorizer  = errors.New("route names an authorizer that is not configured")
	errAuthorizerRejected = errors.New("authorizer rejected the token")
)

// authorize runs the route's authorizer. It returns nil for a public route.
func (s *Server) authorize(r *http.Request, route Route) (*authorization, error) {
	if route.Authorizer == "" {
		return nil, nil
	}
	authorizer, ok := s.Authorizers[route.Authorizer]
	if !ok {
		return nil, errUnknownAuthorizer
	}

	// API Gateway accepts the token with or without the "Bearer " prefix.
	token := strings.TrimSpace(r.Header.Get("Authorization"))
	if scheme, rest, found := strings.Cut(token, " "); found && strings.EqualFold(scheme, "Bearer") {
		token = strings.TrimSpace(rest)
	} else if strings.EqualFold(token, "Bearer") {
		token = ""
	}
	if token == "" {
		return nil, errMissingToken
	}

	claims, scopes, err := authorizer.Authorize(r.Context(), token, route.Scopes)
	if err != nil {
		if errors.Is(err, ErrForbidden) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %w", errAuthorizerRejected, err)
	}
	return &authorization{claims: claims, scopes: scopes}, nil
}

// writeAuthorizationError writes the authorizer's 401 or 403, or 500 for a
// route whose authorizer is not configured.
func writeAuthorizationError(w http.ResponseWriter, err error) int {
	switch {
	case errors.Is(err, errUnknownAuthorizer):
		return writeMessage(w, http.StatusInternalServerError, "Internal Server Error")
	case errors.Is(err, ErrForbidden):
		w.Header().Set("Www-Authenticate", `Bearer error="insufficient_scope"`)
		return writeMessage(w, http.StatusForbidden, "Forbidden")
	case errors.Is(err, errMissingToken):
		w.Header().Set("Www-Authenticate", "Bearer")
		return writeMessage(w, http.StatusUnauthorized, "Unauthorized")
	default:
		w.Header().Set("Www-Authenticate", `Bearer error="invalid_token"`)
		return writeMessage(w, http.StatusUnauthorized, "Unauthorized")
	}
}

// logRequest writes one line per request. It logs the path without the
// query string and never logs headers, so tokens stay out of the log.
func (s *Server) logRequest(r *http.Request, ex *exchange, started time.Time) {
	if s.Logger == nil {
		return
	}

	attributes := []any{
		slog.String("request_id", ex.requestID),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", ex.status),
		slog.Duration("duration", s.now().Sub(started)),
	}
	if ex.route.Function != "" {
		attributes = append(attributes, slog.String("route", ex.route.Key()), slog.String("function", ex.route.Function))
	}
	if ex.invoked {
		attributes = append(attributes, slog.Bool("cold_start", ex.result.ColdStart), slog.Int("instance", ex.result.Instance))
	}
	if ex.result.Error != "" {
		attributes = append(attributes, slog.String("function_error", ex.result.Error))
	}
	if ex.problem != "" {
		attributes = append(attributes, slog.String("error", ex.problem))
	}

	level := slog.LevelInfo
	if ex.status >= http.StatusInternalServerError {
		level = slog.LevelError
	}
	s.Logger.Log(r.Context(), level, "request", attributes...)
}

func (s *Server) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Server) stage() string {
	if s.Stage == "" {
		return "$default"
	}
	return s.Stage
}
