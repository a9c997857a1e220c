// Package owfake is a fake of OpenWeather's Current Weather Data API for the
// local stack and end-to-end tests. It serves GET /data/2.5/weather for a
// fixed table of sample cities. Values drift slowly over time, and sunrise,
// sunset and time zone offsets are computed for the real date. A wrong key,
// a missing q and an unknown city get OpenWeather's documented error bodies.
package owfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	// Embeds the time zone database so that the sample cities' zones load
	// on hosts without one, such as the Lambda provided.al2023 runtime.
	_ "time/tzdata"
)

// DefaultAPIKey is the key the fake accepts when Config.APIKey is empty.
const DefaultAPIKey = "local-openweather-key"

// WeatherPath is the only path the fake serves.
const WeatherPath = "/data/2.5/weather"

// OpenWeather's documented error bodies.
const (
	unauthorizedBody = `{"cod":401, "message": "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."}`
	notFoundBody     = `{"cod":"404","message":"city not found"}`
	nothingBody      = `{"cod":"400","message":"Nothing to geocode"}`
)

// Config configures a Server. Zero fields take the defaults.
type Config struct {
	// APIKey is the only appid the server accepts. The default is
	// DefaultAPIKey.
	APIKey string
	// Now returns the time of each observation. The default is time.Now.
	Now func() time.Time
}

// Server is an http.Handler that fakes the Current Weather Data API. It is
// safe for concurrent use.
type Server struct {
	apiKey    string
	now       func() time.Time
	cities    []city
	locations map[string]*time.Location
}

// New returns a Server for cfg. It returns an error when a sample city's
// time zone cannot be loaded.
func New(cfg Config) (*Server, error) {
	server := &Server{
		apiKey:    cfg.APIKey,
		now:       cfg.Now,
		cities:    sampleCities,
		locations: make(map[string]*time.Location),
	}
	if server.apiKey == "" {
		server.apiKey = DefaultAPIKey
	}
	if server.now == nil {
		server.now = time.Now
	}

	for _, c := range server.cities {
		location, err := time.LoadLocation(c.zone)
		if err != nil {
			return nil, fmt.Errorf("owfake: load time zone %q of %s: %w", c.zone, c.name, err)
		}
		server.locations[c.zone] = location
	}
	return server, nil
}

// CityNames returns the names of the sample cities, in table order.
func (s *Server) CityNames() []string {
	names := make([]string, 0, len(s.cities))
	for _, c := range s.cities {
		names = append(names, c.name)
	}
	return names
}

// ServeHTTP handles GET /data/2.5/weather?q={city}&units={units}&appid={key}.
// It checks appid first (401), then q (400 when missing), then looks the
// city up (404 when unknown). Other paths get a plain 404 and other methods
// a 405.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != WeatherPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	query := r.URL.Query()
	if query.Get("appid") != s.apiKey {
		writeJSON(w, http.StatusUnauthorized, []byte(unauthorizedBody))
		return
	}

	q := strings.TrimSpace(query.Get("q"))
	if q == "" {
		writeJSON(w, http.StatusBadRequest, []byte(nothingBody))
		return
	}

	c, ok := s.lookup(q)
	if !ok {
		writeJSON(w, http.StatusNotFound, []byte(notFoundBody))
		return
	}

	observation := observe(c, s.locations[c.zone], s.now().UTC(), query.Get("units"))
	data, err := json.Marshal(observation)
	if err != nil {
		http.Error(w, "encode observation: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, data)
}

// lookup finds the city for q, which is "{city}", "{city},{country}" or
// "{city},{state},{country}". Names and aliases match without regard to
// case, and a country code, when given, must match too.
func (s *Server) lookup(q string) (city, bool) {
	parts := strings.Split(q, ",")
	if len(parts) > 3 {
		return city{}, false
	}
	name := strings.TrimSpace(parts[0])
	country := ""
	if len(parts) > 1 {
		country = strings.TrimSpace(parts[len(parts)-1])
	}

	for _, c := range s.cities {
		if country != "" && !strings.EqualFold(country, c.country) {
			continue
		}
		if strings.EqualFold(name, c.name) {
			return c, true
		}
		for _, alias := range c.aliases {
			if strings.EqualFold(name, alias) {
				return c, true
			}
		}
	}
	return city{}, false
}

// writeJSON sends body with the content type OpenWeather uses.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}
