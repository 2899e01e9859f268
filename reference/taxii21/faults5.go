package taxii21

// The deliberate defects of the collection endpoints (TAXII 2.1 section 5) that need more than a
// one-line change in their handler: a writer that bends successful answers, and the altered
// collection, manifest and versions resources. Nothing here runs unless its fault is on.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/mediatype"
)

// bentWriter bends the successful answers of the collection endpoints for the faults that
// break their status code, their media type or the shape of their body.
type bentWriter struct {
	http.ResponseWriter
	s      *Server
	method string
	wrap   bool // a success body is being wrapped in a JSON array
}

// bend puts a bentWriter around w for the collection endpoints when one of its faults is on.
func (s *Server) bend(w http.ResponseWriter, ep endpoint, method string) http.ResponseWriter {
	if ep < epCollections || !(s.faults.On(faults.T21CollectionsSuccessCode) ||
		s.faults.On(faults.T21CollectionsJSONType) || s.faults.On(faults.T21CollectionsBodyNotResource)) {
		return w
	}
	return &bentWriter{ResponseWriter: w, s: s, method: method}
}

func (b *bentWriter) WriteHeader(code int) {
	if code/100 == 2 {
		f := b.s.faults
		if f.On(faults.T21CollectionsJSONType) {
			b.Header().Set("Content-Type", "application/json")
		}
		if f.On(faults.T21CollectionsBodyNotResource) && b.method == http.MethodGet {
			b.wrap = true
			b.Header().Del("Content-Length")
		}
		if f.On(faults.T21CollectionsSuccessCode) {
			switch code {
			case http.StatusOK:
				code = http.StatusNonAuthoritativeInfo
			case http.StatusAccepted:
				code = http.StatusOK
			}
		}
	}
	b.ResponseWriter.WriteHeader(code)
}

