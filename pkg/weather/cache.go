package weather

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/weather-portal/weather-portal/pkg/openweather"
)

// Cache defaults.
const (
	DefaultCacheTTL        = 60 * time.Second
	DefaultCacheMaxEntries = 1000
)

// Fetcher fetches a fresh report from the upstream. Fetch must return within
// a bounded time even when ctx is never canceled, because the Cache runs it
// with a context that callers cannot cancel.
type Fetcher interface {
	Fetch(ctx context.Context, city string, units Units) (Report, error)
}

// FetcherFunc adapts a function to Fetcher.
type FetcherFunc func(ctx context.Context, city string, units Units) (Report, error)

// Fetch calls f.
func (f FetcherFunc) Fetch(ctx context.Context, city string, units Units) (Report, error) {
	return f(ctx, city, units)
}

// CacheConfig configures a Cache. Zero fields take the defaults.
type CacheConfig struct {
	// TTL is how long a report, or a "city not found" result, is served
	// from the cache. The default is DefaultCacheTTL.
	TTL time.Duration
	// MaxEntries bounds the number of cached keys. The default is
	// DefaultCacheMaxEntries.
	MaxEntries int
	// Now returns the current time. The default is time.Now.
	Now func() time.Time
}

// Cache stores reports per CacheKey for a fixed TTL in front of a Fetcher.
// Concurrent misses for one key share a single Fetch call. Results whose
// error wraps openweather.ErrCityNotFound are cached like reports, and all
// other errors are not cached. When the cache is full, storing a new key
// removes every expired entry and, if none had expired, the entry stored
// earliest. A Cache is safe for concurrent use.
type Cache struct {
	fetcher    Fetcher
	ttl        time.Duration
	maxEntries int
	now        func() time.Time

	flights singleflight.Group

	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	report  Report
	err     error
	stored  time.Time
	expires time.Time
}

// NewCache returns an empty Cache in front of fetcher.
func NewCache(fetcher Fetcher, cfg CacheConfig) *Cache {
	cache := &Cache{
		fetcher:    fetcher,
		ttl:        cfg.TTL,
		maxEntries: cfg.MaxEntries,
		now:        cfg.Now,
		entries:    make(map[string]cacheEntry),
	}
	if cache.ttl <= 0 {
		cache.ttl = DefaultCacheTTL
	}
	if cache.maxEntries <= 0 {
		cache.maxEntries = DefaultCacheMaxEntries
	}
	if cache.now == nil {
		cache.now = time.Now
	}
	return cache
}

// Get returns the report for city and units from the cache, or fetches it
// on a miss. City should already have passed ParseCity.
//
// A miss runs Fetch with ctx's values but without its cancellation, so one
// caller giving up does not fail the others waiting for the same key. If ctx
// ends first, Get returns an error wrapping ctx.Err() and the fetch goes on
// to fill the cache.
func (c *Cache) Get(ctx context.Context, city string, units Units) (Report, error) {
	key := CacheKey(city, units)
	if entry, ok := c.lookup(key); ok {
		return entry.report, entry.err
	}

	results := c.flights.DoChan(key, func() (any, error) {
		// A flight for key may have stored its result between the lookup
		// above and this call.
		if entry, ok := c.lookup(key); ok {
			return entry.report, entry.err
		}

		report, err := c.fetcher.Fetch(context.WithoutCancel(ctx), city, units)
		if err == nil || errors.Is(err, openweather.ErrCityNotFound) {
			c.store(key, report, err)
		}
		return report, err
	})

	select {
	case result := <-results:
		report, _ := result.Val.(Report)
		return report, result.Err
	case <-ctx.Done():
		return Report{}, fmt.Errorf("weather cache: wait for %q: %w", city, ctx.Err())
	}
}

// Len returns the number of stored entries, expired ones included.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

func (c *Cache) lookup(key string) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()

	entry, ok := c.entries[key]
	if !ok || !c.now().Before(entry.expires) {
		return cacheEntry{}, false
	}
	return entry, true
}

func (c *Cache) store(key string, report Report, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	now := c.now()
	if _, exists := c.entries[key]; !exists && len(c.entries) >= c.maxEntries {
		c.evict(now)
	}
	c.entries[key] = cacheEntry{report: report, err: err, stored: now, expires: now.Add(c.ttl)}
}

// evict removes every expired entry, or the entry stored earliest when none
// has expired. It scans all entries, which is cheap at the default size.
func (c *Cache) evict(now time.Time) {
	var oldestKey string
	var oldest time.Time
	removed := false

	for key, entry := range c.entries {
		if !now.Before(entry.expires) {
			delete(c.entries, key)
			removed = true
			continue
		}
		if oldestKey == "" || entry.stored.Before(oldest) {
			oldestKey, oldest = key, entry.stored
		}
	}

	if !removed && oldestKey != "" {
		delete(c.entries, oldestKey)
	}
}
