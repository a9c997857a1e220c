package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"golang.org/x/net/html"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/apigw/apigwtest"
	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/problem"
	"github.com/weather-portal/weather-portal/static"
)

const bootstrapAsset = "vendor/bootstrap/bootstrap.min.css"

// TestMain stops the run with one clear message when the vendored files are
// missing, instead of a list of 404 failures.
func TestMain(m *testing.M) {
	table, err := static.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, "load embedded assets:", err)
		os.Exit(1)
	}
	if _, ok := table.Lookup(bootstrapAsset); !ok {
		fmt.Fprintf(os.Stderr, "static/site/%s is missing: run `make assets` (npm ci, then go run ./tools/vendorassets) and test again\n", bootstrapAsset)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func TestHandleRoutes(t *testing.T) {
	table := loadTable(t)

	tests := []struct {
		event string
		// rawPath, when set, replaces the event's path. "{version}" in it
		// becomes the current asset version.
		rawPath          string
		headers          map[string]string
		wantStatus       int
		wantContentType  string
		wantCacheControl string
		wantEncoding     string
		wantAsset        string
	}{
		{event: "get-root.json", wantStatus: 200, wantContentType: "text/html; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "login.html"},
		{event: "get-login.json", wantStatus: 200, wantContentType: "text/html; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "login.html"},
		{event: "get-welcome.json", wantStatus: 200, wantContentType: "text/html; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "welcome.html"},
		{event: "get-weather.json", wantStatus: 200, wantContentType: "text/html; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "weather.html"},
		{event: "head-login.json", wantStatus: 200, wantContentType: "text/html; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip"},
		{event: "get-favicon.json", wantStatus: 200, wantContentType: "image/vnd.microsoft.icon", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "favicon.ico"},
		{event: "get-health.json", wantStatus: 200, wantContentType: "application/json", wantCacheControl: "no-store"},
		{event: "get-static-css.json", wantStatus: 200, wantContentType: "text/css; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "css/app.css"},
		{event: "get-static-js.json", wantStatus: 200, wantContentType: "text/javascript; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "js/weather.js"},
		{event: "get-static-icon.json", wantStatus: 200, wantContentType: "image/svg+xml", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "icons/rain.svg"},
		{event: "get-static-bootstrap.json", wantStatus: 200, wantContentType: "text/css; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: bootstrapAsset},
		{event: "get-static-css.json", rawPath: "/static/{version}/css/app.css", wantStatus: 200, wantContentType: "text/css; charset=utf-8", wantCacheControl: "public, max-age=31536000, immutable", wantEncoding: "gzip", wantAsset: "css/app.css"},
		{event: "get-static-stale-version.json", wantStatus: 200, wantContentType: "text/css; charset=utf-8", wantCacheControl: "no-cache", wantEncoding: "gzip", wantAsset: "css/app.css"},
		{event: "get-static-css.json", headers: map[string]string{"accept-encoding": "gzip;q=0, br"}, wantStatus: 200, wantContentType: "text/css; charset=utf-8", wantCacheControl: "no-cache", wantAsset: "css/app.css"},
		{event: "get-static-missing.json", wantStatus: 404},
		{event: "get-static-readme.json", wantStatus: 404},
		{event: "get-static-root.json", wantStatus: 404},
		{event: "get-unknown-page.json", wantStatus: 404},
		{event: "get-login.json", rawPath: "/login/", wantStatus: 404},
		{event: "get-traversal-dot-dot.json", wantStatus: 400},
		{event: "get-traversal-encoded.json", wantStatus: 400},
		{event: "get-traversal-backslash.json", wantStatus: 400},
		{event: "get-traversal-nul.json", wantStatus: 400},
		{event: "get-traversal-double-encoded.json", wantStatus: 404},
		{event: "get-bad-escape.json", wantStatus: 400},
		{event: "get-static-css.json", rawPath: "/static/{version}/../../go.mod", wantStatus: 400},
		{event: "get-static-css.json", rawPath: "/static/./css/app.css", wantStatus: 400},
		{event: "get-static-css.json", rawPath: "/static//etc/passwd", wantStatus: 404},
		{event: "get-static-css.json", rawPath: "static/css/app.css", wantStatus: 400},
		{event: "get-static-css.json", rawPath: "/" + strings.Repeat("a", 2000), wantStatus: 400},
		{event: "post-login-page.json", wantStatus: 405},
		{event: "delete-static.json", wantStatus: 405},
	}

	for _, tt := range tests {
		name := tt.event
		if tt.rawPath != "" {
			name += " " + truncate(tt.rawPath, 40)
		}
		if tt.headers != nil {
			name += " with headers"
		}

		t.Run(name, func(t *testing.T) {
			req := loadEvent(t, tt.event)
			if tt.rawPath != "" {
				path := strings.ReplaceAll(tt.rawPath, "{version}", table.Version())
				req.RawPath = path
				req.RequestContext.HTTP.Path = path
			}
			maps.Copy(req.Headers, tt.headers)

			resp := handle(t, req)

			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %q)", resp.StatusCode, tt.wantStatus, truncate(resp.Body, 200))
			}
			checkSecurityHeaders(t, resp)

			if tt.wantStatus >= 400 {
				checkProblem(t, resp, tt.wantStatus)
				return
			}

			if got := resp.Headers["Content-Type"]; got != tt.wantContentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantContentType)
			}
			if got := resp.Headers["Cache-Control"]; got != tt.wantCacheControl {
				t.Errorf("Cache-Control = %q, want %q", got, tt.wantCacheControl)
			}
			if got := resp.Headers["Content-Encoding"]; got != tt.wantEncoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.wantEncoding)
			}

			body := decodeBody(t, resp)
			if req.RequestContext.HTTP.Method == "HEAD" && len(body) != 0 {
				t.Errorf("HEAD response has a %d-byte body, want none", len(body))
			}
			if strings.HasPrefix(tt.wantContentType, "text/html") && len(body) > 0 {
				checkNoInlineCode(t, body)
			}
			if tt.wantAsset == "" {
				return
			}

			asset, ok := table.Lookup(tt.wantAsset)
			if !ok {
				t.Fatalf("asset %q is not in the table", tt.wantAsset)
			}
			if !bytes.Equal(body, asset.Body) {
				t.Errorf("body differs from asset %q (%d bytes, want %d)", tt.wantAsset, len(body), len(asset.Body))
			}
			if asset.Gzip != nil && resp.Headers["Vary"] != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", resp.Headers["Vary"])
			}
		})
	}
}

func TestHandleMethodNotAllowed(t *testing.T) {
	resp := handle(t, loadEvent(t, "post-login-page.json"))

	if got, want := resp.Headers["Allow"], "GET, HEAD"; got != want {
		t.Errorf("Allow = %q, want %q", got, want)
	}
	details := checkProblem(t, resp, 405)
	if got, want := details.Code, problem.MethodNotAllowed; got != want {
		t.Errorf("code = %q, want %q", got, want)
	}
}

func TestHandleTraversalDetail(t *testing.T) {
	resp := handle(t, loadEvent(t, "get-traversal-encoded.json"))

	details := checkProblem(t, resp, 400)
	if want := `contains a ".." segment`; !strings.Contains(details.Detail, want) {
		t.Errorf("detail = %q, want it to contain %q", details.Detail, want)
	}
}

func TestHandleHealth(t *testing.T) {
	table := loadTable(t)
	resp := handle(t, loadEvent(t, "get-health.json"))

	var body healthResponse
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("decode health body %q: %v", resp.Body, err)
	}
	if body.Status != "ok" {
		t.Errorf("status = %q, want ok", body.Status)
	}
	if body.Version != table.Version() {
		t.Errorf("version = %q, want %q", body.Version, table.Version())
	}
}

