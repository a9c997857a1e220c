// Package apigwtest loads API Gateway HTTP API (payload format 2.0) events
// from JSON files for handler tests.
package apigwtest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// LoadRequest decodes testdata/name, relative to the test's package
// directory, into a request event. It stops the test when the file is
// missing or is not a valid event.
func LoadRequest(tb testing.TB, name string) events.APIGatewayV2HTTPRequest {
	tb.Helper()

	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatalf("read event: %v", err)
	}

	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(data, &req); err != nil {
		tb.Fatalf("decode %s: %v", name, err)
	}
	return req
}
