package main

import (
	"context"
	"net/http"
	"testing"
)

// BenchmarkStaticAsset serves Bootstrap's CSS, the largest asset, with and
// without gzip. Both bodies are prepared when the table is built, so this
// measures the per-request work: header negotiation and base64 encoding.
func BenchmarkStaticAsset(b *testing.B) {
	for name, acceptEncoding := range map[string]string{"gzip": "gzip, deflate, br", "identity": "identity"} {
		b.Run(name, func(b *testing.B) {
			handler := &Handler{Assets: loadTable(b)}
			req := loadEvent(b, "get-static-bootstrap.json")
			req.Headers["accept-encoding"] = acceptEncoding

			for b.Loop() {
				resp, err := handler.Handle(context.Background(), req)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("Handle = %d, %v; want 200", resp.StatusCode, err)
				}
			}
		})
	}
}
