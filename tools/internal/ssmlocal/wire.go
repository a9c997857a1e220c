package ssmlocal

import (
	"strconv"
	"time"
)

// The request and response bodies below follow the member names of the SSM
// Smithy model, which awsJson1_1 sends as JSON object keys unchanged. Fields
// that ssmlocal reads but does not act on are listed so that their presence
// is not an error, as in SSM.

type getParameterRequest struct {
	Name           *string
	WithDecryption *bool
}

type getParameterResponse struct {
	Parameter parameter
}

type getParametersRequest struct {
	Names          []string
	WithDecryption *bool
}

type getParametersResponse struct {
	Parameters        []parameter
	InvalidParameters []string
}

type getParametersByPathRequest struct {
	Path             *string
	Recursive        *bool
	WithDecryption   *bool
	MaxResults       *int32
	NextToken        *string
	ParameterFilters []parameterFilter
}

type getParametersByPathResponse struct {
	Parameters []parameter
	NextToken  string `json:",omitempty"`
}

type putParameterRequest struct {
	Name           *string
	Value          *string
	Type           *string
	Description    *string
	KeyId          *string
	Overwrite      *bool
	AllowedPattern *string
	Tier           *string
	DataType       *string
	Policies       *string
	Tags           []struct{ Key, Value string }
}

type putParameterResponse struct {
	Version int64
	Tier    string
}

type deleteParameterRequest struct {
	Name *string
}

type deleteParametersRequest struct {
	Names []string
}

type deleteParametersResponse struct {
	DeletedParameters []string
	InvalidParameters []string
}

type describeParametersRequest struct {
	Filters          []struct{ Key string }
	ParameterFilters []parameterFilter
	MaxResults       *int32
	NextToken        *string
	Shared           *bool
}

type describeParametersResponse struct {
	Parameters []parameterMetadata
	NextToken  string `json:",omitempty"`
}

// parameterFilter is the ParameterStringFilter shape.
type parameterFilter struct {
	Key    string
	Option *string
	Values []string
}

// parameter is the Parameter shape returned by the Get operations.
type parameter struct {
	Name             string
	Type             string
	Value            string
	Version          int64
	LastModifiedDate epochSeconds
	ARN              string
	DataType         string
}

// parameterMetadata is the ParameterMetadata shape returned by
// DescribeParameters. It never contains the value.
type parameterMetadata struct {
	Name             string
	ARN              string
	Type             string
	KeyId            string `json:",omitempty"`
	LastModifiedDate epochSeconds
	LastModifiedUser string
	Description      string `json:",omitempty"`
	AllowedPattern   string `json:",omitempty"`
	Version          int64
	Tier             string
	DataType         string
	Policies         []struct{}
}

// epochSeconds is a timestamp sent as fractional seconds since the Unix
// epoch, the awsJson default timestamp format.
type epochSeconds time.Time

func (t epochSeconds) MarshalJSON() ([]byte, error) {
	seconds := float64(time.Time(t).UnixMilli()) / 1000
	return strconv.AppendFloat(nil, seconds, 'f', 3, 64), nil
}
