package ssmlocal

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

func TestPersistenceRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "ssm.json")

	first, err := New(Options{Path: path})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mustPut(t, first, "/app/plain", "plain-value", false)
	mustPut(t, first, "/app/secret", "secret-value", true)
	mustPut(t, first, "/app/secret", "secret-value-2", true)
	mustPut(t, first, "/app/gone", "v", false)

	if _, apiErr := first.deleteParameter(&deleteParameterRequest{Name: aws.String("/app/gone")}); apiErr != nil {
		t.Fatalf("deleteParameter: %v", apiErr)
	}

	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("file mode = %o, want 600", mode)
	}

	second, err := New(Options{Path: path})
	if err != nil {
		t.Fatalf("New from file: %v", err)
	}
	client := newClient(t, serve(t, second))

	out, err := client.GetParametersByPath(context.Background(), &ssm.GetParametersByPathInput{
		Path:           aws.String("/app"),
		WithDecryption: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("GetParametersByPath: %v", err)
	}

	got := make(map[string]types.Parameter)
	for _, p := range out.Parameters {
		got[aws.ToString(p.Name)] = p
	}
	if len(got) != 2 {
		t.Fatalf("got %d parameters, want 2: %v", len(got), got)
	}

	secret := got["/app/secret"]
	if aws.ToString(secret.Value) != "secret-value-2" {
		t.Errorf("secret Value = %q, want secret-value-2", aws.ToString(secret.Value))
	}
	if secret.Version != 2 {
		t.Errorf("secret Version = %d, want 2", secret.Version)
	}
	if secret.Type != types.ParameterTypeSecureString {
		t.Errorf("secret Type = %q, want SecureString", secret.Type)
	}
	if aws.ToString(got["/app/plain"].Value) != "plain-value" {
		t.Errorf("plain Value = %q, want plain-value", aws.ToString(got["/app/plain"].Value))
	}
}

func TestPersistenceLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	srv, err := New(Options{Path: filepath.Join(dir, "ssm.json")})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	for range 5 {
		mustPut(t, srv, "/app/a", "v", false)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("ReadDir: %v", err)
	}
	if len(entries) != 1 || entries[0].Name() != "ssm.json" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory contains %v, want only ssm.json", names)
	}
}

func TestNewRejectsBadFile(t *testing.T) {
	tests := []struct {
		name     string
		contents string
		wantText string
	}{
		{"not JSON", "{", "parse"},
		{"invalid name", `{"parameters":[{"name":"bad name","type":"String","value":"v","version":1}]}`, "bad name"},
		{"invalid type", `{"parameters":[{"name":"/a","type":"Number","value":"v","version":1}]}`, "Number"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ssm.json")
			if err := os.WriteFile(path, []byte(tt.contents), 0o600); err != nil {
				t.Fatalf("WriteFile: %v", err)
			}

			_, err := New(Options{Path: path})
			if err == nil {
				t.Fatal("New succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantText)
			}
		})
	}
}

func TestSaveFailureKeepsOldState(t *testing.T) {
	dir := t.TempDir()
	srv, err := New(Options{Path: filepath.Join(dir, "ssm.json")})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mustPut(t, srv, "/app/a", "old", false)

	// A missing directory makes the temporary file impossible to create.
	srv.path = filepath.Join(dir, "missing", "ssm.json")
	if err := srv.Put("/app/a", "new", false); err == nil {
		t.Fatal("Put succeeded, want a save error")
	}

	if got := srv.params["/app/a"].Value; got != "old" {
		t.Errorf("Value after failed save = %q, want old", got)
	}
}

// serve starts an httptest server for srv and returns its URL.
func serve(t *testing.T, srv *Server) string {
	t.Helper()

	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}
