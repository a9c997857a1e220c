package token

import "strings"

// Discovery is the OpenID Connect discovery document served at
// /.well-known/openid-configuration. API Gateway reads jwks_uri from it.
type Discovery struct {
	Issuer                           string   `json:"issuer"`
	JWKSURI                          string   `json:"jwks_uri"`
	TokenEndpoint                    string   `json:"token_endpoint"`
	ResponseTypesSupported           []string `json:"response_types_supported"`
	SubjectTypesSupported            []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported []string `json:"id_token_signing_alg_values_supported"`
	ScopesSupported                  []string `json:"scopes_supported,omitempty"`
	ClaimsSupported                  []string `json:"claims_supported"`
}

// NewDiscovery returns the discovery document for issuer, whose keys are at
// issuer + "/.well-known/jwks.json" and whose token endpoint is
// issuer + "/api/login". A trailing slash on issuer is ignored for the URLs.
func NewDiscovery(issuer string, scopes []string) Discovery {
	base := strings.TrimRight(issuer, "/")
	return Discovery{
		Issuer:                           issuer,
		JWKSURI:                          base + "/.well-known/jwks.json",
		TokenEndpoint:                    base + "/api/login",
		ResponseTypesSupported:           []string{"token"},
		SubjectTypesSupported:            []string{"public"},
		IDTokenSigningAlgValuesSupported: []string{Algorithm},
		ScopesSupported:                  scopes,
		ClaimsSupported:                  []string{"iss", "aud", "sub", "name", "scope", "iat", "nbf", "exp"},
	}
}
