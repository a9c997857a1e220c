package param

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"
)

const testPrefix = "/weather-portal/dev"

func TestGetCachesForTTL(t *testing.T) {
	api := newFakeAPI(map[string]string{testPrefix + "/openweather/api-key": "key-1"})
	clock := newFakeClock()
	store := New(api, testPrefix, WithClock(clock.Now), WithTTL(time.Minute))
	ctx := context.Background()

	steps := []struct {
		name      string
		advance   time.Duration
		newValue  string
		wantValue string
		wantCalls int64
	}{
		{"first read calls SSM", 0, "", "key-1", 1},
		{"second read is cached", 30 * time.Second, "", "key-1", 1},
		{"change is not seen before expiry", 29 * time.Second, "key-2", "key-1", 1},
		{"read at expiry calls SSM", time.Second, "", "key-2", 2},
	}

	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			clock.Advance(step.advance)
			if step.newValue != "" {
				api.set(testPrefix+"/openweather/api-key", step.newValue)
			}

			got, err := store.Get(ctx, "openweather/api-key")
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if got != step.wantValue {
				t.Errorf("Get = %q, want %q", got, step.wantValue)
			}
			if calls := api.getCalls.Load(); calls != step.wantCalls {
				t.Errorf("SSM calls = %d, want %d", calls, step.wantCalls)
			}
		})
	}
}

func TestGetNegativeCaching(t *testing.T) {
	api := newFakeAPI(map[string]string{})
	clock := newFakeClock()
	store := New(api, testPrefix, WithClock(clock.Now))

	for i := range 100 {
		_, err := store.Get(context.Background(), "users/nobody")
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get %d error = %v, want ErrNotFound", i, err)
		}
	}
	if calls := api.getCalls.Load(); calls != 1 {
		t.Errorf("SSM calls for 100 reads of a missing name = %d, want 1", calls)
	}

	clock.Advance(DefaultTTL)
	api.set(testPrefix+"/users/nobody", "now-present")

	got, err := store.Get(context.Background(), "users/nobody")
	if err != nil {
		t.Fatalf("Get after TTL: %v", err)
	}
	if got != "now-present" {
		t.Errorf("Get after TTL = %q, want now-present", got)
	}
}

func TestGetNotFoundMessage(t *testing.T) {
	store := New(newFakeAPI(map[string]string{}), testPrefix)

	_, err := store.Get(context.Background(), "users/nobody")

	want := "param: get /weather-portal/dev/users/nobody: parameter not found"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestGetSharesConcurrentMisses(t *testing.T) {
	api := newFakeAPI(map[string]string{testPrefix + "/auth/active-kid": "k1"})
	api.release = make(chan struct{})
	store := New(api, testPrefix)

	const callers = 50
	var started, done sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		started.Add(1)
		done.Go(func() {
			started.Done()
			got, err := store.Get(context.Background(), "auth/active-kid")
			if err == nil && got != "k1" {
				err = fmt.Errorf("Get = %q, want k1", got)
			}
			errs <- err
		})
	}

	started.Wait()
	time.Sleep(50 * time.Millisecond) // lets every caller reach the shared call
	close(api.release)
	done.Wait()
	close(errs)

	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if calls := api.getCalls.Load(); calls != 1 {
		t.Errorf("SSM calls for %d concurrent misses = %d, want 1", callers, calls)
	}
}

func TestGetCallerCancelStopsWaiting(t *testing.T) {
	api := newFakeAPI(map[string]string{testPrefix + "/a": "v"})
	api.release = make(chan struct{})
	store := New(api, testPrefix, WithTimeout(5*time.Second))

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := store.Get(ctx, "a")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Get returned after %v, want about 20ms", elapsed)
	}

	close(api.release)
	got, err := store.Get(context.Background(), "a")
	if err != nil || got != "v" {
		t.Errorf("Get after release = %q, %v; want v, nil", got, err)
	}
}

func TestGetTimeout(t *testing.T) {
	api := newFakeAPI(map[string]string{testPrefix + "/a": "v"})
	api.release = make(chan struct{}) // never closed: every call waits for its deadline
	store := New(api, testPrefix, WithTimeout(20*time.Millisecond))

	_, err := store.Get(context.Background(), "a")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
	if !strings.HasPrefix(err.Error(), "param: get /weather-portal/dev/a: ") {
		t.Errorf("error = %q, want the param: get NAME prefix", err)
	}

	_, _ = store.Get(context.Background(), "a")
	if calls := api.getCalls.Load(); calls != 2 {
		t.Errorf("SSM calls = %d, want 2 because failures are not cached", calls)
	}
}

