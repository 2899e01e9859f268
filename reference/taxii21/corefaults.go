package taxii21

// The deliberate defects of the core concepts and server information (TAXII 2.1 sections 2,
// 3, 4, 7, 8 and Appendix B) that need more than a one-line change in a handler: an answer
// rewriter for the faults that bend bodies, headers and status codes, and the query, error and
// TLS defects. Nothing here runs unless its fault is on.

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/envelope"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/mediatype"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/query"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/timestamp"
)

// rewritingFaults are the faults the answer rewriter applies.
var rewritingFaults = []string{
	faults.T21BooleanAsString, faults.T21IntegerTooLarge, faults.T21ListElementNotString,
	faults.T21TimestampOffset, faults.T21TimestampLocal, faults.T21TimestampSpace,
	faults.T21CollectionBodyEmpty, faults.T21DateAddedSwapped, faults.T21NoDateAddedFirst,
	faults.T21CollectionsOrderUnstable, faults.T21EnvelopeAsBundle, faults.T21EnvelopeDropsSpecVersion,
	faults.T21EnvelopeMoreString, faults.T21PropertyNameCase, faults.T21StatusLiteralCase,
	faults.T21DiscoveryNoTitle, faults.T21DiscoveryDefaultUnlisted, faults.T21DiscoveryHTTPRoot,
	faults.T21DiscoveryRelativeNoSlash, faults.T21DiscoveryNetworkPath, faults.T21DiscoveryRootQuery,
	faults.T21DiscoveryDuplicateRoot, faults.T21Anonymous403, faults.T21Forbidden401,
	faults.T21VersionsUnversioned, faults.T21VersionsNot21, faults.T21VersionsNotTAXII,
	faults.T21MaxContentLengthZero, faults.T21StatusUnknown200, faults.T21StatusIDMismatch,
	faults.T21StatusChanges, faults.T21StatusVersionReceived, faults.T21SCOVersionUnstable,
	faults.T21StatusNoPendingCount, faults.T21CustomNameBadChars, faults.T21CustomNameNonASCII,
	faults.T21CustomNameShort, faults.T21CustomNameLong, faults.T21CustomNameUnprefixed,
	faults.T21UserAgentRequired, faults.T21ChallengeNotBasic,
	faults.T21APIRootVersionsMissing, faults.T21APIRootVersionsEmpty, faults.T21APIRootNoTitle,
	faults.T21APIRootNoMaxLength, faults.T21InfoJSONType, faults.T21InfoErrorsPlain, faults.T21InfoSuccess203,
	faults.T21InfoBodyList, faults.T21StatusPropsMissing, faults.T21StatusCountsNegative,
	faults.T21StatusDetailsBare, faults.T21StatusDetailsIDUUID, faults.T21StatusOther401,
	faults.T21DiscoveryDescriptionNum, faults.T21DiscoverySuccess203, faults.T21DiscoveryRootsUnserved,
}

// customNames are the custom property names the naming faults add to the discovery resource.
var customNames = map[string]string{
	faults.T21CustomNameBadChars:   "x-Vendor.Note",
	faults.T21CustomNameNonASCII:   "x_vendor_n\u00f6te",
	faults.T21CustomNameShort:      "xy",
	faults.T21CustomNameLong:       "x_" + strings.Repeat("v", 249),
	faults.T21CustomNameUnprefixed: "vendor_note",
}

// rewriter holds an answer back until the handler is done, so that the faults can bend it.
type rewriter struct {
	http.ResponseWriter
	s      *Server
	r      *http.Request
	ep     endpoint
	status int
	body   bytes.Buffer
}

func (rw *rewriter) WriteHeader(code int) {
	if rw.status == 0 {
		rw.status = code
	}
}

func (rw *rewriter) Write(p []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	return rw.body.Write(p)
}

