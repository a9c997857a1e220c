package main

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/weather-portal/weather-portal/pkg/problem"
)

// maxPathBytes bounds the raw request path. The longest asset path is far
// shorter, and the limit keeps error messages, which quote the path, small.
const maxPathBytes = 1024

// cleanPath decodes the percent-encoding of rawPath and returns the decoded
// path. It returns a *problem.Error with code Invalid when the path is too
// long, does not start with a slash, has an invalid escape or is not UTF-8.
// It does the same when the decoded path contains a control character (NUL
// included), a backslash, or a "." or ".." segment. Assets are looked up by
// exact name, so no path can reach a file outside the table, and these checks
// only turn traversal attempts into a clear 400 instead of a 404.
func cleanPath(rawPath string) (string, error) {
	if len(rawPath) > maxPathBytes {
		return "", problem.Errorf(problem.Invalid, "path is %d bytes long, the limit is %d", len(rawPath), maxPathBytes)
	}
	if !strings.HasPrefix(rawPath, "/") {
		return "", problem.Errorf(problem.Invalid, "path %q must start with a slash", rawPath)
	}

	path, err := url.PathUnescape(rawPath)
	if err != nil {
		return "", problem.Wrap(err, problem.Invalid, fmt.Sprintf("path %q has an invalid percent-encoding", rawPath))
	}
	if !utf8.ValidString(path) {
		return "", problem.Errorf(problem.Invalid, "path %q is not valid UTF-8 after decoding", rawPath)
	}

	for _, r := range path {
		if r < 0x20 || r == 0x7f {
			return "", problem.Errorf(problem.Invalid, "path %q contains a control character", rawPath)
		}
		if r == '\\' {
			return "", problem.Errorf(problem.Invalid, "path %q contains a backslash", rawPath)
		}
	}

	for segment := range strings.SplitSeq(path[1:], "/") {
		if segment == "." || segment == ".." {
			return "", problem.Errorf(problem.Invalid, "path %q contains a %q segment", rawPath, segment)
		}
	}

	return path, nil
}
