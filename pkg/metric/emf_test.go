package metric

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// maxDimensions is the EMF limit on the keys of one dimension set.
const maxDimensions = 30

// standardUnits are the units that a MetricDefinition may name.
var standardUnits = map[string]bool{
	"Seconds": true, "Microseconds": true, "Milliseconds": true,
	"Bytes": true, "Kilobytes": true, "Megabytes": true, "Gigabytes": true, "Terabytes": true,
	"Bits": true, "Kilobits": true, "Megabits": true, "Gigabits": true, "Terabits": true,
	"Percent": true, "Count": true,
	"Bytes/Second": true, "Kilobytes/Second": true, "Megabytes/Second": true, "Gigabytes/Second": true, "Terabytes/Second": true,
	"Bits/Second": true, "Kilobits/Second": true, "Megabits/Second": true, "Gigabits/Second": true, "Terabits/Second": true,
	"Count/Second": true, "None": true,
}

// emfDocument is the part of an EMF line that the specification defines.
type emfDocument struct {
	AWS struct {
		Timestamp         json.Number
		CloudWatchMetrics []struct {
			Namespace  string
			Dimensions [][]string
			Metrics    []struct {
				Name string
				Unit string
			}
		}
	} `json:"_aws"`
}

// checkSpec returns every way in which line breaks the EMF specification's
// rules, each as one sentence, and the line's top-level members.
func checkSpec(t *testing.T, line []byte) ([]string, map[string]any) {
	t.Helper()

	var members map[string]any
	decoder := json.NewDecoder(bytes.NewReader(line))
	decoder.UseNumber()
	if err := decoder.Decode(&members); err != nil {
		t.Fatalf("line %s is not a JSON object: %v", line, err)
	}
	if decoder.More() {
		t.Fatalf("line %s has data after the JSON object", line)
	}
	var doc emfDocument
	if err := json.Unmarshal(line, &doc); err != nil {
		t.Fatalf("line %s does not match the EMF structure: %v", line, err)
	}

	var problems []string
	timestamp, err := doc.AWS.Timestamp.Int64()
	if err != nil {
		problems = append(problems, fmt.Sprintf("Timestamp %q is not an integer", doc.AWS.Timestamp))
	}
	// Milliseconds since the epoch are 13 digits from 2001 to 2286, seconds are 10.
	if timestamp < 1e12 || timestamp >= 1e13 {
		problems = append(problems, fmt.Sprintf("Timestamp %d is not in milliseconds", timestamp))
	}
	if len(doc.AWS.CloudWatchMetrics) == 0 {
		problems = append(problems, "CloudWatchMetrics is empty")
	}

	for _, directive := range doc.AWS.CloudWatchMetrics {
		if directive.Namespace == "" || len(directive.Namespace) > 255 {
			problems = append(problems, fmt.Sprintf("Namespace %q is not 1 to 255 characters", directive.Namespace))
		}
		for _, set := range directive.Dimensions {
			if len(set) > maxDimensions {
				problems = append(problems, fmt.Sprintf("dimension set has %d keys, the maximum is %d", len(set), maxDimensions))
			}
			for _, key := range set {
				if _, ok := members[key].(string); !ok {
					problems = append(problems, fmt.Sprintf("dimension %s has value %v, want a string", key, members[key]))
				}
			}
		}
		if len(directive.Metrics) > maxMetrics {
			problems = append(problems, fmt.Sprintf("directive has %d metrics, the maximum is %d", len(directive.Metrics), maxMetrics))
		}
		for _, definition := range directive.Metrics {
			if _, ok := members[definition.Name].(json.Number); !ok {
				problems = append(problems, fmt.Sprintf("metric %s has value %v, want a number", definition.Name, members[definition.Name]))
			}
			if definition.Unit != "" && !standardUnits[definition.Unit] {
				problems = append(problems, fmt.Sprintf("metric %s has unit %q, which is not a standard unit", definition.Name, definition.Unit))
			}
		}
	}
	return problems, members
}

func TestEmitFollowsSpec(t *testing.T) {
	start := time.Date(2025, 6, 1, 12, 0, 0, 123_000_000, time.UTC)
	tests := []struct {
		name     string
		counters []string
		inv      Invocation
		want     map[string]string
	}{
		{
			name: "ok warm",
			inv:  Invocation{Time: start, Status: 200, Duration: 1500 * time.Microsecond},
			want: map[string]string{"Requests": "1", "Errors5xx": "0", "Errors4xx": "0", "Latency": "1.5", "ColdStart": "0"},
		},
		{
			name: "client error cold",
			inv:  Invocation{Time: start, Status: 404, Duration: 12 * time.Millisecond, ColdStart: true},
			want: map[string]string{"Requests": "1", "Errors5xx": "0", "Errors4xx": "1", "Latency": "12", "ColdStart": "1"},
		},
		{
			name: "server error",
			inv:  Invocation{Time: start, Status: 503, Duration: 5 * time.Second},
			want: map[string]string{"Errors5xx": "1", "Errors4xx": "0", "Latency": "5000"},
		},
		{
			name:     "counters without counts",
			counters: []string{"UpstreamCalls", "CacheHits"},
			inv:      Invocation{Time: start, Status: 200},
			want:     map[string]string{"UpstreamCalls": "0", "CacheHits": "0", "Latency": "0"},
		},
		{
			name:     "too many metrics",
			counters: numbered("Counter", maxMetrics-5),
			inv:      Invocation{Time: start, Status: 200},
			want:     map[string]string{"Counter94": "0"},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			emitter, err := NewEmitter(&buf, "weather-portal-dev-weather", tt.counters...)
			if err != nil {
				t.Fatalf("NewEmitter: %v", err)
			}

			if err := emitter.Emit(tt.inv); err != nil {
				t.Fatalf("Emit: %v", err)
			}

			if got := strings.Count(buf.String(), "\n"); got != 1 || !strings.HasSuffix(buf.String(), "\n") {
				t.Fatalf("output %q has %d newlines, want one line ending in a newline", buf.String(), got)
			}
			problems, members := checkSpec(t, buf.Bytes())
			for _, problem := range problems {
				t.Error(problem)
			}
			if got := members["_aws"].(map[string]any)["Timestamp"]; got != json.Number("1748779200123") {
				t.Errorf("Timestamp = %v, want 1748779200123", got)
			}
			if got := members["FunctionName"]; got != "weather-portal-dev-weather" {
				t.Errorf("FunctionName = %v, want weather-portal-dev-weather", got)
			}
			for name, want := range tt.want {
				if got := members[name]; got != json.Number(want) {
					t.Errorf("%s = %v, want %s", name, got, want)
				}
			}
		})
	}
}

