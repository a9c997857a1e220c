package problem

import (
	"errors"
	"fmt"
	"testing"
)

func TestDetailsOf(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantDetail string
		wantCode   Code
	}{
		{"invalid", Errorf(Invalid, "city is required"), 400, "city is required", Invalid},
		{"wrapped not found", fmt.Errorf("lookup: %w", Errorf(NotFound, "city %q not found", "Atlantis")), 404, `city "Atlantis" not found`, NotFound},
		{"bad gateway keeps message", Wrap(errors.New("dial tcp: refused"), BadGateway, "weather service unavailable"), 502, "weather service unavailable", BadGateway},
		{"internal hides message", Errorf(Internal, "SSM said AccessDenied on /secret"), 500, "internal error", Internal},
		{"plain error", errors.New("password=hunter2"), 500, "internal error", Internal},
		{"unknown code hides message", Errorf(Code("teapot"), "short and stout"), 500, "internal error", Code("teapot")},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DetailsOf(tt.err)
			if got.Status != tt.wantStatus {
				t.Errorf("status = %d, want %d", got.Status, tt.wantStatus)
			}
			if got.Detail != tt.wantDetail {
				t.Errorf("detail = %q, want %q", got.Detail, tt.wantDetail)
			}
			if got.Code != tt.wantCode {
				t.Errorf("code = %q, want %q", got.Code, tt.wantCode)
			}
			if got.Type != "about:blank" {
				t.Errorf("type = %q, want about:blank", got.Type)
			}
		})
	}
}

func TestErrorUnwrapsCause(t *testing.T) {
	cause := errors.New("connection reset")
	err := fmt.Errorf("fetch: %w", Wrap(cause, BadGateway, "weather service unavailable"))

	if !errors.Is(err, cause) {
		t.Error("errors.Is(err, cause) = false, want true")
	}
	if got := CodeOf(err); got != BadGateway {
		t.Errorf("CodeOf = %q, want %q", got, BadGateway)
	}
	if got := CodeOf(cause); got != Internal {
		t.Errorf("CodeOf(plain error) = %q, want %q", got, Internal)
	}
}
