package apigw

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/problem"
)

// Header returns the value of the request header name, matched without regard
// to case. API Gateway sends header names in lower case, but test events and
// other callers may not.
func Header(req events.APIGatewayV2HTTPRequest, name string) string {
	if value, ok := req.Headers[strings.ToLower(name)]; ok {
		return value
	}
	for key, value := range req.Headers {
		if strings.EqualFold(key, name) {
			return value
		}
	}
	return ""
}

// Body returns the request body, decoding it when API Gateway sent it base64
// encoded.
func Body(req events.APIGatewayV2HTTPRequest) ([]byte, error) {
	if !req.IsBase64Encoded {
		return []byte(req.Body), nil
	}

	body, err := base64.StdEncoding.DecodeString(req.Body)
	if err != nil {
		return nil, problem.Wrap(err, problem.Invalid, "request body is not valid base64")
	}
	return body, nil
}

// DecodeJSON decodes the request body into v. It returns a *problem.Error
// with code UnsupportedMediaType unless Content-Type is application/json
// (parameters such as charset=utf-8 are allowed), TooLarge when the body is
// longer than maxBytes, and Invalid when the body is empty, is not a single
// JSON value, or has fields that v does not declare.
func DecodeJSON(req events.APIGatewayV2HTTPRequest, maxBytes int, v any) error {
	contentType := Header(req, "Content-Type")
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != ContentTypeJSON {
		return problem.Errorf(problem.UnsupportedMediaType,
			"Content-Type must be application/json, got %q", truncate(contentType, 100))
	}

	body, err := Body(req)
	if err != nil {
		return err
	}
	if len(body) > maxBytes {
		return problem.Errorf(problem.TooLarge, "request body is %d bytes, the limit is %d", len(body), maxBytes)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return problem.Errorf(problem.Invalid, "request body is empty, expected a JSON object")
	}

	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(v); err != nil {
		return problem.Wrap(err, problem.Invalid, describeJSONError(err))
	}
	if _, err := decoder.Token(); !errors.Is(err, io.EOF) {
		return problem.Errorf(problem.Invalid, "request body has data after the JSON object")
	}
	return nil
}

// describeJSONError turns a decoding error into a message that names the
// offending field or offset without echoing the body.
func describeJSONError(err error) string {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError

	switch {
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("request body is not valid JSON (error at byte %d)", syntaxErr.Offset)
	case errors.As(err, &typeErr):
		return fmt.Sprintf("field %q must be a JSON %s", typeErr.Field, typeErr.Type.Kind())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "request body is truncated JSON"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "request body has an unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	default:
		return "request body is not a valid JSON object"
	}
}

func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