func TestEmitDirective(t *testing.T) {
	var buf bytes.Buffer
	emitter, err := NewEmitter(&buf, "pages", "Extra")
	if err != nil {
		t.Fatal(err)
	}
	if err := emitter.Emit(Invocation{Time: time.Now(), Status: 200}); err != nil {
		t.Fatal(err)
	}

	var doc emfDocument
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.AWS.CloudWatchMetrics) != 1 {
		t.Fatalf("got %d directives, want 1", len(doc.AWS.CloudWatchMetrics))
	}
	directive := doc.AWS.CloudWatchMetrics[0]
	if directive.Namespace != "WeatherPortal" {
		t.Errorf("Namespace = %q, want WeatherPortal", directive.Namespace)
	}
	if got := fmt.Sprint(directive.Dimensions); got != "[[FunctionName]]" {
		t.Errorf("Dimensions = %s, want [[FunctionName]]", got)
	}

	var got []string
	for _, definition := range directive.Metrics {
		got = append(got, definition.Name+" "+definition.Unit)
	}
	want := "Requests Count, Errors5xx Count, Errors4xx Count, Latency Milliseconds, ColdStart Count, Extra Count"
	if strings.Join(got, ", ") != want {
		t.Errorf("Metrics = %s, want %s", strings.Join(got, ", "), want)
	}
}

func TestEmitReusesBuffer(t *testing.T) {
	var buf bytes.Buffer
	emitter, err := NewEmitter(&buf, "login")
	if err != nil {
		t.Fatal(err)
	}

	for _, status := range []int{500, 200} {
		if err := emitter.Emit(Invocation{Time: time.Now(), Status: status}); err != nil {
			t.Fatal(err)
		}
	}

	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2", len(lines))
	}
	if !strings.Contains(lines[0], `"Errors5xx":1`) || !strings.Contains(lines[1], `"Errors5xx":0`) {
		t.Errorf("lines = %q, want Errors5xx 1 then 0", lines)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEmitReturnsWriteError(t *testing.T) {
	emitter, err := NewEmitter(failingWriter{}, "login")
	if err != nil {
		t.Fatal(err)
	}

	err = emitter.Emit(Invocation{Time: time.Now(), Status: 200})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Emit error = %v, want one that contains disk full", err)
	}
}

func TestNewEmitterRejects(t *testing.T) {
	tests := []struct {
		name         string
		functionName string
		counters     []string
		want         string
	}{
		{"empty function name", "", nil, "is empty"},
		{"long function name", strings.Repeat("f", 1025), nil, "the maximum is 1024"},
		{"quote in function name", `we"ather`, nil, "only printable ASCII"},
		{"non-ASCII function name", "wétter", nil, "only printable ASCII"},
		{"empty counter", "weather", []string{""}, "is empty"},
		{"long counter", "weather", []string{strings.Repeat("c", 256)}, "the maximum is 255"},
		{"repeated counter", "weather", []string{"CacheHits", "CacheHits"}, "already in use"},
		{"standard metric", "weather", []string{"Latency"}, "already in use"},
		{"dimension name", "weather", []string{"FunctionName"}, "already in use"},
		{"metadata member", "weather", []string{"_aws"}, "already in use"},
		{"over 100 metrics", "weather", numbered("Counter", maxMetrics-4), "101 metrics, the maximum is 100"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewEmitter(&bytes.Buffer{}, tt.functionName, tt.counters...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewEmitter error = %v, want one that contains %q", err, tt.want)
			}
		})
	}
}

func TestNewEmitterFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  string
		want string
	}{
		{"Lambda name", "weather-portal-prod-weather", "weather-portal-prod-weather"},
		{"logical name", "", "weather"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_LAMBDA_FUNCTION_NAME", tt.env)

			emitter, err := NewEmitterFromEnv("weather", "CacheHits")
			if err != nil {
				t.Fatal(err)
			}

			if !bytes.HasSuffix(emitter.tail, []byte(`"FunctionName":"`+tt.want+`"`)) {
				t.Errorf("encoded tail %s, want FunctionName %s", emitter.tail, tt.want)
			}
			if got := emitter.Counters(); fmt.Sprint(got) != "[CacheHits]" {
				t.Errorf("Counters() = %v, want [CacheHits]", got)
			}
		})
	}
}

// numbered returns n names: prefix0, prefix1, ...
func numbered(prefix string, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return names
}
