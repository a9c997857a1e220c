package ssmlocal

import (
	"net/http"
	"strings"
)

// Limits from the PutParameterInput.Name and Value documentation in
// github.com/aws/aws-sdk-go-v2/service/ssm v1.83.0.
const (
	// maxNameLength counts the ARN prefix that precedes the name, for example
	// "arn:aws:ssm:us-east-1:000000000000:parameter/", as SSM does.
	maxNameLength = 1011

	// maxHierarchyDepth is the number of "/"-separated levels in a name.
	maxHierarchyDepth = 15

	// maxStandardValueBytes and maxAdvancedValueBytes are the value limits of
	// the Standard (4 KB) and Advanced (8 KB) tiers.
	maxStandardValueBytes = 4096
	maxAdvancedValueBytes = 8192
)

// validateName checks a parameter name against the SSM naming rules and
// returns it without surrounding spaces, which SSM also removes. A name may
// contain only a-zA-Z0-9_.- and "/", must begin with "/" when it contains
// one, and must not have an empty level or more than 15 levels. It must not
// begin with "aws" or "ssm", and with its ARN prefix it may have at most
// 1011 characters.
func (s *Server) validateName(raw string) (string, *apiError) {
	name := strings.TrimSpace(raw)
	if name == "" {
		return "", validationError("parameter name is missing")
	}

	if strings.Contains(name, ":") {
		// NOTE: SSM accepts "name:version", "name:label" and ARNs here. ssmlocal
		// stores only the latest version, so it rejects them.
		return "", validationError("parameter name %q: selectors and ARNs are not supported by ssmlocal", name)
	}

	if bad := firstInvalidChar(name); bad != "" {
		return "", validationError("parameter name %q contains %q; only a-zA-Z0-9_.- and / are allowed", name, bad)
	}

	if strings.Contains(name, "/") && !strings.HasPrefix(name, "/") {
		return "", validationError("parameter name %q: a name with a hierarchy must begin with /", name)
	}

	if strings.HasSuffix(name, "/") || strings.Contains(name, "//") {
		return "", validationError("parameter name %q has an empty hierarchy level", name)
	}

	if depth := strings.Count(name, "/"); depth > maxHierarchyDepth {
		return "", newAPIError(http.StatusBadRequest, "HierarchyLevelLimitExceededException",
			"parameter name %q has %d levels; the maximum is %d", name, depth, maxHierarchyDepth)
	}

	first := strings.ToLower(strings.TrimPrefix(name, "/"))
	if strings.HasPrefix(first, "aws") || strings.HasPrefix(first, "ssm") {
		return "", newAPIError(http.StatusBadRequest, "ParameterPatternMismatchException",
			"parameter name %q: a name can't be prefixed with aws or ssm (case-insensitive)", name)
	}

	if length := len(s.arn(name)); length > maxNameLength {
		return "", validationError("parameter name %q is %d characters with its ARN prefix; the maximum is %d", name, length, maxNameLength)
	}

	return name, nil
}

// validatePath checks a GetParametersByPath path and returns it without a
// trailing "/", except for the root path "/".
func validatePath(raw string) (string, *apiError) {
	path := strings.TrimSpace(raw)
	if !strings.HasPrefix(path, "/") {
		return "", validationError("path %q must begin with /", raw)
	}

	if bad := firstInvalidChar(path); bad != "" {
		return "", validationError("path %q contains %q; only a-zA-Z0-9_.- and / are allowed", path, bad)
	}

	if path != "/" {
		path = strings.TrimSuffix(path, "/")
	}

	if strings.Contains(path, "//") {
		return "", validationError("path %q has an empty hierarchy level", raw)
	}

	if depth := strings.Count(path, "/"); depth > maxHierarchyDepth {
		return "", newAPIError(http.StatusBadRequest, "HierarchyLevelLimitExceededException",
			"path %q has %d levels; the maximum is %d", raw, depth, maxHierarchyDepth)
	}

	return path, nil
}

// underPath reports whether name is below path. With recursive false only
// direct children match, as in GetParametersByPath.
func underPath(name, path string, recursive bool) bool {
	prefix := path
	if prefix != "/" {
		prefix += "/"
	}

	rest, ok := strings.CutPrefix(name, prefix)
	if !ok || rest == "" {
		return false
	}

	return recursive || !strings.Contains(rest, "/")
}

// firstInvalidChar returns the first character of name outside
// a-zA-Z0-9_.-/, or "" when there is none.
func firstInvalidChar(name string) string {
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '_' || r == '.' || r == '-' || r == '/':
		default:
			return string(r)
		}
	}
	return ""
}
