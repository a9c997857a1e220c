package lambdapool

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"
)

const (
	// startAttempts bounds the retries when an emulator exits before it
	// listens, which happens when another process took one of its ports.
	startAttempts = 5

	// readyTimeout is how long a new emulator may take to listen.
	readyTimeout = 10 * time.Second

	// stopGrace is how long an instance has to exit after SIGTERM before it
	// gets SIGKILL.
	stopGrace = 2 * time.Second

	// timeoutMargin is how long past the Lambda timeout Invoke waits for the
	// emulator's own timeout reply before it gives up on the instance.
	timeoutMargin = time.Second

	// maxPayloadBytes is Lambda's limit on a synchronous response payload
	// (6 MB).
	maxPayloadBytes = 6 * 1024 * 1024
)

// errExitedEarly marks an emulator that exited before it listened.
var errExitedEarly = errors.New("aws-lambda-rie exited before it listened")

// instance is one emulator process and the bootstrap it runs.
type instance struct {
	number int
	label  string // "name#N"
	cmd    *exec.Cmd
	url    string
	client *http.Client

	exited  chan struct{} // closed when the emulator process has exited
	waitErr error         // the exit status, set before exited is closed
	output  sync.WaitGroup
	reader  *os.File

	stopOnce sync.Once
	stopErr  error
}

// startInstance starts an emulator for fn on two fresh loopback ports and
// waits until it listens, retrying on new ports when it exits early.
func startInstance(ctx context.Context, rie, bootstrap string, fn Function, number int, logs *lockedWriter) (*instance, error) {
	var lastErr error
	for range startAttempts {
		inst, err := launch(ctx, rie, bootstrap, fn, number, logs)
		if err == nil {
			return inst, nil
		}
		if !errors.Is(err, errExitedEarly) {
			return nil, err
		}
		lastErr = err
	}
	return nil, fmt.Errorf("start %s#%d after %d attempts: %w", fn.Name, number, startAttempts, lastErr)
}

// launch starts one emulator process and waits for its two listeners.
func launch(ctx context.Context, rie, bootstrap string, fn Function, number int, logs *lockedWriter) (*instance, error) {
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	invokeAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))
	runtimeAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))

	// At log level error the emulator still prints Lambda's START, END and
	// REPORT lines but not its own "(rapid)" progress lines.
	cmd := exec.Command(rie,
		"--log-level", "error",
		"--runtime-interface-emulator-address", invokeAddr,
		"--runtime-api-address", runtimeAddr,
		bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	cmd.Env = environment(fn, cmd.Dir)
	cmd.SysProcAttr = sysProcAttr()

	// The emulator passes its stdout and stderr on to the bootstrap, which
	// can outlive it briefly, so the output goes through a pipe that this
	// package reads, and cmd.Wait does not wait for the bootstrap.
	reader, writer, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("create output pipe: %w", err)
	}
	cmd.Stdout = writer
	cmd.Stderr = writer

	if err := cmd.Start(); err != nil {
		_ = reader.Close()
		_ = writer.Close()
		return nil, fmt.Errorf("start %s: %w", rie, err)
	}
	_ = writer.Close()

	label := fmt.Sprintf("%s#%d", fn.Name, number)
	inst := &instance{
		number: number,
		label:  label,
		cmd:    cmd,
		url:    "http://" + invokeAddr + "/2015-03-31/functions/function/invocations",
		client: &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 1}},
		exited: make(chan struct{}),
		reader: reader,
	}
	inst.output.Go(func() { copyLines(logs, "["+label+"] ", reader) })
	go func() {
		inst.waitErr = cmd.Wait()
		close(inst.exited)
	}()

	if err := inst.waitReady(ctx, invokeAddr, runtimeAddr); err != nil {
		_ = inst.stop()
		return nil, err
	}
	return inst, nil
}

