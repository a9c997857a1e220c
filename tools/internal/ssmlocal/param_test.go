package ssmlocal_test

import (
	"context"
	"errors"
	"maps"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/weather-portal/weather-portal/pkg/param"
	"github.com/weather-portal/weather-portal/tools/internal/ssmlocal"
)

const testPrefix = "/weather-portal/dev"

// TestParamStoreWithSSMLocal drives a param.Store through the real SDK
// client, built by param.LoadSSMClient from environment variables, against
// ssmlocal. It lives here because pkg/param can't import an internal package
// of tools.
func TestParamStoreWithSSMLocal(t *testing.T) {
	server, err := ssmlocal.New(ssmlocal.Options{})
	if err != nil {
		t.Fatalf("ssmlocal.New: %v", err)
	}
	ts := httptest.NewServer(server)
	t.Cleanup(ts.Close)

	seed := []struct {
		name   string
		value  string
		secure bool
	}{
		{testPrefix + "/openweather/api-key", "ow-key", true},
		{testPrefix + "/auth/active-kid", "k2", false},
		{testPrefix + "/auth/signing-keys/k1", "pem-1", true},
		{testPrefix + "/auth/signing-keys/k2", "pem-2", true},
	}
	for _, p := range seed {
		if err := server.Put(p.name, p.value, p.secure); err != nil {
			t.Fatalf("Put %s: %v", p.name, err)
		}
	}

	empty := t.TempDir()
	t.Setenv("AWS_ENDPOINT_URL_SSM", ts.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDLOCALTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "local-test-secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(empty, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(empty, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_XRAY_SDK_DISABLED", "true")

	ctx := context.Background()
	client, err := param.LoadSSMClient(ctx)
	if err != nil {
		t.Fatalf("LoadSSMClient: %v", err)
	}
	store := param.New(client, testPrefix)

	got, err := store.Get(ctx, "openweather/api-key")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got != "ow-key" {
		t.Errorf("Get = %q, want the decrypted value ow-key", got)
	}

	keys, err := store.GetByPath(ctx, "auth/signing-keys")
	if err != nil {
		t.Fatalf("GetByPath: %v", err)
	}
	if want := map[string]string{"k1": "pem-1", "k2": "pem-2"}; !maps.Equal(keys, want) {
		t.Errorf("GetByPath = %v, want %v", keys, want)
	}

	_, err = store.Get(ctx, "users/nobody")
	if !errors.Is(err, param.ErrNotFound) {
		t.Errorf("Get of a missing parameter error = %v, want ErrNotFound", err)
	}
}
