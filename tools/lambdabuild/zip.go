package main

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// fixedTime is the modification time of every entry: 1980-01-01, the
// earliest time that the zip format's MS-DOS date field can store.
var fixedTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// writeZip stores the file at bootstrap as the entry "bootstrap", mode 0755,
// in a new zip at output. It writes a temporary file and renames it, so a
// failed run leaves no partial archive.
func writeZip(output, bootstrap string) (err error) {
	source, err := os.Open(bootstrap)
	if err != nil {
		return fmt.Errorf("open %s: %w", bootstrap, err)
	}
	defer source.Close()

	if err := os.MkdirAll(filepath.Dir(output), 0o755); err != nil {
		return fmt.Errorf("create directory for %s: %w", output, err)
	}
	temp, err := os.CreateTemp(filepath.Dir(output), ".lambdabuild-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", output, err)
	}
	defer func() {
		if err != nil {
			temp.Close()
			os.Remove(temp.Name())
		}
	}()

	archive := zip.NewWriter(temp)
	header := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate, Modified: fixedTime}
	header.SetMode(0o755)
	entry, err := archive.CreateHeader(header)
	if err != nil {
		return fmt.Errorf("write %s: %w", output, err)
	}
	if _, err := io.Copy(entry, source); err != nil {
		return fmt.Errorf("write %s: %w", output, err)
	}
	if err := archive.Close(); err != nil {
		return fmt.Errorf("write %s: %w", output, err)
	}
	if err := temp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", output, err)
	}
	if err := os.Chmod(temp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", output, err)
	}
	if err := os.Rename(temp.Name(), output); err != nil {
		return fmt.Errorf("write %s: %w", output, err)
	}
	return nil
}
