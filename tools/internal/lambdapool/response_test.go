package lambdapool

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		body        string
		wantError   string
		wantHealthy bool
		wantPayload string
		wantErr     bool
	}{
		{name: "success object", status: 200, body: `{"statusCode":200}`, wantHealthy: true, wantPayload: `{"statusCode":200}`},
		{name: "success with errorMessage and more keys", status: 200, body: `{"errorMessage":"x","city":"Pune"}`,
			wantHealthy: true, wantPayload: `{"errorMessage":"x","city":"Pune"}`},
		{name: "success not JSON", status: 200, body: `plain`, wantHealthy: true, wantPayload: `plain`},
		{name: "handled error", status: 200, body: `{"errorMessage":"bad","errorType":"errorString"}`,
			wantError: "errorString", wantHealthy: true, wantPayload: `{"errorMessage":"bad","errorType":"errorString"}`},
		{name: "handled error without type", status: 200, body: `{"errorMessage":"bad"}`,
			wantError: errorTypeUnknown, wantHealthy: true, wantPayload: `{"errorMessage":"bad"}`},
		{name: "timeout", status: 200, body: `Task timed out after 3.00 seconds`, wantError: errorTypeTimeout,
			wantPayload: `{"errorType":"Sandbox.Timedout","errorMessage":"Task timed out after 3.00 seconds"}`},
		{name: "crash with document", status: 502, body: `{"errorType":"Runtime.ExitError","errorMessage":"exit status 3"}`,
			wantError: "Runtime.ExitError", wantPayload: `{"errorType":"Runtime.ExitError","errorMessage":"exit status 3"}`},
		{name: "crash with text", status: 502, body: `broken`, wantError: errorTypeUnknown,
			wantPayload: `{"errorType":"Runtime.Unknown","errorMessage":"broken"}`},
		{name: "emulator rejection", status: 400, body: ``, wantErr: true},
		{name: "emulator failure", status: 500, body: ``, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			result, healthy, err := classify(tt.status, []byte(tt.body))

			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("classify() error = %v, want error %v", err, tt.wantErr)
			}
			if result.Error != tt.wantError {
				t.Errorf("Error = %q, want %q", result.Error, tt.wantError)
			}
			if healthy != tt.wantHealthy {
				t.Errorf("healthy = %v, want %v", healthy, tt.wantHealthy)
			}
			if got := string(result.Payload); got != tt.wantPayload {
				t.Errorf("Payload = %s, want %s", got, tt.wantPayload)
			}
		})
	}
}

func TestCopyLines(t *testing.T) {
	long := strings.Repeat("x", 70*1024)
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{name: "lines", input: "one\ntwo\n", want: "[f#1] one\n[f#1] two\n"},
		{name: "no final newline", input: "one\ntwo", want: "[f#1] one\n[f#1] two\n"},
		{name: "empty", input: "", want: ""},
		{name: "long line split", input: long + "\n", want: "[f#1] " + long[:64*1024] + "\n[f#1] " + long[64*1024:] + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var output bytes.Buffer

			copyLines(&lockedWriter{w: &output}, "[f#1] ", strings.NewReader(tt.input))

			if got := output.String(); got != tt.want {
				t.Errorf("output = %.80q (%d bytes), want %.80q (%d bytes)", got, len(got), tt.want, len(tt.want))
			}
		})
	}
}

func TestRoundUpToSecond(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{in: "0s", want: "1s"},
		{in: "1ms", want: "1s"},
		{in: "1s", want: "1s"},
		{in: "1.001s", want: "2s"},
		{in: "29s", want: "29s"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			in, err := time.ParseDuration(tt.in)
			if err != nil {
				t.Fatalf("parse %q: %v", tt.in, err)
			}
			if got := roundUpToSecond(in).String(); got != tt.want {
				t.Errorf("roundUpToSecond(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
