package ssmlocal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

func TestGetParameter(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	mustPut(t, srv, "/app/plain", "plain-value", false)
	mustPut(t, srv, "/app/secret", "secret-value", true)

	tests := []struct {
		name           string
		parameter      string
		withDecryption bool
		wantValue      string
		wantType       types.ParameterType
	}{
		{"String", "/app/plain", false, "plain-value", types.ParameterTypeString},
		{"String with decryption", "/app/plain", true, "plain-value", types.ParameterTypeString},
		{"SecureString with decryption", "/app/secret", true, "secret-value", types.ParameterTypeSecureString},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.GetParameter(context.Background(), &ssm.GetParameterInput{
				Name:           aws.String(tt.parameter),
				WithDecryption: aws.Bool(tt.withDecryption),
			})
			if err != nil {
				t.Fatalf("GetParameter: %v", err)
			}

			got := out.Parameter
			if aws.ToString(got.Value) != tt.wantValue {
				t.Errorf("Value = %q, want %q", aws.ToString(got.Value), tt.wantValue)
			}
			if got.Type != tt.wantType {
				t.Errorf("Type = %q, want %q", got.Type, tt.wantType)
			}
			if got.Version != 1 {
				t.Errorf("Version = %d, want 1", got.Version)
			}
			if !aws.ToTime(got.LastModifiedDate).Equal(fixedTime) {
				t.Errorf("LastModifiedDate = %v, want %v", aws.ToTime(got.LastModifiedDate), fixedTime)
			}
			wantARN := "arn:aws:ssm:us-east-1:000000000000:parameter" + tt.parameter
			if aws.ToString(got.ARN) != wantARN {
				t.Errorf("ARN = %q, want %q", aws.ToString(got.ARN), wantARN)
			}
		})
	}
}

func TestGetParameterSecureWithoutDecryption(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	mustPut(t, srv, "/app/secret", "secret-value", true)

	out, err := client.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/app/secret")})
	if err != nil {
		t.Fatalf("GetParameter: %v", err)
	}

	got := aws.ToString(out.Parameter.Value)
	if got == "" {
		t.Error("Value is empty, want a placeholder")
	}
	if strings.Contains(got, "secret-value") {
		t.Errorf("Value %q contains the secret", got)
	}
}

func TestGetParameterErrors(t *testing.T) {
	_, url := newTestServer(t)
	client := newClient(t, url)

	tests := []struct {
		name      string
		parameter string
		wantCode  string
	}{
		{"missing parameter", "/app/missing", "ParameterNotFound"},
		{"invalid character", "/app/has space", "ValidationException"},
		{"hierarchy without leading slash", "app/name", "ValidationException"},
		{"empty level", "/app//name", "ValidationException"},
		{"aws prefix", "/AWS/thing", "ParameterPatternMismatchException"},
		{"ssm prefix", "ssmthing", "ParameterPatternMismatchException"},
		{"version selector", "/app/name:3", "ValidationException"},
		{"too deep", strings.Repeat("/a", 16), "HierarchyLevelLimitExceededException"},
		{"too long", "/" + strings.Repeat("a", 1000), "ValidationException"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String(tt.parameter)})

			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v, want a smithy.APIError", err)
			}
			if apiErr.ErrorCode() != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q (message %q)", apiErr.ErrorCode(), tt.wantCode, apiErr.ErrorMessage())
			}
		})
	}
}

func TestGetParameterNotFoundType(t *testing.T) {
	_, url := newTestServer(t)
	client := newClient(t, url)

	_, err := client.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/app/missing")})

	var notFound *types.ParameterNotFound
	if !errors.As(err, &notFound) {
		t.Fatalf("error = %v, want *types.ParameterNotFound", err)
	}
	if !strings.Contains(notFound.ErrorMessage(), "/app/missing") {
		t.Errorf("message = %q, want it to name /app/missing", notFound.ErrorMessage())
	}
}

func TestGetParameterNameLengthLimit(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)

	// The ARN prefix "arn:aws:ssm:us-east-1:000000000000:parameter/" is 45
	// characters, and the name's leading "/" is not repeated after it.
	longest := "/a/" + strings.Repeat("b", 1011-45-2)
	mustPut(t, srv, longest, "v", false)

	_, err := client.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String(longest)})
	if err != nil {
		t.Errorf("GetParameter of a %d-character name: %v", len(longest), err)
	}

	if err := srv.Put(longest+"b", "v", false); err == nil {
		t.Errorf("Put of a %d-character name succeeded, want an error", len(longest)+1)
	}
}

