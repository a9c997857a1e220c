// Package metric writes CloudWatch custom metrics in the Embedded Metric
// Format (EMF): one JSON log line per invocation that CloudWatch Logs turns
// into metrics in the WeatherPortal namespace, with the function name as the
// only dimension. Writing to stdout in Lambda is enough, because Lambda sends
// stdout to CloudWatch Logs, so EMF needs no IAM permission beyond the log
// stream's.
//
// The format is specified at
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
package metric

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"
)

// Namespace is the CloudWatch namespace of every metric written here.
const Namespace = "WeatherPortal"

// DimensionName is the name of the one dimension, whose value is the Lambda
// function name.
const DimensionName = "FunctionName"

// Names of the metrics that every invocation records.
const (
	Requests  = "Requests"  // 1 for every invocation (Count)
	Errors5xx = "Errors5xx" // 1 when the status is 500 to 599 (Count)
	Errors4xx = "Errors4xx" // 1 when the status is 400 to 499 (Count)
	Latency   = "Latency"   // handler duration (Milliseconds)
	ColdStart = "ColdStart" // 1 on the first invocation of an execution environment (Count)
)

// Limits of the EMF specification: a MetricDirective lists at most 100
// metrics, and metric names and dimension values are 1 to 255 and 1 to 1024
// characters long.
// NOTE: these numbers are not checked against the current specification text.
const (
	maxMetrics             = 100
	maxNameLength          = 255
	maxDimensionValueBytes = 1024
)

// Invocation is the outcome of one request, which Emit writes as metric values.
type Invocation struct {
	// Time is when the invocation started. It becomes the EMF Timestamp in
	// milliseconds since the Unix epoch.
	Time time.Time
	// Status is the HTTP status code of the response.
	Status int
	// Duration is how long the handler ran.
	Duration time.Duration
	// ColdStart is true for the first invocation of an execution environment.
	ColdStart bool
	// Counts contains the values of the counters declared in NewEmitter. A
	// nil Counts writes 0 for each of them.
	Counts *Counts
}

// Emitter writes one EMF line per invocation to a writer. The parts of the
// line that never change are encoded once by NewEmitter, so Emit allocates
// nothing once its buffer has grown to the line's size. An Emitter is safe
// for concurrent use.
type Emitter struct {
	writer   io.Writer
	counters []string

	// head is the JSON up to the Timestamp value. tail is the rest of the
	// _aws member and the dimension value, up to the first metric value.
	head []byte
	tail []byte

	mu     sync.Mutex
	buffer []byte
}

// NewEmitter returns an Emitter that writes to w with functionName as the
// FunctionName dimension. counters names extra Count metrics, such as
// UpstreamCalls, that handlers add to through Add. It returns an error when
// functionName or a counter name is empty, too long or not printable ASCII,
// when a counter name repeats or shadows a standard metric, or when there are
// more than 100 metrics in all.
func NewEmitter(w io.Writer, functionName string, counters ...string) (*Emitter, error) {
	if err := checkText(functionName, maxDimensionValueBytes); err != nil {
		return nil, fmt.Errorf("new metric emitter: function name %q: %w", functionName, err)
	}

	names := []string{Requests, Errors5xx, Errors4xx, Latency, ColdStart}
	seen := make(map[string]bool, len(names)+len(counters))
	for _, name := range names {
		seen[name] = true
	}
	for _, name := range counters {
		if err := checkText(name, maxNameLength); err != nil {
			return nil, fmt.Errorf("new metric emitter: counter name %q: %w", name, err)
		}
		if seen[name] || name == DimensionName || name == "_aws" {
			return nil, fmt.Errorf("new metric emitter: counter name %q is already in use", name)
		}
		seen[name] = true
	}
	if total := len(names) + len(counters); total > maxMetrics {
		return nil, fmt.Errorf("new metric emitter: %d metrics, the maximum is %d", total, maxMetrics)
	}

	e := &Emitter{writer: w, counters: append([]string(nil), counters...)}
	e.head = []byte(`{"_aws":{"Timestamp":`)
	e.tail = e.encodeTail(functionName)
	return e, nil
}

