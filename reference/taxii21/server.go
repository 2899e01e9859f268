// Package taxii21 serves the reference server's TAXII 2.1 part: discovery at /taxii2/, the API
// roots of the configuration with their status and collection endpoints (TAXII 2.1 sections 4
// and 5), content negotiation, HTTP Basic authentication with per-collection rights, and the
// deliberate defects of reference/faults.
//
// Decisions where the specification leaves a choice:
//   - Every endpoint requires HTTP Basic credentials, discovery included unless the
//     configuration makes it public; a missing or wrong password is answered 401 with a Basic
//     challenge. The routing happens first, so unknown paths are 404 for everyone.
//   - A collection an account has no right on is invisible (404, and left out of the
//     collections list); reading a write-only or writing a read-only collection is 403. DELETE
//     follows the table of section 5.7. An account with no right in an API root gets 403 for
//     its information, and discovery lists only the roots an account may use (403 when none).
//   - A status resource can be read by the account that made the request, and by admins.
//   - Requests must carry an Accept header admitting application/taxii+json (with version 2.1
//     or none, or by a wildcard range); otherwise 406. POST bodies must be application/taxii+json
//     (version 2.1 or none); otherwise 415. Errors are always TAXII error resources.
//   - Paths are matched with or without their trailing slash.
//   - Add Objects is processed before the answer, so status resources are always complete.
//   - Empty results still carry X-TAXII-Date-Added-First/-Last: both name the point the page
//     started from (added_after or next, else the epoch), so paging by them never skips.
package taxii21

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store"
)

// Options configure one server.
type Options struct {
	Config  *config.Config
	DataDir string // "" keeps everything in memory
	Faults  faults.Set
	Log     *slog.Logger
}

// StoreFile is the name of the TAXII 2.1 store in the data directory.
const StoreFile = store.FileName

// challenge is the WWW-Authenticate value of a 401.
const challenge = `Basic realm="TAXII 2.1", charset="UTF-8"`

// Server is the protocol's http.Handler.
type Server struct {
	conf   *config.Config
	cfg    *config.TAXII21
	faults faults.Set
	log    *slog.Logger
	store  *store.Store
	roots  map[string]*apiRoot
}

type apiRoot struct {
	conf  *config.APIRoot21
	colls []*collection          // in configuration order, which is the listing order
	byKey map[string]*collection // by id and by alias
}

type collection struct {
	conf  *config.Collection21
	store *store.Collection
}

// New builds the server, opening its store and seeding new collections.
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
		conf:   o.Config,
		cfg:    &o.Config.TAXII21,
		faults: o.Faults,
		log:    o.Log,
		roots:  map[string]*apiRoot{},
	}
	st, err := store.Open(o.DataDir)
	if err != nil {
		return nil, fmt.Errorf("taxii21: %w", err)
	}
	s.store = st
	for i := range s.cfg.APIRoots {
		rc := &s.cfg.APIRoots[i]
		root := &apiRoot{conf: rc, byKey: map[string]*collection{}}
		for j := range rc.Collections {
			cc := &rc.Collections[j]
			c := &collection{conf: cc, store: st.Collection(cc.ID)}
			root.colls = append(root.colls, c)
			root.byKey[cc.ID] = c
			if cc.Alias != "" {
				root.byKey[cc.Alias] = c
			}
			if err := seed(c); err != nil {
				return nil, errors.Join(fmt.Errorf("taxii21: collection %s: %w", cc.ID, err), st.Close())
			}
		}
		s.roots[rc.Name] = root
	}
	return s, nil
}

// Close releases the store.
func (s *Server) Close() error { return s.store.Close() }

// endpoint names the resources of sections 4 and 5.
type endpoint int

const (
	epDiscovery endpoint = iota
	epAPIRoot
	epStatus
	epCollections
	epCollection
	epManifest
	epObjects
	epObject
	epVersions
)

// allow lists the methods of each endpoint (HEAD goes with GET; OPTIONS is always answered).
var allow = map[endpoint]string{
	epDiscovery: "GET, HEAD, OPTIONS", epAPIRoot: "GET, HEAD, OPTIONS", epStatus: "GET, HEAD, OPTIONS",
	epCollections: "GET, HEAD, OPTIONS", epCollection: "GET, HEAD, OPTIONS", epManifest: "GET, HEAD, OPTIONS",
	epObjects: "GET, HEAD, POST, OPTIONS", epObject: "GET, HEAD, DELETE, OPTIONS", epVersions: "GET, HEAD, OPTIONS",
}

// allows reports whether method is in the comma-separated list.
func allows(list, method string) bool {
	for _, m := range strings.Split(list, ", ") {
		if m == method {
			return true
		}
	}
	return false
}

// target is a request's parsed path.
type target struct {
	ep       endpoint
	root     *apiRoot
	statusID string
	collKey  string // collection id or alias as written
	objectID string
}

