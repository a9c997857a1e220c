package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"golang.org/x/crypto/bcrypt"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/apigw/apigwtest"
	"github.com/weather-portal/weather-portal/pkg/param"
	"github.com/weather-portal/weather-portal/pkg/token"
	"github.com/weather-portal/weather-portal/pkg/user"
)

// fakeParams is an in-memory Parameters with names relative to the prefix.
type fakeParams struct {
	values map[string]string
	err    error
}

func (f *fakeParams) Get(_ context.Context, name string) (string, error) {
	if f.err != nil {
		return "", f.err
	}
	value, ok := f.values[name]
	if !ok {
		return "", fmt.Errorf("get %s: %w", name, param.ErrNotFound)
	}
	return value, nil
}

func (f *fakeParams) GetByPath(_ context.Context, path string) (map[string]string, error) {
	if f.err != nil {
		return nil, f.err
	}
	out := map[string]string{}
	for name, value := range f.values {
		if rest, ok := strings.CutPrefix(name, path+"/"); ok {
			out[rest] = value
		}
	}
	return out, nil
}

type fixture struct {
	handler *Handler
	params  *fakeParams
	keys    []token.Key
}

var (
	fixtureOnce sync.Once
	sharedKeys  []token.Key
	sharedHash  string
)

func newFixture(t testing.TB) *fixture {
	t.Helper()
	fixtureOnce.Do(func() {
		for range 2 {
			key, err := token.GenerateKey(2048)
			if err != nil {
				panic(err)
			}
			sharedKeys = append(sharedKeys, key)
		}
		hash, err := user.HashPassword("correct horse")
		if err != nil {
			panic(err)
		}
		sharedHash = hash
	})

	values := map[string]string{
		"users/dev":       userRecord(t, user.User{PasswordHash: sharedHash, Name: "Dev User", Scopes: []string{"weather:read"}}),
		"users/disabled":  userRecord(t, user.User{PasswordHash: sharedHash, Name: "Gone", Disabled: true}),
		"users/broken":    "not json",
		"auth/active-kid": sharedKeys[1].ID,
	}
	for _, key := range sharedKeys {
		data, err := token.EncodePrivateKeyPEM(key)
		if err != nil {
			t.Fatal(err)
		}
		values["auth/signing-keys/"+key.ID] = string(data)
	}

	params := &fakeParams{values: values}
	return &fixture{
		params: params,
		keys:   sharedKeys,
		handler: &Handler{
			Params: params,
			Issuer: token.Issuer{Audience: "weather-portal", Lifetime: 15 * time.Minute},
			Scopes: []string{"weather:read"},
		},
	}
}

func userRecord(t testing.TB, u user.User) string {
	t.Helper()
	data, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// call runs the handler and turns a returned error into the response that
// logging.Middleware sends for it.
func (f *fixture) call(t *testing.T, req events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	t.Helper()
	resp, err := f.handler.Handle(context.Background(), req)
	if err != nil {
		return apigw.Problem(err)
	}
	return resp
}

func TestLoginIssuesVerifiableToken(t *testing.T) {
	f := newFixture(t)

	resp := f.call(t, loadEvent(t, "post-login.json"))
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d, want 200; body %s", resp.StatusCode, resp.Body)
	}
	if got := resp.Headers["Cache-Control"]; got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}

	var body loginResponse
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("decode %s: %v", resp.Body, err)
	}
	if body.TokenType != "Bearer" || body.ExpiresIn != 900 || body.Scope != "weather:read" {
		t.Errorf("response = %+v, want Bearer, 900 s, weather:read", body)
	}

	verifier := token.Verifier{
		Issuer:    "https://r3pmxmplak.execute-api.eu-west-1.amazonaws.com",
		Audiences: []string{"weather-portal"},
		Keys:      func() (token.JWKS, error) { return f.fetchJWKS(t), nil },
	}
	claims, _, err := verifier.Verify(body.AccessToken, []string{"weather:read"})
	if err != nil {
		t.Fatalf("Verify issued token: %v", err)
	}
	if got, want := claims["sub"], "dev"; got != want {
		t.Errorf("sub = %v, want %v", got, want)
	}
	if got, want := claims["name"], "Dev User"; got != want {
		t.Errorf("name = %v, want %v", got, want)
	}
	if strings.Contains(resp.Body, "correct horse") {
		t.Error("response contains the password")
	}
}

func TestLoginSignsWithActiveKey(t *testing.T) {
	f := newFixture(t)

	for _, active := range f.keys {
		f.params.values["auth/active-kid"] = active.ID
		resp := f.call(t, loadEvent(t, "post-login.json"))

		var body loginResponse
		if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
			t.Fatalf("decode %s: %v", resp.Body, err)
		}
		header, err := base64.RawURLEncoding.DecodeString(strings.Split(body.AccessToken, ".")[0])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(header), `"kid":"`+active.ID+`"`) {
			t.Errorf("token header %s, want kid %s", header, active.ID)
		}
	}
}