// NewEmitterFromEnv returns NewEmitter(os.Stdout, name, counters...) where
// name is AWS_LAMBDA_FUNCTION_NAME (such as weather-portal-prod-weather), or
// function when that variable is unset, as it is in unit tests.
func NewEmitterFromEnv(function string, counters ...string) (*Emitter, error) {
	name := os.Getenv("AWS_LAMBDA_FUNCTION_NAME")
	if name == "" {
		name = function
	}
	return NewEmitter(os.Stdout, name, counters...)
}

// Counters returns the names of the extra counters, in declaration order.
func (e *Emitter) Counters() []string {
	return append([]string(nil), e.counters...)
}

// encodeTail encodes everything after the Timestamp value up to the first
// metric value: the directive, the closing of _aws and the dimension value.
func (e *Emitter) encodeTail(functionName string) []byte {
	type definition struct {
		Name string
		Unit string
	}
	type directive struct {
		Namespace  string
		Dimensions [][]string
		Metrics    []definition
	}

	metrics := []definition{
		{Requests, "Count"},
		{Errors5xx, "Count"},
		{Errors4xx, "Count"},
		{Latency, "Milliseconds"},
		{ColdStart, "Count"},
	}
	for _, name := range e.counters {
		metrics = append(metrics, definition{name, "Count"})
	}
	directives := []directive{{Namespace: Namespace, Dimensions: [][]string{{DimensionName}}, Metrics: metrics}}

	// json.Marshal returns no error for values that contain only strings,
	// slices and structs.
	encodedDirectives, _ := json.Marshal(directives)
	encodedName, _ := json.Marshal(functionName)

	tail := []byte(`,"CloudWatchMetrics":`)
	tail = append(tail, encodedDirectives...)
	tail = append(tail, `},"`+DimensionName+`":`...)
	tail = append(tail, encodedName...)
	return tail
}

// Emit writes the EMF line of one invocation with a single Write call. It
// returns the writer's error, if any.
func (e *Emitter) Emit(inv Invocation) error {
	e.mu.Lock()
	defer e.mu.Unlock()

	line := append(e.buffer[:0], e.head...)
	line = strconv.AppendInt(line, inv.Time.UnixMilli(), 10)
	line = append(line, e.tail...)

	line = appendMember(line, Requests, 1)
	line = appendMember(line, Errors5xx, boolCount(inv.Status >= 500 && inv.Status <= 599))
	line = appendMember(line, Errors4xx, boolCount(inv.Status >= 400 && inv.Status <= 499))
	line = append(line, `,"`+Latency+`":`...)
	line = strconv.AppendFloat(line, float64(inv.Duration.Microseconds())/1000, 'f', -1, 64)
	line = appendMember(line, ColdStart, boolCount(inv.ColdStart))
	for i, name := range e.counters {
		line = appendMember(line, name, inv.Counts.value(i))
	}
	line = append(line, "}\n"...)
	e.buffer = line

	if _, err := e.writer.Write(line); err != nil {
		return fmt.Errorf("write EMF line: %w", err)
	}
	return nil
}

// appendMember appends ,"name":value. The names are checked to need no JSON
// escaping in NewEmitter.
func appendMember(line []byte, name string, value int64) []byte {
	line = append(line, ',', '"')
	line = append(line, name...)
	line = append(line, '"', ':')
	return strconv.AppendInt(line, value, 10)
}

func boolCount(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// checkText checks that text is 1 to maxLength bytes of printable ASCII
// other than '"' and '\', so that it needs no escaping in JSON.
func checkText(text string, maxLength int) error {
	if text == "" {
		return fmt.Errorf("is empty")
	}
	if len(text) > maxLength {
		return fmt.Errorf("is %d bytes long, the maximum is %d", len(text), maxLength)
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return fmt.Errorf("contains %q at byte %d, only printable ASCII other than quote and backslash is allowed", c, i)
		}
	}
	return nil
}