func TestGetErrorWrapping(t *testing.T) {
	cause := errors.New("throttled")
	api := newFakeAPI(map[string]string{testPrefix + "/a": "secret-value"})
	api.err = cause
	store := New(api, testPrefix)

	_, err := store.Get(context.Background(), "a")

	if !errors.Is(err, cause) {
		t.Errorf("error = %v, want it to wrap the SSM error", err)
	}
	if errors.Is(err, ErrNotFound) {
		t.Errorf("error = %v wraps ErrNotFound, want only the SSM error", err)
	}
	if want := "param: get /weather-portal/dev/a: throttled"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestGetNameValidation(t *testing.T) {
	tests := []struct {
		name      string
		parameter string
		wantFull  string
	}{
		{"simple", "openweather/api-key", testPrefix + "/openweather/api-key"},
		{"deep", "auth/signing-keys/2026-01", testPrefix + "/auth/signing-keys/2026-01"},
		{"allowed symbols", "users/dev_user.name-1", testPrefix + "/users/dev_user.name-1"},
		{"empty", "", ""},
		{"leading slash", "/openweather/api-key", ""},
		{"trailing slash", "openweather/", ""},
		{"empty level", "a//b", ""},
		{"parent reference", "../prod/openweather/api-key", ""},
		{"dots inside", "users/a..b", ""},
		{"space", "users/dev user", ""},
		{"colon selector", "users/dev:1", ""},
		{"unicode", "users/dév", ""},
		{"newline", "users/dev\nuser", ""},
		{"too deep", strings.Repeat("a/", 13) + "a", ""},
		{"too long", strings.Repeat("a", 1000), ""},
		{"huge", strings.Repeat("a", 1<<20), ""},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(map[string]string{tt.wantFull: "v"})
			store := New(api, testPrefix)

			_, err := store.Get(context.Background(), tt.parameter)

			if tt.wantFull == "" {
				if !errors.Is(err, ErrInvalidName) {
					t.Errorf("error = %v, want ErrInvalidName", err)
				}
				if calls := api.getCalls.Load(); calls != 0 {
					t.Errorf("SSM calls = %d, want 0", calls)
				}
				if err != nil && len(err.Error()) > 200 {
					t.Errorf("error is %d bytes long, want the name shortened", len(err.Error()))
				}
				return
			}

			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if api.lastName != tt.wantFull {
				t.Errorf("SSM name = %q, want %q", api.lastName, tt.wantFull)
			}
		})
	}
}

