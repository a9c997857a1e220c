package metric

import (
	"context"
	"sync/atomic"
)

// Counts is the set of an Emitter's extra counters for one invocation. Code
// deeper in the call chain adds to it through Add and the context, so it
// needs no reference to the Emitter. Counts is safe for concurrent use,
// because a handler may add from goroutines it starts, such as a cache fill.
// A value added after Emit wrote the invocation's line is not written.
type Counts struct {
	names  []string
	values []atomic.Int64
}

// NewCounts returns zeroed Counts for the counters declared in NewEmitter.
func (e *Emitter) NewCounts() *Counts {
	return &Counts{names: e.counters, values: make([]atomic.Int64, len(e.counters))}
}

// Add adds delta to the counter called name. It returns false, and changes
// nothing, when the emitter declared no counter of that name.
func (c *Counts) Add(name string, delta int64) bool {
	for i, declared := range c.names {
		if declared == name {
			c.values[i].Add(delta)
			return true
		}
	}
	return false
}

// Get returns the value of the counter called name, or 0 when there is no
// such counter.
func (c *Counts) Get(name string) int64 {
	for i, declared := range c.names {
		if declared == name {
			return c.values[i].Load()
		}
	}
	return 0
}

// value returns the i-th counter's value, or 0 for nil Counts.
func (c *Counts) value(i int) int64 {
	if c == nil {
		return 0
	}
	return c.values[i].Load()
}

type countsKey struct{}

// WithCounts returns a copy of ctx that carries counts.
func WithCounts(ctx context.Context, counts *Counts) context.Context {
	return context.WithValue(ctx, countsKey{}, counts)
}

// Add adds delta to the counter called name in the Counts that ctx carries.
// It returns false, and changes nothing, when ctx carries no Counts (as in
// handler tests without the middleware) or they have no counter of that name.
func Add(ctx context.Context, name string, delta int64) bool {
	counts, ok := ctx.Value(countsKey{}).(*Counts)
	if !ok || counts == nil {
		return false
	}
	return counts.Add(name, delta)
}

// Value returns the value of the counter called name in the Counts that ctx
// carries, or 0 when ctx carries no Counts or they have no such counter.
func Value(ctx context.Context, name string) int64 {
	counts, ok := ctx.Value(countsKey{}).(*Counts)
	if !ok || counts == nil {
		return 0
	}
	return counts.Get(name)
}
