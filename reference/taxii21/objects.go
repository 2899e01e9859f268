package taxii21

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/envelope"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/mediatype"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/query"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/timestamp"
)

// page is one page of a filtered query.
type page struct {
	recs  []store.Record
	more  bool
	next  string
	start int64 // the date_added the page started after
}

// find parses the query parameters of a read endpoint and runs the query. id restricts it to
// one object; distinct lists versions rather than records. ok is false when it has answered
// already (400).
func (s *Server) find(q *request, c *collection, fields query.Field, id string, distinct bool) (pg page, ok bool) {
	p, ok := s.parseQuery(q.w, s.trustedQuery(q.r), fields)
	if !ok {
		return pg, false
	}
	sq := store.Query{IDs: p.IDs, Types: p.Types, SpecVersions: p.SpecVersions, Versions: p.Versions, DistinctVersions: distinct}
	if id != "" {
		sq.IDs = []string{id}
	}
	if distinct {
		sq.Versions = store.VersionFilter{All: true}
	}
	if s.faults.On(faults.T21TypeFilterIgnored) {
		sq.Types = nil
	}
	if !p.Has(query.MatchVersion) && s.faults.On(faults.T21AllVersionsByDefault) {
		sq.Versions = store.VersionFilter{All: true}
	}
	if !p.Has(query.MatchSpecVersion) && s.faults.On(faults.T21AllSpecVersionsByDefault) {
		sq.SpecVersions = envelope.SpecVersions
	}
	if p.Has(query.AddedAfter) && !s.faults.On(faults.T21AddedAfterIgnored) {
		sq.After = s.addedAfter(p.After)
	}
	if p.Has(query.Next) {
		sq.After = max(sq.After, p.Cursor)
	}
	sq.Limit = s.cfg.MaxPageSize
	if p.Has(query.Limit) && p.Limit < sq.Limit && !s.faults.On(faults.T21LimitIgnored) {
		sq.Limit = p.Limit
	}
	if why := s.bendQuery(p, &sq, id != ""); why != "" {
		s.fail(q.w, http.StatusBadRequest, "Bad query parameter", why)
		return pg, false
	}
	res := s.bendResult(c, p, sq, c.store.Query(sq))
	pg = page{recs: res.Records, more: res.More, start: sq.After}
	if res.More {
		pos := res.Records[len(res.Records)-1].DateAdded
		if s.faults.On(faults.T21NextRepeatsPage) {
			pos = sq.After
		}
		pg.next = s.bentNext(q.r, query.EncodeNext(pos))
	}
	if s.faults.On(faults.T21MoreNeverSet) {
		pg.more, pg.next = false, ""
	}
	if s.faults.On(faults.T21SortNewestFirst) {
		slices.Reverse(pg.recs)
	}
	return pg, true
}

// parseQuery parses a query string; a malformed one is answered 400 (ok false), or read
// leniently under the fault that accepts it.
func (s *Server) parseQuery(w http.ResponseWriter, raw string, fields query.Field) (p query.Params, ok bool) {
	p, err := query.Parse(raw, fields)
	if err == nil {
		return p, true
	}
	if !s.faults.On(faults.T21BadFilterAccepted) {
		s.fail(w, http.StatusBadRequest, "Bad query parameter", err.Error())
		return p, false
	}
	return parseLenient(raw, fields), true
}

// objectMissing answers 404 when the collection holds no version of the requested object
// (unless the fault serves it as empty) or when also is true; it reports whether it answered.
func (s *Server) objectMissing(q *request, c *collection, also bool) bool {
	if (c.store.Has(q.t.objectID) || s.faults.On(faults.T21UnknownObjectEmpty)) && !also {
		return false
	}
	s.fail(q.w, http.StatusNotFound, "Object not found", "The collection holds no object "+quote(q.t.objectID)+".")
	return true
}

// addedHeaders sets X-TAXII-Date-Added-First and -Last (section 3.2).
func (s *Server) addedHeaders(w http.ResponseWriter, pg page) {
	first, last := pg.start, pg.start
	if n := len(pg.recs); n > 0 {
		first, last = pg.recs[0].DateAdded, pg.recs[n-1].DateAdded
	}
	w.Header().Set("X-TAXII-Date-Added-First", s.formatAdded(first))
	if !s.faults.On(faults.T21NoDateAddedLast) {
		w.Header().Set("X-TAXII-Date-Added-Last", s.formatAdded(last))
	}
}

