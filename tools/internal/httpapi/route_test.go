package httpapi

import (
	"maps"
	"strings"
	"testing"
)

func TestSelectRoute(t *testing.T) {
	routes := []Route{
		{Method: "GET", Path: "/", Function: "root"},
		{Method: "GET", Path: "/items/{id}", Function: "item"},
		{Method: "GET", Path: "/items/list", Function: "list"},
		{Method: "ANY", Path: "/items/{id}", Function: "any-item"},
		{Method: "GET", Path: "/items/{proxy+}", Function: "items-greedy"},
		{Method: "GET", Path: "/static/{proxy+}", Function: "static"},
		{Method: "ANY", Path: "/{proxy+}", Function: "catch-all"},
		{Method: "GET", Path: "/users/{user}/posts/{post}", Function: "post"},
	}

	tests := []struct {
		name         string
		method       string
		path         string
		wantFunction string
		wantParams   map[string]string
	}{
		{name: "root", method: "GET", path: "/", wantFunction: "root"},
		{name: "literal beats variable", method: "GET", path: "/items/list", wantFunction: "list"},
		{name: "variable", method: "GET", path: "/items/7", wantFunction: "item", wantParams: map[string]string{"id": "7"}},
		{name: "method beats ANY", method: "GET", path: "/items/8", wantFunction: "item", wantParams: map[string]string{"id": "8"}},
		{name: "ANY for other method", method: "PATCH", path: "/items/8", wantFunction: "any-item", wantParams: map[string]string{"id": "8"}},
		{name: "greedy for deeper path", method: "GET", path: "/items/8/parts", wantFunction: "items-greedy",
			wantParams: map[string]string{"proxy": "8/parts"}},
		{name: "static greedy", method: "GET", path: "/static/css/app.css", wantFunction: "static",
			wantParams: map[string]string{"proxy": "css/app.css"}},
		{name: "greedy needs a segment", method: "GET", path: "/static", wantFunction: "catch-all",
			wantParams: map[string]string{"proxy": "static"}},
		{name: "trailing slash is not the literal", method: "GET", path: "/items/list/", wantFunction: "items-greedy",
			wantParams: map[string]string{"proxy": "list/"}},
		{name: "two variables", method: "GET", path: "/users/ana/posts/12", wantFunction: "post",
			wantParams: map[string]string{"user": "ana", "post": "12"}},
		{name: "catch-all", method: "POST", path: "/anything/else", wantFunction: "catch-all",
			wantParams: map[string]string{"proxy": "anything/else"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			route, params, found := selectRoute(routes, tt.method, tt.path)

			if !found {
				t.Fatalf("selectRoute(%s %s) found nothing, want %s", tt.method, tt.path, tt.wantFunction)
			}
			if route.Function != tt.wantFunction {
				t.Errorf("function = %s, want %s", route.Function, tt.wantFunction)
			}
			if !maps.Equal(params, tt.wantParams) {
				t.Errorf("params = %v, want %v", params, tt.wantParams)
			}
		})
	}
}

func TestSelectRouteNoMatch(t *testing.T) {
	routes := []Route{
		{Method: "GET", Path: "/api/weather", Function: "weather"},
		{Method: "GET", Path: "/static/{proxy+}", Function: "static"},
		{Method: "GET", Path: "/items/{id}", Function: "item"},
		{Method: "GET", Path: "/bad/{proxy+}/tail", Function: "invalid"},
	}

	for _, request := range []string{"POST /api/weather", "GET /api/weather/", "GET /static", "GET /static/", "GET /items/",
		"GET /items", "GET /bad/x/tail", "GET /"} {
		t.Run(request, func(t *testing.T) {
			method, path, _ := strings.Cut(request, " ")

			if route, _, found := selectRoute(routes, method, path); found {
				t.Errorf("selectRoute(%s) = %s, want no match", request, route.Key())
			}
		})
	}
}

func TestValidateRoutes(t *testing.T) {
	tests := []struct {
		name    string
		route   Route
		wantErr string
	}{
		{name: "valid", route: Route{Method: "GET", Path: "/static/{proxy+}", Function: "pages"}},
		{name: "no method", route: Route{Path: "/", Function: "pages"}, wantErr: "method and function are required"},
		{name: "no function", route: Route{Method: "GET", Path: "/"}, wantErr: "method and function are required"},
		{name: "relative path", route: Route{Method: "GET", Path: "api", Function: "f"}, wantErr: "must start with /"},
		{name: "empty segment", route: Route{Method: "GET", Path: "/api//x", Function: "f"}, wantErr: "empty segment"},
		{name: "partial variable", route: Route{Method: "GET", Path: "/items/id-{id}", Function: "f"}, wantErr: "whole segment"},
		{name: "greedy not last", route: Route{Method: "GET", Path: "/{proxy+}/x", Function: "f"}, wantErr: "last segment"},
		{name: "empty variable", route: Route{Method: "GET", Path: "/{+}", Function: "f"}, wantErr: "invalid variable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateRoutes([]Route{tt.route})

			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("ValidateRoutes() error = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ValidateRoutes() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
