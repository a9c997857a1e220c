package slsconfig

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestParsePrintedService(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "print-local.json"))
	if err != nil {
		t.Fatal(err)
	}

	service, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}

	if got, want := service.Stage, "local"; got != want {
		t.Errorf("stage = %q, want %q", got, want)
	}

	var names []string
	for _, fn := range service.Functions {
		names = append(names, fn.Name)
	}
	if want := []string{"login", "pages", "weather", "welcome"}; !slices.Equal(names, want) {
		t.Errorf("functions = %v, want %v", names, want)
	}

	routes := map[string]Route{}
	for _, route := range service.Routes {
		routes[route.Method+" "+route.Path] = route
	}
	if len(routes) != 12 {
		t.Errorf("got %d routes, want 12: %v", len(routes), routes)
	}

	weather := routes["GET /api/weather"]
	if weather.Function != "weather" || weather.Authorizer != "jwt" || !slices.Equal(weather.Scopes, []string{"weather:read"}) {
		t.Errorf("GET /api/weather = %+v, want weather behind jwt with scope weather:read", weather)
	}
	if got := routes["GET /api/welcome"]; got.Authorizer != "jwt" || len(got.Scopes) != 0 {
		t.Errorf("GET /api/welcome = %+v, want jwt with no scope", got)
	}
	if got := routes["POST /api/login"]; got.Function != "login" || got.Authorizer != "" {
		t.Errorf("POST /api/login = %+v, want public login", got)
	}
	if got := routes["GET /static/{proxy+}"]; got.Function != "pages" {
		t.Errorf("GET /static/{proxy+} = %+v, want pages", got)
	}

	if got, want := service.Authorizers["jwt"].Audience, []string{"weather-portal"}; !slices.Equal(got, want) {
		t.Errorf("jwt audience = %v, want %v", got, want)
	}

	for _, fn := range service.Functions {
		if fn.Name != "login" {
			continue
		}
		if _, ok := fn.Environment["TOKEN_ISSUER"]; ok {
			t.Error("TOKEN_ISSUER is an intrinsic and should be left out")
		}
		if got, want := fn.Environment["PARAM_PREFIX"], "/weather-portal/local"; got != want {
			t.Errorf("PARAM_PREFIX = %q, want %q", got, want)
		}
		if got, want := fn.Timeout, 10*time.Second; got != want {
			t.Errorf("timeout = %v, want %v", got, want)
		}
	}
}

func TestParseRejectsUnknownAuthorizer(t *testing.T) {
	doc := `{"provider":{},"functions":{"f":{"events":[{"httpApi":{"method":"GET","path":"/x","authorizer":{"name":"nope"}}}]}}}`
	if _, err := Parse([]byte(doc)); err == nil {
		t.Error("Parse succeeded, want an error for an unknown authorizer")
	}
}

func TestLoadRunsOsls(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}

	service, err := Load(t.Context(), root, "local")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(service.Routes) != 12 {
		t.Errorf("got %d routes from serverless.yml, want 12", len(service.Routes))
	}
}
