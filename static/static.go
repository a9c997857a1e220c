// Package static embeds the web UI from the site directory and serves it as a
// table of assets prepared once at init: each with its Content-Type, a strong
// ETag and, for compressible types, a gzip body.
//
// Every asset is reachable under /static/<name> and, fingerprinted, under
// /static/<version>/<name>, where the version is a hash over all served
// files. HTML pages are rewritten at init so that their "/static/ references
// use the versioned prefix, and relative imports in JavaScript modules and
// relative url() references in CSS resolve under the same prefix.
package static

import (
	"embed"
	"fmt"
	"io/fs"
)

// The vendor directory holds third-party files copied from node_modules by
// `make assets` and a committed README.md, so that this directive compiles on
// a fresh clone before the copy has run.
//
//go:embed site
var files embed.FS

var defaultTable, defaultErr = loadDefault()

func loadDefault() (*Table, error) {
	site, err := fs.Sub(files, "site")
	if err != nil {
		return nil, fmt.Errorf("open embedded site directory: %w", err)
	}
	return Build(site)
}

// Default returns the table of the embedded UI, built once at package init.
// It returns an error only when the embedded files could not be read, which
// means the binary was built from a broken tree.
func Default() (*Table, error) {
	return defaultTable, defaultErr
}