// Write wraps the body in an array: the handlers write a body in one call.
func (b *bentWriter) Write(p []byte) (int, error) {
	if !b.wrap || len(p) == 0 {
		return b.ResponseWriter.Write(p)
	}
	out := append(append(append(make([]byte, 0, len(p)+2), '['), p...), ']')
	if _, err := b.ResponseWriter.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// authFails answers 401 with the server's challenge.
func (s *Server) authFails(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", challenge)
	s.fail(w, http.StatusUnauthorized, "Authentication required", "Send HTTP Basic credentials of an account of this server.")
}

// bentRights widens an account's rights for the faults that ignore them.
func (s *Server) bentRights(read, write bool) (bool, bool) {
	return read || (write && s.faults.On(faults.T21WriteOnlyReadable)), write || (read && s.faults.On(faults.T21ReadOnlyWritable))
}

// bentAccept reports whether GET manifest refuses an Accept header naming STIX, for the fault.
func (s *Server) bentAccept(ep endpoint, r *http.Request) bool {
	return ep == epManifest && s.faults.On(faults.T21ManifestRefusesSTIXAccept) &&
		strings.Contains(strings.Join(r.Header.Values("Accept"), ","), mediatype.STIX)
}

// bentCollections is the collections resource as the collection faults spoil it; false when
// none of them is on.
func (s *Server) bentCollections(cs []collectionResource) (any, bool) {
	f := s.faults
	if len(cs) == 0 {
		return map[string]any{"collections": []any{}}, f.On(faults.T21EmptyListSent)
	}
	if f.On(faults.T21CollectionsIDsOnly) {
		ids := make([]string, 0, len(cs))
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		return map[string]any{"collections": ids}, true
	}
	if !f.On(faults.T21AliasShared) && !f.On(faults.T21CollectionPropsMissing) && !f.On(faults.T21CollectionMediaTypesString) {
		return nil, false
	}
	out := make([]any, 0, len(cs))
	for _, c := range cs {
		if f.On(faults.T21AliasShared) {
			c.Alias = "shared-alias"
		}
		v, _ := s.bentCollection(c, false)
		out = append(out, v)
	}
	return map[string]any{"collections": out}, true
}

// bentCollection is one collection resource as the collection faults spoil it; single is set
// for GET a collection.
func (s *Server) bentCollection(c collectionResource, single bool) (any, bool) {
	f := s.faults
	if single && f.On(faults.T21CollectionDetailDiffers) {
		c.Title += " (in detail)"
	}
	m := map[string]any{"id": c.ID, "title": c.Title, "can_read": c.CanRead, "can_write": c.CanWrite, "media_types": c.MediaTypes}
	if c.Description != "" {
		m["description"] = c.Description
	}
	if c.Alias != "" {
		m["alias"] = c.Alias
	}
	bent := single && f.On(faults.T21CollectionDetailDiffers)
	if f.On(faults.T21CollectionPropsMissing) {
		delete(m, "id")
		delete(m, "title")
		delete(m, "can_read")
		delete(m, "can_write")
		bent = true
	}
	if f.On(faults.T21CollectionMediaTypesString) {
		m["media_types"] = strings.Join(c.MediaTypes, ",")
		bent = true
	}
	if !bent {
		return c, false
	}
	return m, true
}

// manifestFaults are the faults bentManifest serves.
var manifestFaults = []string{
	faults.T21ManifestOneRecordPerObject, faults.T21ManifestVersionIsCreated, faults.T21ManifestMarkingVersionAdded, faults.T21UnstableSCOVersion,
	faults.T21ManifestRecordIncomplete, faults.T21ManifestIDWithoutType, faults.T21ManifestForeignMediaType,
	faults.T21ManifestDateAddedNotTimestamp,
}

// bentManifest writes the manifest page as the manifest faults spoil it; false when none is on.
func (s *Server) bentManifest(w http.ResponseWriter, pg page) bool {
	on := false
	for _, f := range manifestFaults {
		on = on || s.faults.On(f)
	}
	if !on {
		return false
	}
	f := s.faults
	if f.On(faults.T21ManifestOneRecordPerObject) {
		seen := map[string]bool{}
		kept := pg.recs[:0:0]
		for _, r := range pg.recs {
			if !seen[r.ID] {
				seen[r.ID] = true
				kept = append(kept, r)
			}
		}
		pg.recs = kept
	}
	s.writePage(w, pg, "objects", len(pg.recs), func(b *bytes.Buffer, i int) {
		r := &pg.recs[i]
		rec := map[string]any{"id": r.ID, "date_added": s.formatAdded(r.DateAdded), "version": r.Version,
			"media_type": mediatype.STIX + ";version=" + r.SpecVersion}
		if f.On(faults.T21ManifestVersionIsCreated) {
			if created, ok := property(r, "created"); ok {
				rec["version"] = created
			}
		}
		if _, ok := property(r, "modified"); !ok && f.On(faults.T21ManifestMarkingVersionAdded) {
			if _, ok := property(r, "created"); ok {
				rec["version"] = s.formatAdded(r.DateAdded)
			}
		}
		if _, ok := property(r, "created"); !ok && f.On(faults.T21UnstableSCOVersion) {
			rec["version"] = uuid.NewString()
		}
		if f.On(faults.T21ManifestRecordIncomplete) {
			delete(rec, "id")
			delete(rec, "date_added")
			delete(rec, "version")
		}
		if f.On(faults.T21ManifestIDWithoutType) {
			if _, u, ok := strings.Cut(r.ID, "--"); ok {
				rec["id"] = u
			}
		}
		if f.On(faults.T21ManifestForeignMediaType) {
			rec["media_type"] = "application/json"
		}
		if f.On(faults.T21ManifestDateAddedNotTimestamp) {
			rec["date_added"] = strconv.FormatInt(r.DateAdded, 10)
		}
		enc, _ := json.Marshal(rec)
		b.Write(enc)
	})
	return true
}

// property reads a top-level string property of a stored object.
func property(r *store.Record, name string) (string, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(r.Raw, &m) != nil {
		return "", false
	}
	var v string
	if raw, ok := m[name]; !ok || json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	return v, true
}

// bentVersions writes the versions page as the versions faults spoil it; false when none is on.
func (s *Server) bentVersions(w http.ResponseWriter, pg page) bool {
	f := s.faults
	if !f.On(faults.T21VersionsLatestOnly) && !f.On(faults.T21VersionsMarkingDateAdded) && !f.On(faults.T21VersionsMoreNotBoolean) {
		return false
	}
	if f.On(faults.T21VersionsLatestOnly) && len(pg.recs) > 1 {
		pg.recs = pg.recs[len(pg.recs)-1:]
	}
	versions := make([]string, 0, len(pg.recs))
	for i := range pg.recs {
		r := &pg.recs[i]
		v := r.Version
		if _, ok := property(r, "modified"); !ok && f.On(faults.T21VersionsMarkingDateAdded) {
			v = s.formatAdded(r.DateAdded)
		}
		versions = append(versions, v)
	}
	body := map[string]any{}
	if len(versions) > 0 {
		body["versions"] = versions
	}
	switch {
	case pg.more:
		body["more"] = true
		if pg.next != "" {
			body["next"] = pg.next
		}
	case f.On(faults.T21VersionsMoreNotBoolean):
		body["more"] = "false"
	}
	s.addedHeaders(w, pg)
	s.writeJSON(w, http.StatusOK, body)
	return true
}

// forgetStatusID gives the status resource sent back another id than the one kept, for the
// fault that loses status resources.
func forgetStatusID(status []byte) []byte {
	var m map[string]any
	if json.Unmarshal(status, &m) != nil {
		return status
	}
	m["id"] = uuid.NewString()
	out, err := json.Marshal(m)
	if err != nil {
		return status
	}
	return out
}
