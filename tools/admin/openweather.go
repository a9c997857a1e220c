package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// openWeatherKeyName is the parameter that the weather function reads,
// relative to the stage prefix.
const openWeatherKeyName = "openweather/api-key"

// maxAPIKeyBytes is the longest API key accepted. OpenWeather keys are 32
// hexadecimal characters, so this is a local sanity bound.
const maxAPIKeyBytes = 256

func openWeatherSetKey(ctx context.Context, a *app, args []string) error {
	flags := newCommandFlags("openweather set-key", "", `
Stores the OpenWeather API key in openweather/api-key, replacing any earlier
key. The key is read from a prompt without echo, or from the first line of
stdin when stdin is not a terminal. Leading and trailing spaces are removed.`)
	if _, err := flags.parse(a, args, 0); err != nil {
		return err
	}

	key, err := a.readSecretValue("OpenWeather API key")
	if err != nil {
		return err
	}
	key = strings.TrimSpace(key)
	if err := validateAPIKey(key); err != nil {
		return err
	}

	if err := a.params.put(ctx, openWeatherKeyName, key, true); err != nil {
		return fmt.Errorf("store the OpenWeather API key: %w", err)
	}
	fmt.Fprintf(a.stdout, "Stored the OpenWeather API key in %s; %s.\n", a.params.name(openWeatherKeyName), strings.Replace(cacheNote, "login reads", "the weather function reads", 1))
	return nil
}

// validateAPIKey rejects an empty key, an overlong one, and one with spaces
// or control characters. Errors never contain the key.
func validateAPIKey(key string) error {
	if key == "" {
		return errors.New("the OpenWeather API key is empty")
	}
	if len(key) > maxAPIKeyBytes {
		return fmt.Errorf("the OpenWeather API key is %d bytes; the maximum is %d", len(key), maxAPIKeyBytes)
	}
	if strings.IndexFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return errors.New("the OpenWeather API key contains a space or control character; paste only the key")
	}
	return nil
}