func TestLoginRejectsBadCredentialsAlike(t *testing.T) {
	f := newFixture(t)

	var bodies []string
	for _, credentials := range []string{
		`{"username":"dev","password":"wrong horse"}`,
		`{"username":"nobody","password":"correct horse"}`,
		`{"username":"disabled","password":"correct horse"}`,
	} {
		req := loadEvent(t, "post-login.json")
		req.Body = credentials

		resp := f.call(t, req)
		if resp.StatusCode != 401 {
			t.Errorf("%s: status = %d, want 401", credentials, resp.StatusCode)
		}
		if got := resp.Headers["Content-Type"]; got != "application/problem+json" {
			t.Errorf("%s: Content-Type = %q, want application/problem+json", credentials, got)
		}
		bodies = append(bodies, resp.Body)
	}

	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Errorf("bodies differ between wrong password, unknown and disabled user:\n%s", strings.Join(bodies, "\n"))
	}
}

func TestLoginBadInput(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		base64      bool
		wantStatus  int
		wantDetail  string
	}{
		{"malformed JSON", "application/json", `{"username":`, false, 400, "JSON"},
		{"not an object", "application/json", `["dev"]`, false, 400, "JSON"},
		{"empty body", "application/json", ``, false, 400, "empty"},
		{"trailing data", "application/json", `{"username":"dev","password":"x"} {}`, false, 400, "after the JSON"},
		{"unknown field", "application/json", `{"username":"dev","password":"x","admin":true}`, false, 400, "admin"},
		{"wrong type", "application/json", `{"username":1,"password":"x"}`, false, 400, "username"},
		{"missing password", "application/json", `{"username":"dev"}`, false, 400, "required"},
		{"missing username", "application/json", `{"password":"x"}`, false, 400, "required"},
		{"odd username", "application/json", `{"username":"../admin","password":"x"}`, false, 400, "username"},
		{"long password", "application/json", `{"username":"dev","password":"` + strings.Repeat("x", 73) + `"}`, false, 400, "72 bytes"},
		{"form content type", "application/x-www-form-urlencoded", `username=dev&password=x`, false, 415, "application/json"},
		{"no content type", "", `{"username":"dev","password":"x"}`, false, 415, "application/json"},
		{"oversized body", "application/json", `{"username":"dev","password":"` + strings.Repeat("x", 5000) + `"}`, false, 413, "limit"},
		{"bad base64", "application/json", `%%%`, true, 400, "base64"},
	}

	f := newFixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := loadEvent(t, "post-login.json")
			req.Headers["content-type"] = tt.contentType
			req.Body = tt.body
			req.IsBase64Encoded = tt.base64

			resp := f.call(t, req)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d; body %s", resp.StatusCode, tt.wantStatus, resp.Body)
			}
			if got := resp.Headers["Content-Type"]; got != "application/problem+json" {
				t.Errorf("Content-Type = %q, want application/problem+json", got)
			}

			var details struct{ Detail string }
			if err := json.Unmarshal([]byte(resp.Body), &details); err != nil {
				t.Fatalf("decode %s: %v", resp.Body, err)
			}
			if !strings.Contains(details.Detail, tt.wantDetail) {
				t.Errorf("detail = %q, want it to mention %q", details.Detail, tt.wantDetail)
			}
		})
	}
}

func TestLoginAcceptsBase64Body(t *testing.T) {
	f := newFixture(t)
	req := loadEvent(t, "post-login.json")
	req.Body = base64.StdEncoding.EncodeToString([]byte(req.Body))
	req.IsBase64Encoded = true

	if resp := f.call(t, req); resp.StatusCode != 200 {
		t.Errorf("status = %d, want 200; body %s", resp.StatusCode, resp.Body)
	}
}

func TestLoginInternalErrorsRevealNothing(t *testing.T) {
	tests := map[string]func(f *fixture){
		"SSM failure":        func(f *fixture) { f.params.err = errors.New("AccessDeniedException: not authorized on /secret") },
		"broken user record": func(f *fixture) {},
		"no signing keys": func(f *fixture) {
			for name := range f.params.values {
				if strings.HasPrefix(name, "auth/") {
					delete(f.params.values, name)
				}
			}
		},
	}

	for name, breakIt := range tests {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			breakIt(f)
			req := loadEvent(t, "post-login.json")
			if name == "broken user record" {
				req.Body = `{"username":"broken","password":"x"}`
			}

			resp := f.call(t, req)
			if resp.StatusCode != 500 {
				t.Errorf("status = %d, want 500", resp.StatusCode)
			}
			if !strings.Contains(resp.Body, `"detail":"internal error"`) {
				t.Errorf("body = %s, want the generic internal error", resp.Body)
			}
		})
	}
}

