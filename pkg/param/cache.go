package param

import "time"

// entry is one cached result. For a Get it contains the value or notFound,
// and for a GetByPath the map of values.
type entry struct {
	value    string
	values   map[string]string
	notFound bool
	expires  time.Time
}

// lookup returns the unexpired entry for key.
func (s *Store) lookup(key string) (entry, bool) {
	s.mu.RLock()
	e, ok := s.entries[key]
	s.mu.RUnlock()

	if !ok || !s.now().Before(e.expires) {
		return entry{}, false
	}
	return e, true
}

// remember caches e under key for the TTL, evicting when the cache is full.
func (s *Store) remember(key string, e entry) {
	if s.ttl <= 0 {
		return
	}

	now := s.now()
	e.expires = now.Add(s.ttl)

	s.mu.Lock()
	defer s.mu.Unlock()

	if _, ok := s.entries[key]; !ok && len(s.entries) >= s.maxEntries {
		s.evict(now)
	}
	s.entries[key] = e
}

// evict drops every expired entry or, when none has expired, the one that
// expires first, preferring "not found" entries. So a flood of unknown names,
// such as login attempts for users that do not exist, evicts other unknown
// names before the values the function needs. It runs only when the cache is
// full, and scans all entries. The caller holds s.mu.
func (s *Store) evict(now time.Time) {
	var oldestKey, oldestMissKey string
	var oldest, oldestMiss time.Time
	dropped := false

	for key, e := range s.entries {
		if !now.Before(e.expires) {
			delete(s.entries, key)
			dropped = true
			continue
		}
		if oldestKey == "" || e.expires.Before(oldest) {
			oldestKey, oldest = key, e.expires
		}
		if e.notFound && (oldestMissKey == "" || e.expires.Before(oldestMiss)) {
			oldestMissKey, oldestMiss = key, e.expires
		}
	}

	switch {
	case dropped:
	case oldestMissKey != "":
		delete(s.entries, oldestMissKey)
	case oldestKey != "":
		delete(s.entries, oldestKey)
	}
}
