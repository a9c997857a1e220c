package ssmlocal

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

func TestPutParameterVersions(t *testing.T) {
	_, url := newTestServer(t)
	client := newClient(t, url)
	ctx := context.Background()

	first, err := client.PutParameter(ctx, &ssm.PutParameterInput{
		Name:  aws.String("/app/list"),
		Value: aws.String("a,b,c"),
		Type:  types.ParameterTypeStringList,
	})
	if err != nil {
		t.Fatalf("PutParameter: %v", err)
	}
	if first.Version != 1 {
		t.Errorf("first Version = %d, want 1", first.Version)
	}
	if first.Tier != types.ParameterTierStandard {
		t.Errorf("Tier = %q, want Standard", first.Tier)
	}

	_, err = client.PutParameter(ctx, &ssm.PutParameterInput{
		Name:  aws.String("/app/list"),
		Value: aws.String("d"),
		Type:  types.ParameterTypeStringList,
	})
	var exists *types.ParameterAlreadyExists
	if !errors.As(err, &exists) {
		t.Fatalf("second PutParameter error = %v, want *types.ParameterAlreadyExists", err)
	}

	second, err := client.PutParameter(ctx, &ssm.PutParameterInput{
		Name:      aws.String("/app/list"),
		Value:     aws.String("d,e"),
		Overwrite: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("PutParameter with Overwrite: %v", err)
	}
	if second.Version != 2 {
		t.Errorf("Version after overwrite = %d, want 2", second.Version)
	}

	got, err := client.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/list")})
	if err != nil {
		t.Fatalf("GetParameter: %v", err)
	}
	if aws.ToString(got.Parameter.Value) != "d,e" {
		t.Errorf("Value = %q, want %q", aws.ToString(got.Parameter.Value), "d,e")
	}
	if got.Parameter.Type != types.ParameterTypeStringList {
		t.Errorf("Type = %q, want StringList kept from version 1", got.Parameter.Type)
	}
}

func TestPutParameterErrors(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	mustPut(t, srv, "/app/existing", "v", false)

	tests := []struct {
		name     string
		input    *ssm.PutParameterInput
		wantCode string
	}{
		{"missing type", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String("v")}, "ValidationException"},
		{"invalid type", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String("v"), Type: "Number"}, "ValidationException"},
		{"empty value", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String(""), Type: types.ParameterTypeString}, "ValidationException"},
		{"standard value too long", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String(strings.Repeat("x", 4097)), Type: types.ParameterTypeString}, "ValidationException"},
		{"advanced value too long", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String(strings.Repeat("x", 8193)), Type: types.ParameterTypeString, Tier: types.ParameterTierAdvanced}, "ValidationException"},
		{"parameter reference", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String("{{ssm:/app/existing}}"), Type: types.ParameterTypeString}, "ValidationException"},
		{"key id on String", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String("v"), Type: types.ParameterTypeString, KeyId: aws.String("alias/mine")}, "ValidationException"},
		{"tags with overwrite", &ssm.PutParameterInput{Name: aws.String("/app/existing"), Value: aws.String("v"), Overwrite: aws.Bool(true), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}, "ValidationException"},
		{"invalid allowed pattern", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String("v"), Type: types.ParameterTypeString, AllowedPattern: aws.String("(")}, "InvalidAllowedPatternException"},
		{"value fails allowed pattern", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String("abc"), Type: types.ParameterTypeString, AllowedPattern: aws.String(`^\d+$`)}, "ParameterPatternMismatchException"},
		{"unsupported data type", &ssm.PutParameterInput{Name: aws.String("/app/new"), Value: aws.String("ami-1"), Type: types.ParameterTypeString, DataType: aws.String("aws:ec2:image")}, "ValidationException"},
		{"invalid name", &ssm.PutParameterInput{Name: aws.String("/app/bad*name"), Value: aws.String("v"), Type: types.ParameterTypeString}, "ValidationException"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.PutParameter(context.Background(), tt.input)

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

func TestPutParameterAdvancedTier(t *testing.T) {
	_, url := newTestServer(t)
	client := newClient(t, url)

	out, err := client.PutParameter(context.Background(), &ssm.PutParameterInput{
		Name:  aws.String("/app/big"),
		Value: aws.String(strings.Repeat("x", 5000)),
		Type:  types.ParameterTypeString,
		Tier:  types.ParameterTierIntelligentTiering,
	})
	if err != nil {
		t.Fatalf("PutParameter: %v", err)
	}
	if out.Tier != types.ParameterTierAdvanced {
		t.Errorf("Tier = %q, want Advanced", out.Tier)
	}
}

func TestDeleteParameter(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	ctx := context.Background()
	mustPut(t, srv, "/app/a", "v", false)

	if _, err := client.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/app/a")}); err != nil {
		t.Fatalf("DeleteParameter: %v", err)
	}

	_, err := client.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/a")})
	var notFound *types.ParameterNotFound
	if !errors.As(err, &notFound) {
		t.Errorf("GetParameter after delete error = %v, want *types.ParameterNotFound", err)
	}

	_, err = client.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/app/a")})
	if !errors.As(err, &notFound) {
		t.Errorf("second DeleteParameter error = %v, want *types.ParameterNotFound", err)
	}
}

func TestDeleteParameters(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	ctx := context.Background()
	mustPut(t, srv, "/app/a", "v", false)
	mustPut(t, srv, "/app/b", "v", true)
	mustPut(t, srv, "/app/keep", "v", false)

	out, err := client.DeleteParameters(ctx, &ssm.DeleteParametersInput{Names: []string{"/app/a", "/app/missing", "/app/b"}})
	if err != nil {
		t.Fatalf("DeleteParameters: %v", err)
	}

	if want := []string{"/app/a", "/app/b"}; !slices.Equal(out.DeletedParameters, want) {
		t.Errorf("DeletedParameters = %v, want %v", out.DeletedParameters, want)
	}
	if want := []string{"/app/missing"}; !slices.Equal(out.InvalidParameters, want) {
		t.Errorf("InvalidParameters = %v, want %v", out.InvalidParameters, want)
	}

	left, err := client.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/app")})
	if err != nil {
		t.Fatalf("GetParametersByPath: %v", err)
	}
	if len(left.Parameters) != 1 || aws.ToString(left.Parameters[0].Name) != "/app/keep" {
		t.Errorf("remaining parameters = %+v, want only /app/keep", left.Parameters)
	}
}

func TestConcurrentPuts(t *testing.T) {
	srv, url := newTestServer(t)
	client := newClient(t, url)
	mustPut(t, srv, "/app/counter", "0", false)

	const writers = 20
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for range writers {
		wg.Go(func() {
			_, err := client.PutParameter(context.Background(), &ssm.PutParameterInput{
				Name:      aws.String("/app/counter"),
				Value:     aws.String("x"),
				Overwrite: aws.Bool(true),
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)

	for err := range errs {
		if err != nil {
			t.Errorf("PutParameter: %v", err)
		}
	}

	out, err := client.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/app/counter")})
	if err != nil {
		t.Fatalf("GetParameter: %v", err)
	}
	if out.Parameter.Version != writers+1 {
		t.Errorf("Version = %d, want %d", out.Parameter.Version, writers+1)
	}
}
