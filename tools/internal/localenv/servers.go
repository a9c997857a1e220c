package localenv

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Servers runs HTTP servers on loopback listeners and stops them together.
// The zero value is ready to use; Logger, when set, receives serve errors.
type Servers struct {
	Logger *slog.Logger

	servers []*http.Server
	wg      sync.WaitGroup
}

// Serve serves handler on listener in a new goroutine until Shutdown.
func (s *Servers) Serve(listener net.Listener, handler http.Handler) {
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	s.servers = append(s.servers, server)

	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		err := server.Serve(listener)
		if err != nil && !errors.Is(err, http.ErrServerClosed) && s.Logger != nil {
			s.Logger.Error("server stopped", "addr", listener.Addr().String(), "error", err)
		}
	}()
}

// ServeLoopback serves handler on a free 127.0.0.1 port and returns its URL.
func (s *Servers) ServeLoopback(handler http.Handler) (string, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	s.Serve(listener, handler)
	return "http://" + listener.Addr().String(), nil
}

// Shutdown stops the servers in the reverse order of Serve, waiting up to
// five seconds for requests in flight.
func (s *Servers) Shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	var errs []error
	for i := len(s.servers) - 1; i >= 0; i-- {
		if err := s.servers[i].Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	s.wg.Wait()
	return errors.Join(errs...)
}
