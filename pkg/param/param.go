// Package param reads SSM Parameter Store parameters for the Lambda
// functions and caches them for the life of a warm instance.
//
// A Store reads names relative to one prefix, such as
// "/weather-portal/dev", always with decryption. Values and "not found"
// results are cached for a TTL, at most a fixed number of entries are kept,
// and concurrent misses for the same name share one SSM call.
package param

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"golang.org/x/sync/singleflight"
)

// Defaults for the Store options.
const (
	DefaultTTL        = 5 * time.Minute
	DefaultTimeout    = 2 * time.Second
	DefaultMaxEntries = 1000
)

// ErrNotFound is wrapped by the errors of Get when the parameter does not
// exist.
var ErrNotFound = errors.New("parameter not found")

// ErrInvalidName is wrapped by the errors of Get and GetByPath when the name
// or path is rejected before any SSM call.
var ErrInvalidName = errors.New("invalid parameter name")

// API is the part of *ssm.Client that a Store calls.
type API interface {
	GetParameter(ctx context.Context, params *ssm.GetParameterInput, optFns ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
	GetParametersByPath(ctx context.Context, params *ssm.GetParametersByPathInput, optFns ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error)
}

// Store is a cached reader of the parameters under one prefix. It is safe
// for concurrent use.
type Store struct {
	api        API
	prefix     string
	ttl        time.Duration
	timeout    time.Duration
	maxEntries int
	now        func() time.Time

	mu      sync.RWMutex
	entries map[string]entry
	flights singleflight.Group
}

// Option configures a Store.
type Option func(*Store)

// WithTTL sets how long a value or a "not found" result stays cached.
// A TTL of zero or less disables caching, but concurrent misses still share
// one SSM call. Default DefaultTTL.
func WithTTL(d time.Duration) Option {
	return func(s *Store) { s.ttl = d }
}

// WithClock sets the clock used for cache expiry. Default time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// WithTimeout sets the time limit of each SSM call. GetByPath makes one call
// per page, and each page gets the full limit. A value of zero or less keeps
// DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.timeout = d
		}
	}
}

// WithMaxEntries sets the number of cached names and paths. When the cache is
// full, expired entries are dropped first, then the entry closest to expiry.
// A value of zero or less keeps DefaultMaxEntries.
func WithMaxEntries(n int) Option {
	return func(s *Store) {
		if n > 0 {
			s.maxEntries = n
		}
	}
}

// New returns a Store that reads the parameters under prefix through api.
// A missing leading "/" is added to prefix and a trailing "/" removed, so
// "weather-portal/dev/" and "/weather-portal/dev" are the same prefix.
func New(api API, prefix string, opts ...Option) *Store {
	s := &Store{
		api:        api,
		prefix:     "/" + strings.Trim(prefix, "/"),
		ttl:        DefaultTTL,
		timeout:    DefaultTimeout,
		maxEntries: DefaultMaxEntries,
		now:        time.Now,
		entries:    make(map[string]entry),
	}
	if s.prefix == "/" {
		s.prefix = ""
	}

	for _, opt := range opts {
		opt(s)
	}
	return s
}

// Prefix returns the normalised prefix, without a trailing "/". It is empty
// when the Store reads from the root.
func (s *Store) Prefix() string {
	return s.prefix
}
