package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteZipIsReproducible(t *testing.T) {
	dir := t.TempDir()
	bootstrap := filepath.Join(dir, "bootstrap")
	if err := os.WriteFile(bootstrap, []byte("#!/bin/sh\necho hi\n"), 0o700); err != nil {
		t.Fatal(err)
	}

	first := filepath.Join(dir, "first.zip")
	second := filepath.Join(dir, "second.zip")
	if err := writeZip(first, bootstrap); err != nil {
		t.Fatalf("writeZip: %v", err)
	}
	if err := os.Chtimes(bootstrap, fixedTime.AddDate(40, 0, 0), fixedTime.AddDate(40, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if err := writeZip(second, bootstrap); err != nil {
		t.Fatalf("writeZip: %v", err)
	}

	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if !bytes.Equal(a, b) {
		t.Error("two zips of the same binary differ")
	}

	reader, err := zip.OpenReader(first)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if len(reader.File) != 1 {
		t.Fatalf("zip has %d entries, want 1", len(reader.File))
	}
	entry := reader.File[0]
	if entry.Name != "bootstrap" {
		t.Errorf("entry name = %q, want bootstrap", entry.Name)
	}
	if got := entry.Mode().Perm(); got != 0o755 {
		t.Errorf("entry mode = %o, want 755", got)
	}
}

func TestRunRejectsBadArguments(t *testing.T) {
	tests := map[string][]string{
		"no functions":      nil,
		"bad architecture":  {"-arch", "sparc", "pages"},
		"bad function name": {"../pages"},
		"unknown function":  {"nosuchfunction"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			if err := run(args); err == nil {
				t.Errorf("run(%q) succeeded, want an error", args)
			}
		})
	}
}

func TestRunBuildsReproducibleZip(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	first := t.TempDir()
	second := t.TempDir()

	for _, out := range []string{first, second} {
		if err := run([]string{"-arch", "arm64", "-out", out, "welcome"}); err != nil {
			t.Fatalf("run: %v", err)
		}
	}

	a, err := os.ReadFile(filepath.Join(first, "welcome.zip"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(second, "welcome.zip"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two builds of the same source gave different zips")
	}

	reader, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	binary, err := reader.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer binary.Close()
	header := make([]byte, 20)
	if _, err := io.ReadFull(binary, header); err != nil {
		t.Fatal(err)
	}
	// An ELF file starts with 0x7f 'E' 'L' 'F'; e_machine at offset 18 is
	// 183 (EM_AARCH64) for arm64.
	if !bytes.Equal(header[:4], []byte("\x7fELF")) || header[18] != 183 {
		t.Errorf("bootstrap header % x, want a little-endian arm64 ELF", header)
	}
}