// writePage sends a paged resource: more and next, then the list under key, built by item.
func (s *Server) writePage(w http.ResponseWriter, pg page, key string, n int, item func(b *bytes.Buffer, i int)) {
	s.addedHeaders(w, pg)
	b := getBuffer()
	defer putBuffer(b)
	b.WriteByte('{')
	sep := ""
	if pg.more {
		b.WriteString(`"more":true`)
		sep = ","
		if pg.next != "" {
			b.WriteString(`,"next":`)
			appendString(b, pg.next)
		}
	}
	if n > 0 || s.faults.On(faults.T21EmptyListSent) {
		b.WriteString(sep + `"` + key + `":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			item(b, i)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	s.writeBody(w, http.StatusOK, b.Bytes())
}

// writeEnvelope sends records as an envelope (section 3.7), their JSON as stored.
func (s *Server) writeEnvelope(w http.ResponseWriter, pg page) {
	if len(pg.recs) == 0 && s.faults.On(faults.T21EmptyResult404) {
		s.fail(w, http.StatusNotFound, "Nothing found", "No object matches the request.")
		return
	}
	s.writePage(w, pg, "objects", len(pg.recs), func(b *bytes.Buffer, i int) { b.Write(pg.recs[i].Raw) })
}

// getObjects is section 5.4.
func (s *Server) getObjects(q *request, c *collection) {
	if pg, ok := s.find(q, c, query.Objects, "", false); ok {
		s.writeEnvelope(q.w, pg)
	}
}

// getManifest is section 5.3: one record per object version the filters select.
func (s *Server) getManifest(q *request, c *collection) {
	pg, ok := s.find(q, c, query.Objects, "", false)
	if !ok || s.bentManifest(q.w, pg) {
		return
	}
	s.writePage(q.w, pg, "objects", len(pg.recs), func(b *bytes.Buffer, i int) {
		r := &pg.recs[i]
		b.WriteString(`{"id":`)
		appendString(b, r.ID)
		b.WriteString(`,"date_added":"`)
		b.WriteString(s.formatAdded(r.DateAdded))
		b.WriteString(`","version":`)
		appendString(b, r.Version)
		b.WriteString(`,"media_type":`)
		appendString(b, mediatype.STIX+";version="+r.SpecVersion)
		b.WriteByte('}')
	})
}

// getObject is section 5.6: 404 when no version of the object is stored; otherwise an envelope,
// empty when the filters select nothing.
func (s *Server) getObject(q *request, c *collection) {
	if s.objectMissing(q, c, false) {
		return
	}
	id := q.t.objectID
	if s.faults.On(faults.T21GetObjectIgnoresID) {
		id = ""
	}
	if pg, ok := s.find(q, c, query.Object, id, false); ok {
		s.writeEnvelope(q.w, pg)
	}
}

// getVersions is section 5.8.
func (s *Server) getVersions(q *request, c *collection) {
	if s.objectMissing(q, c, false) {
		return
	}
	pg, ok := s.find(q, c, query.Versions, q.t.objectID, true)
	if !ok || s.bentVersions(q.w, pg) {
		return
	}
	s.writePage(q.w, pg, "versions", len(pg.recs), func(b *bytes.Buffer, i int) { appendString(b, pg.recs[i].Version) })
}

// deleteObject is section 5.7. Without match[version] every version goes; with it, the
// versions it selects. Nothing selected is 404.
func (s *Server) deleteObject(q *request, c *collection) {
	p, ok := s.parseQuery(q.w, q.r.URL.RawQuery, query.Delete)
	if !ok || s.objectMissing(q, c, s.faults.On(faults.T21DeleteNeedsUUID) && strings.Contains(q.t.objectID, "--")) {
		return
	}
	versions := p.Versions
	if !p.Has(query.MatchVersion) && !s.faults.On(faults.T21DeleteKeepsOlderVersions) {
		versions = store.VersionFilter{All: true}
	}
	if s.faults.On(faults.T21DeleteVersionFilterIgnored) {
		p.SpecVersions, versions = nil, store.VersionFilter{All: true}
	}
	n, err := c.store.Delete(q.t.objectID, p.SpecVersions, versions)
	if err != nil {
		s.log.Error("taxii21: delete", "collection", c.conf.ID, "object", q.t.objectID, "err", err)
		s.fail(q.w, http.StatusInternalServerError, "Internal error", "The object could not be deleted.")
		return
	}
	if n == 0 && !s.faults.On(faults.T21UnknownObjectEmpty) {
		s.fail(q.w, http.StatusNotFound, "Version not found", "No version of the object matches the filters.")
		return
	}
	s.writeBody(q.w, http.StatusOK, nil)
}

// statusResource is section 4.3.1.
type statusResource struct {
	ID               string          `json:"id"`
	Status           string          `json:"status"`
	RequestTimestamp string          `json:"request_timestamp,omitempty"`
	TotalCount       int             `json:"total_count"`
	SuccessCount     int             `json:"success_count"`
	Successes        []statusDetails `json:"successes,omitempty"`
	FailureCount     int             `json:"failure_count"`
	Failures         []statusDetails `json:"failures,omitempty"`
	PendingCount     int             `json:"pending_count"`
	Pendings         []statusDetails `json:"pendings,omitempty"`
}

type statusDetails struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message,omitempty"`
	index   int    // position in the envelope, for ordering
}

