// Package taxii11 serves the reference server's TAXII 11 part. (Skeleton.)
package taxii11

import (
	"log/slog"
	"net/http"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
)

// Options configure one server.
type Options struct {
	Config  *config.Config
	DataDir string // "" keeps everything in memory
	Faults  faults.Set
	Log     *slog.Logger
}

// Server is the protocol's http.Handler.
type Server struct{ o Options }

// New builds the server, opening its store.
func New(o Options) (*Server, error) { return &Server{o: o}, nil }

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}

// Close releases the store.
func (s *Server) Close() error { return nil }
