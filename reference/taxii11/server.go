// Package taxii11 serves the reference server's TAXII 1.1.1 part: the Discovery, Collection
// Management, Poll and Inbox services of Part 2 over the HTTP(S) binding of Part 3 and the XML
// binding of Part 4, in both version families (TAXII 1.1 and 1.1.1 identifiers), chosen per
// request from the X-TAXII-* headers. Default Query (Part 5) is evaluated by package query.
//
// Errors are answered, wherever a Status Message can carry them, with HTTP 200 and a Status
// Message of the fitting type (Part 3 §4): bad or missing X-TAXII-* headers and media types,
// malformed or oversized bodies, wrong namespaces, rights, names and parameters. Only three
// answers use another HTTP status, each with a Status Message in the body as well: 404 for a
// path where no service lives, 405 for a method other than POST, and 406 when Accept or
// X-TAXII-Accept exclude the only binding the answer could be written in.
//
// Authentication is HTTP Basic against the configured accounts. In the default configuration
// the Discovery Service is open to anonymous requests and every other service requires
// credentials (a service's authentication_required setting decides). Rights are per collection:
// polling and subscribing need read, Inbox Messages need write; collections an account has no
// right on are not revealed (NOT_FOUND, or left out of lists).
package taxii11

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// Prefix is where the TAXII 1.1.1 services live.
const Prefix = config.TAXII11Prefix

// Options configure one server.
type Options struct {
	Config  *config.Config
	DataDir string // "" keeps everything in memory
	Faults  faults.Set
	Log     *slog.Logger
}

// Server is the protocol's http.Handler.
type Server struct {
	o        Options
	cfg      *config.TAXII11
	limits   config.Limits11
	store    *blocks.Store
	services map[string]*service // by address path
	ordered  []*service
	colls    map[string]*collection
	queries  *querier
	push     *pusher
	log      *slog.Logger
	now      func() time.Time

	subMu  sync.Mutex // serialises read-modify-write of subscriptions
	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
	closed sync.Once
}

// service is one configured service instance with its collections.
type service struct {
	cfg   *config.Service11
	colls []*collection
}

// collection is one configured Data Collection with the services that serve it.
type collection struct {
	cfg                 *config.Collection11
	polls, inboxes, cms []*service
}

func (c *collection) feed() bool { return c.cfg.Type != config.DataSet11 }

