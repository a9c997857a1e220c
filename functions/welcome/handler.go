package main

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/weather-portal/weather-portal/pkg/apigw"
	"github.com/weather-portal/weather-portal/pkg/problem"
)

type welcomeResponse struct {
	Message  string `json:"message"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

// Handle greets the user named by the verified JWT claims that API
// Gateway's authorizer puts in requestContext.authorizer.jwt.claims.
func Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	method := req.RequestContext.HTTP.Method
	if method != http.MethodGet && method != http.MethodHead {
		resp := apigw.Problem(problem.Errorf(problem.MethodNotAllowed, "method not allowed, use GET"))
		return apigw.WithHeaders(resp, map[string]string{"Allow": "GET, HEAD"}), nil
	}

	authorizer := req.RequestContext.Authorizer
	if authorizer == nil || authorizer.JWT == nil || authorizer.JWT.Claims["sub"] == "" {
		// Only a route deployed without the authorizer gets here.
		return events.APIGatewayV2HTTPResponse{}, problem.Errorf(problem.Unauthorized, "request has no verified token claims")
	}

	claims := authorizer.JWT.Claims
	name := claims["name"]
	if name == "" {
		name = claims["sub"]
	}

	return apigw.JSON(http.StatusOK, welcomeResponse{
		Message:  "Welcome, " + name + "!",
		Name:     name,
		Username: claims["sub"],
	}), nil
}
