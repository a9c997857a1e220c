package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

// ssmAPI is the part of *ssm.Client that admin calls.
type ssmAPI interface {
	GetParameter(ctx context.Context, params *ssm.GetParameterInput, optFns ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
	GetParametersByPath(ctx context.Context, params *ssm.GetParametersByPathInput, optFns ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error)
	DescribeParameters(ctx context.Context, params *ssm.DescribeParametersInput, optFns ...func(*ssm.Options)) (*ssm.DescribeParametersOutput, error)
	PutParameter(ctx context.Context, params *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
	DeleteParameter(ctx context.Context, params *ssm.DeleteParameterInput, optFns ...func(*ssm.Options)) (*ssm.DeleteParameterOutput, error)
}

// store reads and writes the parameters of one stage, named relative to
// prefix, such as "/weather-portal/dev".
type store struct {
	api    ssmAPI
	prefix string
}

// notFoundError is returned when a parameter does not exist.
type notFoundError struct{ name string }

func (e *notFoundError) Error() string { return "parameter " + e.name + " not found" }

// existsError is returned when a parameter that must be new already exists.
type existsError struct{ name string }

func (e *existsError) Error() string { return "parameter " + e.name + " already exists" }

// parameterValue is a decrypted value with the time it was last written.
type parameterValue struct {
	Name         string
	Value        string
	LastModified time.Time
}

// name returns the full parameter name of relative.
func (s store) name(relative string) string {
	return s.prefix + "/" + relative
}

// get returns the decrypted value of relative. It returns a *notFoundError
// when the parameter does not exist.
func (s store) get(ctx context.Context, relative string) (parameterValue, error) {
	name := s.name(relative)
	out, err := s.api.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
	if err != nil {
		return parameterValue{}, ssmError("GetParameter", name, err)
	}

	return parameterValue{
		Name:         name,
		Value:        aws.ToString(out.Parameter.Value),
		LastModified: aws.ToTime(out.Parameter.LastModifiedDate),
	}, nil
}

// list returns the decrypted parameters directly under the path relative,
// not those in deeper paths.
func (s store) list(ctx context.Context, relative string) ([]parameterValue, error) {
	path := s.name(relative)
	paginator := ssm.NewGetParametersByPathPaginator(s.api, &ssm.GetParametersByPathInput{
		Path:           aws.String(path),
		WithDecryption: aws.Bool(true),
	})

	var values []parameterValue
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if err != nil {
			return nil, ssmError("GetParametersByPath", path, err)
		}
		for _, p := range page.Parameters {
			values = append(values, parameterValue{
				Name:         aws.ToString(p.Name),
				Value:        aws.ToString(p.Value),
				LastModified: aws.ToTime(p.LastModifiedDate),
			})
		}
	}
	return values, nil
}

// describe returns the metadata, without values, of the parameters
// directly under the path relative.
func (s store) describe(ctx context.Context, relative string) ([]types.ParameterMetadata, error) {
	path := s.name(relative)
	return s.describeFiltered(ctx, path, types.ParameterStringFilter{
		Key:    aws.String("Path"),
		Option: aws.String("OneLevel"),
		Values: []string{path},
	})
}

// describeOne returns the metadata of the parameter relative, or a
// *notFoundError.
func (s store) describeOne(ctx context.Context, relative string) (types.ParameterMetadata, error) {
	name := s.name(relative)
	found, err := s.describeFiltered(ctx, name, types.ParameterStringFilter{
		Key:    aws.String("Name"),
		Option: aws.String("Equals"),
		Values: []string{name},
	})
	if err != nil {
		return types.ParameterMetadata{}, err
	}

	for _, metadata := range found {
		if aws.ToString(metadata.Name) == name {
			return metadata, nil
		}
	}
	return types.ParameterMetadata{}, &notFoundError{name: name}
}

func (s store) describeFiltered(ctx context.Context, target string, filter types.ParameterStringFilter) ([]types.ParameterMetadata, error) {
	paginator := ssm.NewDescribeParametersPaginator(s.api, &ssm.DescribeParametersInput{
		ParameterFilters: []types.ParameterStringFilter{filter},
	})

	var found []types.ParameterMetadata
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if err != nil {
			return nil, ssmError("DescribeParameters", target, err)
		}
		found = append(found, page.Parameters...)
	}
	return found, nil
}

// put writes value to relative as a SecureString. Without overwrite it
// returns an *existsError when the parameter exists.
func (s store) put(ctx context.Context, relative, value string, overwrite bool) error {
	name := s.name(relative)
	_, err := s.api.PutParameter(ctx, &ssm.PutParameterInput{
		Name:      aws.String(name),
		Value:     aws.String(value),
		Type:      types.ParameterTypeSecureString,
		Overwrite: aws.Bool(overwrite),
	})
	if err != nil {
		return ssmError("PutParameter", name, err)
	}
	return nil
}

// delete deletes relative, or returns a *notFoundError.
func (s store) delete(ctx context.Context, relative string) error {
	name := s.name(relative)
	_, err := s.api.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(name)})
	if err != nil {
		return ssmError("DeleteParameter", name, err)
	}
	return nil
}

// ssmError turns an SDK error of operation on the parameter or path name
// into an error that names both. Missing and existing parameters become
// *notFoundError and *existsError, and an access denial names the IAM action
// to grant. The SDK's message never contains a parameter value.
func ssmError(operation, name string, err error) error {
	var notFound *types.ParameterNotFound
	if errors.As(err, &notFound) {
		return &notFoundError{name: name}
	}

	var exists *types.ParameterAlreadyExists
	if errors.As(err, &exists) {
		return &existsError{name: name}
	}

	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && strings.Contains(apiErr.ErrorCode(), "AccessDenied") {
		return fmt.Errorf("%s %s: access denied; grant the AWS identity ssm:%s on it, and for a SecureString with a customer managed key also the KMS permissions on that key: %w", operation, name, operation, err)
	}

	return fmt.Errorf("%s %s: %w", operation, name, err)
}