// rewrite puts a rewriter around w when one of its faults is on; done sends the answer.
func (s *Server) rewrite(w http.ResponseWriter, r *http.Request, ep endpoint) (http.ResponseWriter, func()) {
	if len(s.faults) == 0 || !slices.ContainsFunc(rewritingFaults, s.faults.On) {
		return w, func() {}
	}
	rw := &rewriter{ResponseWriter: w, s: s, r: r, ep: ep}
	return rw, rw.finish
}

func (rw *rewriter) finish() {
	status, body := rw.s.bendAnswer(rw.r, rw.ep, rw.status, rw.Header(), rw.body.Bytes())
	if status == 0 {
		status = http.StatusOK
	}
	if rw.Header().Get("Content-Length") != "" || len(body) > 0 {
		rw.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	rw.ResponseWriter.WriteHeader(status)
	_, _ = rw.ResponseWriter.Write(body)
}

// collectionsServed counts GET collections answers, for the fault that changes their order.
var collectionsServed atomic.Uint64

// bendAnswer applies the rewriting faults to one answer.
func (s *Server) bendAnswer(r *http.Request, ep endpoint, status int, h http.Header, body []byte) (int, []byte) {
	on := s.faults.On
	if on(faults.T21UserAgentRequired) && r.UserAgent() == "" {
		h.Del("X-TAXII-Date-Added-First")
		h.Del("X-TAXII-Date-Added-Last")
		return http.StatusBadRequest, s.errorBody(http.StatusBadRequest, "User-Agent required", "Name your client in User-Agent.")
	}
	if status == http.StatusUnauthorized {
		if on(faults.T21ChallengeNotBasic) {
			h.Set("WWW-Authenticate", `Bearer realm="TAXII 2.1"`)
		}
		if on(faults.T21Anonymous403) && (ep == epDiscovery || ep == epAPIRoot || ep == epStatus) {
			h.Del("WWW-Authenticate")
			return http.StatusForbidden, withHTTPStatus(body, http.StatusForbidden)
		}
	}
	if status == http.StatusForbidden && on(faults.T21Forbidden401) && (ep == epDiscovery || ep == epAPIRoot) {
		h.Set("WWW-Authenticate", challenge)
		return http.StatusUnauthorized, withHTTPStatus(body, http.StatusUnauthorized)
	}
	info := ep == epDiscovery || ep == epAPIRoot || ep == epStatus
	if status >= 400 && info && on(faults.T21InfoErrorsPlain) {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		return status, []byte(http.StatusText(status) + "\n")
	}
	if status == http.StatusNotFound && ep == epStatus && on(faults.T21StatusOther401) {
		if t, ok := s.route(r.URL.Path); ok {
			if _, kept := s.store.Status(t.statusID); kept {
				h.Set("WWW-Authenticate", challenge)
				return http.StatusUnauthorized, withHTTPStatus(body, http.StatusUnauthorized)
			}
		}
	}
	if status == http.StatusNotFound && ep == epStatus && on(faults.T21StatusUnknown200) {
		b, _ := json.Marshal(statusResource{ID: uuid.NewString(), Status: "pending"})
		return http.StatusOK, b
	}
	if status/100 != 2 || len(body) == 0 {
		return status, body
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if on(faults.T21DateAddedSwapped) {
			first, last := h.Get("X-TAXII-Date-Added-First"), h.Get("X-TAXII-Date-Added-Last")
			h.Set("X-TAXII-Date-Added-First", last)
			h.Set("X-TAXII-Date-Added-Last", first)
		}
		if on(faults.T21NoDateAddedFirst) {
			h.Del("X-TAXII-Date-Added-First")
		}
	}
	if ep == epCollection && on(faults.T21CollectionBodyEmpty) {
		return status, nil
	}
	m, ok := decodeObject(body)
	if !ok {
		return status, body
	}
	switch ep {
	case epDiscovery:
		s.bendDiscovery(r, m)
	case epAPIRoot:
		bendAPIRoot(on, m)
	case epStatus:
		bendStatus(on, m, r.Method == http.MethodGet)
	case epCollections:
		list, _ := m["collections"].([]any)
		if on(faults.T21CollectionsOrderUnstable) && collectionsServed.Add(1)%2 == 0 {
			slices.Reverse(list)
		}
		for _, c := range list {
			if cm, ok := c.(map[string]any); ok {
				bendCollection(on, cm)
			}
		}
	case epCollection:
		bendCollection(on, m)
	case epObjects, epObject:
		if r.Method == http.MethodPost {
			bendStatus(on, m, false)
			break
		}
		bendEnvelope(on, m)
	}
	out, err := json.Marshal(m)
	if err != nil {
		return status, body
	}
	if info && on(faults.T21InfoJSONType) {
		h.Set("Content-Type", "application/json")
	}
	if ep == epDiscovery && on(faults.T21DiscoverySuccess203) {
		status = http.StatusNonAuthoritativeInfo
	}
	if (ep == epAPIRoot || ep == epStatus) && r.Method == http.MethodGet {
		if on(faults.T21InfoBodyList) {
			out = append(append([]byte{'['}, out...), ']')
		}
		if on(faults.T21InfoSuccess203) {
			status = http.StatusNonAuthoritativeInfo
		}
	}
	if ep == epObjects && r.Method == http.MethodGet && on(faults.T21EnvelopeAsBundle) {
		// A bundle's own keys go first, as a STIX bundle would have them.
		out = append([]byte(`{"type":"bundle","id":"bundle--`+uuid.NewString()+`",`), out[1:]...)
		if len(m) == 0 {
			out = append(out[:len(out)-2], '}')
		}
	}
	return status, out
}

func decodeObject(body []byte) (map[string]any, bool) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

// withHTTPStatus keeps an error body's http_status in step with a bent status code.
func withHTTPStatus(body []byte, status int) []byte {
	m, ok := decodeObject(body)
	if !ok {
		return body
	}
	if _, has := m["http_status"]; has {
		m["http_status"] = strconv.Itoa(status)
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}

func (s *Server) bendDiscovery(r *http.Request, m map[string]any) {
	on := s.faults.On
	if on(faults.T21DiscoveryNoTitle) {
		delete(m, "title")
	}
	if on(faults.T21DiscoveryDescriptionNum) {
		m["description"] = 21
	}
	if on(faults.T21PropertyNameCase) {
		m["Contact"] = m["contact"]
		delete(m, "contact")
	}
	roots, _ := m["api_roots"].([]any)
	extra := map[string]string{
		faults.T21DiscoveryHTTPRoot:        "http://taxii-conform.invalid/api1/",
		faults.T21DiscoveryRelativeNoSlash: "api9/",
		faults.T21DiscoveryNetworkPath:     "//taxii-conform.invalid/api1/",
		faults.T21DiscoveryRootQuery:       "/api1/?tenant=1",
	}
	for f, root := range extra {
		if on(f) {
			roots = append(roots, root)
		}
	}
	if on(faults.T21DiscoveryRootsUnserved) {
		// Paths under no API root; default, which the harness starts from, keeps its value.
		roots = []any{"/taxii-conform-unserved-1/", "/taxii-conform-unserved-2/"}
	}
	if on(faults.T21DiscoveryDuplicateRoot) && len(roots) > 0 {
		roots = append(roots, roots[0])
	}
	if on(faults.T21DiscoveryDefaultUnlisted) {
		// The same roots as absolute URLs: the relative default is then no item of the list.
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		for i, root := range roots {
			if s, ok := root.(string); ok && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
				roots[i] = scheme + "://" + r.Host + s
			}
		}
	}
	if len(roots) > 0 {
		m["api_roots"] = roots
	}
	for f, name := range customNames {
		if on(f) {
			m[name] = "a custom property"
		}
	}
}

func bendAPIRoot(on func(string) bool, m map[string]any) {
	versions, _ := m["versions"].([]any)
	switch {
	case on(faults.T21VersionsUnversioned):
		versions = append(versions, mediatype.TAXII)
	case on(faults.T21VersionsNot21):
		versions = []any{mediatype.TAXII + ";version=2.0"}
	case on(faults.T21VersionsNotTAXII):
		versions = append(versions, "application/json;version=2.1")
	}
	m["versions"] = versions
	switch {
	case on(faults.T21APIRootVersionsMissing):
		delete(m, "versions")
	case on(faults.T21APIRootVersionsEmpty):
		m["versions"] = []any{}
	}
	if on(faults.T21APIRootNoTitle) {
		delete(m, "title")
	}
	if on(faults.T21APIRootNoMaxLength) {
		delete(m, "max_content_length")
	}
	switch {
	case on(faults.T21MaxContentLengthZero):
		m["max_content_length"] = 0
	case on(faults.T21IntegerTooLarge):
		m["max_content_length"] = json.Number("1152921504606846976") // 2^60, beyond I-JSON
	}
}

// bendStatus bends a status resource; get says it is read at the status endpoint.
func bendStatus(on func(string) bool, m map[string]any, get bool) {
	if ts, ok := m["request_timestamp"].(string); ok {
		t, err := time.Parse(time.RFC3339Nano, ts)
		switch {
		case err != nil:
		case on(faults.T21TimestampOffset):
			m["request_timestamp"] = t.UTC().Format("2006-01-02T15:04:05.000000") + "+00:00"
		case on(faults.T21TimestampLocal):
			m["request_timestamp"] = t.In(time.FixedZone("", 2*3600)).Format("2006-01-02T15:04:05.000000-07:00")
		case on(faults.T21TimestampSpace):
			m["request_timestamp"] = strings.Replace(ts, "T", " ", 1)
		}
	}
	if on(faults.T21StatusNoPendingCount) {
		delete(m, "pending_count")
	}
	now := timestamp.Format(time.Now())
	// The time the request came in: the status keeps it, so the bent version stays the same
	// from one read to the next.
	received, _ := m["request_timestamp"].(string)
	for _, key := range []string{"successes", "failures", "pendings"} {
		list, _ := m[key].([]any)
		for _, e := range list {
			d, ok := e.(map[string]any)
			if !ok {
				continue
			}
			id, _ := d["id"].(string)
			// Cyber-observables have no created or modified. No SCO type contains "--", so the
			// type is what precedes the first one.
			typ, _, found := strings.Cut(id, "--")
			sco := found && envelope.IsSCO(typ)
			if on(faults.T21StatusVersionReceived) && !sco && received != "" {
				d["version"] = received
			}
			if on(faults.T21SCOVersionUnstable) && sco {
				d["version"] = now
			}
		}
	}
	if !get {
		return
	}
	for _, key := range []string{"successes", "failures", "pendings"} {
		list, _ := m[key].([]any)
		for _, e := range list {
			d, ok := e.(map[string]any)
			if !ok {
				continue
			}
			if id, ok := d["id"].(string); ok && on(faults.T21StatusDetailsIDUUID) {
				_, d["id"], _ = strings.Cut(id, "--")
			}
			if on(faults.T21StatusDetailsBare) {
				delete(d, "id")
				delete(d, "version")
			}
		}
	}
	if on(faults.T21StatusPropsMissing) {
		for _, k := range []string{"id", "status", "total_count", "success_count", "failure_count"} {
			delete(m, k)
		}
	}
	if on(faults.T21StatusCountsNegative) {
		for _, k := range []string{"total_count", "success_count", "failure_count", "pending_count"} {
			m[k] = -1
		}
	}
	if on(faults.T21StatusLiteralCase) && m["status"] == "complete" {
		m["status"] = "Complete"
	}
	if id, ok := m["id"].(string); ok && on(faults.T21StatusIDMismatch) {
		m["id"] = otherID(id)
	}
	if on(faults.T21StatusChanges) {
		m["request_timestamp"] = now
	}
}

// otherID derives another random-looking (version 4) UUID from a status id, the same every
// time, so that the mismatching status stays unchanged between reads.
func otherID(id string) string {
	return uuid.NewHash(sha256.New(), uuid.NameSpaceOID, []byte(id), 4).String()
}

func bendCollection(on func(string) bool, m map[string]any) {
	if on(faults.T21BooleanAsString) {
		for _, k := range []string{"can_read", "can_write"} {
			if b, ok := m[k].(bool); ok {
				m[k] = strconv.FormatBool(b)
			}
		}
	}
	if on(faults.T21ListElementNotString) {
		list, _ := m["media_types"].([]any)
		m["media_types"] = append(list, 21)
	}
}

func bendEnvelope(on func(string) bool, m map[string]any) {
	if on(faults.T21EnvelopeMoreString) {
		if b, ok := m["more"].(bool); ok {
			m["more"] = strconv.FormatBool(b)
		}
	}
	if on(faults.T21EnvelopeDropsSpecVersion) {
		objs, _ := m["objects"].([]any)
		for _, o := range objs {
			if om, ok := o.(map[string]any); ok {
				delete(om, "spec_version")
			}
		}
	}
}

// ---- errors ----

// errorBody encodes an error resource, bent by the error faults.
func (s *Server) errorBody(status int, title, description string) []byte {
	body, _ := json.Marshal(taxiiError{Title: title, Description: description, HTTPStatus: strconv.Itoa(status)})
	return s.bentError(body)
}

// bentError applies the error faults to an encoded error resource.
func (s *Server) bentError(body []byte) []byte {
	on := s.faults.On
	if len(s.faults) == 0 || !(on(faults.T21ErrorNoTitle) || on(faults.T21ErrorHTTPStatusWrong) ||
		on(faults.T21ErrorDetailsString) || on(faults.T21InvalidUTF8)) {
		return body
	}
	m, ok := decodeObject(body)
	if !ok {
		return body
	}
	if on(faults.T21ErrorNoTitle) {
		delete(m, "title")
	}
	if on(faults.T21ErrorHTTPStatusWrong) {
		m["http_status"] = "200"
	}
	if on(faults.T21ErrorDetailsString) {
		m["details"] = "see the description"
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	if on(faults.T21InvalidUTF8) {
		// A Latin-1 byte that JSON encoders would have escaped: the body is no longer UTF-8.
		out = bytes.Replace(out, []byte(`"title":"`), []byte("\"title\":\"\xe9 "), 1)
	}
	return out
}

// ---- queries ----

// parseLenient reads a query as the fault that accepts malformed parameters does: a parameter
// that does not parse on its own is dropped, and the others still apply.
func parseLenient(raw string, fields query.Field) query.Params {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return query.Params{}
	}
	kept := url.Values{}
	for name, vs := range values {
		if _, err := query.Parse(url.Values{name: vs}.Encode(), fields); err == nil {
			kept[name] = vs
		}
	}
	p, _ := query.Parse(kept.Encode(), fields)
	return p
}

// addedAfter is the date_added (in microseconds) that added_after excludes up to. The fault
// that writes date_added to the millisecond also compares at that precision, so that a value
// it handed out as date_added excludes the record it came from.
func (s *Server) addedAfter(us int64) int64 {
	if len(s.faults) > 0 && s.faults.On(faults.T21DateAddedMillis) {
		return us - us%1000 + 999
	}
	return us
}

// bendQuery applies the query faults to a parsed query before it runs; refuse is the
// description of a 400 answer when the query is to be refused.
func (s *Server) bendQuery(p query.Params, sq *store.Query, perObject bool) (refuse string) {
	if len(s.faults) == 0 {
		return ""
	}
	on := s.faults.On
	if on(faults.T21MatchVersionUnsupported) && p.Has(query.MatchVersion) && !perObject {
		return "match[version] is not supported here"
	}
	if on(faults.T21UnstoredType400) {
		for _, t := range sq.Types {
			if t != "indicator" && t != "malware" && t != "marking-definition" && t != "identity" {
				return "match[type] names a type this server does not store: " + quote(t)
			}
		}
	}
	if on(faults.T21AddedAfterInclusive) && p.Has(query.AddedAfter) && sq.After == p.After && sq.After > 0 {
		sq.After-- // the record added at exactly added_after comes back too
	}
	if on(faults.T21MatchIDOverridesType) && len(sq.IDs) > 0 && !perObject {
		sq.Types = nil
	}
	if on(faults.T21MatchListFirstOnly) {
		sq.Types = sq.Types[:min(len(sq.Types), 1)]
		sq.SpecVersions = sq.SpecVersions[:min(len(sq.SpecVersions), 1)]
		if !perObject {
			sq.IDs = sq.IDs[:min(len(sq.IDs), 1)]
		}
	}
	if on(faults.T21MatchIDIgnored) && !perObject {
		sq.IDs = nil
	}
	if on(faults.T21SpecVersionFilterIgnored) {
		sq.SpecVersions = nil
	}
	v := &sq.Versions
	switch {
	case on(faults.T21VersionLastAsFirst) && v.Last && !v.First:
		v.Last, v.First = false, true
	case on(faults.T21VersionFirstAsLast) && v.First && !v.Last:
		v.First, v.Last = false, true
	case on(faults.T21VersionAllLatestOnly) && v.All && !sq.DistinctVersions:
		v.All, v.Last = false, true
	case on(faults.T21VersionExactIgnored) && len(v.Exact) > 0:
		v.Exact, v.All = nil, true
	}
	return ""
}

// bendResult applies the query faults that work on a query's result.
func (s *Server) bendResult(c *collection, p query.Params, sq store.Query, res store.Page) store.Page {
	if len(s.faults) == 0 {
		return res
	}
	on := s.faults.On
	if on(faults.T21NewestPageFirst) && p.Has(query.Limit) && !p.Has(query.AddedAfter) && !p.Has(query.Next) {
		// Start from the newest records instead of the oldest: the last page of the result.
		all := sq
		all.Limit = s.cfg.MaxPageSize
		full := c.store.Query(all)
		if n := len(full.Records); n > sq.Limit {
			res.Records, res.More = full.Records[n-sq.Limit:], true
		}
	}
	if on(faults.T21UnfilteredDropsNewest) && p.Given == 0 && len(sq.IDs) == 0 && len(res.Records) > 0 && !res.More {
		res.Records = res.Records[:len(res.Records)-1]
	}
	if on(faults.T21ShortPageNoMore) && p.Has(query.Limit) && !res.More && len(res.Records) > 1 {
		res.Records = res.Records[:len(res.Records)-1]
	}
	if on(faults.T21CreatedNotVersion) && (len(sq.Versions.Exact) > 0 || sq.Versions.First || sq.Versions.Last) {
		res.Records = slices.DeleteFunc(slices.Clone(res.Records), func(r store.Record) bool {
			return r.Version != "" && !bytes.Contains(r.Raw, []byte(`"modified"`))
		})
	}
	return res
}

// Next values that carry their query: the fault that trusts them takes the query from the value
// instead of the request (Appendix B).
const trustedNextPrefix = "q"

// bentNext wraps a next value with the request's query when the trusting fault is on.
func (s *Server) bentNext(r *http.Request, next string) string {
	if next == "" || !s.faults.On(faults.T21NextTrusted) {
		return next
	}
	v := r.URL.Query()
	v.Del("next")
	return trustedNextPrefix + base64.RawURLEncoding.EncodeToString([]byte(v.Encode())) + "." + next
}

// trustedQuery returns the query a trusted next value carries, with its position as next, in
// place of the request's; otherwise the request's query.
func (s *Server) trustedQuery(r *http.Request) string {
	raw := r.URL.RawQuery
	if !s.faults.On(faults.T21NextTrusted) {
		return raw
	}
	next := r.URL.Query().Get("next")
	enc, pos, ok := strings.Cut(strings.TrimPrefix(next, trustedNextPrefix), ".")
	if !strings.HasPrefix(next, trustedNextPrefix) || !ok {
		return raw
	}
	q, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return raw
	}
	v, err := url.ParseQuery(string(q))
	if err != nil {
		return raw
	}
	v.Set("next", pos)
	return v.Encode()
}

