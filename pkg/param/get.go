package param

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// maxPages bounds the GetParametersByPath calls of one GetByPath, so that an
// endpoint that keeps returning a NextToken cannot loop forever. At 10
// parameters per page it allows 10,000 parameters.
const maxPages = 1000

// Get returns the decrypted value of name, which is relative to the prefix:
// "openweather/api-key" reads "<prefix>/openweather/api-key".
//
// Values and "not found" results are cached for the TTL. A missing parameter
// returns an error wrapping ErrNotFound, an invalid name one wrapping
// ErrInvalidName. Other failures, including the per-call timeout
// (context.DeadlineExceeded), are returned as "param: get NAME: cause". Get
// adds no parameter value to its errors.
func (s *Store) Get(ctx context.Context, name string) (string, error) {
	full, err := s.fullName(name)
	if err != nil {
		return "", fmt.Errorf("param: get: %w", err)
	}

	key := "get " + full
	if e, ok := s.lookup(key); ok {
		if e.notFound {
			return "", fmt.Errorf("param: get %s: %w", full, ErrNotFound)
		}
		return e.value, nil
	}

	e, err := s.share(ctx, key, func(ctx context.Context) (entry, error) {
		return s.fetchOne(ctx, full)
	})
	if err != nil {
		return "", fmt.Errorf("param: get %s: %w", full, err)
	}

	if e.notFound {
		return "", fmt.Errorf("param: get %s: %w", full, ErrNotFound)
	}
	return e.value, nil
}

// GetByPath returns the decrypted values of every parameter below path,
// which is relative to the prefix, at any depth. The map keys are relative to
// path: for path "auth/signing-keys", "<prefix>/auth/signing-keys/k1" has key
// "k1". An empty path reads the whole prefix. No parameters is an empty map
// and not an error.
//
// Results are cached for the TTL, and the caller may change the returned map.
// Failures are returned as "param: get path PATH: cause".
func (s *Store) GetByPath(ctx context.Context, path string) (map[string]string, error) {
	full, err := s.fullPath(path)
	if err != nil {
		return nil, fmt.Errorf("param: get path: %w", err)
	}

	key := "path " + full
	if e, ok := s.lookup(key); ok {
		return maps.Clone(e.values), nil
	}

	e, err := s.share(ctx, key, func(ctx context.Context) (entry, error) {
		return s.fetchPath(ctx, full)
	})
	if err != nil {
		return nil, fmt.Errorf("param: get path %s: %w", full, err)
	}
	return maps.Clone(e.values), nil
}

// share runs fetch once for all concurrent callers with the same key and
// caches its result. fetch gets a context that is not canceled with the
// caller's, because other callers may be waiting on it. Each caller still
// stops waiting when its own ctx ends.
func (s *Store) share(ctx context.Context, key string, fetch func(context.Context) (entry, error)) (entry, error) {
	results := s.flights.DoChan(key, func() (any, error) {
		e, err := fetch(context.WithoutCancel(ctx))
		if err != nil {
			return entry{}, err
		}

		s.remember(key, e)
		return e, nil
	})

	select {
	case result := <-results:
		if result.Err != nil {
			return entry{}, result.Err
		}
		return result.Val.(entry), nil
	case <-ctx.Done():
		return entry{}, ctx.Err()
	}
}

// fetchOne reads one parameter. A missing parameter is a notFound entry, so
// that it is cached.
func (s *Store) fetchOne(ctx context.Context, full string) (entry, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()

	out, err := s.api.GetParameter(ctx, &ssm.GetParameterInput{
		Name:           aws.String(full),
		WithDecryption: aws.Bool(true),
	})

	var notFound *types.ParameterNotFound
	if errors.As(err, &notFound) {
		return entry{notFound: true}, nil
	}
	if err != nil {
		return entry{}, err
	}

	if out.Parameter == nil || out.Parameter.Value == nil {
		return entry{}, errors.New("SSM returned no value")
	}
	return entry{value: *out.Parameter.Value}, nil
}

// fetchPath reads every page of the parameters below full.
func (s *Store) fetchPath(ctx context.Context, full string) (entry, error) {
	values := make(map[string]string)
	prefix := strings.TrimSuffix(full, "/") + "/"

	var token *string
	for range maxPages {
		out, err := s.fetchPage(ctx, full, token)
		if err != nil {
			return entry{}, err
		}

		for _, p := range out.Parameters {
			name := aws.ToString(p.Name)
			relative, ok := strings.CutPrefix(name, prefix)
			if !ok || relative == "" {
				return entry{}, fmt.Errorf("SSM returned parameter %s, which is not below %s", name, full)
			}
			values[relative] = aws.ToString(p.Value)
		}

		token = out.NextToken
		if aws.ToString(token) == "" {
			return entry{values: values}, nil
		}
	}

	return entry{}, fmt.Errorf("more than %d pages of parameters", maxPages)
}

func (s *Store) fetchPage(ctx context.Context, full string, token *string) (*ssm.GetParametersByPathOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()

	return s.api.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{
		Path:           aws.String(full),
		Recursive:      aws.Bool(true),
		WithDecryption: aws.Bool(true),
		NextToken:      token,
	})
}
