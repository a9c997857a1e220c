package apigw

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/problem"
)

func TestJSONResponse(t *testing.T) {
	resp := JSON(201, map[string]string{"city": "Delhi"})

	if resp.StatusCode != 201 {
		t.Errorf("status = %d, want 201", resp.StatusCode)
	}
	if got := resp.Body; got != `{"city":"Delhi"}` {
		t.Errorf("body = %s", got)
	}
	for name, want := range map[string]string{
		"Content-Type":           "application/json",
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Headers[name]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if !strings.Contains(resp.Headers["Content-Security-Policy"], "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy = %q, want frame-ancestors 'none'", resp.Headers["Content-Security-Policy"])
	}
}

func TestJSONUnencodableValue(t *testing.T) {
	resp := JSON(200, map[string]any{"f": func() {}})
	if resp.StatusCode != 500 {
		t.Errorf("status = %d, want 500", resp.StatusCode)
	}
}

func TestProblemResponse(t *testing.T) {
	resp := Problem(problem.Errorf(problem.Unauthorized, "token expired"))

	if resp.StatusCode != 401 {
		t.Errorf("status = %d, want 401", resp.StatusCode)
	}
	if got := resp.Headers["Content-Type"]; got != ContentTypeProblem {
		t.Errorf("Content-Type = %q, want %q", got, ContentTypeProblem)
	}
	if got := resp.Headers["WWW-Authenticate"]; !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
	}

	var details problem.Details
	if err := json.Unmarshal([]byte(resp.Body), &details); err != nil {
		t.Fatalf("decode %s: %v", resp.Body, err)
	}
	if details.Detail != "token expired" || details.Status != 401 || details.Title != "Unauthorized" {
		t.Errorf("details = %+v", details)
	}
}

func TestWithHeadersCopies(t *testing.T) {
	original := JSON(200, "ok")
	changed := WithHeaders(original, map[string]string{"Cache-Control": "public, max-age=60"})

	if got := original.Headers["Cache-Control"]; got != "no-store" {
		t.Errorf("original Cache-Control = %q, want no-store", got)
	}
	if got := changed.Headers["Cache-Control"]; got != "public, max-age=60" {
		t.Errorf("changed Cache-Control = %q", got)
	}
}

func TestDecodeJSON(t *testing.T) {
	type body struct {
		Name string `json:"name"`
	}
	tests := []struct {
		name        string
		contentType string
		body        string
		base64      bool
		wantCode    problem.Code
	}{
		{"valid", "application/json", `{"name":"x"}`, false, ""},
		{"charset parameter", "application/json; charset=utf-8", `{"name":"x"}`, false, ""},
		{"base64", "application/json", "eyJuYW1lIjoieCJ9", true, ""},
		{"text/plain", "text/plain", `{"name":"x"}`, false, problem.UnsupportedMediaType},
		{"garbage content type", ";;;", `{"name":"x"}`, false, problem.UnsupportedMediaType},
		{"too large", "application/json", `{"name":"` + strings.Repeat("x", 100) + `"}`, false, problem.TooLarge},
		{"whitespace only", "application/json", "  \n", false, problem.Invalid},
		{"syntax error", "application/json", `{"name":}`, false, problem.Invalid},
		{"truncated", "application/json", `{"name":"x"`, false, problem.Invalid},
		{"unknown field", "application/json", `{"name":"x","extra":1}`, false, problem.Invalid},
		{"wrong type", "application/json", `{"name":5}`, false, problem.Invalid},
		{"two objects", "application/json", `{"name":"x"}{"name":"y"}`, false, problem.Invalid},
		{"bad base64", "application/json", "!!!", true, problem.Invalid},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := events.APIGatewayV2HTTPRequest{
				Headers:         map[string]string{"content-type": tt.contentType},
				Body:            tt.body,
				IsBase64Encoded: tt.base64,
			}

			var got body
			err := DecodeJSON(req, 64, &got)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("DecodeJSON: %v", err)
				}
				if got.Name != "x" {
					t.Errorf("name = %q, want x", got.Name)
				}
				return
			}

			var perr *problem.Error
			if !errors.As(err, &perr) {
				t.Fatalf("error = %v, want a *problem.Error", err)
			}
			if perr.Code != tt.wantCode {
				t.Errorf("code = %q, want %q (message %q)", perr.Code, tt.wantCode, perr.Message)
			}
		})
	}
}

func TestHeaderIgnoresCase(t *testing.T) {
	req := events.APIGatewayV2HTTPRequest{Headers: map[string]string{"Content-Type": "application/json"}}
	if got := Header(req, "content-type"); got != "application/json" {
		t.Errorf("Header = %q, want application/json", got)
	}
}
