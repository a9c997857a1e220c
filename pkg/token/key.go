// Package token issues and verifies the RS256 JSON Web Tokens that the login
// function hands out and API Gateway's JWT authorizer checks, and publishes
// the public half of the signing keys as a JSON Web Key Set.
package token

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
)

// MinKeyBits is the smallest RSA modulus accepted for signing keys. API
// Gateway's JWT authorizer accepts RSA keys of 2048 bits and more.
const MinKeyBits = 2048

// ErrWeakKey is returned for RSA keys shorter than MinKeyBits.
var ErrWeakKey = errors.New("RSA key is shorter than 2048 bits")

// Key is an RSA signing key and the key id ("kid") that tokens and the JWKS
// name it by.
type Key struct {
	ID      string
	Private *rsa.PrivateKey
}

// GenerateKey creates an RSA key of bits (at least MinKeyBits) whose ID is its
// RFC 7638 JWK thumbprint, so the same key always gets the same kid.
func GenerateKey(bits int) (Key, error) {
	if bits < MinKeyBits {
		return Key{}, fmt.Errorf("generate key: %d bits: %w", bits, ErrWeakKey)
	}

	private, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return Key{}, fmt.Errorf("generate key: %w", err)
	}
	return Key{ID: Thumbprint(&private.PublicKey), Private: private}, nil
}

// ParsePrivateKeyPEM parses a PEM-encoded RSA private key, in PKCS#8
// ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY") form, and names it id. It
// returns ErrWeakKey for keys under MinKeyBits. Errors never include the key.
func ParsePrivateKeyPEM(id string, data []byte) (Key, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return Key{}, fmt.Errorf("parse key %q: no PEM block found", id)
	}

	var private *rsa.PrivateKey
	switch block.Type {
	case "PRIVATE KEY":
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return Key{}, fmt.Errorf("parse key %q: invalid PKCS#8 data", id)
		}
		rsaKey, ok := parsed.(*rsa.PrivateKey)
		if !ok {
			return Key{}, fmt.Errorf("parse key %q: key type %T is not RSA", id, parsed)
		}
		private = rsaKey
	case "RSA PRIVATE KEY":
		rsaKey, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return Key{}, fmt.Errorf("parse key %q: invalid PKCS#1 data", id)
		}
		private = rsaKey
	default:
		return Key{}, fmt.Errorf("parse key %q: PEM block type %q is not a private key", id, block.Type)
	}

	if private.N.BitLen() < MinKeyBits {
		return Key{}, fmt.Errorf("parse key %q: %d bits: %w", id, private.N.BitLen(), ErrWeakKey)
	}
	return Key{ID: id, Private: private}, nil
}

// EncodePrivateKeyPEM returns the key in PKCS#8 PEM form, as stored in SSM.
func EncodePrivateKeyPEM(key Key) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key.Private)
	if err != nil {
		return nil, fmt.Errorf("encode key %q: %w", key.ID, err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// Thumbprint returns the RFC 7638 SHA-256 thumbprint of an RSA public key,
// base64url-encoded without padding.
func Thumbprint(public *rsa.PublicKey) string {
	// RFC 7638 hashes the required members in lexicographic order with no
	// white space; json.Marshal of a struct keeps the declared order.
	members := struct {
		E   string `json:"e"`
		Kty string `json:"kty"`
		N   string `json:"n"`
	}{
		E:   encodeBigInt(big.NewInt(int64(public.E))),
		Kty: "RSA",
		N:   encodeBigInt(public.N),
	}

	data, _ := json.Marshal(members) // a struct of three strings always encodes
	sum := sha256.Sum256(data)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func encodeBigInt(n *big.Int) string {
	return base64.RawURLEncoding.EncodeToString(n.Bytes())
}