func TestGetParameters(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	mustPut(t, srv, "/app/one", "1", false)
	mustPut(t, srv, "/app/two", "2", true)

	out, err := client.GetParameters(context.Background(), &ssm.GetParametersInput{
		Names:          []string{"/app/one", "/app/missing", "/app/two", "bad name"},
		WithDecryption: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("GetParameters: %v", err)
	}

	var gotValues []string
	for _, p := range out.Parameters {
		gotValues = append(gotValues, aws.ToString(p.Name)+"="+aws.ToString(p.Value))
	}
	wantValues := []string{"/app/one=1", "/app/two=2"}
	if !slices.Equal(gotValues, wantValues) {
		t.Errorf("Parameters = %v, want %v", gotValues, wantValues)
	}

	wantInvalid := []string{"/app/missing", "bad name"}
	if !slices.Equal(out.InvalidParameters, wantInvalid) {
		t.Errorf("InvalidParameters = %v, want %v", out.InvalidParameters, wantInvalid)
	}
}

func TestGetParametersTooManyNames(t *testing.T) {
	_, url := newTestServer(t)
	client := newClient(t, url)

	names := make([]string, 11)
	for i := range names {
		names[i] = fmt.Sprintf("/app/p%d", i)
	}
	_, err := client.GetParameters(context.Background(), &ssm.GetParametersInput{Names: names})

	var validation *types.ValidationException
	if !errors.As(err, &validation) {
		t.Errorf("error = %v, want *types.ValidationException", err)
	}
}

func TestGetParametersByPath(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	for _, name := range []string{"/app/a", "/app/b", "/app/sub/c", "/app/sub/deep/d", "/application/x", "/other/y", "toplevel"} {
		mustPut(t, srv, name, "value-of-"+name, name == "/app/b")
	}

	tests := []struct {
		name      string
		path      string
		recursive bool
		filters   []types.ParameterStringFilter
		want      []string
	}{
		{"one level", "/app", false, nil, []string{"/app/a", "/app/b"}},
		{"trailing slash", "/app/", false, nil, []string{"/app/a", "/app/b"}},
		{"recursive", "/app", true, nil, []string{"/app/a", "/app/b", "/app/sub/c", "/app/sub/deep/d"}},
		{"nested path", "/app/sub", true, nil, []string{"/app/sub/c", "/app/sub/deep/d"}},
		{"root one level", "/", false, nil, nil},
		{"root recursive", "/", true, nil, []string{"/app/a", "/app/b", "/app/sub/c", "/app/sub/deep/d", "/application/x", "/other/y"}},
		{"no match", "/nothing", true, nil, nil},
		{"type filter", "/app", true, []types.ParameterStringFilter{{Key: aws.String("Type"), Values: []string{"SecureString"}}}, []string{"/app/b"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.GetParametersByPath(context.Background(), &ssm.GetParametersByPathInput{
				Path:             aws.String(tt.path),
				Recursive:        aws.Bool(tt.recursive),
				WithDecryption:   aws.Bool(true),
				ParameterFilters: tt.filters,
			})
			if err != nil {
				t.Fatalf("GetParametersByPath: %v", err)
			}

			var got []string
			for _, p := range out.Parameters {
				got = append(got, aws.ToString(p.Name))
				if want := "value-of-" + aws.ToString(p.Name); aws.ToString(p.Value) != want {
					t.Errorf("Value of %s = %q, want %q", aws.ToString(p.Name), aws.ToString(p.Value), want)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("names = %v, want %v", got, tt.want)
			}
			if out.NextToken != nil {
				t.Errorf("NextToken = %q, want nil", aws.ToString(out.NextToken))
			}
		})
	}
}

func TestGetParametersByPathPagination(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)

	var want []string
	for i := range 23 {
		name := fmt.Sprintf("/app/p%02d", i)
		mustPut(t, srv, name, "v", false)
		want = append(want, name)
	}

	tests := []struct {
		name       string
		maxResults *int32
		wantPages  int
	}{
		{"default page size", nil, 3},
		{"max results 4", aws.Int32(4), 6},
		{"max results 10", aws.Int32(10), 3},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paginator := ssm.NewGetParametersByPathPaginator(client, &ssm.GetParametersByPathInput{
				Path:       aws.String("/app"),
				MaxResults: tt.maxResults,
			})

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
			if pages != tt.wantPages {
				t.Errorf("pages = %d, want %d", pages, tt.wantPages)
			}
		})
	}
}

func TestGetParametersByPathErrors(t *testing.T) {
	_, url := newTestServer(t)
	client := newClient(t, url)

	tests := []struct {
		name     string
		input    *ssm.GetParametersByPathInput
		wantCode string
	}{
		{"relative path", &ssm.GetParametersByPathInput{Path: aws.String("app")}, "ValidationException"},
		{"max results 0", &ssm.GetParametersByPathInput{Path: aws.String("/app"), MaxResults: aws.Int32(0)}, "ValidationException"},
		{"max results 11", &ssm.GetParametersByPathInput{Path: aws.String("/app"), MaxResults: aws.Int32(11)}, "ValidationException"},
		{"bad token", &ssm.GetParametersByPathInput{Path: aws.String("/app"), NextToken: aws.String("%%%")}, "InvalidNextToken"},
		{"name filter", &ssm.GetParametersByPathInput{Path: aws.String("/app"), ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Name"), Values: []string{"/a"}}}}, "InvalidFilterKey"},
		{"bad type value", &ssm.GetParametersByPathInput{Path: aws.String("/app"), ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Type"), Values: []string{"Number"}}}}, "InvalidFilterValue"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.GetParametersByPath(context.Background(), tt.input)

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

func TestMissingAuthorization(t *testing.T) {
	_, url := newTestServer(t)
	client := ssm.New(ssm.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(url),
		Credentials:      aws.AnonymousCredentials{},
		RetryMaxAttempts: 1,
	})

	_, err := client.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/app/a")})

	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want a smithy.APIError", err)
	}
	if apiErr.ErrorCode() != "MissingAuthenticationTokenException" {
		t.Errorf("ErrorCode = %q, want MissingAuthenticationTokenException", apiErr.ErrorCode())
	}
}
