// Package trace adds AWS X-Ray subsegments around the calls a function makes:
// AWS SDK v2 operations (SSM) and outbound HTTP requests (OpenWeather).
//
// In Lambda with active tracing, the X-Ray SDK picks up the trace header from
// the invocation context. Outside Lambda, set AWS_XRAY_SDK_DISABLED=true so the
// SDK records nothing; the local stack does.
package trace

import (
	"net/http"

	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/smithy-go/middleware"
)

// InstrumentAWS adds X-Ray middleware to an AWS SDK v2 configuration, so each
// SDK operation becomes a subsegment. Pass &cfg.APIOptions before creating
// service clients from cfg.
func InstrumentAWS(apiOptions *[]func(*middleware.Stack) error) {
	awsv2.AWSV2Instrumentor(apiOptions)
}

// HTTPClient returns a client whose requests each become an X-Ray subsegment.
// It wraps c's transport and keeps c's timeout.
func HTTPClient(c *http.Client) *http.Client {
	return xray.Client(c)
}
