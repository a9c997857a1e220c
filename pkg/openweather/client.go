// Package openweather is a client for OpenWeather's Current Weather Data API
// (GET /data/2.5/weather?q={city}&units={units}&appid={key}). It decodes the
// documented success body into Current and turns every failure into an error
// that wraps one of the package's sentinel errors. The API key never appears
// in a returned error.
package openweather

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is OpenWeather's production API origin.
const DefaultBaseURL = "https://api.openweathermap.org"

// DefaultTimeout bounds one call, from sending the request to reading the
// last byte of the body. It is kept shorter than the Lambda timeout so that
// the handler can still respond with 504.
const DefaultTimeout = 5 * time.Second

// MaxBodyBytes is the largest response body the client reads. A real
// current-weather body is under 1 KiB.
const MaxBodyBytes = 1 << 20

// currentPath is the Current Weather Data endpoint below the base URL.
const currentPath = "/data/2.5/weather"

// Doer sends an HTTP request. *http.Client implements it.
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Config configures a Client. Zero fields take the defaults.
type Config struct {
	// BaseURL is the API origin, optionally with a path prefix. The default
	// is DefaultBaseURL.
	BaseURL string
	// HTTPClient sends the requests. The default is a new *http.Client
	// without its own timeout, because Timeout bounds each call.
	HTTPClient Doer
	// Timeout bounds each call. The default is DefaultTimeout.
	Timeout time.Duration
}

// Client calls the Current Weather Data API. It is safe for concurrent use.
type Client struct {
	endpoint *url.URL
	http     Doer
	timeout  time.Duration
}

// New returns a Client for cfg. It fails when BaseURL is not an absolute
// http or https URL, or when Timeout is negative.
func New(cfg Config) (*Client, error) {
	baseURL := cfg.BaseURL
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}

	endpoint, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("openweather: parse base URL %q: %w", baseURL, err)
	}
	if endpoint.Scheme != "http" && endpoint.Scheme != "https" || endpoint.Host == "" {
		return nil, fmt.Errorf("openweather: base URL %q must be an absolute http or https URL", baseURL)
	}
	if endpoint.RawQuery != "" || endpoint.User != nil {
		return nil, fmt.Errorf("openweather: base URL %q must not contain a query or user info", baseURL)
	}
	endpoint = endpoint.JoinPath(currentPath)

	if cfg.Timeout < 0 {
		return nil, fmt.Errorf("openweather: timeout %s is negative", cfg.Timeout)
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}

	doer := cfg.HTTPClient
	if doer == nil {
		doer = &http.Client{}
	}

	return &Client{endpoint: endpoint, http: doer, timeout: timeout}, nil
}

// Current returns the current weather for city, a name such as "Bengaluru"
// or "London,GB". Units is "standard", "metric" or "imperial", and an empty
// string lets OpenWeather apply its default (standard, Kelvin).
//
// On failure the error wraps ErrCityNotFound, ErrUnauthorized,
// ErrRateLimited, ErrUpstream, ErrMalformed or ErrTimeout. It names the city
// and the HTTP status, and it never contains apiKey.
func (c *Client) Current(ctx context.Context, apiKey, city, units string) (*Current, error) {
	current, err := c.current(ctx, apiKey, city, units)
	if err != nil {
		return nil, redactError(err, apiKey)
	}
	return current, nil
}

func (c *Client) current(ctx context.Context, apiKey, city, units string) (*Current, error) {
	op := fmt.Sprintf("openweather: current weather for %q", truncate(city, 100))
	if apiKey == "" {
		return nil, fmt.Errorf("%s: %w: API key is empty", op, ErrUnauthorized)
	}

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.requestURL(apiKey, city, units), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: build request: %w", op, ErrUpstream, scrubTransportError(err, apiKey))
	}
	req.Header.Set("Accept", "application/json")

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", op, classifyTransportError(ctx, err), scrubTransportError(err, apiKey))
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w: read body of HTTP %d: %w",
			op, classifyTransportError(ctx, err), resp.StatusCode, scrubTransportError(err, apiKey))
	}
	if len(body) > MaxBodyBytes {
		return nil, fmt.Errorf("%s: %w: HTTP %d body is over %d bytes", op, ErrMalformed, resp.StatusCode, MaxBodyBytes)
	}

	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %w", op, statusError(resp.StatusCode, body, apiKey))
	}

	current, err := decodeCurrent(resp.Header.Get("Content-Type"), body, apiKey)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return current, nil
}

