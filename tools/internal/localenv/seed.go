package localenv

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/weather-portal/weather-portal/pkg/token"
	"github.com/weather-portal/weather-portal/pkg/user"
)

// sampleAPIKey is the key that the fake OpenWeather server accepts.
const sampleAPIKey = "local-sample-key"

// devUsername is the user created on the first run.
const devUsername = "dev"

// Seeded reports what a start created. Password is empty when the user
// already existed or its password came from Options.DevPassword.
type Seeded struct {
	Username string
	Password string
}

// seed creates what the functions need in the local SSM store, through the
// same SSM API that the admin tooling uses: a signing key and the active key
// id, a dev user, and the OpenWeather key for this run.
func seed(ctx context.Context, endpoint, prefix string, opts Options) (Seeded, error) {
	client := ssm.New(ssm.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})

	existing, err := listNames(ctx, client, prefix)
	if err != nil {
		return Seeded{}, fmt.Errorf("seed local SSM: %w", err)
	}

	if !hasPrefix(existing, prefix+"/auth/signing-keys/") {
		key, err := token.GenerateKey(2048)
		if err != nil {
			return Seeded{}, fmt.Errorf("seed local SSM: %w", err)
		}
		pem, err := token.EncodePrivateKeyPEM(key)
		if err != nil {
			return Seeded{}, fmt.Errorf("seed local SSM: %w", err)
		}
		if err := put(ctx, client, prefix+"/auth/signing-keys/"+key.ID, string(pem)); err != nil {
			return Seeded{}, err
		}
		if err := put(ctx, client, prefix+"/auth/active-kid", key.ID); err != nil {
			return Seeded{}, err
		}
		opts.Logger.Info("created signing key", "kid", key.ID)
	}

	var created Seeded
	if !hasPrefix(existing, prefix+"/users/") {
		password := opts.DevPassword
		if password == "" {
			password = randomPassword()
			created = Seeded{Username: devUsername, Password: password}
		}
		hash, err := user.HashPassword(password)
		if err != nil {
			return Seeded{}, fmt.Errorf("seed local SSM: DEV_PASSWORD: %w", err)
		}
		record, err := json.Marshal(user.User{PasswordHash: hash, Name: "Dev User", Scopes: []string{"weather:read"}})
		if err != nil {
			return Seeded{}, fmt.Errorf("seed local SSM: %w", err)
		}
		if err := put(ctx, client, prefix+"/users/"+devUsername, string(record)); err != nil {
			return Seeded{}, err
		}
		opts.Logger.Info("created user", "username", devUsername)
	}

	apiKey := opts.OpenWeatherKey
	if apiKey == "" {
		apiKey = sampleAPIKey
	}
	if err := put(ctx, client, prefix+"/openweather/api-key", apiKey); err != nil {
		return Seeded{}, err
	}
	return created, nil
}

func listNames(ctx context.Context, client *ssm.Client, prefix string) ([]string, error) {
	var names []string
	paginator := ssm.NewGetParametersByPathPaginator(client, &ssm.GetParametersByPathInput{
		Path:      aws.String(prefix),
		Recursive: aws.Bool(true),
	})
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", prefix, err)
		}
		for _, parameter := range page.Parameters {
			names = append(names, aws.ToString(parameter.Name))
		}
	}
	return names, nil
}

func put(ctx context.Context, client *ssm.Client, name, value string) error {
	_, err := client.PutParameter(ctx, &ssm.PutParameterInput{
		Name:      aws.String(name),
		Value:     aws.String(value),
		Type:      types.ParameterTypeSecureString,
		Overwrite: aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("put %s: %w", name, err)
	}
	return nil
}

func hasPrefix(names []string, prefix string) bool {
	for _, name := range names {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// randomPassword returns 26 random base32 characters (130 bits).
func randomPassword() string {
	return rand.Text()
}
