// Package lambdapool runs a Lambda function's compiled bootstrap under the AWS
// Lambda Runtime Interface Emulator (aws-lambda-rie) as plain local processes,
// with no container. A Pool starts emulator instances on demand, reuses idle
// ones, sends each instance one invocation at a time, and replaces instances
// that time out or crash, so cold starts, warm starts and concurrency behave
// roughly as they do in Lambda.
package lambdapool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"
)

// DefaultMaxInstances is the concurrency limit of a Function that sets none.
const DefaultMaxInstances = 4

// DefaultTimeout is the Lambda timeout of a Function that sets none, the same
// default that Lambda applies.
const DefaultTimeout = 3 * time.Second

// ErrClosed is returned by Invoke after Close.
var ErrClosed = errors.New("lambda pool is closed")

// Function describes one Lambda function to run locally.
type Function struct {
	Name      string            // e.g. "weather"
	Bootstrap string            // path to the compiled bootstrap
	Env       map[string]string // the function's environment
	// Timeout is the Lambda timeout. The emulator counts whole seconds, so it
	// is rounded up to the next second. Zero means DefaultTimeout.
	Timeout      time.Duration
	MemoryMB     int // reported to the function as AWS_LAMBDA_FUNCTION_MEMORY_SIZE; not enforced
	MaxInstances int // concurrency limit, default DefaultMaxInstances
}

// Result is the outcome of one invocation that reached the function.
type Result struct {
	Payload   []byte // the function's response payload, or the error document when Error is set
	Error     string // "" on success; the errorType when the function failed/crashed/timed out
	ColdStart bool   // true when this invocation started a new instance
	Instance  int    // instance number, for logs
}

// Pool runs instances of one Function. It is safe for concurrent use.
type Pool struct {
	rie  string
	fn   Function
	logs *lockedWriter

	// slots holds one token per invocation in progress, so at most
	// MaxInstances instances are busy at once.
	slots chan struct{}

	mu       sync.Mutex
	idle     []*instance
	all      map[*instance]struct{}
	numbered int
	closed   bool

	// stopping counts instances being stopped in the background, so that
	// Close can wait for them too.
	stopping sync.WaitGroup
}

// NewPool returns a pool that runs fn under the emulator binary at rie. The
// output of every instance goes to logs, each line prefixed "[name#N] ";
// logs may be nil. No process starts until the first Invoke.
func NewPool(rie string, fn Function, logs io.Writer) *Pool {
	if fn.MaxInstances <= 0 {
		fn.MaxInstances = DefaultMaxInstances
	}
	if fn.Timeout <= 0 {
		fn.Timeout = DefaultTimeout
	}
	if logs == nil {
		logs = io.Discard
	}

	return &Pool{
		rie:   rie,
		fn:    fn,
		logs:  &lockedWriter{w: logs},
		slots: make(chan struct{}, fn.MaxInstances),
		all:   make(map[*instance]struct{}),
	}
}

// Invoke sends event to an idle instance, or to a new one when all are busy
// and fewer than MaxInstances exist, and otherwise waits for one to become
// idle. A function error, crash or Lambda timeout is reported in
// Result.Error with a nil error. Invoke returns an error when no instance
// could be started, the emulator failed, or ctx ended first. After an error
// wrapping ctx.Err(), the instance is stopped and the next call starts a new
// one.
func (p *Pool) Invoke(ctx context.Context, event []byte) (Result, error) {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return Result{}, fmt.Errorf("invoke %s: wait for an instance: %w", p.fn.Name, ctx.Err())
	}
	defer func() { <-p.slots }()

	inst, cold, err := p.acquire(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("invoke %s: %w", p.fn.Name, err)
	}

	result, healthy, err := inst.invoke(ctx, event, p.fn.Timeout)
	result.ColdStart = cold
	result.Instance = inst.number

	p.release(inst, healthy && err == nil)

	if err != nil {
		return result, fmt.Errorf("invoke %s#%d: %w", p.fn.Name, inst.number, err)
	}
	return result, nil
}

// acquire returns an idle, running instance, or starts a new one and reports
// a cold start. The caller holds a slot, so the instance count stays within
// MaxInstances.
func (p *Pool) acquire(ctx context.Context) (*instance, bool, error) {
	p.mu.Lock()
	for len(p.idle) > 0 {
		inst := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if inst.running() {
			p.mu.Unlock()
			return inst, false, nil
		}

		// The process exited while idle, so it is dropped and the
		// next one is tried.
		p.discard(inst)
	}
	if p.closed {
		p.mu.Unlock()
		return nil, false, ErrClosed
	}
	p.numbered++
	number := p.numbered
	p.mu.Unlock()

	bootstrap, err := filepath.Abs(p.fn.Bootstrap)
	if err != nil {
		return nil, false, fmt.Errorf("resolve bootstrap path %q: %w", p.fn.Bootstrap, err)
	}
	inst, err := startInstance(ctx, p.rie, bootstrap, p.fn, number, p.logs)
	if err != nil {
		return nil, false, err
	}

	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		_ = inst.stop()
		return nil, false, ErrClosed
	}
	p.all[inst] = struct{}{}
	p.mu.Unlock()
	return inst, true, nil
}

// release returns a healthy instance to the idle list and stops any other.
// After Close it does nothing, because Close stops every instance.
func (p *Pool) release(inst *instance, healthy bool) {
	p.mu.Lock()
	defer p.mu.Unlock()

	if p.closed {
		return
	}
	if healthy && inst.running() {
		p.idle = append(p.idle, inst)
		return
	}

	p.discard(inst)
}

// discard removes inst from the pool and stops it in the background. The caller holds
// p.mu and the pool is not closed, so Close waits for this stop too.
func (p *Pool) discard(inst *instance) {
	delete(p.all, inst)
	p.stopping.Go(func() {
		if err := inst.stop(); err != nil {
			p.logs.writeLine("["+inst.label+"] ", []byte(err.Error()))
		}
	})
}

// Close stops every instance, busy or idle: SIGTERM to each process group,
// then SIGKILL after a grace period of stopGrace. It waits until the
// processes have exited. Invocations in progress fail, and later ones
// return ErrClosed.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	instances := make([]*instance, 0, len(p.all))
	for inst := range p.all {
		instances = append(instances, inst)
	}
	p.all = make(map[*instance]struct{})
	p.idle = nil
	p.mu.Unlock()

	var wg sync.WaitGroup
	errs := make([]error, len(instances))
	for i, inst := range instances {
		wg.Go(func() { errs[i] = inst.stop() })
	}
	wg.Wait()

	p.stopping.Wait()
	return errors.Join(errs...)
}

type clientContextKey struct{}

// WithClientContext returns a copy of ctx that makes Invoke send
// clientContext, a JSON document, as the invocation's client context, which
// aws-lambda-go exposes as lambdacontext.LambdaContext.ClientContext.
func WithClientContext(ctx context.Context, clientContext []byte) context.Context {
	return context.WithValue(ctx, clientContextKey{}, clientContext)
}
