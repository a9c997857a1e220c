package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
	"testing/fstest"
)

func TestBuild(t *testing.T) {
	page := []byte(`<link rel="stylesheet" href="/static/css/app.css"><script type="module" src="/static/js/app.js"></script>`)
	script := []byte(strings.Repeat("export const greeting = 'hello';\n", 50))
	fsys := fstest.MapFS{
		"index.html":       {Data: page},
		"js/app.js":        {Data: script},
		"css/app.css":      {Data: []byte("p{}")},
		"icons/logo.png":   {Data: bytes.Repeat([]byte{0}, 200)},
		"vendor/README.md": {Data: []byte("# Vendored files\n")},
	}

	table, err := Build(fsys)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}

	t.Run("version format", func(t *testing.T) {
		if !IsVersion(table.Version()) {
			t.Errorf("version %q is not 12 lowercase hex digits", table.Version())
		}
	})

	t.Run("names skip unknown types", func(t *testing.T) {
		got := strings.Join(table.Names(), " ")
		want := "css/app.css icons/logo.png index.html js/app.js"
		if got != want {
			t.Errorf("names = %q, want %q", got, want)
		}
	})

	t.Run("HTML references versioned", func(t *testing.T) {
		asset, _ := table.Lookup("index.html")
		want := `href="/static/` + table.Version() + `/css/app.css"`
		if !bytes.Contains(asset.Body, []byte(want)) {
			t.Errorf("body %q does not contain %q", asset.Body, want)
		}
		if got := bytes.Count(asset.Body, []byte(`"/static/`+table.Version()+`/`)); got != 2 {
			t.Errorf("versioned references = %d, want 2", got)
		}
	})

	t.Run("script not rewritten", func(t *testing.T) {
		asset, _ := table.Lookup("js/app.js")
		if !bytes.Equal(asset.Body, script) {
			t.Error("script body changed, want it served as embedded")
		}
	})

	t.Run("content types", func(t *testing.T) {
		cases := map[string]string{
			"index.html":     "text/html; charset=utf-8",
			"js/app.js":      "text/javascript; charset=utf-8",
			"css/app.css":    "text/css; charset=utf-8",
			"icons/logo.png": "image/png",
		}
		for name, want := range cases {
			asset, _ := table.Lookup(name)
			if asset.ContentType != want {
				t.Errorf("%s Content-Type = %q, want %q", name, asset.ContentType, want)
			}
		}
	})

	t.Run("gzip when smaller", func(t *testing.T) {
		asset, _ := table.Lookup("js/app.js")
		if asset.Gzip == nil {
			t.Fatal("gzip body is nil, want a compressed repetitive script")
		}
		if got := gunzip(t, asset.Gzip); !bytes.Equal(got, asset.Body) {
			t.Error("gzip body does not decompress to the body")
		}
		if asset.GzipETag == "" || asset.GzipETag == asset.ETag {
			t.Errorf("gzip ETag = %q, want a tag that differs from %q", asset.GzipETag, asset.ETag)
		}
	})

	t.Run("no gzip when larger", func(t *testing.T) {
		asset, _ := table.Lookup("css/app.css")
		if asset.Gzip != nil || asset.GzipETag != "" {
			t.Errorf("gzip is %d bytes with ETag %q, want none for a 3-byte file", len(asset.Gzip), asset.GzipETag)
		}
	})

	t.Run("no gzip for PNG", func(t *testing.T) {
		asset, _ := table.Lookup("icons/logo.png")
		if asset.Gzip != nil {
			t.Error("PNG has a gzip body, want none")
		}
		if !asset.Binary {
			t.Error("PNG is not marked binary")
		}
	})

	t.Run("strong quoted ETag", func(t *testing.T) {
		asset, _ := table.Lookup("css/app.css")
		if !strings.HasPrefix(asset.ETag, `"`) || !strings.HasSuffix(asset.ETag, `"`) || len(asset.ETag) != 34 {
			t.Errorf("ETag = %q, want 32 hex digits in quotes", asset.ETag)
		}
	})

	t.Run("lookup is exact", func(t *testing.T) {
		for _, name := range []string{"/css/app.css", "./css/app.css", "css/../css/app.css", "CSS/app.css", "vendor/README.md", ""} {
			if _, ok := table.Lookup(name); ok {
				t.Errorf("Lookup(%q) found an asset, want none", name)
			}
		}
	})
}

func TestBuildVersionChanges(t *testing.T) {
	build := func(css string) *Table {
		t.Helper()
		table, err := Build(fstest.MapFS{"css/app.css": {Data: []byte(css)}})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		return table
	}

	first, same, changed := build("p{}"), build("p{}"), build("p{color:red}")

	if first.Version() != same.Version() {
		t.Errorf("versions %q and %q differ for equal content", first.Version(), same.Version())
	}
	if first.Version() == changed.Version() {
		t.Errorf("version %q did not change with the content", first.Version())
	}

	a, _ := first.Lookup("css/app.css")
	b, _ := changed.Lookup("css/app.css")
	if a.ETag == b.ETag {
		t.Errorf("ETag %q did not change with the content", a.ETag)
	}
}

func TestBuildRejectsVersionLikeDirectory(t *testing.T) {
	_, err := Build(fstest.MapFS{"0123456789ab/app.css": {Data: []byte("p{}")}})
	if err == nil {
		t.Fatal("Build returned no error for a directory named like a version")
	}
}

func TestIsVersion(t *testing.T) {
	cases := map[string]bool{
		"0123456789ab":  true,
		"0123456789AB":  false,
		"0123456789a":   false,
		"0123456789abc": false,
		"css":           false,
		"":              false,
	}
	for segment, want := range cases {
		if got := IsVersion(segment); got != want {
			t.Errorf("IsVersion(%q) = %v, want %v", segment, got, want)
		}
	}
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()

	reader, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open gzip: %v", err)
	}
	plain, err := io.ReadAll(reader)
	if err != nil {
		t.Fatalf("read gzip: %v", err)
	}
	return plain
}