// ---- status ids, bodies and TLS ----

// newStatusID names a new status resource: a random (version 4) UUID, or a time-based
// (version 1) one under the fault.
func (s *Server) newStatusID() string {
	if len(s.faults) > 0 && s.faults.On(faults.T21StatusIDNotV4) {
		if u, err := uuid.NewUUID(); err == nil {
			return u.String()
		}
	}
	return uuid.NewString()
}

// bodyLimit is the largest request body the server reads for an API root.
func (s *Server) bodyLimit(max int64) int64 {
	if len(s.faults) > 0 && s.faults.On(faults.T21TooLargeBelowLimit) {
		return max / 2
	}
	return max
}

// refusesContentType reports whether the fault that wants Content-Type written exactly as
// application/taxii+json;version=2.1 refuses the request's.
func (s *Server) refusesContentType(r *http.Request) bool {
	return len(s.faults) > 0 && s.faults.On(faults.T21ContentTypeExact) && r.Header.Get("Content-Type") != mediatype.ContentType
}

// refusesAccept reports whether an Accept fault refuses the request's Accept header: one wants
// each range spelled exactly application/taxii+json;version=2.1, the other refuses a TAXII
// range without version.
func (s *Server) refusesAccept(r *http.Request) bool {
	if len(s.faults) == 0 {
		return false
	}
	ranges := strings.Split(strings.Join(r.Header.Values("Accept"), ","), ",")
	if s.faults.On(faults.T21AcceptExact) && !slices.Contains(ranges, mediatype.ContentType) {
		return true
	}
	if s.faults.On(faults.T21UnversionedAccept406) {
		for _, a := range ranges {
			if strings.TrimSpace(strings.ToLower(a)) == mediatype.TAXII {
				return true
			}
		}
	}
	return false
}