func TestHandleNotModified(t *testing.T) {
	table := loadTable(t)
	login, _ := table.Lookup("login.html")

	tests := []struct {
		name        string
		ifNoneMatch string
		encoding    string
		wantStatus  int
		wantETag    string
	}{
		{name: "exact tag", ifNoneMatch: login.ETag, encoding: "", wantStatus: 304, wantETag: login.ETag},
		{name: "weak tag", ifNoneMatch: "W/" + login.ETag, encoding: "", wantStatus: 304, wantETag: login.ETag},
		{name: "tag in list", ifNoneMatch: `"aaaa", ` + login.ETag + `, W/"bbbb"`, encoding: "", wantStatus: 304, wantETag: login.ETag},
		{name: "list without spaces", ifNoneMatch: `"aaaa",` + login.GzipETag, encoding: "gzip", wantStatus: 304, wantETag: login.GzipETag},
		{name: "star", ifNoneMatch: "*", encoding: "gzip", wantStatus: 304, wantETag: login.GzipETag},
		{name: "gzip tag without gzip", ifNoneMatch: login.GzipETag, encoding: "", wantStatus: 200, wantETag: login.ETag},
		{name: "identity tag with gzip", ifNoneMatch: login.ETag, encoding: "gzip", wantStatus: 200, wantETag: login.GzipETag},
		{name: "other tags", ifNoneMatch: `"aaaa", W/"bbbb"`, encoding: "gzip", wantStatus: 200, wantETag: login.GzipETag},
		{name: "unquoted tag", ifNoneMatch: strings.Trim(login.ETag, `"`), encoding: "", wantStatus: 200, wantETag: login.ETag},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := loadEvent(t, "get-login.json")
			req.Headers["if-none-match"] = tt.ifNoneMatch
			req.Headers["accept-encoding"] = tt.encoding

			resp := handle(t, req)

			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			checkSecurityHeaders(t, resp)
			if got := resp.Headers["ETag"]; got != tt.wantETag {
				t.Errorf("ETag = %q, want %q", got, tt.wantETag)
			}
			if got := resp.Headers["Cache-Control"]; got != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", got)
			}
			if got := resp.Headers["Vary"]; got != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
			if tt.wantStatus == 304 && resp.Body != "" {
				t.Errorf("304 body = %q, want empty", truncate(resp.Body, 80))
			}
		})
	}
}