// requestURL builds the request URL. The result contains apiKey, so it must
// never be logged or returned.
func (c *Client) requestURL(apiKey, city, units string) string {
	query := url.Values{}
	query.Set("q", city)
	if units != "" {
		query.Set("units", units)
	}
	query.Set("appid", apiKey)

	requestURL := *c.endpoint
	requestURL.RawQuery = query.Encode()
	return requestURL.String()
}

// classifyTransportError returns ErrTimeout when the call's deadline expired
// or the transport reports a timeout, and ErrUpstream otherwise.
func classifyTransportError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}

	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return ErrTimeout
	}
	return ErrUpstream
}

// statusError returns the sentinel-wrapping error for a non-200 status,
// with OpenWeather's message from the body when there is one.
func statusError(status int, body []byte, apiKey string) error {
	var parsed errorBody
	isErrorBody := json.Unmarshal(body, &parsed) == nil && parsed.Cod != 0
	detail := fmt.Sprintf("HTTP %d", status)
	if isErrorBody && parsed.Message != "" {
		detail += ": " + redactKey(truncate(parsed.Message, 200), apiKey)
	}

	switch {
	case status == http.StatusNotFound && isErrorBody:
		return fmt.Errorf("%w: %s", ErrCityNotFound, detail)
	case status == http.StatusNotFound:
		// A 404 without OpenWeather's JSON body comes from a wrong base URL
		// or a proxy, not from a city lookup.
		return fmt.Errorf("%w: %s without an OpenWeather error body", ErrUpstream, detail)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		// OpenWeather sends 401 for a wrong or inactive key and 403 for a
		// key whose plan does not include the endpoint.
		return fmt.Errorf("%w: %s", ErrUnauthorized, detail)
	case status == http.StatusTooManyRequests:
		return fmt.Errorf("%w: %s", ErrRateLimited, detail)
	default:
		return fmt.Errorf("%w: unexpected %s", ErrUpstream, detail)
	}
}

// decodeCurrent decodes a 200 body. It wraps ErrMalformed when the content
// type is not JSON, the body does not decode, or a required field (weather,
// main.temp, dt, name) is missing. A body whose cod is not 200 is handled as
// that status.
func decodeCurrent(contentType string, body []byte, apiKey string) (*Current, error) {
	if contentType != "" {
		mediaType, _, err := mime.ParseMediaType(contentType)
		if err != nil || mediaType != "application/json" {
			return nil, fmt.Errorf("%w: HTTP 200 with content type %q, expected application/json",
				ErrMalformed, truncate(contentType, 100))
		}
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil, fmt.Errorf("%w: HTTP 200 with an empty body", ErrMalformed)
	}

	var current Current
	if err := json.Unmarshal(body, &current); err != nil {
		return nil, fmt.Errorf("%w: decode HTTP 200 body: %w", ErrMalformed, err)
	}
	if current.Cod != 0 && current.Cod != http.StatusOK {
		return nil, statusError(int(current.Cod), body, apiKey)
	}

	var presence struct {
		Main *struct {
			Temp *float64 `json:"temp"`
		} `json:"main"`
	}
	if err := json.Unmarshal(body, &presence); err != nil {
		return nil, fmt.Errorf("%w: decode HTTP 200 body: %w", ErrMalformed, err)
	}

	var missing []string
	if len(current.Weather) == 0 {
		missing = append(missing, "weather")
	}
	if presence.Main == nil || presence.Main.Temp == nil {
		missing = append(missing, "main.temp")
	}
	if current.DT <= 0 {
		missing = append(missing, "dt")
	}
	if current.Name == "" {
		missing = append(missing, "name")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: HTTP 200 body is missing %s", ErrMalformed, strings.Join(missing, ", "))
	}
	return &current, nil
}
