package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/apigw/apigwtest"
)

func TestHandle(t *testing.T) {
	tests := []struct {
		event       string
		wantStatus  int
		wantType    string
		wantMessage string
	}{
		{"get-welcome.json", 200, "application/json", "Welcome, Dev User!"},
		{"get-welcome-no-name.json", 200, "application/json", "Welcome, dev!"},
		{"get-welcome-no-authorizer.json", 401, "application/problem+json", ""},
		{"post-welcome.json", 405, "application/problem+json", ""},
	}

	for _, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			resp, err := Handle(context.Background(), loadEvent(t, tt.event))
			if err != nil {
				resp = apigw.Problem(err) // what logging.Middleware sends
			}

			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := resp.Headers["Content-Type"]; got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			if tt.wantMessage == "" {
				return
			}

			var body welcomeResponse
			if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
				t.Fatalf("decode body %q: %v", resp.Body, err)
			}
			if body.Message != tt.wantMessage {
				t.Errorf("message = %q, want %q", body.Message, tt.wantMessage)
			}
			if body.Username != "dev" {
				t.Errorf("username = %q, want dev", body.Username)
			}
		})
	}
}

func loadEvent(t testing.TB, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	return apigwtest.LoadRequest(t, name)
}