// waitReady polls both addresses until they accept connections.
func (inst *instance) waitReady(ctx context.Context, addrs ...string) error {
	deadline := time.NewTimer(readyTimeout)
	defer deadline.Stop()

	dialer := net.Dialer{Timeout: 100 * time.Millisecond}
	for _, addr := range addrs {
		for {
			conn, err := dialer.DialContext(ctx, "tcp", addr)
			if err == nil {
				_ = conn.Close()
				break
			}

			select {
			case <-inst.exited:
				return fmt.Errorf("%s on %s: %w (%v)", inst.label, addr, errExitedEarly, inst.waitErr)
			case <-ctx.Done():
				return fmt.Errorf("wait for %s to listen on %s: %w", inst.label, addr, ctx.Err())
			case <-deadline.C:
				return fmt.Errorf("wait for %s to listen on %s: timed out after %s", inst.label, addr, readyTimeout)
			case <-time.After(5 * time.Millisecond):
			}
		}
	}

	if !inst.running() {
		return fmt.Errorf("%s: %w (%v)", inst.label, errExitedEarly, inst.waitErr)
	}
	return nil
}

// running reports whether the emulator process has not exited yet.
func (inst *instance) running() bool {
	select {
	case <-inst.exited:
		return false
	default:
		return true
	}
}

// invoke sends one event and classifies the reply. healthy is false when the
// instance must not be reused: after a timeout, a crash or a failed request.
func (inst *instance) invoke(ctx context.Context, event []byte, timeout time.Duration) (result Result, healthy bool, err error) {
	requestCtx, cancel := context.WithTimeout(ctx, roundUpToSecond(timeout)+timeoutMargin)
	defer cancel()

	request, err := http.NewRequestWithContext(requestCtx, http.MethodPost, inst.url, bytes.NewReader(event))
	if err != nil {
		return Result{}, false, fmt.Errorf("build invoke request: %w", err)
	}
	request.Header.Set("Content-Type", "application/json")
	if clientContext, ok := ctx.Value(clientContextKey{}).([]byte); ok {
		request.Header.Set("X-Amz-Client-Context", base64.StdEncoding.EncodeToString(clientContext))
	}

	response, err := inst.client.Do(request)
	if err != nil {
		return inst.failedRequest(ctx, requestCtx, timeout, err)
	}
	defer response.Body.Close()

	body, err := io.ReadAll(io.LimitReader(response.Body, maxPayloadBytes+1))
	if err != nil {
		return inst.failedRequest(ctx, requestCtx, timeout, err)
	}
	if len(body) > maxPayloadBytes {
		message := fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", maxPayloadBytes)
		return Result{Error: errorTypeTooLarge, Payload: errorDocument(errorTypeTooLarge, message)}, true, nil
	}

	result, healthy, err = classify(response.StatusCode, body)
	return result, healthy, err
}

// failedRequest explains an invocation request that got no full reply.
func (inst *instance) failedRequest(ctx, requestCtx context.Context, timeout time.Duration, err error) (Result, bool, error) {
	if ctx.Err() != nil {
		return Result{}, false, fmt.Errorf("invocation stopped: %w", ctx.Err())
	}
	if requestCtx.Err() != nil {
		message := fmt.Sprintf("Task timed out after %d.00 seconds", roundUpToSecond(timeout)/time.Second)
		return Result{Error: errorTypeTimeout, Payload: errorDocument(errorTypeTimeout, message)}, false, nil
	}
	if !inst.running() {
		return Result{}, false, fmt.Errorf("aws-lambda-rie exited during the invocation (%v): %w", inst.waitErr, err)
	}
	return Result{}, false, fmt.Errorf("post event to %s: %w", inst.url, err)
}

// stop ends the emulator and the bootstrap it started: SIGTERM to each
// process group, SIGKILL after stopGrace, then it waits for them to exit.
// It is safe to call more than once.
func (inst *instance) stop() error {
	inst.stopOnce.Do(func() { inst.stopErr = inst.terminate() })
	return inst.stopErr
}

