package httpapi

import (
	"fmt"
	"strings"
)

// Route maps a method and path to a function, as an HTTP API route and its
// Lambda proxy integration do.
type Route struct {
	Method     string   // "GET", "POST", ... or "ANY"
	Path       string   // "/", "/api/weather", "/static/{proxy+}", "/items/{id}"
	Function   string   // the name passed to Invoker.Invoke
	Authorizer string   // "" for public routes, else the authorizer's name
	Scopes     []string // authorization scopes; any one of them is enough
}

// Key returns the route key that API Gateway puts in events, such as
// "GET /api/weather".
func (r Route) Key() string {
	return r.Method + " " + r.Path
}

// ValidateRoutes checks that every route has a method, a path starting with
// "/", a function, and path variables that are whole segments, with a greedy
// variable such as {proxy+} only as the last segment. It returns an error
// naming the first invalid route. ServeHTTP never matches an invalid route.
func ValidateRoutes(routes []Route) error {
	for _, route := range routes {
		if route.Method == "" || route.Function == "" {
			return fmt.Errorf("route %q: method and function are required", route.Key())
		}
		if _, err := parsePattern(route.Path); err != nil {
			return fmt.Errorf("route %q: %w", route.Key(), err)
		}
	}
	return nil
}

// segment is one part of a route path between slashes.
type segment struct {
	literal  string // the text to match when variable is ""
	variable string // the path parameter name, without braces or "+"
	greedy   bool   // true for {name+}, which matches the rest of the path
}

// parsePattern splits a route path into segments. "/" has none.
func parsePattern(path string) ([]segment, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("path %q must start with /", path)
	}
	if path == "/" {
		return nil, nil
	}

	parts := strings.Split(path[1:], "/")
	segments := make([]segment, 0, len(parts))
	for i, part := range parts {
		if part == "" {
			return nil, fmt.Errorf("path %q has an empty segment", path)
		}
		if !strings.ContainsAny(part, "{}") {
			segments = append(segments, segment{literal: part})
			continue
		}

		if !strings.HasPrefix(part, "{") || !strings.HasSuffix(part, "}") || len(part) < 3 {
			return nil, fmt.Errorf("path %q: variable %q must be a whole segment such as {id}", path, part)
		}
		name := part[1 : len(part)-1]
		greedy := strings.HasSuffix(name, "+")
		name = strings.TrimSuffix(name, "+")
		if name == "" || strings.ContainsAny(name, "{}+") {
			return nil, fmt.Errorf("path %q: invalid variable %q", path, part)
		}
		if greedy && i != len(parts)-1 {
			return nil, fmt.Errorf("path %q: greedy variable %q must be the last segment", path, part)
		}
		segments = append(segments, segment{variable: name, greedy: greedy})
	}
	return segments, nil
}

// match reports whether the decoded request path matches the pattern, and
// returns the path parameters and a rank: a higher rank is more specific.
func match(pattern []segment, path string) (parameters map[string]string, rank matchRank, ok bool) {
	var parts []string
	if path != "/" {
		parts = strings.Split(strings.TrimPrefix(path, "/"), "/")
	}

	for i, seg := range pattern {
		if seg.greedy {
			rest := strings.Join(parts[min(i, len(parts)):], "/")
			if rest == "" {
				return nil, matchRank{}, false
			}
			parameters = withParameter(parameters, seg.variable, rest)
			rank.greedy = true
			return parameters, rank, true
		}

		if i >= len(parts) || parts[i] == "" {
			return nil, matchRank{}, false
		}
		if seg.variable == "" {
			if parts[i] != seg.literal {
				return nil, matchRank{}, false
			}
			rank.literals++
			continue
		}
		parameters = withParameter(parameters, seg.variable, parts[i])
	}

	if len(parts) != len(pattern) {
		return nil, matchRank{}, false
	}
	return parameters, rank, true
}

func withParameter(parameters map[string]string, name, value string) map[string]string {
	if parameters == nil {
		parameters = make(map[string]string)
	}
	parameters[name] = value
	return parameters
}

// matchRank orders the routes that match one request. API Gateway prefers a
// route without a greedy variable, then, in this implementation, the route
// with more literal segments, then a route for the exact method over ANY.
type matchRank struct {
	greedy      bool
	literals    int
	exactMethod bool
}

// moreSpecific reports whether r wins over other.
func (r matchRank) moreSpecific(other matchRank) bool {
	if r.greedy != other.greedy {
		return !r.greedy
	}
	if r.literals != other.literals {
		return r.literals > other.literals
	}
	return r.exactMethod && !other.exactMethod
}

// selectRoute returns the most specific route for method and the decoded
// path, with its path parameters. Routes with invalid paths never match.
func selectRoute(routes []Route, method, path string) (Route, map[string]string, bool) {
	var (
		best       Route
		bestParams map[string]string
		bestRank   matchRank
		found      bool
	)

	for _, route := range routes {
		exactMethod := route.Method == method
		if !exactMethod && route.Method != "ANY" {
			continue
		}
		pattern, err := parsePattern(route.Path)
		if err != nil {
			continue
		}
		parameters, rank, ok := match(pattern, path)
		if !ok {
			continue
		}

		rank.exactMethod = exactMethod
		if !found || rank.moreSpecific(bestRank) {
			best, bestParams, bestRank, found = route, parameters, rank, true
		}
	}
	return best, bestParams, found
}
