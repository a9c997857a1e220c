package ssmlocal

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Parameter tiers, as sent in the Tier member.
const (
	tierStandard           = "Standard"
	tierAdvanced           = "Advanced"
	tierIntelligentTiering = "Intelligent-Tiering"
)

// defaultKeyID is the key that SSM uses for a SecureString without KeyId.
const defaultKeyID = "alias/aws/ssm"

// Put stores value under name with overwrite, as a SecureString when secure
// is true and as a String otherwise. It is meant for seeding from Go and
// applies the same validation as PutParameter.
func (s *Server) Put(name, value string, secure bool) error {
	parameterType := TypeString
	if secure {
		parameterType = TypeSecureString
	}

	overwrite := true
	_, apiErr := s.putParameter(&putParameterRequest{
		Name:      &name,
		Value:     &value,
		Type:      &parameterType,
		Overwrite: &overwrite,
	})
	if apiErr != nil {
		return fmt.Errorf("ssmlocal: put %s: %w", name, apiErr)
	}
	return nil
}

// putParameter creates a parameter at version 1 or, with Overwrite, replaces
// it and increments its version. Type is required only for a new parameter.
func (s *Server) putParameter(req *putParameterRequest) (putParameterResponse, *apiError) {
	if req.Name == nil {
		return putParameterResponse{}, validationError("Name is missing")
	}
	if req.Value == nil {
		return putParameterResponse{}, validationError("Value is missing")
	}

	name, apiErr := s.validateName(*req.Name)
	if apiErr != nil {
		return putParameterResponse{}, apiErr
	}

	if apiErr := validateValue(*req.Value); apiErr != nil {
		return putParameterResponse{}, apiErr
	}

	if len(req.Tags) > 0 && isTrue(req.Overwrite) {
		return putParameterResponse{}, validationError("Tags and Overwrite can't be used together")
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	previous, exists := s.params[name]
	if exists && !isTrue(req.Overwrite) {
		return putParameterResponse{}, newAPIError(http.StatusBadRequest, "ParameterAlreadyExists",
			"parameter %s already exists; set Overwrite to true to replace it", name)
	}

	rec, apiErr := newRecord(name, req, previous)
	if apiErr != nil {
		return putParameterResponse{}, apiErr
	}
	rec.LastModified = s.clock().UTC()

	s.params[name] = rec
	if err := s.save(); err != nil {
		s.restore(name, previous)
		return putParameterResponse{}, newAPIError(http.StatusInternalServerError, "InternalServerError", "%v", err)
	}

	return putParameterResponse{Version: rec.Version, Tier: rec.Tier}, nil
}

// newRecord builds the record that req stores. previous is the current
// record or nil, and supplies the version and any member that req omits.
func newRecord(name string, req *putParameterRequest, previous *record) (*record, *apiError) {
	rec := &record{Name: name, Value: *req.Value, Version: 1, Tier: tierStandard, DataType: "text"}
	if previous != nil {
		rec.Type = previous.Type
		rec.Version = previous.Version + 1
		rec.Tier = previous.Tier
		rec.Description = previous.Description
		rec.KeyID = previous.KeyID
		rec.AllowedPattern = previous.AllowedPattern
	}

	if req.Type != nil {
		if _, ok := validTypes[*req.Type]; !ok {
			return nil, validationError("Type %q is invalid; use String, StringList or SecureString", *req.Type)
		}
		rec.Type = *req.Type
	}
	if rec.Type == "" {
		return nil, validationError("Type is required to create parameter %s", name)
	}

	if apiErr := applyKeyID(rec, req.KeyId); apiErr != nil {
		return nil, apiErr
	}

	if apiErr := applyTier(rec, req.Tier); apiErr != nil {
		return nil, apiErr
	}

	if req.DataType != nil && *req.DataType != "text" {
		// NOTE: SSM also accepts other data types, such as aws:ec2:image.
		// ssmlocal supports only the default, text.
		return nil, validationError("DataType %q is not supported by ssmlocal; use text", *req.DataType)
	}

	if req.Description != nil {
		rec.Description = *req.Description
	}

	if req.AllowedPattern != nil {
		rec.AllowedPattern = *req.AllowedPattern
	}
	if apiErr := checkAllowedPattern(rec); apiErr != nil {
		return nil, apiErr
	}

	return rec, nil
}

// applyKeyID sets the KMS key of a SecureString. Other types can't have one.
func applyKeyID(rec *record, keyID *string) *apiError {
	if rec.Type != TypeSecureString {
		if keyID != nil {
			return validationError("KeyId is allowed only for SecureString parameters")
		}
		rec.KeyID = ""
		return nil
	}

	if keyID != nil {
		rec.KeyID = *keyID
	}
	if rec.KeyID == "" {
		rec.KeyID = defaultKeyID
	}
	return nil
}

// applyTier sets the tier and checks the value size for it. Intelligent-Tiering
// picks Standard when the value fits in 4 KB and Advanced otherwise.
func applyTier(rec *record, tier *string) *apiError {
	if tier != nil {
		switch *tier {
		case tierStandard, tierAdvanced:
			rec.Tier = *tier
		case tierIntelligentTiering:
			rec.Tier = tierStandard
			if len(rec.Value) > maxStandardValueBytes {
				rec.Tier = tierAdvanced
			}
		default:
			return validationError("Tier %q is invalid; use Standard, Advanced or Intelligent-Tiering", *tier)
		}
	}

	limit := maxStandardValueBytes
	if rec.Tier == tierAdvanced {
		limit = maxAdvancedValueBytes
	}
	if len(rec.Value) > limit {
		return validationError("value of %s is %d bytes; the %s tier allows at most %d", rec.Name, len(rec.Value), rec.Tier, limit)
	}
	return nil
}

// checkAllowedPattern matches the value against the parameter's
// AllowedPattern. NOTE: the pattern is compiled with Go's RE2 syntax, which
// lacks lookaround and backreferences, so a pattern that SSM accepts may be
// rejected here.
func checkAllowedPattern(rec *record) *apiError {
	if rec.AllowedPattern == "" {
		return nil
	}

	pattern, err := regexp.Compile(rec.AllowedPattern)
	if err != nil {
		return newAPIError(http.StatusBadRequest, "InvalidAllowedPatternException", "AllowedPattern %q is invalid: %v", rec.AllowedPattern, err)
	}

	if !pattern.MatchString(rec.Value) {
		return newAPIError(http.StatusBadRequest, "ParameterPatternMismatchException",
			"the value of %s does not match its AllowedPattern %q", rec.Name, rec.AllowedPattern)
	}
	return nil
}

// validateValue applies the SSM value rules that do not depend on the tier.
func validateValue(value string) *apiError {
	if value == "" {
		return validationError("Value is empty; it must have at least 1 character")
	}

	if strings.Contains(value, "{{") && strings.Contains(value, "}}") {
		return validationError("Value can't contain a reference wrapped in {{ }}")
	}
	return nil
}

// restore puts previous back under name, or removes name when previous is
// nil, after a failed save. The caller holds s.mu.
func (s *Server) restore(name string, previous *record) {
	if previous == nil {
		delete(s.params, name)
		return
	}
	s.params[name] = previous
}