func TestNewNormalisesPrefix(t *testing.T) {
	tests := []struct {
		prefix string
		want   string
	}{
		{"/weather-portal/dev", "/weather-portal/dev"},
		{"weather-portal/dev/", "/weather-portal/dev"},
		{"/", ""},
		{"", ""},
	}

	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			if got := New(newFakeAPI(nil), tt.prefix).Prefix(); got != tt.want {
				t.Errorf("Prefix() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGetByPath(t *testing.T) {
	api := newFakeAPI(map[string]string{
		testPrefix + "/auth/signing-keys/k1":     "pem-1",
		testPrefix + "/auth/signing-keys/k2":     "pem-2",
		testPrefix + "/auth/signing-keys/old/k0": "pem-0",
		testPrefix + "/auth/active-kid":          "k2",
		testPrefix + "/auth/signing-keys-other":  "not-below",
	})
	api.pageSize = 2
	store := New(api, testPrefix)

	got, err := store.GetByPath(context.Background(), "auth/signing-keys")
	if err != nil {
		t.Fatalf("GetByPath: %v", err)
	}

	want := map[string]string{"k1": "pem-1", "k2": "pem-2", "old/k0": "pem-0"}
	if !maps.Equal(got, want) {
		t.Errorf("GetByPath = %v, want %v", got, want)
	}
	if calls := api.pathCalls.Load(); calls != 2 {
		t.Errorf("page calls = %d, want 2", calls)
	}

	got["k1"] = "changed by caller"
	again, err := store.GetByPath(context.Background(), "auth/signing-keys")
	if err != nil {
		t.Fatalf("second GetByPath: %v", err)
	}
	if !maps.Equal(again, want) {
		t.Errorf("cached GetByPath = %v, want %v", again, want)
	}
	if calls := api.pathCalls.Load(); calls != 2 {
		t.Errorf("page calls after a cached read = %d, want 2", calls)
	}
}

func TestGetByPathWholePrefix(t *testing.T) {
	api := newFakeAPI(map[string]string{
		testPrefix + "/a":   "1",
		testPrefix + "/b/c": "2",
		"/other/d":          "3",
	})
	store := New(api, testPrefix)

	got, err := store.GetByPath(context.Background(), "")
	if err != nil {
		t.Fatalf("GetByPath: %v", err)
	}

	want := map[string]string{"a": "1", "b/c": "2"}
	if !maps.Equal(got, want) {
		t.Errorf("GetByPath = %v, want %v", got, want)
	}
}

func TestGetByPathEmpty(t *testing.T) {
	api := newFakeAPI(map[string]string{})
	store := New(api, testPrefix)

	for range 3 {
		got, err := store.GetByPath(context.Background(), "users")
		if err != nil {
			t.Fatalf("GetByPath: %v", err)
		}
		if len(got) != 0 {
			t.Errorf("GetByPath = %v, want an empty map", got)
		}
	}
	if calls := api.pathCalls.Load(); calls != 1 {
		t.Errorf("page calls = %d, want 1 because an empty result is cached", calls)
	}
}

func TestGetByPathErrors(t *testing.T) {
	cause := errors.New("access denied")

	tests := []struct {
		name    string
		path    string
		setup   func(*fakeAPI)
		wantErr error
		wantMsg string
	}{
		{"invalid path", "../prod", func(*fakeAPI) {}, ErrInvalidName, "param: get path: invalid parameter name"},
		{"SSM failure", "auth", func(f *fakeAPI) { f.err = cause }, cause, "param: get path /weather-portal/dev/auth: access denied"},
		{"endless pages", "auth", func(f *fakeAPI) { f.endlessPages = true }, nil, "more than 1000 pages"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(map[string]string{})
			tt.setup(api)
			store := New(api, testPrefix)

			_, err := store.GetByPath(context.Background(), tt.path)
			if err == nil {
				t.Fatal("GetByPath succeeded, want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v, want it to wrap %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantMsg)
			}
		})
	}
}

func TestMaxEntries(t *testing.T) {
	params := make(map[string]string)
	for i := range 10 {
		params[fmt.Sprintf("%s/n%d", testPrefix, i)] = "v"
	}
	api := newFakeAPI(params)
	clock := newFakeClock()
	store := New(api, testPrefix, WithClock(clock.Now), WithMaxEntries(3))
	ctx := context.Background()

	for i := range 10 {
		clock.Advance(time.Second)
		if _, err := store.Get(ctx, fmt.Sprintf("n%d", i)); err != nil {
			t.Fatalf("Get n%d: %v", i, err)
		}
		if size := len(store.entries); size > 3 {
			t.Fatalf("cache size after %d names = %d, want at most 3", i+1, size)
		}
	}

	before := api.getCalls.Load()
	if _, err := store.Get(ctx, "n9"); err != nil {
		t.Fatalf("Get n9: %v", err)
	}
	if calls := api.getCalls.Load() - before; calls != 0 {
		t.Errorf("SSM calls for the newest name = %d, want 0", calls)
	}

	if _, err := store.Get(ctx, "n0"); err != nil {
		t.Fatalf("Get n0: %v", err)
	}
	if calls := api.getCalls.Load() - before; calls != 1 {
		t.Errorf("SSM calls for the evicted oldest name = %d, want 1", calls)
	}
}

func TestMaxEntriesDropsExpiredFirst(t *testing.T) {
	api := newFakeAPI(map[string]string{testPrefix + "/a": "1", testPrefix + "/b": "2", testPrefix + "/c": "3"})
	clock := newFakeClock()
	store := New(api, testPrefix, WithClock(clock.Now), WithMaxEntries(2), WithTTL(time.Minute))
	ctx := context.Background()

	for _, name := range []string{"a", "b"} {
		if _, err := store.Get(ctx, name); err != nil {
			t.Fatalf("Get %s: %v", name, err)
		}
	}
	clock.Advance(2 * time.Minute)

	if _, err := store.Get(ctx, "c"); err != nil {
		t.Fatalf("Get c: %v", err)
	}
	if size := len(store.entries); size != 1 {
		t.Errorf("cache size = %d, want 1 after dropping both expired entries", size)
	}
}

func TestMaxEntriesKeepsValuesOverMisses(t *testing.T) {
	api := newFakeAPI(map[string]string{testPrefix + "/auth/active-kid": "k1"})
	clock := newFakeClock()
	store := New(api, testPrefix, WithClock(clock.Now), WithMaxEntries(3))
	ctx := context.Background()

	if _, err := store.Get(ctx, "auth/active-kid"); err != nil {
		t.Fatalf("Get auth/active-kid: %v", err)
	}
	for i := range 20 {
		clock.Advance(time.Second)
		if _, err := store.Get(ctx, fmt.Sprintf("users/nobody%d", i)); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get users/nobody%d error = %v, want ErrNotFound", i, err)
		}
	}

	before := api.getCalls.Load()
	if _, err := store.Get(ctx, "auth/active-kid"); err != nil {
		t.Fatalf("Get auth/active-kid: %v", err)
	}
	if calls := api.getCalls.Load() - before; calls != 0 {
		t.Errorf("SSM calls for auth/active-kid after 20 unknown names = %d, want 0", calls)
	}
}

func TestTTLZeroDisablesCache(t *testing.T) {
	api := newFakeAPI(map[string]string{testPrefix + "/a": "1"})
	store := New(api, testPrefix, WithTTL(0))

	for range 3 {
		if _, err := store.Get(context.Background(), "a"); err != nil {
			t.Fatalf("Get: %v", err)
		}
	}
	if calls := api.getCalls.Load(); calls != 3 {
		t.Errorf("SSM calls = %d, want 3", calls)
	}
}

func BenchmarkStoreGetHit(b *testing.B) {
	api := newFakeAPI(map[string]string{testPrefix + "/openweather/api-key": "key"})
	store := New(api, testPrefix)
	ctx := context.Background()
	if _, err := store.Get(ctx, "openweather/api-key"); err != nil {
		b.Fatalf("Get: %v", err)
	}

	b.ReportAllocs()
	for b.Loop() {
		if _, err := store.Get(ctx, "openweather/api-key"); err != nil {
			b.Fatalf("Get: %v", err)
		}
	}
}
