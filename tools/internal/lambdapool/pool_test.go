package lambdapool

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// rieBinary and echoBootstrap are built once by TestMain.
var (
	rieBinary     string
	echoBootstrap string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lambdapool-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create build directory:", err)
		os.Exit(1)
	}

	code, err := buildAndRun(m, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

func buildAndRun(m *testing.M, dir string) (int, error) {
	rieBinary = filepath.Join(dir, "aws-lambda-rie")
	echoBootstrap = filepath.Join(dir, "echo", "bootstrap")

	builds := [][]string{
		{"build", "-o", rieBinary, "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"},
		{"build", "-o", echoBootstrap, "./testdata/echo"},
	}
	for _, args := range builds {
		cmd := exec.Command("go", args...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if output, err := cmd.CombinedOutput(); err != nil {
			return 1, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, output)
		}
	}
	return m.Run(), nil
}

// syncBuffer is a bytes.Buffer that several instances can write to.
type syncBuffer struct {
	mu     sync.Mutex
	buffer bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.String()
}

// newTestPool returns a pool running the echo function that is closed when
// the test ends.
func newTestPool(t testing.TB, fn Function) (*Pool, *syncBuffer) {
	t.Helper()

	fn.Bootstrap = echoBootstrap
	if fn.Name == "" {
		fn.Name = "echo"
	}
	logs := &syncBuffer{}
	pool := NewPool(rieBinary, fn, logs)
	t.Cleanup(func() {
		if err := pool.Close(); err != nil {
			t.Errorf("Close() error = %v", err)
		}
	})
	return pool, logs
}

// invoke calls pool.Invoke with a 20-second limit and fails the test on error.
func invoke(t *testing.T, pool *Pool, event string) Result {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	result, err := pool.Invoke(ctx, []byte(event))
	if err != nil {
		t.Fatalf("Invoke(%s) error = %v", event, err)
	}
	return result
}

// bootstrapPID returns the process id of the echo function's bootstrap.
func bootstrapPID(t *testing.T, pool *Pool) (int, Result) {
	t.Helper()

	result := invoke(t, pool, `{"action":"pid"}`)
	var reply struct {
		PID int `json:"pid"`
	}
	if err := json.Unmarshal(result.Payload, &reply); err != nil || reply.PID == 0 {
		t.Fatalf("pid reply %q: %v", result.Payload, err)
	}
	return reply.PID, result
}

func TestInvokeEchoesEvent(t *testing.T) {
	pool, _ := newTestPool(t, Function{})

	tests := []struct {
		name  string
		event string
	}{
		{name: "object", event: `{"city":"Bengaluru","units":"metric"}`},
		{name: "array", event: `[1,2,3]`},
		{name: "string", event: `"plain"`},
		{name: "unicode", event: `{"city":"São Paulo","note":"°C"}`},
		{name: "empty object", event: `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			result := invoke(t, pool, tt.event)

			if result.Error != "" {
				t.Fatalf("Error = %q, want none; payload %s", result.Error, result.Payload)
			}
			if got, want := string(result.Payload), tt.event; got != want {
				t.Errorf("Payload = %s, want %s", got, want)
			}
		})
	}
}

func TestInvokePassesEnvironment(t *testing.T) {
	t.Setenv("LAMBDAPOOL_TEST_PARENT_ONLY", "set in the test process")
	pool, _ := newTestPool(t, Function{
		Name:     "weather",
		Env:      map[string]string{"GREETING": "hello=world", "AWS_REGION": "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME": "ignored"},
		Timeout:  1500 * time.Millisecond,
		MemoryMB: 256,
	})

	result := invoke(t, pool, `{"action":"env","names":["GREETING","AWS_REGION","AWS_LAMBDA_FUNCTION_NAME",`+
		`"AWS_LAMBDA_FUNCTION_TIMEOUT","AWS_LAMBDA_FUNCTION_MEMORY_SIZE","LAMBDAPOOL_TEST_PARENT_ONLY"]}`)
	var got map[string]*string
	if err := json.Unmarshal(result.Payload, &got); err != nil {
		t.Fatalf("decode %s: %v", result.Payload, err)
	}

	want := map[string]string{
		"GREETING":                        "hello=world",
		"AWS_REGION":                      "eu-west-1",
		"AWS_LAMBDA_FUNCTION_NAME":        "weather",
		"AWS_LAMBDA_FUNCTION_TIMEOUT":     "2",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
	}
	for name, wantValue := range want {
		if got[name] == nil {
			t.Errorf("%s is unset, want %q", name, wantValue)
		} else if *got[name] != wantValue {
			t.Errorf("%s = %q, want %q", name, *got[name], wantValue)
		}
	}
	if got["LAMBDAPOOL_TEST_PARENT_ONLY"] != nil {
		t.Errorf("LAMBDAPOOL_TEST_PARENT_ONLY = %q, want unset because the parent environment is not inherited",
			*got["LAMBDAPOOL_TEST_PARENT_ONLY"])
	}
}

func TestInvokeColdThenWarm(t *testing.T) {
	pool, _ := newTestPool(t, Function{})

	firstPID, first := bootstrapPID(t, pool)
	if !first.ColdStart {
		t.Errorf("first invocation ColdStart = false, want true")
	}

	for i := range 3 {
		pid, result := bootstrapPID(t, pool)
		if result.ColdStart {
			t.Errorf("invocation %d ColdStart = true, want false", i+2)
		}
		if result.Instance != first.Instance {
			t.Errorf("invocation %d Instance = %d, want %d", i+2, result.Instance, first.Instance)
		}
		if pid != firstPID {
			t.Errorf("invocation %d bootstrap pid = %d, want %d", i+2, pid, firstPID)
		}
	}
}

func TestInvokeConcurrentWithinLimit(t *testing.T) {
	const (
		calls   = 8
		sleepMS = 200
	)
	pool, _ := newTestPool(t, Function{MaxInstances: 2})

	results := make([]Result, calls)
	errs := make([]error, calls)
	var wg sync.WaitGroup
	started := time.Now()
	for i := range calls {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			event := fmt.Sprintf(`{"action":"sleep","sleep_ms":%d,"call":%d}`, sleepMS, i)
			results[i], errs[i] = pool.Invoke(ctx, []byte(event))
		})
	}
	wg.Wait()
	elapsed := time.Since(started)

	instances := map[int]bool{}
	coldStarts := 0
	for i := range calls {
		if errs[i] != nil {
			t.Errorf("call %d error = %v", i, errs[i])
			continue
		}
		if want := fmt.Sprintf(`"call":%d}`, i); !strings.Contains(string(results[i].Payload), want) {
			t.Errorf("call %d Payload = %s, want it to contain %s", i, results[i].Payload, want)
		}
		instances[results[i].Instance] = true
		if results[i].ColdStart {
			coldStarts++
		}
	}

	if len(instances) != 2 {
		t.Errorf("instances used = %v, want 2", instances)
	}
	if coldStarts != 2 {
		t.Errorf("cold starts = %d, want 2", coldStarts)
	}
	if minimum := calls / 2 * sleepMS * time.Millisecond; elapsed < minimum {
		t.Errorf("elapsed = %s, want at least %s with 2 instances", elapsed, minimum)
	}
}

func TestInvokeFunctionFailure(t *testing.T) {
	tests := []struct {
		name          string
		event         string
		wantError     string
		wantReplaced  bool
		wantInPayload string
	}{
		{name: "returned error", event: `{"action":"fail"}`, wantError: "errorString", wantInPayload: "failed on request"},
		{name: "panic", event: `{"action":"panic"}`, wantError: "string", wantReplaced: true, wantInPayload: "panicked on request"},
		{name: "exit", event: `{"action":"exit"}`, wantError: "Runtime.ExitError", wantReplaced: true, wantInPayload: "exit status 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pool, _ := newTestPool(t, Function{})
			first := invoke(t, pool, `{}`)

			result := invoke(t, pool, tt.event)

			if result.Error != tt.wantError {
				t.Errorf("Error = %q, want %q", result.Error, tt.wantError)
			}
			if !strings.Contains(string(result.Payload), tt.wantInPayload) {
				t.Errorf("Payload = %s, want it to contain %q", result.Payload, tt.wantInPayload)
			}

			next := invoke(t, pool, `{}`)
			if next.ColdStart != tt.wantReplaced {
				t.Errorf("next ColdStart = %v, want %v", next.ColdStart, tt.wantReplaced)
			}
			if replaced := next.Instance != first.Instance; replaced != tt.wantReplaced {
				t.Errorf("next Instance = %d after %d, want replaced = %v", next.Instance, first.Instance, tt.wantReplaced)
			}
		})
	}
}

func TestInvokeTimeoutReplacesInstance(t *testing.T) {
	pool, _ := newTestPool(t, Function{Timeout: time.Second})
	pid, first := bootstrapPID(t, pool)

	started := time.Now()
	result := invoke(t, pool, `{"action":"sleep","sleep_ms":5000}`)
	elapsed := time.Since(started)

	if result.Error != errorTypeTimeout {
		t.Errorf("Error = %q, want %q", result.Error, errorTypeTimeout)
	}
	if !strings.Contains(string(result.Payload), "Task timed out after 1.00 seconds") {
		t.Errorf("Payload = %s, want the timeout message", result.Payload)
	}
	if elapsed > 3*time.Second {
		t.Errorf("elapsed = %s, want about 1s", elapsed)
	}

	next := invoke(t, pool, `{}`)
	if !next.ColdStart || next.Instance == first.Instance {
		t.Errorf("next ColdStart = %v, Instance = %d, want a new instance after %d", next.ColdStart, next.Instance, first.Instance)
	}
	if err := waitGone([]int{pid}, time.Now().Add(5*time.Second)); err != nil {
		t.Errorf("bootstrap of the timed-out instance: %v", err)
	}
}

func TestInvokeContextDeadline(t *testing.T) {
	pool, _ := newTestPool(t, Function{Timeout: 10 * time.Second})
	first := invoke(t, pool, `{}`)

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := pool.Invoke(ctx, []byte(`{"action":"sleep","sleep_ms":5000}`))

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Invoke() error = %v, want context.DeadlineExceeded", err)
	}
	next := invoke(t, pool, `{}`)
	if !next.ColdStart || next.Instance == first.Instance {
		t.Errorf("next ColdStart = %v, Instance = %d, want a new instance after %d", next.ColdStart, next.Instance, first.Instance)
	}
}

func TestInvokeWaitsForBusyInstance(t *testing.T) {
	pool, _ := newTestPool(t, Function{MaxInstances: 1})
	invoke(t, pool, `{}`)

	busy := make(chan error, 1)
	go func() {
		_, err := pool.Invoke(context.Background(), []byte(`{"action":"sleep","sleep_ms":1000}`))
		busy <- err
	}()
	time.Sleep(100 * time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := pool.Invoke(ctx, []byte(`{}`))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Invoke() while busy error = %v, want context.DeadlineExceeded", err)
	}

	if err := <-busy; err != nil {
		t.Errorf("busy Invoke() error = %v", err)
	}
	if result := invoke(t, pool, `{}`); result.ColdStart {
		t.Errorf("ColdStart after waiting = true, want the busy instance reused")
	}
}

func TestCloseStopsEveryProcess(t *testing.T) {
	pool, _ := newTestPool(t, Function{MaxInstances: 2})

	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			_, _ = pool.Invoke(context.Background(), []byte(`{"action":"sleep","sleep_ms":300}`))
		})
	}
	wg.Wait()

	var pids []int
	pool.mu.Lock()
	for inst := range pool.all {
		pids = append(pids, inst.cmd.Process.Pid)
		pids = append(pids, descendants(inst.cmd.Process.Pid)...)
	}
	pool.mu.Unlock()
	if len(pids) != 4 {
		t.Fatalf("pids before Close = %v, want 2 emulators and 2 bootstraps", pids)
	}

	if err := pool.Close(); err != nil {
		t.Fatalf("Close() error = %v", err)
	}

	for _, pid := range pids {
		if processAlive(pid) {
			t.Errorf("process %d is alive after Close", pid)
		}
	}
	if _, err := pool.Invoke(context.Background(), []byte(`{}`)); !errors.Is(err, ErrClosed) {
		t.Errorf("Invoke() after Close error = %v, want ErrClosed", err)
	}
}

func TestCloseDuringInvocation(t *testing.T) {
	pool, _ := newTestPool(t, Function{Timeout: 10 * time.Second})
	pid, _ := bootstrapPID(t, pool)

	// The in-flight invocation fails either with an error or, when the
	// emulator still responds while it shuts down, with a function error.
	failed := make(chan error, 1)
	go func() {
		result, err := pool.Invoke(context.Background(), []byte(`{"action":"sleep","sleep_ms":5000}`))
		if err == nil && result.Error != "" {
			err = errors.New(result.Error)
		}
		failed <- err
	}()
	time.Sleep(200 * time.Millisecond)

	started := time.Now()
	if err := pool.Close(); err != nil {
		t.Fatalf("Close() error = %v", err)
	}
	if elapsed := time.Since(started); elapsed > 4*time.Second {
		t.Errorf("Close() took %s, want under 4s", elapsed)
	}
	if err := <-failed; err == nil {
		t.Errorf("Invoke() in progress during Close error = nil, want an error")
	}
	if processAlive(pid) {
		t.Errorf("bootstrap %d is alive after Close", pid)
	}
}

func TestInstanceOutputPrefixed(t *testing.T) {
	pool, logs := newTestPool(t, Function{Name: "weather"})

	invoke(t, pool, `{"action":"log","message":"fetched forecast"}`)
	if err := pool.Close(); err != nil {
		t.Fatalf("Close() error = %v", err)
	}

	lines := strings.Split(strings.TrimSuffix(logs.String(), "\n"), "\n")
	if !slices.Contains(lines, "[weather#1] fetched forecast") {
		t.Errorf("logs = %q, want a line %q", lines, "[weather#1] fetched forecast")
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, "[weather#1] ") {
			t.Errorf("log line %q lacks the prefix [weather#1]", line)
		}
	}
}

func TestInvokeMissingEmulator(t *testing.T) {
	pool := NewPool(filepath.Join(t.TempDir(), "missing-rie"), Function{Name: "echo", Bootstrap: echoBootstrap}, nil)
	defer pool.Close()

	_, err := pool.Invoke(context.Background(), []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), "missing-rie") {
		t.Errorf("Invoke() error = %v, want one naming missing-rie", err)
	}
}

func TestEnvironmentSorted(t *testing.T) {
	env := environment(Function{Name: "login", Timeout: 100 * time.Millisecond, Env: map[string]string{"B": "2", "A": "1"}}, "/task")

	if !sort.StringsAreSorted(env) {
		t.Errorf("environment = %v, want sorted", env)
	}
	for _, want := range []string{"A=1", "B=2", "AWS_LAMBDA_FUNCTION_NAME=login", "AWS_LAMBDA_FUNCTION_TIMEOUT=1", "LAMBDA_TASK_ROOT=/task", "TZ=:UTC"} {
		if !slices.Contains(env, want) {
			t.Errorf("environment = %v, want it to contain %q", env, want)
		}
	}
}

func BenchmarkInvokeWarm(b *testing.B) {
	pool, _ := newTestPool(b, Function{MaxInstances: 1})
	event := []byte(`{"city":"Bengaluru","units":"metric"}`)
	if _, err := pool.Invoke(context.Background(), event); err != nil {
		b.Fatalf("warm-up Invoke() error = %v", err)
	}

	for b.Loop() {
		result, err := pool.Invoke(context.Background(), event)
		if err != nil || result.Error != "" {
			b.Fatalf("Invoke() = %q, %v", result.Error, err)
		}
	}
}

func TestInvokeSendsClientContext(t *testing.T) {
	pool, _ := newTestPool(t, Function{})

	ctx := WithClientContext(t.Context(), []byte(`{"custom":{"tenant":"acme"},"env":{"locale":"en-IN"}}`))
	result, err := pool.Invoke(ctx, []byte(`{"action":"client-context"}`))
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}

	var got struct {
		Custom map[string]string `json:"custom"`
		Env    map[string]string `json:"env"`
	}
	if err := json.Unmarshal(result.Payload, &got); err != nil {
		t.Fatalf("decode %s: %v", result.Payload, err)
	}
	if got.Custom["tenant"] != "acme" || got.Env["locale"] != "en-IN" {
		t.Errorf("client context = %s, want custom.tenant=acme and env.locale=en-IN", result.Payload)
	}
}