// blacklistFree are the TLS 1.2 cipher suites RFC 7540 Appendix A does not list: ephemeral
// ECDHE key exchange with an AEAD cipher (TAXII 2.1 section 8.2.2).
var blacklistFree = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

// TLSConfig is the TLS policy of the reference server (section 8.2.2): TLS 1.2 and 1.3, and for
// TLS 1.2 only suites RFC 7540 does not blacklist; the TLS faults bend it. Callers add the
// certificates.
func TLSConfig(f faults.Set) *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12, CipherSuites: blacklistFree}
	if len(f) == 0 {
		return c
	}
	if f.On(faults.T21TLSWeakSuites) {
		c.CipherSuites = nil // Go's defaults, which include CBC and RSA key exchange suites
	}
	if f.On(faults.T21TLS12Refused) {
		c.MinVersion = tls.VersionTLS13
	}
	if f.On(faults.T21TLS13Refused) {
		c.MaxVersion = tls.VersionTLS12
	}
	return c
}

// servesUnknownRoot answers GET on a one-segment path that is no API root with the default
// API root's information, under its fault.
func (s *Server) servesUnknownRoot(w http.ResponseWriter, r *http.Request) bool {
	if len(s.faults) == 0 || !s.faults.On(faults.T21UnknownRootInfoServed) || r.Method != http.MethodGet {
		return false
	}
	p := strings.Trim(r.URL.Path, "/")
	if p == "" || strings.Contains(p, "/") || len(s.cfg.APIRoots) == 0 {
		return false
	}
	rc := s.cfg.APIRoots[0]
	s.writeJSON(w, http.StatusOK, struct {
		Title            string   `json:"title"`
		Versions         []string `json:"versions"`
		MaxContentLength int64    `json:"max_content_length"`
	}{rc.Title, []string{mediatype.ContentType}, rc.MaxContentLength})
	return true
}
