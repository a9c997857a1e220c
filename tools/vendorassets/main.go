// Command vendorassets copies the third-party files that the UI serves from
// node_modules into static/site/vendor, where static embeds them. Run it from
// the repository root after `npm ci`, or run `make assets`, which does both.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// copies maps a source below node_modules to its destination below the
// vendor directory.
var copies = []struct {
	source      string
	destination string
}{
	{source: "bootstrap/dist/css/bootstrap.min.css", destination: "bootstrap/bootstrap.min.css"},
	{source: "bootstrap/LICENSE", destination: "bootstrap/LICENSE.txt"},
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "vendorassets:", err)
		os.Exit(1)
	}
}

func run() error {
	modules := flag.String("modules", "node_modules", "directory that npm installed packages into")
	vendor := flag.String("vendor", filepath.Join("static", "site", "vendor"), "directory to copy the files into")
	flag.Parse()

	for _, file := range copies {
		source := filepath.Join(*modules, filepath.FromSlash(file.source))
		destination := filepath.Join(*vendor, filepath.FromSlash(file.destination))

		if err := copyFile(source, destination); err != nil {
			return err
		}
		fmt.Printf("copied %s to %s\n", source, destination)
	}
	return nil
}

func copyFile(source, destination string) error {
	content, err := os.ReadFile(source)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: file not found, run `npm ci` first", source)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", source, err)
	}

	if err := os.MkdirAll(filepath.Dir(destination), 0o755); err != nil {
		return fmt.Errorf("create directory for %s: %w", destination, err)
	}
	if err := os.WriteFile(destination, content, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", destination, err)
	}
	return nil
}
