package main

import (
	"strconv"
	"strings"
)

// acceptsGzip reports whether an Accept-Encoding header value allows gzip:
// "gzip" or "x-gzip" with a q-value above 0, or, when neither is listed, "*"
// with a q-value above 0. A missing or malformed q-value counts as 1 and 0
// respectively.
func acceptsGzip(header string) bool {
	gzipQuality, anyQuality := -1.0, -1.0

	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		quality := parseQuality(params)

		switch coding {
		case "gzip", "x-gzip":
			gzipQuality = max(gzipQuality, quality)
		case "*":
			anyQuality = quality
		}
	}

	if gzipQuality >= 0 {
		return gzipQuality > 0
	}
	return anyQuality > 0
}

// parseQuality returns the q parameter of an Accept-Encoding element, 1 when
// there is none, and 0 when it is not a number from 0 to 1.
func parseQuality(params string) float64 {
	for param := range strings.SplitSeq(params, ";") {
		name, value, found := strings.Cut(strings.TrimSpace(param), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}

		quality, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || quality < 0 || quality > 1 {
			return 0
		}
		return quality
	}
	return 1
}

// matchesETag reports whether an If-None-Match header value matches etag,
// the tag of the representation the response would carry: "*", or a list
// with an equal entity tag. The comparison is weak, as RFC 9110 section
// 13.1.2 requires for If-None-Match, so a W/ prefix is ignored. The tag of
// the other encoding does not match, so a cache holding only that variant
// gets the full response it can store.
func matchesETag(header, etag string) bool {
	header = strings.TrimSpace(header)
	if header == "" {
		return false
	}
	if header == "*" {
		return true
	}

	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		tag = strings.TrimPrefix(tag, "W/")

		if tag == etag {
			return true
		}
	}
	return false
}
