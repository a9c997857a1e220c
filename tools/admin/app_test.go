package main

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weather-portal/weather-portal/tools/internal/ssmlocal"
)

func TestCommandHelp(t *testing.T) {
	for _, cmd := range commands {
		t.Run(cmd.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}

			err := a.run(context.Background(), append(strings.Fields(cmd.name), "-h"))

			if err != nil {
				t.Fatalf("%s -h: %v", cmd.name, err)
			}
			want := strings.TrimSpace("usage: admin [-stage STAGE] " + cmd.name + " " + cmd.args)
			if !strings.HasPrefix(stdout.String(), want) {
				t.Errorf("help = %q, want it to start with %q", stdout.String(), want)
			}
			if strings.Contains(stdout.String(), "duration") && !strings.Contains(stdout.String(), "such as") {
				t.Errorf("help = %q, want an example for every duration flag", stdout.String())
			}
			if stderr.Len() != 0 {
				t.Errorf("stderr = %q, want nothing", stderr.String())
			}
		})
	}
}

func TestTopLevelHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"help"}, {}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout bytes.Buffer
			a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &bytes.Buffer{}}

			if err := a.run(context.Background(), args); err != nil {
				t.Fatalf("run: %v", err)
			}
			for _, cmd := range commands {
				if !strings.Contains(stdout.String(), cmd.name) {
					t.Errorf("help does not list %q", cmd.name)
				}
			}
			if !strings.Contains(stdout.String(), "-stage stage") {
				t.Errorf("help = %q, want the global flags", stdout.String())
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"users", "delete", "alice"}, `unknown command "users delete"`},
		{"missing subcommand", []string{"keys"}, `missing subcommand after "keys"`},
		{"invalid stage", []string{"-stage", "../prod", "users", "list"}, `invalid stage "../prod"`},
		{"unknown global flag", []string{"-profile", "x", "users", "list"}, "flag provided but not defined: -profile"},
		{"unknown command flag", []string{"keys", "list", "-verbose"}, "Run 'admin keys list -h' for usage."},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			got := env.run(t, "", tt.args...)

			wantErrorContaining(t, got.err, tt.want)
			var usage *usageError
			if !errors.As(got.err, &usage) {
				t.Errorf("error %v is not a usage error, want exit status 2", got.err)
			}
		})
	}
}

// clearAWSEnvironment points the AWS SDK's configuration at empty files and
// turns off the instance metadata lookup, so only the variables that the
// test sets apply.
func clearAWSEnvironment(t *testing.T) {
	t.Helper()

	empty := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(empty, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(empty, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDADMINTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "admin-test-secret")
}

func TestRunLoadsDefaultConfig(t *testing.T) {
	server, err := ssmlocal.New(ssmlocal.Options{})
	if err != nil {
		t.Fatalf("ssmlocal.New: %v", err)
	}
	ts := httptest.NewServer(server)
	t.Cleanup(ts.Close)
	clearAWSEnvironment(t)
	t.Setenv("AWS_ENDPOINT_URL_SSM", ts.URL)

	tests := []struct {
		name      string
		region    string
		args      []string
		wantError string
	}{
		{"region flag", "", []string{"-region", "eu-west-1", "-stage", "prod", "openweather", "set-key"}, ""},
		{"AWS_REGION", "eu-west-1", []string{"-stage", "prod", "openweather", "set-key"}, ""},
		{"no region", "", []string{"-stage", "prod", "openweather", "set-key"}, "no AWS region: pass -region, set AWS_REGION"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_REGION", tt.region)
			var stdout, stderr bytes.Buffer

			err := run(context.Background(), tt.args, strings.NewReader("0123456789abcdef0123456789abcdef\n"), &stdout, &stderr)

			if tt.wantError != "" {
				wantErrorContaining(t, err, tt.wantError)
				return
			}
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if want := "Stored the OpenWeather API key in /weather-portal/prod/openweather/api-key"; !strings.Contains(stdout.String(), want) {
				t.Errorf("stdout = %q, want it to contain %q", stdout.String(), want)
			}
		})
	}
}

func TestNoSecretInOutput(t *testing.T) {
	env := newTestEnv(t)
	const (
		password    = "first-secret-password"
		newPassword = "second-secret-password"
		apiKey      = "0123456789abcdef0123456789abcdef"
	)

	env.mustRun(t, password+"\n", "users", "add", "alice")
	env.runPrompted(t, &scriptedPrompter{answers: []string{newPassword, newPassword + "x"}}, "users", "passwd", "alice")
	env.runPrompted(t, &scriptedPrompter{answers: []string{newPassword, newPassword}}, "users", "passwd", "alice")
	env.run(t, password+"\n", "users", "add", "alice")
	env.mustRun(t, "", "users", "list")
	env.mustRun(t, "", "users", "disable", "alice")
	env.mustRun(t, apiKey+"\n", "openweather", "set-key")
	env.run(t, apiKey+" "+apiKey+"\n", "openweather", "set-key")

	first, second := createAndRotate(t, env)
	pems := []string{env.mustGet(t, "auth/signing-keys/"+first), env.mustGet(t, "auth/signing-keys/"+second)}
	hash := env.mustGet(t, "users/alice")
	env.mustRun(t, "", "keys", "list")
	env.run(t, "", "keys", "activate", "--", second)
	env.mustRun(t, "", "keys", "activate", "-force", "--", second)
	env.run(t, "", "keys", "retire", "--", first)
	env.mustRun(t, "", "keys", "retire", "-force", "--", first)

	secrets := []string{password, newPassword, apiKey, "PRIVATE KEY", "$2a$", "$2b$", hash}
	for _, pem := range pems {
		lines := strings.Split(pem, "\n")
		secrets = append(secrets, lines[1], lines[len(lines)/2])
	}

	output := env.output.String()
	if !strings.Contains(output, "Retired key "+first) {
		t.Fatalf("the session did not run to the end; output:\n%s", output)
	}
	for _, secret := range secrets {
		if strings.Contains(output, secret) {
			t.Errorf("output contains the secret %.12q…", secret)
		}
	}
}