func TestDiscoveryDocuments(t *testing.T) {
	f := newFixture(t)

	resp := f.call(t, loadEvent(t, "get-openid-configuration.json"))
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	var discovery token.Discovery
	if err := json.Unmarshal([]byte(resp.Body), &discovery); err != nil {
		t.Fatal(err)
	}
	if got, want := discovery.Issuer, "https://r3pmxmplak.execute-api.eu-west-1.amazonaws.com"; got != want {
		t.Errorf("issuer = %q, want %q", got, want)
	}
	if got, want := discovery.JWKSURI, "https://r3pmxmplak.execute-api.eu-west-1.amazonaws.com/.well-known/jwks.json"; got != want {
		t.Errorf("jwks_uri = %q, want %q", got, want)
	}

	f.handler.Issuer.URL = "https://weather.example.com"
	resp = f.call(t, loadEvent(t, "get-openid-configuration.json"))
	if err := json.Unmarshal([]byte(resp.Body), &discovery); err != nil {
		t.Fatal(err)
	}
	if got, want := discovery.Issuer, "https://weather.example.com"; got != want {
		t.Errorf("configured issuer = %q, want %q", got, want)
	}

	set := f.fetchJWKS(t)
	if len(set.Keys) != 2 {
		t.Fatalf("JWKS has %d keys, want both rotation keys", len(set.Keys))
	}
	for _, jwk := range set.Keys {
		if jwk.Algorithm != "RS256" || jwk.Use != "sig" || jwk.KeyType != "RSA" {
			t.Errorf("jwk %+v, want RSA sig RS256", jwk)
		}
	}

	raw := f.call(t, loadEvent(t, "get-jwks.json")).Body
	for _, private := range []string{`"d"`, `"p"`, `"q"`, "PRIVATE"} {
		if strings.Contains(raw, private) {
			t.Errorf("JWKS contains private member %s", private)
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	f := newFixture(t)
	req := loadEvent(t, "get-jwks.json")
	req.RawPath = "/api/login"

	resp := f.call(t, req)
	if resp.StatusCode != 405 {
		t.Errorf("status = %d, want 405", resp.StatusCode)
	}
	if got := resp.Headers["Allow"]; got != "POST" {
		t.Errorf("Allow = %q, want POST", got)
	}
}

func (f *fixture) fetchJWKS(t *testing.T) token.JWKS {
	t.Helper()
	resp := f.call(t, loadEvent(t, "get-jwks.json"))
	if resp.StatusCode != 200 {
		t.Fatalf("JWKS status = %d; body %s", resp.StatusCode, resp.Body)
	}
	var set token.JWKS
	if err := json.Unmarshal([]byte(resp.Body), &set); err != nil {
		t.Fatal(err)
	}
	return set
}

func loadEvent(t testing.TB, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	return apigwtest.LoadRequest(t, name)
}

// invalidNameParams rejects every name the way pkg/param rejects a name
// that SSM would not accept.
type invalidNameParams struct{ *fakeParams }

func (p invalidNameParams) Get(ctx context.Context, name string) (string, error) {
	if strings.HasPrefix(name, "users/") {
		return "", fmt.Errorf("get %s: %w", name, param.ErrInvalidName)
	}
	return p.fakeParams.Get(ctx, name)
}

func TestLoginTreatsInvalidParameterNameAsUnknownUser(t *testing.T) {
	f := newFixture(t)
	f.handler.Params = invalidNameParams{f.params}

	resp := f.call(t, loadEvent(t, "post-login.json"))
	if resp.StatusCode != 401 {
		t.Errorf("status = %d, want 401 as for an unknown user; body %s", resp.StatusCode, resp.Body)
	}
}

func TestLoginSkipsUnusableSigningKey(t *testing.T) {
	f := newFixture(t)
	f.params.values["auth/signing-keys/stray"] = "not a key"

	if resp := f.call(t, loadEvent(t, "post-login.json")); resp.StatusCode != 200 {
		t.Errorf("login status = %d, want 200 with the good keys; body %s", resp.StatusCode, resp.Body)
	}
	if got := len(f.fetchJWKS(t).Keys); got != 2 {
		t.Errorf("JWKS has %d keys, want the 2 usable ones", got)
	}

	f.params.values["auth/active-kid"] = "stray"
	if resp := f.call(t, loadEvent(t, "post-login.json")); resp.StatusCode != 500 {
		t.Errorf("status with an unusable active key = %d, want 500", resp.StatusCode)
	}
}

func TestDummyHashCostMatchesUserCost(t *testing.T) {
	cost, err := bcrypt.Cost([]byte(dummyUser.PasswordHash))
	if err != nil {
		t.Fatalf("dummy hash: %v", err)
	}
	if cost != user.Cost {
		t.Errorf("dummy hash cost = %d, want user.Cost %d so unknown users take as long as known ones", cost, user.Cost)
	}
}
