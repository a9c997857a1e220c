package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/weather-portal/weather-portal/pkg/user"
)

const testPassword = "local test password"

// runningStack is the devstack binary started by a test.
type runningStack struct {
	cmd      *exec.Cmd
	ready    Ready
	stateDir string
	output   *syncBuffer
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startStack builds the devstack command and runs it on a free port with a
// fresh state directory, as `make dev` runs it.
func startStack(t *testing.T) *runningStack {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	stateDir := t.TempDir()
	binary := filepath.Join(stateDir, "devstack")

	build := exec.Command("go", "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build devstack: %v\n%s", err, out)
	}

	readyFile := filepath.Join(stateDir, "ready.json")
	output := &syncBuffer{}
	cmd := exec.Command(binary, "-dir", root, "-addr", "127.0.0.1:0", "-state", stateDir, "-ready-file", readyFile)
	cmd.Env = append(os.Environ(), "DEV_PASSWORD="+testPassword, "OPENWEATHER_API_KEY=")
	cmd.Stdout = output
	cmd.Stderr = output
	if err := cmd.Start(); err != nil {
		t.Fatalf("start devstack: %v", err)
	}

	stack := &runningStack{cmd: cmd, stateDir: stateDir, output: output}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("devstack output:\n%s", output.String())
		}
	})

	deadline := time.Now().Add(3 * time.Minute)
	for {
		data, err := os.ReadFile(readyFile)
		if err == nil {
			if err := json.Unmarshal(data, &stack.ready); err != nil {
				t.Fatalf("decode ready file: %v", err)
			}
			return stack
		}
		if time.Now().After(deadline) {
			t.Fatalf("devstack not ready after 3 minutes:\n%s", output.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type response struct {
	status  int
	header  http.Header
	body    []byte
	decoded map[string]any
}

func call(t *testing.T, method, url, bearer, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}

	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := response{status: resp.StatusCode, header: resp.Header, body: data}
	_ = json.Unmarshal(data, &out.decoded)
	return out
}

func (s *runningStack) login(t *testing.T, username, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	resp := call(t, "POST", s.ready.URL+"/api/login", "", string(body))
	if resp.status != 200 {
		t.Fatalf("login %s: status %d, body %s", username, resp.status, resp.body)
	}
	accessToken, _ := resp.decoded["access_token"].(string)
	if accessToken == "" {
		t.Fatalf("login %s: no access_token in %s", username, resp.body)
	}
	return accessToken
}

func TestStackEndToEnd(t *testing.T) {
	stack := startStack(t)
	base := stack.ready.URL

	if !stack.ready.SampleData {
		t.Error("ready file says real OpenWeather data, want sample data")
	}

	t.Run("login page", func(t *testing.T) {
		resp := call(t, "GET", base+"/", "", "")
		if resp.status != 200 {
			t.Fatalf("GET / status = %d", resp.status)
		}
		if got := resp.header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
			t.Errorf("Content-Type = %q, want text/html", got)
		}
		if got := resp.header.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") {
			t.Errorf("Content-Security-Policy = %q", got)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		resp := call(t, "POST", base+"/api/login", "", `{"username":"dev","password":"nope"}`)
		if resp.status != 401 {
			t.Errorf("status = %d, want 401", resp.status)
		}
		if got := resp.header.Get("Content-Type"); got != "application/problem+json" {
			t.Errorf("Content-Type = %q, want application/problem+json", got)
		}
	})

	accessToken := stack.login(t, "dev", testPassword)

	t.Run("welcome", func(t *testing.T) {
		resp := call(t, "GET", base+"/api/welcome", accessToken, "")
		if resp.status != 200 {
			t.Fatalf("status = %d, body %s", resp.status, resp.body)
		}
		if got, want := resp.decoded["message"], "Welcome, Dev User!"; got != want {
			t.Errorf("message = %v, want %v", got, want)
		}
	})

	t.Run("welcome without token", func(t *testing.T) {
		resp := call(t, "GET", base+"/api/welcome", "", "")
		if resp.status != 401 {
			t.Errorf("status = %d, want 401", resp.status)
		}
		if got := strings.TrimSpace(string(resp.body)); got != `{"message":"Unauthorized"}` {
			t.Errorf("body = %s, want API Gateway's Unauthorized", got)
		}
	})

	t.Run("welcome with forged token", func(t *testing.T) {
		parts := strings.Split(accessToken, ".")
		forged := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
		if resp := call(t, "GET", base+"/api/welcome", forged, ""); resp.status != 401 {
			t.Errorf("status = %d, want 401", resp.status)
		}
	})

	t.Run("weather", func(t *testing.T) {
		resp := call(t, "GET", base+"/api/weather?city=Bengaluru&units=metric", accessToken, "")
		if resp.status != 200 {
			t.Fatalf("status = %d, body %s", resp.status, resp.body)
		}
		if got := resp.decoded["city"]; got != "Bengaluru" {
			t.Errorf("city = %v, want Bengaluru", got)
		}
		if got := resp.decoded["sample"]; got != true {
			t.Errorf("sample = %v, want true", got)
		}
		if _, ok := resp.decoded["temperature"].(float64); !ok {
			t.Errorf("temperature missing in %s", resp.body)
		}
	})

	t.Run("weather errors", func(t *testing.T) {
		tests := []struct {
			query string
			want  int
		}{
			{"city=Atlantis", 404},
			{"", 400},
			{"city=Bengaluru&units=kelvin", 400},
			{"city=" + strings.Repeat("a", 101), 400},
			{"city=%00", 400},
		}
		for _, tt := range tests {
			resp := call(t, "GET", base+"/api/weather?"+tt.query, accessToken, "")
			if resp.status != tt.want {
				t.Errorf("?%s: status = %d, want %d (body %s)", tt.query, resp.status, tt.want, resp.body)
			}
			if got := resp.header.Get("Content-Type"); got != "application/problem+json" {
				t.Errorf("?%s: Content-Type = %q, want application/problem+json", tt.query, got)
			}
		}
	})

	t.Run("weather without scope", func(t *testing.T) {
		addUser(t, stack.ready.SSMURL, "reader", nil)
		noScope := stack.login(t, "reader", testPassword)

		resp := call(t, "GET", base+"/api/weather?city=Delhi", noScope, "")
		if resp.status != 403 {
			t.Errorf("status = %d, want 403", resp.status)
		}
		if got := strings.TrimSpace(string(resp.body)); got != `{"message":"Forbidden"}` {
			t.Errorf("body = %s, want API Gateway's Forbidden", got)
		}
		if resp := call(t, "GET", base+"/api/welcome", noScope, ""); resp.status != 200 {
			t.Errorf("welcome status = %d, want 200 because it needs no scope", resp.status)
		}
	})

	t.Run("unknown route", func(t *testing.T) {
		if resp := call(t, "GET", base+"/nope", "", ""); resp.status != 404 {
			t.Errorf("status = %d, want 404", resp.status)
		}
	})

	t.Run("request log", func(t *testing.T) {
		output := stack.output.String()
		for _, want := range []string{"/api/weather", "weather", "cold"} {
			if !strings.Contains(output, want) {
				t.Errorf("log has no %q", want)
			}
		}
		if strings.Contains(output, testPassword) || strings.Contains(output, accessToken) {
			t.Error("log contains the password or the access token")
		}
	})

	stack.stop(t)
}

// stop sends SIGINT as Ctrl-C does and checks that no process started from
// the state directory is left.
func (s *runningStack) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("devstack exited with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("devstack did not stop within 30 s of SIGINT")
	}

	if left := processesUnder(s.stateDir); len(left) > 0 {
		t.Errorf("processes left running: %v", left)
	}
}

// processesUnder lists the command lines of running processes whose
// executable lies under dir.
func processesUnder(dir string) []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, entry := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", entry.Name(), "cmdline"))
		if err != nil || len(cmdline) == 0 {
			continue
		}
		args := strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00")
		if strings.Contains(strings.Join(args, " "), dir) {
			found = append(found, strings.Join(args, " "))
		}
	}
	return found
}

func addUser(t *testing.T, endpoint, username string, scopes []string) {
	t.Helper()
	hash, err := user.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	record, _ := json.Marshal(user.User{PasswordHash: hash, Name: "Reader", Scopes: scopes})

	client := ssm.New(ssm.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
	_, err = client.PutParameter(t.Context(), &ssm.PutParameterInput{
		Name:      aws.String("/weather-portal/dev/users/" + username),
		Value:     aws.String(string(record)),
		Type:      types.ParameterTypeSecureString,
		Overwrite: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("put user %s: %v", username, err)
	}
}
