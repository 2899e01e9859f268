package taxii21

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/envelope"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/mediatype"
)

// usesRoot reports whether an account may use an API root: admins, and accounts with a right on
// one of its collections. The others get 403 from discovery (when no root is left) and from
// the API root information; listing the root's collections shows them none.
func usesRoot(a *config.Account, r *apiRoot) bool {
	if a.Admin {
		return true
	}
	for _, c := range r.colls {
		if p := a.Can(c.conf.ID); p.CanRead() || p.CanWrite() {
			return true
		}
	}
	return false
}

// getDiscovery is section 4.1. API roots are given as relative URLs, which stay right whatever
// host name, port and scheme the client used; each account sees the roots it may use (all of
// them when discovery is public and the request has no credentials).
func (s *Server) getDiscovery(q *request) {
	d := struct {
		Title       string   `json:"title"`
		Description string   `json:"description,omitempty"`
		Contact     string   `json:"contact,omitempty"`
		Default     string   `json:"default,omitempty"`
		APIRoots    []string `json:"api_roots,omitempty"`
	}{Title: s.cfg.Title, Description: s.cfg.Description, Contact: s.cfg.Contact}
	for _, rc := range s.cfg.APIRoots {
		if q.acct == nil || usesRoot(q.acct, s.roots[rc.Name]) {
			d.APIRoots = append(d.APIRoots, "/"+rc.Name+"/")
			if rc.Name == s.cfg.Default {
				d.Default = "/" + rc.Name + "/"
			}
		}
	}
	if d.APIRoots == nil && len(s.cfg.APIRoots) > 0 {
		s.fail(q.w, http.StatusForbidden, "Forbidden", "The account may use no API root of this server.")
		return
	}
	s.writeJSON(q.w, http.StatusOK, d)
}

// getAPIRoot is section 4.2.
func (s *Server) getAPIRoot(q *request) {
	if !usesRoot(q.acct, q.t.root) {
		s.fail(q.w, http.StatusForbidden, "Forbidden", "The account may use no collection of this API root.")
		return
	}
	rc := q.t.root.conf
	s.writeJSON(q.w, http.StatusOK, struct {
		Title            string   `json:"title"`
		Description      string   `json:"description,omitempty"`
		Versions         []string `json:"versions"`
		MaxContentLength int64    `json:"max_content_length"`
	}{rc.Title, rc.Description, []string{mediatype.ContentType}, rc.MaxContentLength})
}

// collectionResource is section 5.2.1.
type collectionResource struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Alias       string   `json:"alias,omitempty"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
	MediaTypes  []string `json:"media_types"`
}

// mediaTypes are what every collection stores: the STIX versions the server takes.
var mediaTypes = func() []string {
	var out []string
	for _, v := range envelope.SpecVersions {
		out = append(out, mediatype.STIX+";version="+v)
	}
	return out
}()

func (s *Server) describe(c *collection, read, write bool) collectionResource {
	return collectionResource{
		ID: c.conf.ID, Title: c.conf.Title, Description: c.conf.Description, Alias: c.conf.Alias,
		CanRead: read, CanWrite: write || s.faults.On(faults.T21CanWriteAlwaysTrue), MediaTypes: mediaTypes,
	}
}

// getCollections is section 5.1: the collections the account has any right on, in
// configuration order.
func (s *Server) getCollections(q *request) {
	var list struct {
		Collections []collectionResource `json:"collections,omitempty"`
	}
	for _, c := range q.t.root.colls {
		p := q.acct.Can(c.conf.ID)
		if p.CanRead() || p.CanWrite() {
			list.Collections = append(list.Collections, s.describe(c, p.CanRead(), p.CanWrite()))
		}
	}
	if len(list.Collections) == 0 && s.faults.On(faults.T21NoRights401) {
		s.authFails(q.w)
		return
	}
	if v, bent := s.bentCollections(list.Collections); bent {
		s.writeJSON(q.w, http.StatusOK, v)
		return
	}
	s.writeJSON(q.w, http.StatusOK, list)
}

// getCollection is section 5.2.
func (s *Server) getCollection(q *request, c *collection, read, write bool) {
	v, _ := s.bentCollection(s.describe(c, read, write), true)
	s.writeJSON(q.w, http.StatusOK, v)
}

// statusRecord is how a status resource is kept: with the API root it belongs to and the
// account that may read it.
type statusRecord struct {
	Root   string          `json:"root"`
	Owner  string          `json:"owner"`
	Status json.RawMessage `json:"status"`
	// PendingUntil is when the status stops reading "pending" (config status_pending_for).
	PendingUntil time.Time `json:"pending_until,omitzero"`
}

// getStatus is section 4.3.
func (s *Server) getStatus(q *request) {
	notFound := func() {
		s.fail(q.w, http.StatusNotFound, "Status not found", "This API root keeps no status "+quote(q.t.statusID)+" for the account.")
	}
	blob, ok := s.store.Status(q.t.statusID)
	if !ok {
		notFound()
		return
	}
	var rec statusRecord
	if err := json.Unmarshal(blob, &rec); err != nil {
		s.log.Error("taxii21: unreadable status record", "id", q.t.statusID, "err", err)
		notFound()
		return
	}
	if rec.Root != q.t.root.conf.Name || (rec.Owner != q.acct.Username && !q.acct.Admin) {
		notFound()
		return
	}
	body := []byte(rec.Status)
	if time.Now().Before(rec.PendingUntil) {
		body = pendingView(body)
	}
	s.writeBody(q.w, http.StatusOK, body)
}

// pendingView is a status resource as it reads while its request is pending: the objects
// that succeed once it completes are listed as pendings, failures are already known.
func pendingView(complete []byte) []byte {
	var st statusResource
	if err := json.Unmarshal(complete, &st); err != nil {
		return complete
	}
	st.Status = "pending"
	st.Pendings, st.Successes = st.Successes, nil
	st.PendingCount, st.SuccessCount = st.SuccessCount, 0
	out, err := json.Marshal(st)
	if err != nil {
		return complete
	}
	return out
}
