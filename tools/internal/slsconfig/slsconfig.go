// Package slsconfig reads the service definition that the Serverless CLI
// resolves from serverless.yml (`osls print --format json`), so the local
// stack takes its functions, routes, authorizers and environment from the
// same file that deploys them.
package slsconfig

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Service is the part of the resolved service definition the local stack
// uses.
type Service struct {
	Name        string
	Stage       string
	Region      string
	Functions   []Function
	Routes      []Route
	Authorizers map[string]Authorizer
}

// Function is one Lambda function with its merged environment (provider
// environment, then the function's own). Values that are CloudFormation
// intrinsics, such as Fn::GetAtt, are left out because only a deployment can
// resolve them.
type Function struct {
	Name        string
	Environment map[string]string
	Timeout     time.Duration
	MemoryMB    int
}

// Route is one httpApi event.
type Route struct {
	Method     string
	Path       string
	Function   string
	Authorizer string
	Scopes     []string
}

// Authorizer is a JWT authorizer from provider.httpApi.authorizers.
type Authorizer struct {
	IdentitySource string
	Audience       []string
}

// Load runs `osls print --format json --stage stage` in dir, with the osls
// that `npm ci` installs in dir/node_modules, and parses its output.
func Load(ctx context.Context, dir, stage string) (*Service, error) {
	osls := filepath.Join(dir, "node_modules", ".bin", "osls")
	if _, err := os.Stat(osls); err != nil {
		return nil, fmt.Errorf("load serverless.yml: %s not found, run `npm ci` first", osls)
	}

	cmd := exec.CommandContext(ctx, osls, "print", "--format", "json", "--stage", stage)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SLS_TELEMETRY_DISABLED=1", "SLS_NOTIFICATIONS_MODE=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("load serverless.yml: osls print: %w: %s", err, strings.TrimSpace(stderr.String()))
	}

	return Parse(stdout.Bytes())
}

type printed struct {
	Service  string `json:"service"`
	Provider struct {
		Stage       string                     `json:"stage"`
		Region      string                     `json:"region"`
		Timeout     int                        `json:"timeout"`
		MemorySize  int                        `json:"memorySize"`
		Environment map[string]json.RawMessage `json:"environment"`
		HTTPAPI     struct {
			Authorizers map[string]struct {
				Type           string          `json:"type"`
				IdentitySource string          `json:"identitySource"`
				Audience       json.RawMessage `json:"audience"`
			} `json:"authorizers"`
		} `json:"httpApi"`
	} `json:"provider"`
	Functions map[string]struct {
		Timeout     int                          `json:"timeout"`
		MemorySize  int                          `json:"memorySize"`
		Environment map[string]json.RawMessage   `json:"environment"`
		Events      []map[string]json.RawMessage `json:"events"`
	} `json:"functions"`
}

type httpAPIEvent struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Authorizer *struct {
		Name   string   `json:"name"`
		Scopes []string `json:"scopes"`
	} `json:"authorizer"`
}

// Parse reads the JSON that `osls print --format json` writes. Functions and
// routes come back sorted by name and by route key.
func Parse(data []byte) (*Service, error) {
	var doc printed
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse service definition: %w", err)
	}
	if len(doc.Functions) == 0 {
		return nil, errors.New("parse service definition: no functions")
	}

	service := &Service{
		Name:        doc.Service,
		Stage:       doc.Provider.Stage,
		Region:      doc.Provider.Region,
		Authorizers: map[string]Authorizer{},
	}

	for name, auth := range doc.Provider.HTTPAPI.Authorizers {
		if auth.Type != "" && auth.Type != "jwt" {
			return nil, fmt.Errorf("parse service definition: authorizer %q has type %q, only jwt is supported", name, auth.Type)
		}
		service.Authorizers[name] = Authorizer{
			IdentitySource: auth.IdentitySource,
			Audience:       stringOrList(auth.Audience),
		}
	}

	for name, fn := range doc.Functions {
		env := map[string]string{}
		mergeStrings(env, doc.Provider.Environment)
		mergeStrings(env, fn.Environment)

		service.Functions = append(service.Functions, Function{
			Name:        name,
			Environment: env,
			Timeout:     time.Duration(firstPositive(fn.Timeout, doc.Provider.Timeout, 6)) * time.Second,
			MemoryMB:    firstPositive(fn.MemorySize, doc.Provider.MemorySize, 1024),
		})

		for _, event := range fn.Events {
			raw, ok := event["httpApi"]
			if !ok {
				continue
			}
			route, err := parseRoute(name, raw)
			if err != nil {
				return nil, err
			}
			if route.Authorizer != "" {
				if _, ok := service.Authorizers[route.Authorizer]; !ok {
					return nil, fmt.Errorf("parse service definition: route %s %s names unknown authorizer %q", route.Method, route.Path, route.Authorizer)
				}
			}
			service.Routes = append(service.Routes, route)
		}
	}

	sort.Slice(service.Functions, func(i, j int) bool { return service.Functions[i].Name < service.Functions[j].Name })
	sort.Slice(service.Routes, func(i, j int) bool {
		return service.Routes[i].Path+" "+service.Routes[i].Method < service.Routes[j].Path+" "+service.Routes[j].Method
	})
	return service, nil
}

// parseRoute reads an httpApi event in its short form ("GET /path") or its
// long form ({method, path, authorizer}).
func parseRoute(function string, raw json.RawMessage) (Route, error) {
	var short string
	if err := json.Unmarshal(raw, &short); err == nil {
		method, path, ok := strings.Cut(strings.TrimSpace(short), " ")
		if !ok {
			return Route{}, fmt.Errorf("parse service definition: function %s: httpApi event %q is not \"METHOD /path\"", function, short)
		}
		return Route{Method: normaliseMethod(method), Path: strings.TrimSpace(path), Function: function}, nil
	}

	var long httpAPIEvent
	if err := json.Unmarshal(raw, &long); err != nil {
		return Route{}, fmt.Errorf("parse service definition: function %s: httpApi event: %w", function, err)
	}
	route := Route{Method: normaliseMethod(long.Method), Path: long.Path, Function: function}
	if long.Authorizer != nil {
		route.Authorizer = long.Authorizer.Name
		route.Scopes = long.Authorizer.Scopes
	}
	return route, nil
}

func normaliseMethod(method string) string {
	if method == "*" {
		return "ANY"
	}
	return strings.ToUpper(method)
}

// mergeStrings copies the string values of from into to, skipping values
// that are not strings or numbers (CloudFormation intrinsics).
func mergeStrings(to map[string]string, from map[string]json.RawMessage) {
	for key, raw := range from {
		var text string
		if err := json.Unmarshal(raw, &text); err == nil {
			to[key] = text
			continue
		}
		var number json.Number
		if err := json.Unmarshal(raw, &number); err == nil {
			to[key] = number.String()
			continue
		}
		delete(to, key)
	}
}

func stringOrList(raw json.RawMessage) []string {
	var single string
	if err := json.Unmarshal(raw, &single); err == nil {
		return []string{single}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

func firstPositive(values ...int) int {
	for _, value := range values {
		if value > 0 {
			return value
		}
	}
	return 0
}