func TestHandleNotModifiedEvent(t *testing.T) {
	resp := handle(t, loadEvent(t, "get-login-if-none-match.json"))

	if resp.StatusCode != 200 {
		t.Errorf("status = %d, want 200 for tags that match no asset", resp.StatusCode)
	}
}

func TestHandleAcceptEncoding(t *testing.T) {
	tests := []struct {
		header   string
		wantGzip bool
	}{
		{header: "", wantGzip: false},
		{header: "gzip", wantGzip: true},
		{header: "GZIP", wantGzip: true},
		{header: "x-gzip", wantGzip: true},
		{header: "br;q=1.0, gzip;q=0.8, *;q=0.1", wantGzip: true},
		{header: "gzip;q=0", wantGzip: false},
		{header: "gzip; q=0.000", wantGzip: false},
		{header: "gzip;q=oops", wantGzip: false},
		{header: "gzip;q=2", wantGzip: false},
		{header: "*", wantGzip: true},
		{header: "*;q=0", wantGzip: false},
		{header: "gzip;q=0, *", wantGzip: false},
		{header: "identity", wantGzip: false},
		{header: "deflate, br", wantGzip: false},
	}

	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.header), func(t *testing.T) {
			req := loadEvent(t, "get-static-js.json")
			req.Headers["accept-encoding"] = tt.header

			resp := handle(t, req)

			gotGzip := resp.Headers["Content-Encoding"] == "gzip"
			if gotGzip != tt.wantGzip {
				t.Errorf("gzip = %v, want %v", gotGzip, tt.wantGzip)
			}
			if gotGzip != resp.IsBase64Encoded {
				t.Errorf("isBase64Encoded = %v, want %v for a text asset", resp.IsBase64Encoded, gotGzip)
			}
			if got := resp.Headers["Vary"]; got != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
		})
	}
}

func TestHandleFaviconIsBinary(t *testing.T) {
	req := loadEvent(t, "get-favicon.json")
	req.Headers["accept-encoding"] = ""

	resp := handle(t, req)

	if !resp.IsBase64Encoded {
		t.Fatal("isBase64Encoded = false, want true for an ICO file")
	}
	body := decodeBody(t, resp)
	if want := []byte{0, 0, 1, 0}; !bytes.HasPrefix(body, want) {
		t.Errorf("body starts with % x, want the ICO header % x", body[:min(4, len(body))], want)
	}
}

func TestHandleEveryAssetVersioned(t *testing.T) {
	table := loadTable(t)

	for _, name := range table.Names() {
		t.Run(name, func(t *testing.T) {
			asset, _ := table.Lookup(name)
			req := loadEvent(t, "get-static-css.json")
			req.RawPath = "/static/" + table.Version() + "/" + name

			resp := handle(t, req)

			if resp.StatusCode != 200 {
				t.Fatalf("status = %d, want 200", resp.StatusCode)
			}
			if got := resp.Headers["Content-Type"]; got != asset.ContentType {
				t.Errorf("Content-Type = %q, want %q", got, asset.ContentType)
			}
			if got := resp.Headers["Cache-Control"]; got != cacheImmutable {
				t.Errorf("Cache-Control = %q, want %q", got, cacheImmutable)
			}
			if got := decodeBody(t, resp); !bytes.Equal(got, asset.Body) {
				t.Errorf("body is %d bytes, want the asset's %d", len(got), len(asset.Body))
			}
		})
	}
}

