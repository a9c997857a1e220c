package ssmlocal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// record is one stored parameter, in memory and in the JSON file. The file
// contains SecureString values in plain text, so it is written with mode 0600.
type record struct {
	Name           string    `json:"name"`
	Type           string    `json:"type"`
	Value          string    `json:"value"`
	Version        int64     `json:"version"`
	LastModified   time.Time `json:"lastModified"`
	Description    string    `json:"description,omitempty"`
	KeyID          string    `json:"keyId,omitempty"`
	Tier           string    `json:"tier"`
	DataType       string    `json:"dataType"`
	AllowedPattern string    `json:"allowedPattern,omitempty"`
}

// storeFile is the layout of the JSON file at Options.Path.
type storeFile struct {
	Parameters []record `json:"parameters"`
}

// load reads the parameters from path into s.params. A missing file is an
// empty store. Every name is validated, so a hand-edited file with a bad name
// fails at start and not at the first request.
func (s *Server) load(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("ssmlocal: read %s: %w", path, err)
	}

	var file storeFile
	if err := json.Unmarshal(data, &file); err != nil {
		return fmt.Errorf("ssmlocal: parse %s: %w", path, err)
	}

	for _, rec := range file.Parameters {
		name, apiErr := s.validateName(rec.Name)
		if apiErr != nil {
			return fmt.Errorf("ssmlocal: load %s: %w", path, apiErr)
		}
		if _, ok := validTypes[rec.Type]; !ok {
			return fmt.Errorf("ssmlocal: load %s: parameter %s has invalid type %q", path, name, rec.Type)
		}

		stored := rec
		stored.Name = name
		s.params[name] = &stored
	}

	return nil
}

// save writes all parameters to s.path atomically: it writes a temporary file
// in the same directory with mode 0600, syncs it and renames it over the old
// file. The caller holds s.mu. Without a path, save does nothing.
func (s *Server) save() error {
	if s.path == "" {
		return nil
	}

	file := storeFile{Parameters: make([]record, 0, len(s.params))}
	for _, rec := range s.params {
		file.Parameters = append(file.Parameters, *rec)
	}
	sort.Slice(file.Parameters, func(i, j int) bool {
		return file.Parameters[i].Name < file.Parameters[j].Name
	})

	data, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return fmt.Errorf("ssmlocal: encode %s: %w", s.path, err)
	}

	tmp, err := os.CreateTemp(filepath.Dir(s.path), filepath.Base(s.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("ssmlocal: save %s: %w", s.path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename

	if err := writeAndClose(tmp, data); err != nil {
		return fmt.Errorf("ssmlocal: save %s: %w", s.path, err)
	}

	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("ssmlocal: save %s: %w", s.path, err)
	}

	return nil
}

func writeAndClose(f *os.File, data []byte) error {
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}

	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return err
	}

	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}

	return f.Close()
}
