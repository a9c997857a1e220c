package ssmlocal

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is an error response in the awsJson1_1 shape. Type is the
// unqualified error shape name that the SDK resolves to a type, for example
// ParameterNotFound becomes *types.ParameterNotFound.
type apiError struct {
	Status  int
	Type    string
	Message string
}

func (e *apiError) Error() string {
	return e.Type + ": " + e.Message
}

func newAPIError(status int, errorType, format string, args ...any) *apiError {
	return &apiError{Status: status, Type: errorType, Message: fmt.Sprintf(format, args...)}
}

func validationError(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, "ValidationException", format, args...)
}

func notFoundError(name string) *apiError {
	return newAPIError(http.StatusBadRequest, "ParameterNotFound", "parameter %s not found", name)
}

// writeError sends e as the JSON body that the SDK's awsJson protocol decodes:
// the shape name in "__type" and the text in "message".
func writeError(w http.ResponseWriter, e *apiError) {
	body, err := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{e.Type, e.Message})
	if err != nil {
		body = []byte(`{"__type":"InternalServerError","message":"encoding the error failed"}`)
	}

	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Amzn-ErrorType", e.Type)
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}
