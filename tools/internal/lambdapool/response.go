package lambdapool

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
)

// Error types that the pool reports itself; other values of Result.Error
// come from the function or the emulator.
const (
	errorTypeTimeout  = "Sandbox.Timedout"
	errorTypeUnknown  = "Runtime.Unknown"
	errorTypeTooLarge = "Function.ResponseSizeTooLarge"
)

// timeoutPrefix starts the plain-text body that aws-lambda-rie returns with
// status 200 when the function runs past its timeout.
var timeoutPrefix = []byte("Task timed out after")

// classify turns an emulator reply into a Result. The emulator drops the
// X-Amz-Function-Error header, so a handled function error is recognised by
// the shape of its body. healthy is false when the instance must be
// replaced: after a timeout or a runtime crash.
func classify(status int, body []byte) (result Result, healthy bool, err error) {
	switch {
	case status == http.StatusOK && bytes.HasPrefix(body, timeoutPrefix):
		return Result{Error: errorTypeTimeout, Payload: errorDocument(errorTypeTimeout, string(body))}, false, nil

	case status == http.StatusOK:
		if errorType, ok := functionErrorType(body); ok {
			return Result{Error: errorType, Payload: body}, true, nil
		}
		return Result{Payload: body}, true, nil

	case status == http.StatusBadGateway:
		// A panic or an exit of the bootstrap. Lambda starts a new
		// execution environment after either, so the instance is
		// replaced and the next invocation is a cold start.
		errorType, ok := functionErrorType(body)
		if !ok {
			errorType = errorTypeUnknown
			body = errorDocument(errorType, string(body))
		}
		return Result{Error: errorType, Payload: body}, false, nil

	default:
		return Result{}, false, fmt.Errorf("aws-lambda-rie returned status %d: %.200s", status, body)
	}
}

// functionErrorType returns the errorType of an error document such as
// {"errorMessage":"…","errorType":"…","stackTrace":[…]}.
//
// NOTE: a successful response that happens to be an object with only these
// keys is reported as a function error, because the emulator gives no other
// sign of one.
func functionErrorType(body []byte) (string, bool) {
	var document map[string]json.RawMessage
	if err := json.Unmarshal(body, &document); err != nil {
		return "", false
	}

	for key := range document {
		switch key {
		case "errorMessage", "errorType", "stackTrace", "requestId", "cause":
		default:
			return "", false
		}
	}
	if _, ok := document["errorMessage"]; !ok {
		return "", false
	}

	var errorType string
	if err := json.Unmarshal(document["errorType"], &errorType); err != nil || errorType == "" {
		return errorTypeUnknown, true
	}
	return errorType, true
}

// errorDocument builds an error payload in the shape Lambda uses.
func errorDocument(errorType, message string) []byte {
	document, _ := json.Marshal(struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}{errorType, message})
	return document
}
