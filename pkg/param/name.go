package param

import (
	"fmt"
	"strings"
)

// maxNameLength is the SSM limit on a full parameter name. SSM counts the
// ARN prefix too, so names near this length can still be rejected by SSM.
const maxNameLength = 1011

// maxDepth is the SSM limit on the number of "/"-separated levels.
const maxDepth = 15

// fullName validates name, which is relative to the prefix, and returns the
// full SSM name. The name must not be empty, start or end with "/", contain
// "//" or "..", or contain characters outside a-zA-Z0-9_.-/.
func (s *Store) fullName(name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("%w: name is empty", ErrInvalidName)
	}

	if err := checkRelative(name); err != nil {
		return "", err
	}

	return s.checkFull(s.prefix + "/" + name)
}

// fullPath is fullName for GetByPath, where an empty path means the prefix.
func (s *Store) fullPath(path string) (string, error) {
	if path == "" {
		if s.prefix == "" {
			return "/", nil
		}
		return s.prefix, nil
	}

	if err := checkRelative(path); err != nil {
		return "", err
	}

	return s.checkFull(s.prefix + "/" + path)
}

// ValidateName returns an error wrapping ErrInvalidName unless name is a
// valid parameter name relative to a Store's prefix: no leading or trailing
// "/", no empty level, no "..", and only the characters SSM allows.
func ValidateName(name string) error {
	return checkRelative(name)
}

func checkRelative(name string) error {
	if len(name) > maxNameLength {
		return fmt.Errorf("%w: %s is %d characters; the maximum is %d", ErrInvalidName, shorten(name), len(name), maxNameLength)
	}

	switch {
	case strings.HasPrefix(name, "/"):
		return fmt.Errorf("%w: %s starts with /; names are relative to the prefix", ErrInvalidName, shorten(name))
	case strings.HasSuffix(name, "/"):
		return fmt.Errorf("%w: %s ends with /", ErrInvalidName, shorten(name))
	case strings.Contains(name, "//"):
		return fmt.Errorf("%w: %s contains an empty level", ErrInvalidName, shorten(name))
	case strings.Contains(name, ".."):
		return fmt.Errorf("%w: %s contains \"..\"", ErrInvalidName, shorten(name))
	}

	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '_' || r == '.' || r == '-' || r == '/':
		default:
			return fmt.Errorf("%w: %s contains %q; only a-zA-Z0-9_.-/ are allowed", ErrInvalidName, shorten(name), r)
		}
	}
	return nil
}

func (s *Store) checkFull(full string) (string, error) {
	if len(full) > maxNameLength {
		return "", fmt.Errorf("%w: %s is %d characters; the maximum is %d", ErrInvalidName, shorten(full), len(full), maxNameLength)
	}

	if depth := strings.Count(full, "/"); depth > maxDepth {
		return "", fmt.Errorf("%w: %s has %d levels; the maximum is %d", ErrInvalidName, full, depth, maxDepth)
	}
	return full, nil
}

// shorten quotes name for an error message, cut to 64 bytes so that a huge
// name from a request does not end up whole in a log line.
func shorten(name string) string {
	const limit = 64
	if len(name) <= limit {
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("%q...", name[:limit])
}
