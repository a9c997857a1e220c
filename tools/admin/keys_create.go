package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/weather-portal/weather-portal/pkg/token"
)

// maxKeyBits is the largest RSA key that admin generates. The PKCS#8 PEM of
// a 4096-bit key is about 3.2 KB and fits the 4 KB value limit of a
// standard-tier parameter. An 8192-bit key would not.
const maxKeyBits = 4096

func keysCreate(ctx context.Context, a *app, args []string) error {
	flags := newCommandFlags("keys create", "", `
Generates the first RSA signing key, publishes it in auth/signing-keys/KID
and makes it active in auth/active-kid. KID is the key's RFC 7638
thumbprint. It fails when a key exists: use 'keys rotate' to add another.`)
	bits := flags.Int("bits", token.MinKeyBits, fmt.Sprintf("RSA key size in `bits`, %d to %d", token.MinKeyBits, maxKeyBits))
	if _, err := flags.parse(a, args, 0); err != nil {
		return err
	}
	if err := validateBits(*bits); err != nil {
		return err
	}

	keys, err := listKeys(ctx, a)
	if err != nil {
		return err
	}
	if len(keys) > 0 {
		return fmt.Errorf("%d signing key(s) already exist in %s/; add another with %s", len(keys), a.params.name(signingKeysPath), a.commandLine("keys rotate"))
	}

	key, err := publishNewKey(ctx, a, *bits)
	if err != nil {
		return err
	}

	if err := a.params.put(ctx, activeKidName, key.kid, true); err != nil {
		return fmt.Errorf("key %s is published but not active: %w; retry with %s", key.kid, err, a.commandLine("keys activate -force %s", positionalArg(key.kid)))
	}

	fmt.Fprintf(a.stdout, "Created %d-bit signing key %s in %s and made it active in %s.\n",
		*bits, key.kid, a.params.name(signingKeysPath+"/"+key.kid), a.params.name(activeKidName))
	return nil
}

func keysRotate(ctx context.Context, a *app, args []string) error {
	var times timing
	flags := newCommandFlags("keys rotate", "", `
Generates a new RSA signing key and publishes it in auth/signing-keys/KID
without activating it, so the JWKS lists it before any token carries its
signature. It prints the time from which 'keys activate KID' accepts it:
the publish time plus -param-cache-ttl plus -cache-ttl.`)
	bits := flags.Int("bits", token.MinKeyBits, fmt.Sprintf("RSA key size in `bits`, %d to %d", token.MinKeyBits, maxKeyBits))
	times.addActivationFlags(flags)
	if _, err := flags.parse(a, args, 0); err != nil {
		return err
	}
	if err := validateBits(*bits); err != nil {
		return err
	}
	if err := times.validate(); err != nil {
		return err
	}

	keys, err := listKeys(ctx, a)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return fmt.Errorf("no signing keys in %s/; create the first with %s", a.params.name(signingKeysPath), a.commandLine("keys create"))
	}

	key, err := publishNewKey(ctx, a, *bits)
	if err != nil {
		return err
	}

	readyAt := key.published.Add(times.activationDelay())
	fmt.Fprintf(a.stdout, "Published %d-bit signing key %s at %s. It is not active yet.\n", *bits, key.kid, formatTime(key.published))
	fmt.Fprintf(a.stdout, "The functions cache parameters for up to %s and API Gateway may cache the JWKS for up to %s,\n",
		formatDuration(times.paramCacheTTL), formatDuration(times.jwksCacheTTL))
	fmt.Fprintf(a.stdout, "so activate it at %s or later:\n", formatTime(readyAt))
	fmt.Fprintf(a.stdout, "  %s\n", a.plainCommandLine("keys activate %s", positionalArg(key.kid)))
	return nil
}

func validateBits(bits int) error {
	if bits < token.MinKeyBits || bits > maxKeyBits {
		return fmt.Errorf("invalid -bits %d: use %d to %d", bits, token.MinKeyBits, maxKeyBits)
	}
	return nil
}

// publishNewKey generates a key of bits and stores it under its kid. It
// returns the kid and the publish time that SSM recorded.
func publishNewKey(ctx context.Context, a *app, bits int) (keyInfo, error) {
	key, err := token.GenerateKey(bits)
	if err != nil {
		return keyInfo{}, err
	}
	pem, err := token.EncodePrivateKeyPEM(key)
	if err != nil {
		return keyInfo{}, err
	}

	relative := signingKeysPath + "/" + key.ID
	if err := a.params.put(ctx, relative, string(pem), false); err != nil {
		return keyInfo{}, fmt.Errorf("publish key %s: %w", key.ID, err)
	}

	// The publish time is SSM's LastModifiedDate, the same time that
	// 'keys activate' checks, rather than this machine's clock.
	metadata, err := a.params.describeOne(ctx, relative)
	if err != nil {
		return keyInfo{}, fmt.Errorf("key %s is published, but reading its publish time failed: %w; %s shows it", key.ID, err, a.commandLine("keys list"))
	}
	return keyInfo{kid: key.ID, published: aws.ToTime(metadata.LastModifiedDate)}, nil
}
