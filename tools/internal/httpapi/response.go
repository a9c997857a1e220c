package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/tools/internal/lambdapool"
)

// writeMessage writes one of API Gateway's own error bodies, such as
// {"message":"Not Found"}, and returns status.
func writeMessage(w http.ResponseWriter, status int, message string) int {
	body, _ := json.Marshal(struct {
		Message string `json:"message"`
	}{message})

	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return status
}

// writeResult maps a function's result to the HTTP response. It returns the
// status and, when the server writes its own 500, the reason for the log.
func writeResult(w http.ResponseWriter, result lambdapool.Result) (int, string) {
	if result.Error != "" {
		return writeMessage(w, http.StatusInternalServerError, "Internal Server Error"),
			"function failed with " + result.Error
	}

	response, err := parseResponse(result.Payload)
	if err != nil {
		return writeMessage(w, http.StatusInternalServerError, "Internal Server Error"), err.Error()
	}

	body := []byte(response.Body)
	if response.IsBase64Encoded {
		body, err = base64.StdEncoding.DecodeString(response.Body)
		if err != nil {
			return writeMessage(w, http.StatusInternalServerError, "Internal Server Error"),
				fmt.Sprintf("response body is marked base64 but does not decode: %v", err)
		}
	}

	header := w.Header()
	for name, value := range response.Headers {
		header.Set(name, value)
	}
	// Format 2.0 has no multiValueHeaders, but aws-lambda-go's response type
	// does, so values a function puts there are sent too.
	for name, values := range response.MultiValueHeaders {
		for _, value := range values {
			header.Add(name, value)
		}
	}
	for _, cookie := range response.Cookies {
		header.Add("Set-Cookie", cookie)
	}
	if header.Get("Content-Type") == "" {
		// Without this, net/http would guess a content type from the body.
		header["Content-Type"] = nil
	}

	w.WriteHeader(response.StatusCode)
	_, _ = w.Write(body)
	return response.StatusCode, ""
}

// parseResponse reads a 2.0 response. A JSON object with statusCode is a
// full response. Any other valid JSON is the body of a 200 response with
// Content-Type application/json, and a JSON string becomes its unquoted
// value, as API Gateway does. Anything else is an error.
func parseResponse(payload []byte) (events.APIGatewayV2HTTPResponse, error) {
	if !json.Valid(payload) {
		return events.APIGatewayV2HTTPResponse{}, fmt.Errorf("function response is not valid JSON (%d bytes)", len(payload))
	}

	trimmed := bytes.TrimSpace(payload)
	if trimmed[0] == '"' {
		var body string
		if err := json.Unmarshal(trimmed, &body); err != nil {
			return events.APIGatewayV2HTTPResponse{}, fmt.Errorf("decode function response string: %w", err)
		}
		return defaultResponse(body), nil
	}

	var fields map[string]json.RawMessage
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &fields) != nil {
		return defaultResponse(string(payload)), nil
	}
	if _, ok := fields["statusCode"]; !ok {
		return defaultResponse(string(payload)), nil
	}

	var response events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(trimmed, &response); err != nil {
		return events.APIGatewayV2HTTPResponse{}, fmt.Errorf("function response has invalid fields: %w", err)
	}
	if response.StatusCode < 200 || response.StatusCode > 599 {
		return events.APIGatewayV2HTTPResponse{}, fmt.Errorf("function response has invalid statusCode %d", response.StatusCode)
	}
	return response, nil
}

func defaultResponse(body string) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusOK,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       body,
	}
}