func TestPagesUseVersionedAssets(t *testing.T) {
	table := loadTable(t)
	versioned := `"/static/` + table.Version() + `/`

	for _, event := range []string{"get-login.json", "get-welcome.json", "get-weather.json"} {
		t.Run(event, func(t *testing.T) {
			body := string(decodeBody(t, handle(t, loadEvent(t, event))))

			if !strings.Contains(body, versioned) {
				t.Errorf("page has no reference starting with %s", versioned)
			}
			if got := strings.Count(body, `"/static/`) - strings.Count(body, versioned); got != 0 {
				t.Errorf("page has %d unversioned /static/ references, want 0", got)
			}
		})
	}
}

// handle runs req through the handler wrapped in logging.Middleware, which
// turns returned errors into problem responses as in production.
func handle(t *testing.T, req events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	t.Helper()

	handler := &Handler{Assets: loadTable(t)}
	middleware := &logging.Middleware{Logger: logging.New(io.Discard, slog.LevelInfo, "pages")}

	resp, err := middleware.Wrap(handler.Handle)(context.Background(), req)
	if err != nil {
		t.Fatalf("handler returned error %v, want a response", err)
	}
	return resp
}

func loadTable(t testing.TB) *static.Table {
	t.Helper()

	table, err := static.Default()
	if err != nil {
		t.Fatalf("load embedded assets: %v", err)
	}
	return table
}

func loadEvent(t testing.TB, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	return apigwtest.LoadRequest(t, name)
}

func checkSecurityHeaders(t *testing.T, resp events.APIGatewayV2HTTPResponse) {
	t.Helper()

	for name, want := range apigw.SecurityHeaders() {
		if got := resp.Headers[name]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func checkProblem(t *testing.T, resp events.APIGatewayV2HTTPResponse, wantStatus int) problem.Details {
	t.Helper()

	if got := resp.Headers["Content-Type"]; got != apigw.ContentTypeProblem {
		t.Errorf("Content-Type = %q, want %q", got, apigw.ContentTypeProblem)
	}

	var details problem.Details
	if err := json.Unmarshal([]byte(resp.Body), &details); err != nil {
		t.Fatalf("decode problem body %q: %v", resp.Body, err)
	}
	if details.Status != wantStatus {
		t.Errorf("problem status = %d, want %d", details.Status, wantStatus)
	}
	if details.Detail == "" {
		t.Error("problem detail is empty, want a message naming what was wrong")
	}
	return details
}

// decodeBody returns the identity-encoded response body, undoing base64 and
// gzip as a browser behind API Gateway would.
func decodeBody(t *testing.T, resp events.APIGatewayV2HTTPResponse) []byte {
	t.Helper()

	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		decoded, err := base64.StdEncoding.DecodeString(resp.Body)
		if err != nil {
			t.Fatalf("decode base64 body: %v", err)
		}
		body = decoded
	}
	if resp.Headers["Content-Encoding"] != "gzip" || len(body) == 0 {
		return body
	}

	reader, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("open gzip body: %v", err)
	}
	plain, err := io.ReadAll(reader)
	if err != nil {
		t.Fatalf("read gzip body: %v", err)
	}
	return plain
}

// checkNoInlineCode fails on <script> elements without src or with a body,
// <style> elements, style attributes and on* event handler attributes, all
// of which the Content-Security-Policy blocks.
func checkNoInlineCode(t *testing.T, page []byte) {
	t.Helper()

	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}

	for node := range doc.Descendants() {
		if node.Type != html.ElementNode {
			continue
		}
		if node.Data == "style" {
			t.Error("page has a <style> element")
		}
		if node.Data == "script" && (attribute(node, "src") == "" || node.FirstChild != nil) {
			t.Error("page has an inline <script>")
		}
		for _, attr := range node.Attr {
			if attr.Key == "style" || strings.HasPrefix(attr.Key, "on") {
				t.Errorf("<%s> has an inline %s attribute", node.Data, attr.Key)
			}
		}
	}
}

func attribute(node *html.Node, key string) string {
	for _, attr := range node.Attr {
		if attr.Key == key {
			return attr.Val
		}
	}
	return ""
}

func truncate(s string, maxLen int) string {
	if len(s) <= maxLen {
		return s
	}
	return s[:maxLen] + "…"
}
