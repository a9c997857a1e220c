package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
)

// Asset is one served file with everything a response needs, computed once.
type Asset struct {
	// Name is the path below the site directory, such as "css/app.css".
	Name string
	// Body is the identity-encoded content. HTML bodies already carry the
	// versioned /static/<version>/ references.
	Body []byte
	// Gzip is Body compressed with gzip, or nil when the type is not
	// compressible or compression did not make it smaller.
	Gzip []byte
	// ContentType is the Content-Type header value, with charset for text.
	ContentType string
	// ETag is the strong entity tag of Body, quoted, such as "1f2e…".
	ETag string
	// GzipETag is the strong entity tag of the gzip representation, or ""
	// when Gzip is nil.
	GzipETag string
	// Binary reports that Body is not UTF-8 text, so an API Gateway response
	// must carry it base64 encoded.
	Binary bool
}

// mediaType describes how files with one extension are served.
type mediaType struct {
	contentType  string
	compressible bool
	binary       bool
}

// mediaTypes lists the extensions that are served. Files with any other
// extension, such as the README.md in the vendor directory, are embedded but
// not served.
var mediaTypes = map[string]mediaType{
	".html": {contentType: "text/html; charset=utf-8", compressible: true},
	".css":  {contentType: "text/css; charset=utf-8", compressible: true},
	".js":   {contentType: "text/javascript; charset=utf-8", compressible: true},
	".json": {contentType: "application/json", compressible: true},
	".svg":  {contentType: "image/svg+xml", compressible: true},
	".txt":  {contentType: "text/plain; charset=utf-8", compressible: true},
	".ico":  {contentType: "image/vnd.microsoft.icon", compressible: true, binary: true},
	".png":  {contentType: "image/png", binary: true},
}

// newAsset prepares the asset name with content body. The caller has already
// checked that the extension of name is in mediaTypes.
func newAsset(name string, body []byte) (*Asset, error) {
	media := mediaTypes[path.Ext(name)]

	asset := &Asset{
		Name:        name,
		Body:        body,
		ContentType: media.contentType,
		ETag:        entityTag(body, ""),
		Binary:      media.binary,
	}

	if !media.compressible {
		return asset, nil
	}

	compressed, err := compress(body)
	if err != nil {
		return nil, fmt.Errorf("gzip %s: %w", name, err)
	}
	if len(compressed) < len(body) {
		asset.Gzip = compressed
		asset.GzipETag = entityTag(body, "-gzip")
	}
	return asset, nil
}

// entityTag returns a quoted strong ETag: the first 128 bits of the SHA-256
// of body in hex, followed by suffix.
func entityTag(body []byte, suffix string) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + suffix + `"`
}

func compress(body []byte) ([]byte, error) {
	var buf bytes.Buffer

	writer, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := writer.Write(body); err != nil {
		return nil, err
	}
	if err := writer.Close(); err != nil {
		return nil, err
	}

	return buf.Bytes(), nil
}
