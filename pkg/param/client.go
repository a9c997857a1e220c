package param

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/weather-portal/weather-portal/pkg/trace"
)

// LoadSSMClient returns an SSM client built from the default AWS
// configuration, so the usual credential chain, AWS_REGION and
// AWS_ENDPOINT_URL_SSM apply. Each call is recorded as an X-Ray subsegment.
// Outside Lambda, set AWS_XRAY_SDK_DISABLED=true to turn the recording off.
func LoadSSMClient(ctx context.Context) (*ssm.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("param: load AWS config: %w", err)
	}

	trace.InstrumentAWS(&cfg.APIOptions)
	return ssm.NewFromConfig(cfg), nil
}
