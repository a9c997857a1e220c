package ssmlocal

import "net/http"

func (s *Server) deleteParameter(req *deleteParameterRequest) (struct{}, *apiError) {
	if req.Name == nil {
		return struct{}{}, validationError("Name is missing")
	}

	name, apiErr := s.validateName(*req.Name)
	if apiErr != nil {
		return struct{}{}, apiErr
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	previous, ok := s.params[name]
	if !ok {
		return struct{}{}, notFoundError(name)
	}

	delete(s.params, name)
	if err := s.save(); err != nil {
		s.restore(name, previous)
		return struct{}{}, newAPIError(http.StatusInternalServerError, "InternalServerError", "%v", err)
	}

	return struct{}{}, nil
}

// deleteParameters deletes the named parameters that exist and lists the
// missing or invalid names in InvalidParameters. When saving fails, none of
// them is deleted.
func (s *Server) deleteParameters(req *deleteParametersRequest) (deleteParametersResponse, *apiError) {
	if len(req.Names) == 0 || len(req.Names) > maxNamesPerRequest {
		return deleteParametersResponse{}, validationError("Names has %d entries; it must have 1 to %d", len(req.Names), maxNamesPerRequest)
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	response := deleteParametersResponse{DeletedParameters: []string{}, InvalidParameters: []string{}}
	deleted := make(map[string]*record)
	for _, raw := range req.Names {
		name, apiErr := s.validateName(raw)
		rec, ok := s.params[name]
		if apiErr != nil || !ok {
			response.InvalidParameters = append(response.InvalidParameters, raw)
			continue
		}

		deleted[name] = rec
		delete(s.params, name)
		response.DeletedParameters = append(response.DeletedParameters, name)
	}

	if len(deleted) == 0 {
		return response, nil
	}

	if err := s.save(); err != nil {
		for name, rec := range deleted {
			s.restore(name, rec)
		}
		return deleteParametersResponse{}, newAPIError(http.StatusInternalServerError, "InternalServerError", "%v", err)
	}

	return response, nil
}
