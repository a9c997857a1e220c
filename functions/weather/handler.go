package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/logging"
	"github.com/weather-portal/weather-portal/pkg/metric"
	"github.com/weather-portal/weather-portal/pkg/openweather"
	"github.com/weather-portal/weather-portal/pkg/problem"
	"github.com/weather-portal/weather-portal/pkg/weather"
)

// unavailableMessage is the client-facing detail for every upstream failure
// other than "not found" and timeouts. It reveals nothing about the cause.
const unavailableMessage = "weather service unavailable"

// ReportGetter returns the weather report for a validated city and units,
// from a cache or the upstream. *weather.Cache implements it.
type ReportGetter interface {
	Get(ctx context.Context, city string, units weather.Units) (weather.Report, error)
}

// Handler serves GET /api/weather?city=…&units=…. API Gateway's JWT
// authorizer has already checked the token and the weather:read scope.
type Handler struct {
	Reports ReportGetter
	// Sample marks every report as coming from the local fake OpenWeather
	// server.
	Sample bool
}

// Handle validates the query, returns the report as JSON, and maps failures
// to problem responses: 400 for bad input, 404 for an unknown city, 502 for
// upstream or configuration failures and 504 for upstream timeouts.
// Upstream failures are logged here with their cause and returned as a
// response, so that the logging middleware does not log them a second time.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	method := req.RequestContext.HTTP.Method
	if method != http.MethodGet && method != http.MethodHead {
		resp := apigw.Problem(problem.Errorf(problem.MethodNotAllowed, "method not allowed, use GET"))
		return apigw.WithHeaders(resp, map[string]string{"Allow": "GET, HEAD"}), nil
	}

	query, err := parseQuery(req)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	city, err := weather.ParseCity(query.Get("city"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	units, err := weather.ParseUnits(query.Get("units"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}

	report, err := h.Reports.Get(ctx, city, units)
	countCacheHit(ctx, err)
	if errors.Is(err, openweather.ErrCityNotFound) {
		return events.APIGatewayV2HTTPResponse{}, problem.Wrap(err, problem.NotFound, fmt.Sprintf("city %q not found", city))
	}
	if err != nil {
		return upstreamFailure(ctx, err, city, units), nil
	}

	report.Sample = h.Sample
	return apigw.JSON(http.StatusOK, report), nil
}

// countCacheHit adds 1 to CacheHits when Get returned a result that the
// cache stores (a report or "city not found") and this invocation sent no
// request to OpenWeather.
// NOTE: an invocation that waited for a concurrent one's fetch of the same
// city counts as a hit, but Lambda runs one invocation per environment at
// a time.
func countCacheHit(ctx context.Context, err error) {
	cacheable := err == nil || errors.Is(err, openweather.ErrCityNotFound)
	if cacheable && metric.Value(ctx, upstreamCallsMetric) == 0 {
		metric.Add(ctx, cacheHitsMetric, 1)
	}
}

// singleParameters are the query parameters that parseQuery rejects when
// they are repeated.
var singleParameters = []string{"city", "units"}

// parseQuery returns the query parameters. It parses rawQueryString rather
// than queryStringParameters, because payload format 2.0 joins repeated
// parameters with commas there, and the result looks like a city such as
// "London,GB". An event without rawQueryString falls back to
// queryStringParameters, where repeats cannot be detected.
func parseQuery(req events.APIGatewayV2HTTPRequest) (url.Values, error) {
	if req.RawQueryString == "" {
		query := url.Values{}
		for name, value := range req.QueryStringParameters {
			query.Set(name, value)
		}
		return query, nil
	}

	query, err := url.ParseQuery(req.RawQueryString)
	if err != nil {
		return nil, problem.Wrap(err, problem.Invalid, "query string is malformed; percent-encode city and units")
	}
	for _, name := range singleParameters {
		if count := len(query[name]); count > 1 {
			return nil, problem.Errorf(problem.Invalid, "query parameter %s appears %d times; send it once", name, count)
		}
	}
	return query, nil
}

// upstreamFailure logs err with its cause and returns the 502 or 504
// problem response. The response never contains the cause.
func upstreamFailure(ctx context.Context, err error, city string, units weather.Units) events.APIGatewayV2HTTPResponse {
	logger := logging.FromContext(ctx).With("city", city, "units", string(units), "error", err.Error())

	switch {
	case errors.Is(err, errAPIKeyUnavailable):
		logger.Error("deployment error: cannot read the OpenWeather API key parameter", "parameter", apiKeyParameter)
		return apigw.Problem(problem.Errorf(problem.BadGateway, unavailableMessage))
	case errors.Is(err, openweather.ErrTimeout) || errors.Is(err, context.DeadlineExceeded):
		logger.Error("OpenWeather request timed out")
		return apigw.Problem(problem.Errorf(problem.GatewayTimeout, "weather service timed out"))
	case errors.Is(err, openweather.ErrUnauthorized):
		logger.Error("OpenWeather rejected the API key; check the parameter value", "parameter", apiKeyParameter)
	case errors.Is(err, openweather.ErrRateLimited):
		logger.Error("OpenWeather rate limit exceeded")
	case errors.Is(err, openweather.ErrMalformed):
		logger.Error("OpenWeather sent a malformed response")
	default:
		logger.Error("OpenWeather request failed")
	}
	return apigw.Problem(problem.Errorf(problem.BadGateway, unavailableMessage))
}
