// Package problem defines the coded error that handlers return for expected
// failures, and its RFC 9457 problem details body.
//
// Code under pkg/ returns *Error values or wraps them with %w. The edge maps
// the Code to an HTTP status in one place, StatusOf, and sends the Message,
// so the Message must be safe to show to any client. Wrapped causes never
// reach a response.
package problem

import (
	"errors"
	"fmt"
	"net/http"
)

// Code classifies an expected failure. Each code maps to one HTTP status.
type Code string

// The codes that handlers return. Anything else, or an error that is not an
// *Error, is an internal error.
const (
	Invalid              Code = "invalid"                // 400: malformed or missing input
	Unauthorized         Code = "unauthorized"           // 401: missing or wrong credentials
	Forbidden            Code = "forbidden"              // 403: authenticated but not allowed
	NotFound             Code = "not_found"              // 404: the named thing does not exist
	MethodNotAllowed     Code = "method_not_allowed"     // 405
	TooLarge             Code = "too_large"              // 413: request body over the limit
	UnsupportedMediaType Code = "unsupported_media_type" // 415: wrong Content-Type
	BadGateway           Code = "bad_gateway"            // 502: an upstream failed or returned an invalid response
	Unavailable          Code = "unavailable"            // 503: a dependency is temporarily unavailable
	GatewayTimeout       Code = "gateway_timeout"        // 504: an upstream timed out
	Internal             Code = "internal"               // 500: a bug or a broken deployment
)

var statusByCode = map[Code]int{
	Invalid:              http.StatusBadRequest,
	Unauthorized:         http.StatusUnauthorized,
	Forbidden:            http.StatusForbidden,
	NotFound:             http.StatusNotFound,
	MethodNotAllowed:     http.StatusMethodNotAllowed,
	TooLarge:             http.StatusRequestEntityTooLarge,
	UnsupportedMediaType: http.StatusUnsupportedMediaType,
	BadGateway:           http.StatusBadGateway,
	Unavailable:          http.StatusServiceUnavailable,
	GatewayTimeout:       http.StatusGatewayTimeout,
	Internal:             http.StatusInternalServerError,
}

// StatusOf returns the HTTP status for code, or 500 for an unknown code.
func StatusOf(code Code) int {
	status, ok := statusByCode[code]
	if !ok {
		return http.StatusInternalServerError
	}
	return status
}

// Error is an expected failure with a client-safe message. Err, when set, is
// the cause for logs; it is never sent to the client.
type Error struct {
	Code    Code
	Message string
	Err     error
}

// Errorf returns an *Error with code and a message formatted like fmt.Sprintf.
// The message is sent to clients, so it must hold no secrets.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error with code and message that keeps err as its cause.
func Wrap(err error, code Code, message string) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// Error returns the message and, when set, the cause.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error {
	return e.Err
}

// CodeOf returns the Code of the first *Error in err's chain, or Internal when
// there is none.
func CodeOf(err error) Code {
	var perr *Error
	if errors.As(err, &perr) {
		return perr.Code
	}
	return Internal
}

// Details is an RFC 9457 problem details object, sent with the media type
// application/problem+json.
type Details struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Code repeats the Code so that clients can branch without parsing text.
	Code Code `json:"code"`
}

// DetailsOf builds the problem details for err. An *Error keeps its message;
// any other error gets a generic 500 body that reveals nothing about it.
func DetailsOf(err error) Details {
	var perr *Error
	if !errors.As(err, &perr) {
		return Details{
			Type:   "about:blank",
			Title:  http.StatusText(http.StatusInternalServerError),
			Status: http.StatusInternalServerError,
			Detail: "internal error",
			Code:   Internal,
		}
	}

	status := StatusOf(perr.Code)
	detail := perr.Message
	if status == http.StatusInternalServerError {
		detail = "internal error"
	}

	return Details{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Code:   perr.Code,
	}
}
