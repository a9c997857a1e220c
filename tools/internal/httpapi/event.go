package httpapi

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// Fixed identifiers of the local API, in the places where API Gateway puts
// the account and API ids.
const (
	localAccountID = "000000000000"
	localAPIID     = "local"
)

// requestTimeLayout is the format of requestContext.time, for example
// "04/Mar/2020:19:15:17 +0000".
const requestTimeLayout = "02/Jan/2006:15:04:05 -0700"

// errBodyTooLarge marks a request body over MaxBodyBytes.
var errBodyTooLarge = errors.New("request body is larger than 10 MB")

// readBody reads the request body, up to MaxBodyBytes.
func readBody(r *http.Request) ([]byte, error) {
	if r.ContentLength > MaxBodyBytes {
		return nil, fmt.Errorf("%w: Content-Length is %d", errBodyTooLarge, r.ContentLength)
	}
	if r.Body == nil {
		return nil, nil
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	if len(body) > MaxBodyBytes {
		return nil, errBodyTooLarge
	}
	return body, nil
}

// buildEvent returns the payload format 2.0 event for r as JSON.
func (s *Server) buildEvent(r *http.Request, requestID string, route Route, parameters map[string]string,
	auth *authorization, body []byte, received time.Time) ([]byte, error) {
	received = received.UTC()
	headers, cookies := eventHeaders(r, received)

	event := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              route.Key(),
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: queryParameters(r.URL.RawQuery),
		PathParameters:        parameters,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:     route.Key(),
			AccountID:    localAccountID,
			Stage:        s.stage(),
			RequestID:    requestID,
			APIID:        localAPIID,
			DomainName:   r.Host,
			DomainPrefix: domainPrefix(r.Host),
			Time:         received.Format(requestTimeLayout),
			TimeEpoch:    received.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method:    r.Method,
				Path:      r.URL.Path,
				Protocol:  r.Proto,
				SourceIP:  sourceIP(r),
				UserAgent: r.UserAgent(),
			},
		},
	}

	if auth != nil {
		claims := auth.claims
		if claims == nil {
			claims = map[string]string{}
		}
		event.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims, Scopes: auth.scopes},
		}
	}

	if len(body) > 0 {
		if isText(r.Header.Get("Content-Type")) && utf8.Valid(body) {
			event.Body = string(body)
		} else {
			event.Body = base64.StdEncoding.EncodeToString(body)
			event.IsBase64Encoded = true
		}
	}

	encoded, err := json.Marshal(event)
	if err != nil {
		return nil, fmt.Errorf("encode event for %s: %w", route.Key(), err)
	}
	return encoded, nil
}

// eventHeaders returns the request headers with lower-case names and
// repeated headers joined with commas, the way API Gateway passes them. The
// Cookie header moves to the cookies list. Host and the X-Forwarded headers
// are added, as API Gateway adds them.
func eventHeaders(r *http.Request, received time.Time) (map[string]string, []string) {
	headers := make(map[string]string, len(r.Header)+4)
	var cookies []string

	for name, values := range r.Header {
		lower := strings.ToLower(name)
		if lower == "cookie" {
			for _, value := range values {
				cookies = append(cookies, splitCookies(value)...)
			}
			continue
		}
		headers[lower] = strings.Join(values, ",")
	}

	headers["host"] = r.Host
	if r.ContentLength > 0 {
		headers["content-length"] = strconv.FormatInt(r.ContentLength, 10)
	}
	if forwarded := headers["x-forwarded-for"]; forwarded != "" {
		headers["x-forwarded-for"] = forwarded + ", " + sourceIP(r)
	} else {
		headers["x-forwarded-for"] = sourceIP(r)
	}
	headers["x-forwarded-proto"] = "http"
	headers["x-forwarded-port"] = "80"
	if r.TLS != nil {
		headers["x-forwarded-proto"] = "https"
		headers["x-forwarded-port"] = "443"
	}
	if _, port, err := net.SplitHostPort(r.Host); err == nil {
		headers["x-forwarded-port"] = port
	}
	headers["x-amzn-trace-id"] = newTraceID(received)

	return headers, cookies
}

// splitCookies splits a Cookie header value into its name=value pairs.
func splitCookies(header string) []string {
	var cookies []string
	for part := range strings.SplitSeq(header, ";") {
		if part = strings.TrimSpace(part); part != "" {
			cookies = append(cookies, part)
		}
	}
	return cookies
}

// queryParameters decodes the query string, joining the values of a
// repeated key with commas in the order they appear. It returns nil when
// there are no parameters. Pairs that cannot be decoded are kept as sent.
func queryParameters(rawQuery string) map[string]string {
	if rawQuery == "" {
		return nil
	}

	values := make(map[string][]string)
	var keys []string
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		key = unescapeQuery(key)
		if _, seen := values[key]; !seen {
			keys = append(keys, key)
		}
		values[key] = append(values[key], unescapeQuery(value))
	}
	if len(keys) == 0 {
		return nil
	}

	parameters := make(map[string]string, len(keys))
	for _, key := range keys {
		parameters[key] = strings.Join(values[key], ",")
	}
	return parameters
}

func unescapeQuery(s string) string {
	unescaped, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return unescaped
}

// textMediaTypes are the non-text/* media types whose bodies are passed as
// plain strings. Every other body is base64-encoded.
//
// NOTE: this list follows the AWS documentation's description of text
// payloads; API Gateway's exact list is not published.
var textMediaTypes = []string{
	"application/json",
	"application/xml",
	"application/javascript",
	"application/ecmascript",
}

// isText reports whether a body of contentType is sent as a plain string.
func isText(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}

	if strings.HasPrefix(mediaType, "text/") ||
		strings.HasSuffix(mediaType, "+json") || strings.HasSuffix(mediaType, "+xml") {
		return true
	}
	return slices.Contains(textMediaTypes, mediaType)
}

// sourceIP returns the client address without its port.
func sourceIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// domainPrefix returns the first label of host without its port, as
// requestContext.domainPrefix is the first label of the API's domain.
func domainPrefix(host string) string {
	if hostname, _, err := net.SplitHostPort(host); err == nil {
		host = hostname
	}
	if net.ParseIP(host) != nil {
		return host
	}
	prefix, _, _ := strings.Cut(host, ".")
	return prefix
}

// newRequestID returns a random id in the shape of API Gateway's request
// ids: 16 characters of base64.
func newRequestID() string {
	random := make([]byte, 10)
	_, _ = rand.Read(random)
	return base64.StdEncoding.EncodeToString(random)
}

// newTraceID returns an X-Ray trace header value, Root=1-<time>-<random>.
func newTraceID(now time.Time) string {
	random := make([]byte, 12)
	_, _ = rand.Read(random)
	return fmt.Sprintf("Root=1-%08x-%s", now.Unix(), hex.EncodeToString(random))
}