func (inst *instance) terminate() error {
	inst.client.CloseIdleConnections()
	pid := inst.cmd.Process.Pid

	// The emulator starts the bootstrap in a process group of its own, so
	// the bootstrap's group is signalled separately.
	children := descendants(pid)
	signalAll(append([]int{pid}, children...), syscall.SIGTERM)

	deadline := time.Now().Add(stopGrace)
	exitedInTime := waitExited(inst.exited, deadline)
	if waitGone(children, deadline) != nil || !exitedInTime {
		survivors := children
		if inst.running() {
			survivors = append(append(survivors, pid), descendants(pid)...)
		}
		signalAll(survivors, syscall.SIGKILL)
	}

	<-inst.exited
	if err := waitGone(children, time.Now().Add(stopGrace)); err != nil {
		return fmt.Errorf("stop %s: %w", inst.label, err)
	}

	// A grandchild that left its process group could still hold the output
	// pipe open, so reading stops after a grace period.
	done := make(chan struct{})
	go func() {
		inst.output.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(stopGrace):
		_ = inst.reader.Close()
		<-done
	}
	return nil
}

// waitExited waits until exited is closed or deadline passes and reports
// whether the process exited in time.
func waitExited(exited <-chan struct{}, deadline time.Time) bool {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()

	select {
	case <-exited:
		return true
	case <-timer.C:
		return false
	}
}

// signalAll sends sig to each pid and to the process group it leads, if any.
// Processes that are already gone are skipped.
func signalAll(pids []int, sig syscall.Signal) {
	for _, pid := range pids {
		_ = syscall.Kill(-pid, sig)
		_ = syscall.Kill(pid, sig)
	}
}

// waitGone polls until none of pids is alive, or returns an error naming the
// survivors at deadline.
func waitGone(pids []int, deadline time.Time) error {
	for {
		var alive []int
		for _, pid := range pids {
			if processAlive(pid) {
				alive = append(alive, pid)
			}
		}
		if len(alive) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("processes %v still running", alive)
		}

		time.Sleep(10 * time.Millisecond)
	}
}

// freePorts returns n distinct loopback ports that were free a moment ago.
// Another process can take one before the emulator binds it, which
// startInstance handles by retrying.
func freePorts(n int) ([]int, error) {
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, listener := range listeners {
			_ = listener.Close()
		}
	}()

	ports := make([]int, 0, n)
	for range n {
		listener, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free loopback port: %w", err)
		}
		listeners = append(listeners, listener)
		ports = append(ports, listener.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// environment builds the emulator's environment, which it passes on to the
// bootstrap. The parent's environment is not inherited apart from PATH, so
// the function gets only what Function.Env sets, as in Lambda. The Lambda
// variables derived from fn override Function.Env.
func environment(fn Function, taskRoot string) []string {
	path := os.Getenv("PATH")
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}

	vars := map[string]string{
		"PATH":             path,
		"TZ":               ":UTC",
		"LANG":             "en_US.UTF-8",
		"LAMBDA_TASK_ROOT": taskRoot,
	}
	for key, value := range fn.Env {
		vars[key] = value
	}
	vars["AWS_LAMBDA_FUNCTION_NAME"] = fn.Name
	vars["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
	vars["AWS_LAMBDA_FUNCTION_TIMEOUT"] = strconv.Itoa(int(roundUpToSecond(fn.Timeout) / time.Second))
	if fn.MemoryMB > 0 {
		vars["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = strconv.Itoa(fn.MemoryMB)
	}

	env := make([]string, 0, len(vars))
	for key, value := range vars {
		env = append(env, key+"="+value)
	}
	sort.Strings(env)
	return env
}

// roundUpToSecond rounds d up to whole seconds, at least one, because the
// emulator reads AWS_LAMBDA_FUNCTION_TIMEOUT as an integer.
func roundUpToSecond(d time.Duration) time.Duration {
	rounded := ((d + time.Second - 1) / time.Second) * time.Second
	return max(rounded, time.Second)
}
