package metric

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func TestAddThroughContext(t *testing.T) {
	tests := []struct {
		name       string
		withCounts bool
		counter    string
		wantAdded  bool
		wantLine   map[string]json.Number
	}{
		{"declared counter", true, "UpstreamCalls", true, map[string]json.Number{"UpstreamCalls": "2", "CacheHits": "0"}},
		{"undeclared counter", true, "Retries", false, map[string]json.Number{"UpstreamCalls": "0", "CacheHits": "0"}},
		{"no counts in context", false, "UpstreamCalls", false, map[string]json.Number{"UpstreamCalls": "0", "CacheHits": "0"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			emitter, err := NewEmitter(&buf, "weather", "UpstreamCalls", "CacheHits")
			if err != nil {
				t.Fatal(err)
			}
			counts := emitter.NewCounts()
			ctx := context.Background()
			if tt.withCounts {
				ctx = WithCounts(ctx, counts)
			}

			for range 2 {
				if got := Add(ctx, tt.counter, 1); got != tt.wantAdded {
					t.Errorf("Add(%s) = %v, want %v", tt.counter, got, tt.wantAdded)
				}
			}
			if got, want := Value(ctx, "UpstreamCalls"), tt.wantLine["UpstreamCalls"].String(); fmt.Sprint(got) != want {
				t.Errorf("Value(UpstreamCalls) = %d, want %s", got, want)
			}
			if err := emitter.Emit(Invocation{Time: time.Now(), Status: 200, Counts: counts}); err != nil {
				t.Fatal(err)
			}

			problems, members := checkSpec(t, buf.Bytes())
			for _, problem := range problems {
				t.Error(problem)
			}
			for name, want := range tt.wantLine {
				if got := members[name]; got != want {
					t.Errorf("%s = %v, want %s", name, got, want)
				}
			}
		})
	}
}

func TestCountsGet(t *testing.T) {
	emitter, err := NewEmitter(&bytes.Buffer{}, "weather", "CacheHits")
	if err != nil {
		t.Fatal(err)
	}
	counts := emitter.NewCounts()

	counts.Add("CacheHits", 3)

	if got := counts.Get("CacheHits"); got != 3 {
		t.Errorf("Get(CacheHits) = %d, want 3", got)
	}
	if got := counts.Get("Retries"); got != 0 {
		t.Errorf("Get(Retries) = %d, want 0", got)
	}
}
