package weather

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weather-portal/weather-portal/pkg/clocktest"
	"github.com/weather-portal/weather-portal/pkg/openweather"
)

// fakeClock is a clock that moves only when advanced.
type fakeClock = clocktest.Clock

func newFakeClock() *fakeClock {
	return clocktest.New(time.Date(2026, 12, 4, 10, 20, 0, 0, time.UTC))
}

// countingFetcher counts Fetch calls, returns err (or a report naming the
// city), and blocks each call until gate is closed when gate is set.
type countingFetcher struct {
	calls atomic.Int64
	gate  chan struct{}
	err   error
}

func (f *countingFetcher) Fetch(ctx context.Context, city string, units Units) (Report, error) {
	f.calls.Add(1)
	if f.gate != nil {
		<-f.gate
	}
	if f.err != nil {
		return Report{}, f.err
	}
	return Report{City: city, Units: units, Temperature: 24.5}, nil
}

func TestCacheHitAndExpiry(t *testing.T) {
	clock := newFakeClock()
	fetcher := &countingFetcher{}
	cache := NewCache(fetcher, CacheConfig{TTL: time.Minute, Now: clock.Now})
	ctx := context.Background()

	steps := []struct {
		name      string
		advance   time.Duration
		city      string
		units     Units
		wantCalls int64
	}{
		{"first request misses", 0, "Bengaluru", Metric, 1},
		{"same key hits", 30 * time.Second, "Bengaluru", Metric, 1},
		{"folded key hits", 0, "  BENGALURU ", Metric, 1},
		{"other units miss", 0, "Bengaluru", Imperial, 2},
		{"just before expiry hits", 29*time.Second + 999*time.Millisecond, "Bengaluru", Metric, 2},
		{"at expiry misses", time.Millisecond, "Bengaluru", Metric, 3},
		{"refreshed entry hits", time.Second, "Bengaluru", Metric, 3},
	}

	for _, step := range steps {
		clock.Advance(step.advance)

		report, err := cache.Get(ctx, step.city, step.units)

		if err != nil {
			t.Fatalf("%s: Get: %v", step.name, err)
		}
		if report.Units != step.units {
			t.Errorf("%s: units = %q, want %q", step.name, report.Units, step.units)
		}
		if got := fetcher.calls.Load(); got != step.wantCalls {
			t.Errorf("%s: fetch calls = %d, want %d", step.name, got, step.wantCalls)
		}
	}
}

func TestCacheSingleflight(t *testing.T) {
	fetcher := &countingFetcher{gate: make(chan struct{})}
	cache := NewCache(fetcher, CacheConfig{Now: newFakeClock().Now})
	const callers = 100

	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			city := "Mumbai"
			if i%2 == 1 {
				city = "mumbai"
			}
			report, err := cache.Get(context.Background(), city, Metric)
			if err == nil && report.Temperature != 24.5 {
				err = fmt.Errorf("temperature = %v, want 24.5", report.Temperature)
			}
			errs <- err
		}()
	}

	// Callers that arrive after the fetch ends hit the stored entry, so the
	// count below does not depend on how many joined the flight.
	time.Sleep(20 * time.Millisecond)
	close(fetcher.gate)
	wg.Wait()
	close(errs)

	for err := range errs {
		if err != nil {
			t.Errorf("Get: %v", err)
		}
	}
	if got := fetcher.calls.Load(); got != 1 {
		t.Errorf("fetch calls = %d, want 1", got)
	}
}

