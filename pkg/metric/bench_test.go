package metric

import (
	"io"
	"testing"
	"time"
)

// BenchmarkEmit measures one EMF line with the weather function's two extra
// counters, written to io.Discard.
func BenchmarkEmit(b *testing.B) {
	emitter, err := NewEmitter(io.Discard, "weather-portal-prod-weather", "UpstreamCalls", "CacheHits")
	if err != nil {
		b.Fatal(err)
	}
	counts := emitter.NewCounts()
	counts.Add("CacheHits", 1)
	inv := Invocation{Time: time.Now(), Status: 200, Duration: 1234 * time.Microsecond, Counts: counts}

	b.ReportAllocs()
	for b.Loop() {
		if err := emitter.Emit(inv); err != nil {
			b.Fatal(err)
		}
	}
}
