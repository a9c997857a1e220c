package ssmlocal

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// fixedTime is the LastModifiedDate that test servers store.
var fixedTime = time.Date(2026, 1, 2, 3, 4, 5, 600_000_000, time.UTC)

// newTestServer returns a memory-only Server with a fixed clock and the URL
// of an httptest server in front of it.
func newTestServer(t *testing.T) (*Server, string) {
	t.Helper()

	srv, err := New(Options{Clock: func() time.Time { return fixedTime }})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// newClient returns the real SDK client for url, signing with static test
// credentials and making a single attempt per call.
func newClient(t *testing.T, url string) *ssm.Client {
	t.Helper()

	return ssm.New(ssm.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDLOCALTEST", "local-test-secret", ""),
		RetryMaxAttempts: 1,
	})
}

// mustPut seeds a parameter and fails the test on error.
func mustPut(t *testing.T, srv *Server, name, value string, secure bool) {
	t.Helper()

	if err := srv.Put(name, value, secure); err != nil {
		t.Fatalf("Put(%q): %v", name, err)
	}
}

// rawResponse is a decoded error response from a hand-built request.
type rawResponse struct {
	status      int
	contentType string
	errorType   string
	message     string
}

// postRaw sends body to url with the given headers and decodes the response
// as an awsJson error.
func postRaw(t *testing.T, method, url string, headers map[string]string, body io.Reader) rawResponse {
	t.Helper()

	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	defer resp.Body.Close()

	var decoded struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if err := json.Unmarshal(data, &decoded); err != nil {
		t.Fatalf("response body %q is not JSON: %v", data, err)
	}

	return rawResponse{
		status:      resp.StatusCode,
		contentType: resp.Header.Get("Content-Type"),
		errorType:   decoded.Type,
		message:     decoded.Message,
	}
}

func TestServeHTTPMalformedRequests(t *testing.T) {
	_, url := newTestServer(t)

	valid := map[string]string{
		"Authorization": "AWS4-HMAC-SHA256 Credential=test",
		"Content-Type":  contentType,
		"X-Amz-Target":  "AmazonSSM.GetParameter",
	}
	with := func(key, value string) map[string]string {
		headers := make(map[string]string, len(valid))
		for k, v := range valid {
			headers[k] = v
		}
		if value == "" {
			delete(headers, key)
		} else {
			headers[key] = value
		}
		return headers
	}

	tests := []struct {
		name       string
		method     string
		headers    map[string]string
		body       string
		wantStatus int
		wantType   string
	}{
		{"bad JSON", http.MethodPost, valid, `{"Name":`, 400, "SerializationException"},
		{"trailing data", http.MethodPost, valid, `{"Name":"/a"} x`, 400, "SerializationException"},
		{"wrong member type", http.MethodPost, valid, `{"Name":42}`, 400, "SerializationException"},
		{"empty body", http.MethodPost, valid, ``, 400, "SerializationException"},
		{"JSON array body", http.MethodPost, valid, `[]`, 400, "SerializationException"},
		{"missing name", http.MethodPost, valid, `{}`, 400, "ValidationException"},
		{"unknown operation", http.MethodPost, with("X-Amz-Target", "AmazonSSM.SendCommand"), `{}`, 400, "UnknownOperationException"},
		{"other service target", http.MethodPost, with("X-Amz-Target", "AmazonEC2.RunInstances"), `{}`, 400, "UnknownOperationException"},
		{"missing target", http.MethodPost, with("X-Amz-Target", ""), `{}`, 400, "UnknownOperationException"},
		{"wrong content type", http.MethodPost, with("Content-Type", "application/json"), `{}`, 400, "SerializationException"},
		{"missing authorization", http.MethodPost, with("Authorization", ""), `{"Name":"/a"}`, 403, "MissingAuthenticationTokenException"},
		{"GET method", http.MethodGet, valid, ``, 405, "UnknownOperationException"},
		{"huge body", http.MethodPost, valid, `{"Name":"` + strings.Repeat("a", DefaultMaxBodyBytes) + `"}`, 413, "RequestEntityTooLargeException"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := postRaw(t, tt.method, url, tt.headers, strings.NewReader(tt.body))

			if got.status != tt.wantStatus {
				t.Errorf("status = %d, want %d", got.status, tt.wantStatus)
			}
			if got.errorType != tt.wantType {
				t.Errorf("__type = %q, want %q", got.errorType, tt.wantType)
			}
			if got.contentType != contentType {
				t.Errorf("Content-Type = %q, want %q", got.contentType, contentType)
			}
			if got.message == "" {
				t.Error("message is empty")
			}
		})
	}
}

func TestServeHTTPSecretNotInErrors(t *testing.T) {
	srv, url := newTestServer(t)
	mustPut(t, srv, "/app/secret", "hunter2-secret-value", true)

	headers := map[string]string{
		"Authorization": "AWS4-HMAC-SHA256 Credential=test",
		"Content-Type":  contentType,
		"X-Amz-Target":  "AmazonSSM.PutParameter",
	}
	got := postRaw(t, http.MethodPost, url, headers, strings.NewReader(`{"Name":"/app/secret","Value":"other-secret-value","Type":"SecureString"}`))

	if got.errorType != "ParameterAlreadyExists" {
		t.Fatalf("__type = %q, want ParameterAlreadyExists", got.errorType)
	}
	if strings.Contains(got.message, "secret-value") {
		t.Errorf("message %q contains a value", got.message)
	}
}