// maxBodyWithFault bounds what the server reads when told to ignore max_content_length.
const maxBodyWithFault = 256 << 20

// addObjects is section 5.5.
func (s *Server) addObjects(q *request, c *collection) {
	typeOK := mediatype.ContentTypeOK(q.r.Header.Values("Content-Type"))
	if !typeOK && s.faults.On(faults.T21UnsupportedType400) {
		s.fail(q.w, http.StatusBadRequest, "Bad request", "The body could not be understood.")
		return
	}
	if !typeOK || s.refusesContentType(q.r) {
		s.fail(q.w, http.StatusUnsupportedMediaType, "Unsupported media type",
			"POST a TAXII envelope as application/taxii+json;version=2.1.")
		return
	}
	limit := s.bodyLimit(q.t.root.conf.MaxContentLength)
	if s.faults.On(faults.T21MaxContentLengthIgnored) {
		limit = max(limit, maxBodyWithFault)
	}
	tooLarge := func() {
		s.fail(q.w, http.StatusRequestEntityTooLarge, "Request too large",
			"The body exceeds the max_content_length of this API root.")
	}
	if q.r.ContentLength > limit {
		tooLarge()
		return
	}
	received := time.Now()
	body := getBuffer()
	defer putBuffer(body)
	if q.r.ContentLength > 0 {
		body.Grow(int(q.r.ContentLength))
	}
	if _, err := body.ReadFrom(http.MaxBytesReader(q.w, q.r.Body, limit)); err != nil {
		if _, big := errors.AsType[*http.MaxBytesError](err); big {
			tooLarge()
			return
		}
		s.fail(q.w, http.StatusBadRequest, "Unreadable body", "The request body could not be read.")
		return
	}
	env, err := envelope.Decode(body.Bytes())
	if err != nil && s.faults.On(faults.T21UnprocessableAccepted) {
		s.writeJSON(q.w, http.StatusAccepted, statusResource{ID: uuid.NewString(), Status: "complete"})
		return
	}
	if err != nil {
		s.fail(q.w, http.StatusUnprocessableEntity, "Unprocessable envelope", err.Error())
		return
	}
	var response []byte
	_, err = c.store.Add(store.Batch{Objects: env.Objects, Status: func(out []store.Outcome) (string, []byte) {
		st := s.statusOf(env, out, received)
		response, _ = json.Marshal(st)
		rec := statusRecord{Root: q.t.root.conf.Name, Owner: q.acct.Username, Status: response}
		if d := s.cfg.StatusPendingFor; d > 0 {
			rec.PendingUntil = received.Add(d)
		}
		blob, _ := json.Marshal(rec)
		if !rec.PendingUntil.IsZero() {
			response = pendingView(response)
		}
		return st.ID, blob
	}})
	if err != nil {
		s.log.Error("taxii21: add objects", "collection", c.conf.ID, "err", err)
		s.fail(q.w, http.StatusInternalServerError, "Internal error", "The objects could not be stored; none was added.")
		return
	}
	if s.faults.On(faults.T21StatusNotKept) {
		response = forgetStatusID(response)
	}
	s.writeBody(q.w, http.StatusAccepted, response)
}

// statusOf builds the status resource of an Add Objects request from what the envelope reader
// refused and what the store did with the rest. Lists are in envelope order.
func (s *Server) statusOf(env envelope.Result, out []store.Outcome, received time.Time) statusResource {
	st := statusResource{
		ID: s.newStatusID(), Status: "complete", RequestTimestamp: timestamp.Format(received),
		TotalCount: env.Total,
	}
	for _, f := range env.Failures {
		st.Failures = append(st.Failures, statusDetails{ID: f.ID, Version: f.Version, Message: f.Message, index: f.Index})
	}
	for i, o := range out {
		obj, at := &env.Objects[i], env.Positions[i]
		switch {
		case o.Conflict:
			st.Failures = append(st.Failures, statusDetails{ID: obj.ID, Version: obj.Version, index: at,
				Message: "a different object with this id, version and spec_version is already in the collection"})
		case o.Duplicate && s.faults.On(faults.T21DuplicateFails):
			st.Failures = append(st.Failures, statusDetails{ID: obj.ID, Version: o.Version, index: at, Message: "duplicate"})
		case o.Duplicate:
			st.Successes = append(st.Successes, statusDetails{ID: obj.ID, Version: o.Version, index: at,
				Message: "already in the collection; not stored again"})
		default:
			st.Successes = append(st.Successes, statusDetails{ID: obj.ID, Version: o.Version, index: at})
		}
	}
	slices.SortStableFunc(st.Failures, func(a, b statusDetails) int { return a.index - b.index })
	st.SuccessCount, st.FailureCount = len(st.Successes), len(st.Failures)
	if s.faults.On(faults.T21StatusCountsInconsistent) {
		st.SuccessCount = st.TotalCount
	}
	if s.faults.On(faults.T21StatusTotalWrong) {
		st.TotalCount++
	}
	return st
}
