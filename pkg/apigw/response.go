// Package apigw builds and reads API Gateway HTTP API (payload format 2.0)
// messages: JSON and problem+json responses with the security headers every
// response carries, and request bodies decoded with size and type checks.
package apigw

import (
	"encoding/json"
	"maps"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/problem"
)

// Content types used by the handlers.
const (
	ContentTypeJSON    = "application/json"
	ContentTypeProblem = "application/problem+json"
)

// ContentSecurityPolicy allows only same-origin resources, with no inline
// script or style, and forbids framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
	"frame-ancestors 'none'"

// SecurityHeaders returns a new map with the headers that every response
// carries: CSP, HSTS for one year, nosniff, no referrer, no framing.
func SecurityHeaders() map[string]string {
	return map[string]string{
		"Content-Security-Policy":    ContentSecurityPolicy,
		"Strict-Transport-Security":  "max-age=31536000; includeSubDomains",
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "no-referrer",
		"Cross-Origin-Opener-Policy": "same-origin",
	}
}

// JSON returns a response with status and v encoded as JSON. API responses
// are never cached. If v cannot be encoded, JSON returns a generic 500 problem.
func JSON(status int, v any) events.APIGatewayV2HTTPResponse {
	body, err := json.Marshal(v)
	if err != nil {
		return Problem(err)
	}

	headers := SecurityHeaders()
	headers["Content-Type"] = ContentTypeJSON
	headers["Cache-Control"] = "no-store"

	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    headers,
		Body:       string(body),
	}
}

// Problem returns the application/problem+json response for err, with the
// status that problem.StatusOf gives for its code. Errors that are not a
// *problem.Error become a generic 500 that reveals nothing of err.
func Problem(err error) events.APIGatewayV2HTTPResponse {
	details := problem.DetailsOf(err)

	body, marshalErr := json.Marshal(details)
	if marshalErr != nil {
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500,"code":"internal"}`)
		details.Status = http.StatusInternalServerError
	}

	headers := SecurityHeaders()
	headers["Content-Type"] = ContentTypeProblem
	headers["Cache-Control"] = "no-store"
	if details.Status == http.StatusUnauthorized {
		headers["WWW-Authenticate"] = `Bearer realm="weather-portal"`
	}

	return events.APIGatewayV2HTTPResponse{
		StatusCode: details.Status,
		Headers:    headers,
		Body:       string(body),
	}
}

// WithHeaders returns resp with extra headers added, replacing any of the
// same name. resp's own header map is not modified.
func WithHeaders(resp events.APIGatewayV2HTTPResponse, extra map[string]string) events.APIGatewayV2HTTPResponse {
	headers := make(map[string]string, len(resp.Headers)+len(extra))
	maps.Copy(headers, resp.Headers)
	maps.Copy(headers, extra)
	resp.Headers = headers
	return resp
}
