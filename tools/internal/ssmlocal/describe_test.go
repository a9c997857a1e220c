package ssmlocal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

func TestDescribeParameters(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	for _, name := range []string{"/app/a", "/app/sub/b", "/other/c", "plain"} {
		mustPut(t, srv, name, "v", name == "/app/sub/b")
	}

	filter := func(key, option string, values ...string) types.ParameterStringFilter {
		f := types.ParameterStringFilter{Key: aws.String(key), Values: values}
		if option != "" {
			f.Option = aws.String(option)
		}
		return f
	}

	tests := []struct {
		name    string
		filters []types.ParameterStringFilter
		want    []string
	}{
		{"no filter", nil, []string{"/app/a", "/app/sub/b", "/other/c", "plain"}},
		{"name begins with", []types.ParameterStringFilter{filter("Name", "BeginsWith", "/app")}, []string{"/app/a", "/app/sub/b"}},
		{"name equals", []types.ParameterStringFilter{filter("Name", "", "plain", "/other/c")}, []string{"/other/c", "plain"}},
		{"path one level", []types.ParameterStringFilter{filter("Path", "", "/app")}, []string{"/app/a"}},
		{"path recursive", []types.ParameterStringFilter{filter("Path", "Recursive", "/app/")}, []string{"/app/a", "/app/sub/b"}},
		{"type and path", []types.ParameterStringFilter{filter("Type", "", "SecureString"), filter("Path", "Recursive", "/")}, []string{"/app/sub/b"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.DescribeParameters(context.Background(), &ssm.DescribeParametersInput{ParameterFilters: tt.filters})
			if err != nil {
				t.Fatalf("DescribeParameters: %v", err)
			}

			var got []string
			for _, p := range out.Parameters {
				got = append(got, aws.ToString(p.Name))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("names = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDescribeParametersMetadata(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	mustPut(t, srv, "/app/secret", "v", true)

	out, err := client.DescribeParameters(context.Background(), &ssm.DescribeParametersInput{})
	if err != nil {
		t.Fatalf("DescribeParameters: %v", err)
	}
	if len(out.Parameters) != 1 {
		t.Fatalf("got %d parameters, want 1", len(out.Parameters))
	}

	got := out.Parameters[0]
	if got.Type != types.ParameterTypeSecureString {
		t.Errorf("Type = %q, want SecureString", got.Type)
	}
	if aws.ToString(got.KeyId) != "alias/aws/ssm" {
		t.Errorf("KeyId = %q, want alias/aws/ssm", aws.ToString(got.KeyId))
	}
	if got.Tier != types.ParameterTierStandard {
		t.Errorf("Tier = %q, want Standard", got.Tier)
	}
	if !aws.ToTime(got.LastModifiedDate).Equal(fixedTime) {
		t.Errorf("LastModifiedDate = %v, want %v", aws.ToTime(got.LastModifiedDate), fixedTime)
	}
}

func TestDescribeParametersPagination(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)

	var want []string
	for i := range 60 {
		name := fmt.Sprintf("/app/p%02d", i)
		mustPut(t, srv, name, "v", false)
		want = append(want, name)
	}

	paginator := ssm.NewDescribeParametersPaginator(client, &ssm.DescribeParametersInput{MaxResults: aws.Int32(50)})
	var got []string
	pages := 0
	for paginator.HasMorePages() {
		out, err := paginator.NextPage(context.Background())
		if err != nil {
			t.Fatalf("NextPage: %v", err)
		}
		pages++
		for _, p := range out.Parameters {
			got = append(got, aws.ToString(p.Name))
		}
	}

	if !slices.Equal(got, want) {
		t.Errorf("names = %v, want %v", got, want)
	}
	if pages != 2 {
		t.Errorf("pages = %d, want 2", pages)
	}
}

func TestDescribeParametersErrors(t *testing.T) {
	_, url := newTestServer(t)
	client := newClient(t, url)

	tests := []struct {
		name     string
		input    *ssm.DescribeParametersInput
		wantCode string
	}{
		{"max results 51", &ssm.DescribeParametersInput{MaxResults: aws.Int32(51)}, "ValidationException"},
		{"unsupported key", &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("KeyId"), Values: []string{"x"}}}}, "InvalidFilterKey"},
		{"bad option", &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Name"), Option: aws.String("Contains"), Values: []string{"x"}}}}, "InvalidFilterOption"},
		{"no values", &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Name")}}}, "InvalidFilterValue"},
		{"legacy filters", &ssm.DescribeParametersInput{Filters: []types.ParametersFilter{{Key: types.ParametersFilterKeyName, Values: []string{"x"}}}}, "ValidationException"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.DescribeParameters(context.Background(), tt.input)

			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v, want a smithy.APIError", err)
			}
			if apiErr.ErrorCode() != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", apiErr.ErrorCode(), tt.wantCode)
			}
		})
	}
}
