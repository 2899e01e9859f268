// Package server puts the TAXII 2.1 and TAXII 1.1.1 reference servers on one handler:
// /taxii11/ goes to TAXII 1.1.1, everything else to TAXII 2.1 (whose 404 is a TAXII error).
package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/taxii11"
	"github.com/taxii-conform/taxii-conform/reference/taxii21"
)

// Options configure the combined server.
type Options struct {
	Config  *config.Config // nil means config.Default()
	DataDir string         // "" keeps everything in memory
	Faults  faults.Set
	Log     *slog.Logger // nil discards
}

// Server is both protocols behind one handler.
type Server struct {
	t21 *taxii21.Server
	t11 *taxii11.Server
}

// TAXII11Prefix is where the TAXII 1.1.1 services live.
const TAXII11Prefix = config.TAXII11Prefix

// New opens both protocol servers.
func New(o Options) (*Server, error) {
	if o.Config == nil {
		o.Config = config.Default()
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	t21, err := taxii21.New(taxii21.Options{Config: o.Config, DataDir: o.DataDir, Faults: o.Faults, Log: o.Log})
	if err != nil {
		return nil, err
	}
	t11, err := taxii11.New(taxii11.Options{Config: o.Config, DataDir: o.DataDir, Faults: o.Faults, Log: o.Log})
	if err != nil {
		return nil, errors.Join(err, t21.Close())
	}
	return &Server{t21: t21, t11: t11}, nil
}

// ServeHTTP routes by path prefix.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, TAXII11Prefix) {
		s.t11.ServeHTTP(w, r)
		return
	}
	s.t21.ServeHTTP(w, r)
}

// Close closes both stores.
func (s *Server) Close() error { return errors.Join(s.t21.Close(), s.t11.Close()) }
