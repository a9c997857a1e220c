package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
)

// versionPattern matches a version segment, which is 12 lowercase hex digits.
// Build rejects a directory under site whose name matches it, because its
// files would be taken for versioned URLs.
var versionPattern = regexp.MustCompile(`^[0-9a-f]{12}$`)

// Table is the set of served assets and the version that fingerprints them.
// It is read-only after Build and safe for concurrent use.
type Table struct {
	version string
	assets  map[string]*Asset
}

// Build reads every file of fsys whose extension has a known media type and
// prepares its asset. The version is the first 48 bits, in hex, of a SHA-256
// over the names and contents of those files as they are on disk, so it
// changes whenever any served file changes. Build returns an error when a
// file cannot be read or compressed.
func Build(fsys fs.FS) (*Table, error) {
	contents, err := readServed(fsys)
	if err != nil {
		return nil, err
	}

	names := make([]string, 0, len(contents))
	for name := range contents {
		names = append(names, name)
	}
	slices.Sort(names)

	hash := sha256.New()
	for _, name := range names {
		fmt.Fprintf(hash, "%s\x00%d\x00", name, len(contents[name]))
		hash.Write(contents[name])
	}
	version := hex.EncodeToString(hash.Sum(nil))[:12]

	table := &Table{version: version, assets: make(map[string]*Asset, len(names))}
	for _, name := range names {
		body := contents[name]
		if path.Ext(name) == ".html" {
			body = bytes.ReplaceAll(body, []byte(`"/static/`), []byte(`"/static/`+version+`/`))
		}

		asset, err := newAsset(name, body)
		if err != nil {
			return nil, err
		}
		table.assets[name] = asset
	}

	return table, nil
}

func readServed(fsys fs.FS) (map[string][]byte, error) {
	contents := make(map[string][]byte)

	err := fs.WalkDir(fsys, ".", func(name string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entry.IsDir() {
			if name != "." && versionPattern.MatchString(entry.Name()) {
				return fmt.Errorf("directory %q has the form of an asset version, rename it", name)
			}
			return nil
		}
		if _, ok := mediaTypes[path.Ext(name)]; !ok {
			return nil
		}

		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		contents[name] = body
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read site files: %w", err)
	}

	return contents, nil
}

// Version returns the asset version, 12 lowercase hex digits.
func (t *Table) Version() string {
	return t.version
}

// IsVersion reports whether segment has the form of an asset version,
// current or not.
func IsVersion(segment string) bool {
	return versionPattern.MatchString(segment)
}

// Lookup returns the asset with name, a slash-separated path below the site
// directory such as "css/app.css", and false when there is none. The name is
// matched exactly, so "..", "./" or a leading slash never match.
func (t *Table) Lookup(name string) (*Asset, bool) {
	asset, ok := t.assets[name]
	return asset, ok
}

// Names returns the names of all served assets in sorted order.
func (t *Table) Names() []string {
	names := make([]string, 0, len(t.assets))
	for name := range t.assets {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
