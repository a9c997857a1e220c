package openweather

import (
	"errors"
	"net/url"
	"strings"
)

// Sentinel errors that Client.Current wraps, so callers can branch with
// errors.Is. Error messages never contain the API key.
var (
	// ErrCityNotFound means OpenWeather has no city matching the query.
	ErrCityNotFound = errors.New("city not found")
	// ErrUnauthorized means OpenWeather rejected the API key.
	ErrUnauthorized = errors.New("API key rejected")
	// ErrRateLimited means the account exceeded its request quota (HTTP 429).
	ErrRateLimited = errors.New("rate limit exceeded")
	// ErrUpstream means a 5xx status, an unexpected status, or a failed
	// connection.
	ErrUpstream = errors.New("upstream failure")
	// ErrMalformed means a body that is not the documented JSON: garbage,
	// HTML, an empty body, a body over MaxBodyBytes, or missing required
	// fields.
	ErrMalformed = errors.New("malformed response")
	// ErrTimeout means the per-call timeout or the caller's deadline expired
	// before the body was read.
	ErrTimeout = errors.New("request timed out")
)

const redacted = "REDACTED"

// redactKey returns text with every occurrence of key, raw and
// query-escaped, replaced by REDACTED.
func redactKey(text, key string) string {
	if key == "" {
		return text
	}

	text = strings.ReplaceAll(text, key, redacted)
	if escaped := url.QueryEscape(key); escaped != key {
		text = strings.ReplaceAll(text, escaped, redacted)
	}
	if escaped := url.PathEscape(key); escaped != key {
		text = strings.ReplaceAll(text, escaped, redacted)
	}
	return text
}

// scrubTransportError removes the API key from an error returned by
// Doer.Do. A *url.Error prints the full request URL, which contains appid,
// so it is rebuilt with the URL's query removed. If the key still appears in
// the message, the result is a plain error with the key redacted and no
// chain, so callers must classify err before scrubbing it.
func scrubTransportError(err error, key string) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		withoutQuery := urlErr.URL
		if i := strings.IndexByte(withoutQuery, '?'); i >= 0 {
			withoutQuery = withoutQuery[:i]
		}
		err = &url.Error{Op: urlErr.Op, URL: withoutQuery, Err: urlErr.Err}
	}

	message := err.Error()
	clean := redactKey(message, key)
	if clean == message {
		return err
	}
	return errors.New(clean)
}

// sentinels lists the errors that redactError keeps in a rebuilt chain.
var sentinels = []error{ErrCityNotFound, ErrUnauthorized, ErrRateLimited, ErrUpstream, ErrMalformed, ErrTimeout}

// redactError is the last check before Current returns err. When err's
// message still contains the key, for example because OpenWeather echoed it
// in a decoding error, the error is rebuilt from the redacted message and the
// sentinel it wrapped, and the rest of the chain is dropped.
func redactError(err error, key string) error {
	message := err.Error()
	clean := redactKey(message, key)
	if clean == message {
		return err
	}

	for _, sentinel := range sentinels {
		if errors.Is(err, sentinel) {
			return &sentinelError{message: clean, sentinel: sentinel}
		}
	}
	return errors.New(clean)
}

// sentinelError is a redacted message that still matches its sentinel with
// errors.Is.
type sentinelError struct {
	message  string
	sentinel error
}

func (e *sentinelError) Error() string { return e.message }

func (e *sentinelError) Unwrap() error { return e.sentinel }

func truncate(text string, max int) string {
	runes := []rune(text)
	if len(runes) <= max {
		return text
	}
	return string(runes[:max]) + "…"
}