// New builds the server, opening its store (and seeding it on first use).
func New(o Options) (*Server, error) {
	if o.Config == nil {
		o.Config = config.Default()
	}
	if err := o.Config.Validate(); err != nil {
		return nil, err
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		o:        o,
		cfg:      &o.Config.TAXII11,
		limits:   o.Config.TAXII11.Limits.WithDefaults(),
		services: map[string]*service{},
		colls:    map[string]*collection{},
		queries:  newQuerier(),
		log:      o.Log.With("protocol", "1.1.1"),
		now:      time.Now,
		wake:     make(chan struct{}, 1),
		done:     make(chan struct{}),
	}
	byID := map[string]*service{}
	for i := range s.cfg.Services {
		sv := &service{cfg: &s.cfg.Services[i]}
		s.services[sv.cfg.Address] = sv
		s.ordered = append(s.ordered, sv)
		byID[sv.cfg.ID] = sv
	}
	for i := range s.cfg.Collections {
		c := &collection{cfg: &s.cfg.Collections[i]}
		s.colls[c.cfg.Name] = c
		for _, id := range c.cfg.ServiceIDs {
			sv := byID[id]
			sv.colls = append(sv.colls, c)
			switch sv.cfg.Type {
			case config.Service11Poll:
				c.polls = append(c.polls, sv)
			case config.Service11Inbox:
				c.inboxes = append(c.inboxes, sv)
			case config.Service11CollectionManagement:
				c.cms = append(c.cms, sv)
			}
		}
	}
	s.push = newPusher(s.limits)
	s.push.rewrite = func(b []byte, prefix string) []byte { return s.pushBindingFaults(s.pushBytesFaults(b, prefix), prefix) }
	s.queries.srv = s
	st, err := blocks.Open(o.DataDir)
	if err != nil {
		return nil, err
	}
	s.store = st
	if err := s.seed(); err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("taxii11: seeding: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go s.run(ctx)
	return s, nil
}

// Close stops background delivery and releases the store.
func (s *Server) Close() error {
	var err error
	s.closed.Do(func() {
		s.cancel()
		<-s.done
		err = s.store.Close()
	})
	return err
}

// kick wakes the background worker (new content, new or resumed subscription, async poll).
func (s *Server) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ex := &exchange{srv: s, w: w, r: r, tls: r.TLS != nil, inResponseTo: "0"}
	ex.fam = guessFamily(r)
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic while serving", "path", r.URL.Path, "panic", v)
			ex.reply(http.StatusOK, statusf(message.StatusFailure, nil, "internal error"))
		}
	}()
	path := r.URL.Path
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	svc := s.services[path]
	if svc == nil {
		ex.reply(http.StatusNotFound, statusf(message.StatusNotFound,
			[]message.Detail{{Name: message.DetailItem, Value: r.URL.Path}},
			"no TAXII service at %s; the Discovery Service is at %sdiscovery/", r.URL.Path, Prefix))
		return
	}
	if r.Method == http.MethodGet && s.on(faults.T11GetAnsweredHTML) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>TAXII service</body></html>"))
		return
	}
	if r.Method != http.MethodPost {
		if !s.on(faults.T11NoAllowOn405) {
			w.Header().Set("Allow", http.MethodPost)
		}
		ex.reply(http.StatusMethodNotAllowed, statusf(message.StatusBadMessage, nil,
			"TAXII messages are sent with POST (Part 3 §3), not %s", r.Method))
		return
	}
	if code, st := ex.checkHeaders(); st != nil {
		ex.reply(code, st)
		return
	}
	body, err := readBody(w, r, s.limits.MaxBodyBytes)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			ex.reply(http.StatusOK, statusf(message.StatusBadMessage, nil,
				"request body exceeds %d bytes", s.limits.MaxBodyBytes))
			return
		}
		ex.reply(http.StatusOK, statusf(message.StatusBadMessage, nil, "reading the request body: %v", err))
		return
	}
	ex.body = body
	msg, fam, err := message.Parse(body)
	if err != nil {
		var pe *message.ParseError
		if errors.As(err, &pe) && pe.MessageID != "" {
			ex.inResponseTo = pe.MessageID
		}
		ex.reply(http.StatusOK, statusf(message.StatusBadMessage, nil, "%v", err))
		return
	}
	ex.inResponseTo = msg.Head().MessageID
	ex.req = msg
	if fam != ex.fam {
		ex.reply(http.StatusOK, statusf(message.StatusBadMessage, nil,
			"the message is in the TAXII %s namespace %s, but X-TAXII-Content-Type names the TAXII %s XML binding (namespace %s)",
			fam.Name, fam.Namespace, ex.fam.Name, ex.fam.Namespace))
		return
	}
	if !msg.Kind().IsRequest() {
		ex.reply(http.StatusOK, statusf(message.StatusBadMessage, nil, "%s is not a request message", msg.Kind()))
		return
	}
	id, st := s.authenticate(r, svc)
	if st != nil {
		s.unauthenticatedFaults(msg)
		ex.reply(http.StatusOK, st)
		return
	}
	ex.id = id
	ex.reply(http.StatusOK, s.dispatch(ex, svc, msg))
}

// dispatch hands a request to the service's handler.
func (s *Server) dispatch(ex *exchange, svc *service, msg message.Message) message.Message {
	accepts := map[string][]message.Kind{
		config.Service11Discovery:            {message.KindDiscoveryRequest},
		config.Service11CollectionManagement: {message.KindCollectionInfoRequest, message.KindSubscriptionRequest},
		config.Service11Poll:                 {message.KindPollRequest, message.KindPollFulfillment},
		config.Service11Inbox:                {message.KindInbox},
	}[svc.cfg.Type]
	switch m := msg.(type) {
	case *message.DiscoveryRequest:
		if svc.cfg.Type == config.Service11Discovery {
			return s.discovery(ex, svc)
		}
	case *message.CollectionInfoRequest:
		if svc.cfg.Type == config.Service11CollectionManagement {
			return s.collectionInfo(ex, svc)
		}
	case *message.SubscriptionRequest:
		if svc.cfg.Type == config.Service11CollectionManagement {
			return s.manageSubscription(ex, svc, m)
		}
	case *message.PollRequest:
		if svc.cfg.Type == config.Service11Poll {
			return s.poll(ex, svc, m)
		}
	case *message.PollFulfillment:
		if svc.cfg.Type == config.Service11Poll {
			return s.fulfill(ex, svc, m)
		}
	case *message.Inbox:
		if svc.cfg.Type == config.Service11Inbox {
			return s.inbox(ex, svc, m)
		}
	}
	names := make([]string, len(accepts))
	for i, k := range accepts {
		names[i] = string(k)
	}
	return statusf(message.StatusBadMessage, nil, "the %s service at %s accepts %s, not %s",
		svc.cfg.Type, svc.cfg.Address, strings.Join(names, " and "), msg.Kind())
}

// statusf builds a Status Message.
func statusf(typ string, details []message.Detail, format string, args ...any) *message.Status {
	return &message.Status{Type: typ, Details: details, Message: fmt.Sprintf(format, args...)}
}

// failure logs an internal error and returns the FAILURE status that reports it.
func (s *Server) failure(err error) *message.Status {
	s.log.Error("internal error", "err", err)
	return statusf(message.StatusFailure, nil, "the server failed to complete the request")
}
