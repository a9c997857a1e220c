package main

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/problem"
	"github.com/weather-portal/weather-portal/static"
)

// Cache-Control values. Versioned URLs change whenever any asset changes, so
// a browser may keep them for a year. Everything else is revalidated with
// its ETag on every use.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// allowedMethods is the Allow header of a 405 response.
const allowedMethods = "GET, HEAD"

// pageAssets maps the routes outside /static/ to asset names.
var pageAssets = map[string]string{
	"/":            "login.html",
	"/login":       "login.html",
	"/welcome":     "welcome.html",
	"/weather":     "weather.html",
	"/favicon.ico": "favicon.ico",
}

// AssetTable is the part of *static.Table that the handler reads.
type AssetTable interface {
	Lookup(name string) (*static.Asset, bool)
	Version() string
}

// Handler serves the embedded UI.
type Handler struct {
	Assets AssetTable
}

// healthResponse is the body of GET /health.
type healthResponse struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

// Handle serves GET and HEAD for the pages, /static/ assets, /favicon.ico
// and /health. It returns a *problem.Error with code Invalid for a path that
// is malformed or tries to leave the asset table, and NotFound for a path
// with no asset. Other methods get a 405 response with an Allow header.
func (h *Handler) Handle(_ context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	method := req.RequestContext.HTTP.Method
	if method != http.MethodGet && method != http.MethodHead {
		err := problem.Errorf(problem.MethodNotAllowed, "method %q is not allowed, use GET or HEAD", method)
		return apigw.WithHeaders(apigw.Problem(err), map[string]string{"Allow": allowedMethods}), nil
	}

	rawPath := req.RawPath
	if rawPath == "" {
		rawPath = req.RequestContext.HTTP.Path
	}
	path, err := cleanPath(rawPath)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}

	if path == "/health" {
		return withoutBodyForHead(method, apigw.JSON(http.StatusOK, healthResponse{
			Status:  "ok",
			Version: h.Assets.Version(),
		})), nil
	}

	name, cacheControl, ok := h.resolve(path)
	if !ok {
		return events.APIGatewayV2HTTPResponse{}, problem.Errorf(problem.NotFound, "no page or asset at %q", path)
	}
	asset, ok := h.Assets.Lookup(name)
	if !ok {
		return events.APIGatewayV2HTTPResponse{}, problem.Errorf(problem.NotFound, "no page or asset at %q", path)
	}

	return serveAsset(req, method, asset, cacheControl), nil
}

// resolve maps a clean path to an asset name and its Cache-Control value.
// /static/<version>/<name> is immutable only for the current version. A URL
// with an older version still gets the current file, because a page cached
// before a deployment may ask for it, but with no-cache so that the stale
// URL is not stored for a year.
func (h *Handler) resolve(path string) (name, cacheControl string, ok bool) {
	if name, ok := pageAssets[path]; ok {
		return name, cacheRevalidate, true
	}

	rest, ok := strings.CutPrefix(path, "/static/")
	if !ok || rest == "" {
		return "", "", false
	}

	version, versioned, found := strings.Cut(rest, "/")
	if !found || !static.IsVersion(version) {
		return rest, cacheRevalidate, true
	}
	if version == h.Assets.Version() {
		return versioned, cacheImmutable, true
	}
	return versioned, cacheRevalidate, true
}

// serveAsset builds the 200 or 304 response for asset.
func serveAsset(req events.APIGatewayV2HTTPRequest, method string, asset *static.Asset, cacheControl string) events.APIGatewayV2HTTPResponse {
	useGzip := asset.Gzip != nil && acceptsGzip(apigw.Header(req, "Accept-Encoding"))
	etag := asset.ETag
	if useGzip {
		etag = asset.GzipETag
	}

	headers := apigw.SecurityHeaders()
	headers["Cache-Control"] = cacheControl
	headers["ETag"] = etag
	if asset.Gzip != nil {
		headers["Vary"] = "Accept-Encoding"
	}

	if matchesETag(apigw.Header(req, "If-None-Match"), etag) {
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusNotModified, Headers: headers}
	}

	headers["Content-Type"] = asset.ContentType
	body := asset.Body
	if useGzip {
		headers["Content-Encoding"] = "gzip"
		body = asset.Gzip
	}

	resp := events.APIGatewayV2HTTPResponse{StatusCode: http.StatusOK, Headers: headers}
	if method == http.MethodHead {
		return resp
	}

	if useGzip || asset.Binary {
		resp.Body = base64.StdEncoding.EncodeToString(body)
		resp.IsBase64Encoded = true
	} else {
		resp.Body = string(body)
	}
	return resp
}

// withoutBodyForHead drops the body of resp when method is HEAD.
func withoutBodyForHead(method string, resp events.APIGatewayV2HTTPResponse) events.APIGatewayV2HTTPResponse {
	if method == http.MethodHead {
		resp.Body = ""
		resp.IsBase64Encoded = false
	}
	return resp
}