// route reads the path; ok is false for paths that name no endpoint of this server.
func (s *Server) route(path string) (t target, ok bool) {
	if !strings.HasPrefix(path, "/") {
		return t, false
	}
	path = strings.TrimSuffix(path[1:], "/")
	seg := strings.Split(path, "/")
	for _, x := range seg {
		if x == "" {
			return t, false
		}
	}
	if len(seg) == 1 && seg[0] == "taxii2" {
		return target{ep: epDiscovery}, true
	}
	t.root = s.roots[seg[0]]
	if t.root == nil && s.faults.On(faults.T21UnknownRootServed) {
		t.root = s.roots[s.cfg.APIRoots[0].Name]
	}
	if t.root == nil {
		return t, false
	}
	switch {
	case len(seg) == 1:
		t.ep = epAPIRoot
	case len(seg) == 3 && seg[1] == "status":
		t.ep, t.statusID = epStatus, seg[2]
	case seg[1] != "collections":
		return t, false
	case len(seg) == 2:
		t.ep = epCollections
	case len(seg) == 3:
		t.ep, t.collKey = epCollection, seg[2]
	case len(seg) == 4 && seg[3] == "manifest":
		t.ep, t.collKey = epManifest, seg[2]
	case len(seg) == 4 && seg[3] == "objects":
		t.ep, t.collKey = epObjects, seg[2]
	case len(seg) == 5 && seg[3] == "objects":
		t.ep, t.collKey, t.objectID = epObject, seg[2], seg[4]
	case len(seg) == 6 && seg[3] == "objects" && seg[5] == "versions":
		t.ep, t.collKey, t.objectID = epVersions, seg[2], seg[4]
	default:
		return t, false
	}
	return t, true
}

// request is what the handlers work on.
type request struct {
	w    http.ResponseWriter
	r    *http.Request
	t    target
	acct *config.Account // nil only for public discovery
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t, ok := s.route(r.URL.Path)
	if !ok {
		if s.servesUnknownRoot(w, r) {
			return
		}
		s.fail(w, http.StatusNotFound, "Not found", "No TAXII 2.1 endpoint has this path; discovery is at /taxii2/.")
		return
	}
	methods := allow[t.ep]
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	switch {
	case method == http.MethodOptions:
		w.Header().Set("Allow", methods)
		w.WriteHeader(http.StatusNoContent)
		return
	case !allows(methods, method):
		w.Header().Set("Allow", methods)
		s.fail(w, http.StatusMethodNotAllowed, "Method not allowed", fmt.Sprintf("This endpoint supports %s.", methods))
		return
	}
	w = s.bend(w, t.ep, method)
	w, send := s.rewrite(w, r, t.ep)
	defer send()
	req := &request{w: w, r: r, t: t}
	if t.ep != epDiscovery || !s.cfg.PublicDiscovery {
		if req.acct = s.authenticate(r); req.acct == nil && t.ep >= epCollections && s.faults.On(faults.T21CollectionsAuthSkipped) {
			req.acct = &config.Account{Admin: true}
		}
		if req.acct == nil {
			if !s.faults.On(faults.T21NoAuthChallenge) {
				w.Header().Set("WWW-Authenticate", challenge)
			}
			s.fail(w, http.StatusUnauthorized, "Authentication required", "Send HTTP Basic credentials of an account of this server.")
			return
		}
	}
	if !acceptable(r) || s.bentAccept(t.ep, r) || s.refusesAccept(r) {
		s.fail(w, http.StatusNotAcceptable, "Not acceptable",
			"The Accept header must admit application/taxii+json;version=2.1, the only representation this server sends.")
		return
	}
	switch t.ep {
	case epDiscovery:
		s.getDiscovery(req)
	case epAPIRoot:
		s.getAPIRoot(req)
	case epStatus:
		s.getStatus(req)
	case epCollections:
		s.getCollections(req)
	default:
		s.collectionEndpoint(req, method)
	}
}

// authenticate checks HTTP Basic credentials; nil means they are missing or wrong.
func (s *Server) authenticate(r *http.Request) *config.Account {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return nil
	}
	a := s.conf.Account(user) // Validate refused duplicate user names
	want := ""
	if a != nil {
		want = a.Password
	}
	// Compare digests so that the time taken says nothing about the password's length.
	got, exp := sha256.Sum256([]byte(pass)), sha256.Sum256([]byte(want))
	if subtle.ConstantTimeCompare(got[:], exp[:]) != 1 || a == nil {
		return nil
	}
	return a
}

// collectionEndpoint resolves the collection and the account's rights on it, then dispatches.
func (s *Server) collectionEndpoint(q *request, method string) {
	c := q.t.root.byKey[q.t.collKey]
	if c == nil && len(q.t.root.colls) > 0 && s.faults.On(faults.T21UnknownCollectionServed) {
		c = q.t.root.colls[0]
	}
	var perm config.Permission
	if c != nil {
		perm = q.acct.Can(c.conf.ID)
	}
	read, write := perm.CanRead(), perm.CanWrite()
	if c != nil && !read && !write && s.faults.On(faults.T21NoRights401) {
		s.authFails(q.w)
		return
	}
	mayRead, mayWrite := s.bentRights(read, write)
	if !read && !write {
		s.fail(q.w, http.StatusNotFound, "Collection not found", "This API root has no collection "+quote(q.t.collKey)+" that the account may use.")
		return
	}
	forbid := func(what string) {
		s.fail(q.w, http.StatusForbidden, "Forbidden", "The account may not "+what+" this collection.")
	}
	switch {
	case q.t.ep == epCollection:
		s.getCollection(q, c, read, write)
	case method == http.MethodPost:
		if !mayWrite {
			forbid("write to")
			return
		}
		s.addObjects(q, c)
	case method == http.MethodDelete:
		if !mayRead || !mayWrite {
			if !write && s.faults.On(faults.T21DeleteReadOnly404) {
				s.fail(q.w, http.StatusNotFound, "Object not found", "")
				return
			}
			forbid("delete from")
			return
		}
		s.deleteObject(q, c)
	case !mayRead:
		forbid("read")
	case q.t.ep == epManifest:
		s.getManifest(q, c)
	case q.t.ep == epObjects:
		s.getObjects(q, c)
	case q.t.ep == epObject:
		s.getObject(q, c)
	case q.t.ep == epVersions:
		s.getVersions(q, c)
	}
}
