package trace

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestHTTPClientOutsideLambda checks that a traced client still sends
// requests when no X-Ray segment exists, as in tests and the local stack.
func TestHTTPClientOutsideLambda(t *testing.T) {
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	defer server.Close()

	client := HTTPClient(&http.Client{Timeout: 3 * time.Second})
	if got := client.Timeout; got != 3*time.Second {
		t.Errorf("Timeout = %v, want 3s kept from the wrapped client", got)
	}

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, server.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	defer resp.Body.Close()

	body, _ := io.ReadAll(resp.Body)
	if string(body) != "ok" {
		t.Errorf("body = %q, want ok", body)
	}
}