func TestCacheErrors(t *testing.T) {
	notFound := fmt.Errorf("fetch: %w", openweather.ErrCityNotFound)

	tests := []struct {
		name      string
		err       error
		wantCalls int64
	}{
		{"city not found is cached", notFound, 1},
		{"upstream failure is not cached", fmt.Errorf("fetch: %w", openweather.ErrUpstream), 2},
		{"timeout is not cached", fmt.Errorf("fetch: %w", openweather.ErrTimeout), 2},
		{"rate limit is not cached", fmt.Errorf("fetch: %w", openweather.ErrRateLimited), 2},
		{"missing key is not cached", errors.New("API key parameter not found"), 2},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetcher := &countingFetcher{err: tt.err}
			cache := NewCache(fetcher, CacheConfig{Now: newFakeClock().Now})

			for range 2 {
				_, err := cache.Get(context.Background(), "Atlantis", Metric)
				if !errors.Is(err, tt.err) {
					t.Errorf("Get error = %v, want %v", err, tt.err)
				}
			}

			if got := fetcher.calls.Load(); got != tt.wantCalls {
				t.Errorf("fetch calls = %d, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestCacheNotFoundExpires(t *testing.T) {
	clock := newFakeClock()
	fetcher := &countingFetcher{err: openweather.ErrCityNotFound}
	cache := NewCache(fetcher, CacheConfig{TTL: 10 * time.Second, Now: clock.Now})

	cache.Get(context.Background(), "Atlantis", Metric)
	clock.Advance(10 * time.Second)
	_, err := cache.Get(context.Background(), "Atlantis", Metric)

	if !errors.Is(err, openweather.ErrCityNotFound) {
		t.Errorf("Get error = %v, want ErrCityNotFound", err)
	}
	if got := fetcher.calls.Load(); got != 2 {
		t.Errorf("fetch calls = %d, want 2", got)
	}
}

func TestCacheEvictsOldest(t *testing.T) {
	clock := newFakeClock()
	fetcher := &countingFetcher{}
	cache := NewCache(fetcher, CacheConfig{TTL: time.Minute, MaxEntries: 3, Now: clock.Now})
	ctx := context.Background()

	for _, city := range []string{"Delhi", "Mumbai", "Chennai", "Kolkata"} {
		cache.Get(ctx, city, Metric)
		clock.Advance(time.Second)
	}

	if got := cache.Len(); got != 3 {
		t.Errorf("Len() = %d, want 3", got)
	}

	for _, city := range []string{"Mumbai", "Chennai", "Kolkata"} {
		cache.Get(ctx, city, Metric)
	}
	if got := fetcher.calls.Load(); got != 4 {
		t.Errorf("fetch calls after reading the newest three = %d, want 4", got)
	}

	cache.Get(ctx, "Delhi", Metric)
	if got := fetcher.calls.Load(); got != 5 {
		t.Errorf("fetch calls after reading the evicted city = %d, want 5", got)
	}
}

func TestCacheEvictsExpired(t *testing.T) {
	clock := newFakeClock()
	fetcher := &countingFetcher{}
	cache := NewCache(fetcher, CacheConfig{TTL: 10 * time.Second, MaxEntries: 3, Now: clock.Now})
	ctx := context.Background()

	cache.Get(ctx, "Delhi", Metric)
	cache.Get(ctx, "Mumbai", Metric)
	clock.Advance(5 * time.Second)
	cache.Get(ctx, "Chennai", Metric)
	clock.Advance(6 * time.Second)
	cache.Get(ctx, "Kolkata", Metric)

	if got := cache.Len(); got != 2 {
		t.Errorf("Len() = %d, want 2 after both expired entries were removed", got)
	}

	cache.Get(ctx, "Chennai", Metric)
	if got := fetcher.calls.Load(); got != 4 {
		t.Errorf("fetch calls = %d, want 4 because Chennai is still fresh", got)
	}
}

func TestCacheCallerGivesUp(t *testing.T) {
	fetcher := &countingFetcher{gate: make(chan struct{})}
	cache := NewCache(fetcher, CacheConfig{Now: newFakeClock().Now})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()

	_, err := cache.Get(ctx, "Delhi", Metric)

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Get error = %v, want context.DeadlineExceeded", err)
	}

	close(fetcher.gate)
	report, err := cache.Get(context.Background(), "Delhi", Metric)
	if err != nil {
		t.Fatalf("second Get: %v", err)
	}
	if report.City != "Delhi" {
		t.Errorf("city = %q, want Delhi", report.City)
	}
	if got := fetcher.calls.Load(); got != 1 {
		t.Errorf("fetch calls = %d, want 1 because the first fetch filled the cache", got)
	}
}

func TestCacheFetchContextNotCanceled(t *testing.T) {
	fetched := make(chan error, 1)
	fetcher := FetcherFunc(func(ctx context.Context, city string, units Units) (Report, error) {
		time.Sleep(30 * time.Millisecond)
		fetched <- ctx.Err()
		return Report{City: city}, nil
	})
	cache := NewCache(fetcher, CacheConfig{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()

	cache.Get(ctx, "Delhi", Metric)

	if err := <-fetched; err != nil {
		t.Errorf("fetch context error = %v, want nil", err)
	}
}

func BenchmarkCacheHit(b *testing.B) {
	cache := NewCache(&countingFetcher{}, CacheConfig{TTL: time.Hour})
	ctx := context.Background()
	if _, err := cache.Get(ctx, "Bengaluru", Metric); err != nil {
		b.Fatalf("Get: %v", err)
	}

	b.ReportAllocs()
	for b.Loop() {
		if _, err := cache.Get(ctx, "Bengaluru", Metric); err != nil {
			b.Fatalf("Get: %v", err)
		}
	}
}

func BenchmarkCacheParallel(b *testing.B) {
	cities := []string{"Bengaluru", "Mumbai", "Delhi", "London", "Tokyo", "New York", "Sydney", "Paris"}
	cache := NewCache(&countingFetcher{}, CacheConfig{TTL: time.Hour})
	ctx := context.Background()
	for _, city := range cities {
		if _, err := cache.Get(ctx, city, Metric); err != nil {
			b.Fatalf("Get: %v", err)
		}
	}

	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := cache.Get(ctx, cities[i%len(cities)], Metric); err != nil {
				b.Errorf("Get: %v", err)
				return
			}
			i++
		}
	})
}
