package token

import (
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"sort"
)

// JWK is the public half of an RSA signing key as RFC 7517 and RFC 7518
// describe it.
type JWK struct {
	KeyType   string `json:"kty"`
	Use       string `json:"use,omitempty"`
	Algorithm string `json:"alg,omitempty"`
	KeyID     string `json:"kid"`
	Modulus   string `json:"n"`
	Exponent  string `json:"e"`
}

// JWKS is a JSON Web Key Set, served at /.well-known/jwks.json.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// NewJWKS returns the public keys of keys, sorted by key id so the document is
// stable across calls.
func NewJWKS(keys []Key) JWKS {
	set := JWKS{Keys: make([]JWK, 0, len(keys))}
	for _, key := range keys {
		public := key.Private.PublicKey
		set.Keys = append(set.Keys, JWK{
			KeyType:   "RSA",
			Use:       "sig",
			Algorithm: Algorithm,
			KeyID:     key.ID,
			Modulus:   encodeBigInt(public.N),
			Exponent:  encodeBigInt(big.NewInt(int64(public.E))),
		})
	}

	sort.Slice(set.Keys, func(i, j int) bool { return set.Keys[i].KeyID < set.Keys[j].KeyID })
	return set
}

// PublicKey decodes the JWK into an RSA public key. It rejects keys that are
// not RSA, are marked for a use other than signing, or are shorter than
// MinKeyBits.
func (k JWK) PublicKey() (*rsa.PublicKey, error) {
	if k.KeyType != "RSA" {
		return nil, fmt.Errorf("jwk %q: key type %q is not RSA", k.KeyID, k.KeyType)
	}
	if k.Use != "" && k.Use != "sig" {
		return nil, fmt.Errorf("jwk %q: use %q is not sig", k.KeyID, k.Use)
	}

	modulusBytes, err := base64.RawURLEncoding.DecodeString(k.Modulus)
	if err != nil {
		return nil, fmt.Errorf("jwk %q: invalid modulus: %w", k.KeyID, err)
	}
	exponentBytes, err := base64.RawURLEncoding.DecodeString(k.Exponent)
	if err != nil {
		return nil, fmt.Errorf("jwk %q: invalid exponent: %w", k.KeyID, err)
	}

	modulus := new(big.Int).SetBytes(modulusBytes)
	exponent := new(big.Int).SetBytes(exponentBytes)
	if modulus.BitLen() < MinKeyBits {
		return nil, fmt.Errorf("jwk %q: %d bits: %w", k.KeyID, modulus.BitLen(), ErrWeakKey)
	}
	if !exponent.IsInt64() || exponent.Int64() < 3 || exponent.Int64() > 1<<31-1 {
		return nil, errors.New("jwk " + k.KeyID + ": exponent out of range")
	}

	return &rsa.PublicKey{N: modulus, E: int(exponent.Int64())}, nil
}

// Find returns the key with id kid, or false when the set has none.
func (s JWKS) Find(kid string) (JWK, bool) {
	for _, key := range s.Keys {
		if key.KeyID == kid {
			return key, true
		}
	}
	return JWK{}, false
}
