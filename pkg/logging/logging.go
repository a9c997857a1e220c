// Package logging sets up the JSON slog logger that each function writes to
// CloudWatch, and wraps HTTP API handlers so that every invocation is logged
// once with its request id, route, status, duration and cold-start flag.
// The wrapper can also write each invocation as EMF metrics (pkg/metric).
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/metric"
)

// New returns a logger that writes JSON lines to w at level and above, with a
// "function" attribute on every line.
func New(w io.Writer, level slog.Level, function string) *slog.Logger {
	handler := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})
	return slog.New(handler).With("function", function)
}

// ParseLevel parses "debug", "info", "warn" or "error" (any case). An empty
// string is info.
func ParseLevel(text string) (slog.Level, error) {
	if text == "" {
		return slog.LevelInfo, nil
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(text))); err != nil {
		return slog.LevelInfo, fmt.Errorf("parse log level %q: %w", text, err)
	}
	return level, nil
}

// Handler is the signature of an HTTP API (payload format 2.0) Lambda handler.
type Handler func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// Middleware wraps HTTP API handlers with logging, panic recovery and
// optional metrics.
type Middleware struct {
	Logger *slog.Logger
	Now    func() time.Time
	// Metrics, when set, writes one EMF line per invocation after the
	// request log line. The handler's context carries the invocation's
	// metric.Counts, so code that it calls can use metric.Add.
	Metrics *metric.Emitter

	invoked atomic.Bool
}

// Wrap returns a handler that calls next and logs one line per invocation.
// When Metrics is set, it also writes one EMF line, whatever the log level.
// A panic in next is logged with its stack and becomes a generic 500
// problem response, so the execution environment survives. Wrap never
// returns an error to the Lambda runtime: errors from next become problem
// responses too.
func (m *Middleware) Wrap(next Handler) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (resp events.APIGatewayV2HTTPResponse, err error) {
		now := time.Now
		if m.Now != nil {
			now = m.Now
		}
		start := now()
		coldStart := !m.invoked.Swap(true)

		logger := m.Logger.With(
			"request_id", requestID(ctx, req),
			"cold_start", coldStart,
			"route", req.RouteKey,
		)

		var counts *metric.Counts
		if m.Metrics != nil {
			counts = m.Metrics.NewCounts()
			ctx = metric.WithCounts(ctx, counts)
		}

		defer func() {
			if recovered := recover(); recovered != nil {
				logger.Error("handler panicked", "panic", fmt.Sprint(recovered), "stack", string(debug.Stack()))
				resp = apigw.Problem(fmt.Errorf("panic: %v", recovered))
				err = nil
			}

			duration := now().Sub(start)
			logger.Info("request",
				"method", req.RequestContext.HTTP.Method,
				"path", req.RawPath,
				"status", resp.StatusCode,
				"duration_ms", float64(duration.Microseconds())/1000,
			)

			if m.Metrics != nil {
				invocation := metric.Invocation{Time: start, Status: resp.StatusCode, Duration: duration, ColdStart: coldStart, Counts: counts}
				if emitErr := m.Metrics.Emit(invocation); emitErr != nil {
					logger.Warn("writing EMF metrics failed", "error", emitErr)
				}
			}
		}()

		resp, err = next(WithLogger(ctx, logger), req)
		if err != nil {
			resp = apigw.Problem(err)
			if resp.StatusCode >= 500 {
				logger.Error("request failed", "error", err)
			} else {
				logger.Info("request rejected", "status", resp.StatusCode, "error", err)
			}
			err = nil
		}
		return resp, err
	}
}

func requestID(ctx context.Context, req events.APIGatewayV2HTTPRequest) string {
	if lc, ok := lambdacontext.FromContext(ctx); ok && lc.AwsRequestID != "" {
		return lc.AwsRequestID
	}
	return req.RequestContext.RequestID
}

type loggerKey struct{}

// WithLogger returns a copy of ctx that carries logger.
func WithLogger(ctx context.Context, logger *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, logger)
}

// FromContext returns the logger stored by WithLogger, or slog.Default when
// there is none.
func FromContext(ctx context.Context) *slog.Logger {
	if logger, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return logger
	}
	return slog.Default()
}

// NewFromEnv returns New(os.Stdout, level, function) with the level read from
// the LOG_LEVEL environment variable (info when unset). Lambda sends stdout
// to CloudWatch Logs.
func NewFromEnv(function string) (*slog.Logger, error) {
	level, err := ParseLevel(os.Getenv("LOG_LEVEL"))
	if err != nil {
		return nil, err
	}
	return New(os.Stdout, level, function), nil
}
