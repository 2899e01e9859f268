package taxii21

import (
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/taxii-conform/taxii-conform/reference/faults"
)

// The checks of the core faults (corefaults.go), added to faultChecks so that
// TestEveryFaultIsObservable covers them like the others.
func init() {
	for name, check := range coreFaultChecks {
		faultChecks[name] = check
	}
}

// discovery reads the discovery resource as the reader.
func (s *testServer) discovery() map[string]any { return s.get("/taxii2/", "reader").obj() }

// apiRoot reads api1's information as the reader.
func (s *testServer) apiRoot() map[string]any { return s.get("/api1/", "reader").obj() }

// addOne posts one object as the writer and returns the status of the POST and as read back.
func (s *testServer) addOne(o map[string]any) (posted, read map[string]any) {
	posted = s.post(intel, "writer", o).obj()
	id, _ := posted["id"].(string)
	return posted, s.get("/api1/status/"+id+"/", "writer").obj()
}

// detailVersion is the version the first success of a status gives.
func detailVersion(st map[string]any) string {
	list, _ := st["successes"].([]any)
	if len(list) == 0 {
		return ""
	}
	d, _ := list[0].(map[string]any)
	v, _ := d["version"].(string)
	return v
}

// threeVersions adds an indicator in three versions and returns its id.
func threeVersions(s *testServer) string {
	id := newID("indicator")
	s.post(intel, "writer", indicator(id, "2020-01-01T00:00:00.000Z", "2.1"), indicator(id, "2020-01-02T00:00:00.000Z", "2.1"),
		indicator(id, "2020-01-03T00:00:00.000Z", "2.1"))
	return id
}

// modifiedOf lists the modified of the objects an answer holds.
func modifiedOf(t *testing.T, r *response) []string {
	var out []string
	for _, h := range heads(t, r) {
		out = append(out, h.Modified)
	}
	return out
}

// handshakes reports whether a server with the reference TLS policy under the faults completes
// a handshake with the client configuration.
func handshakes(t *testing.T, set faults.Set, client *tls.Config) bool {
	hs := httptest.NewUnstartedServer(http.NotFoundHandler())
	hs.TLS = TLSConfig(set)
	hs.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	hs.StartTLS()
	defer hs.Close()
	client.InsecureSkipVerify = true //nolint:gosec // a throwaway loopback certificate
	conn, err := tls.Dial("tcp", strings.TrimPrefix(hs.URL, "https://"), client)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// faultSet reads the faults a test server was started with.
func (s *testServer) faultSet() faults.Set { return s.srv.faults }

var coreFaultChecks = map[string]func(t *testing.T, s *testServer) bool{
	faults.T21BooleanAsString: func(t *testing.T, s *testServer) bool {
		_, isString := s.get(intel, "reader").obj()["can_read"].(string)
		return isString
	},
	faults.T21StatusIDNotV4: func(t *testing.T, s *testServer) bool {
		posted, _ := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		id, _ := posted["id"].(string)
		return len(id) == 36 && id[14] != '4'
	},
	faults.T21IntegerTooLarge: func(t *testing.T, s *testServer) bool {
		return strings.Contains(string(s.get("/api1/", "reader").body), "1152921504606846976")
	},
	faults.T21ListElementNotString: func(t *testing.T, s *testServer) bool {
		list, _ := s.get(intel, "reader").obj()["media_types"].([]any)
		for _, e := range list {
			if _, ok := e.(string); !ok {
				return true
			}
		}
		return false
	},
	faults.T21InvalidUTF8: func(t *testing.T, s *testServer) bool {
		return !utf8.Valid(s.get("/nope/", "reader").body)
	},
	faults.T21TimestampOffset: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		ts, _ := st["request_timestamp"].(string)
		return strings.HasSuffix(ts, "+00:00")
	},
	faults.T21TimestampLocal: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		ts, _ := st["request_timestamp"].(string)
		return strings.HasSuffix(ts, "+02:00")
	},
	faults.T21TimestampSpace: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		ts, _ := st["request_timestamp"].(string)
		return strings.Contains(ts, " ")
	},
	faults.T21AcceptExact: func(t *testing.T, s *testServer) bool {
		return s.get("/api1/", "reader", "Accept: application/taxii+json; version=2.1").StatusCode == http.StatusNotAcceptable
	},
	faults.T21UnversionedAccept406: func(t *testing.T, s *testServer) bool {
		return s.get("/api1/", "reader", "Accept: application/taxii+json").StatusCode == http.StatusNotAcceptable
	},
	faults.T21ContentTypeExact: func(t *testing.T, s *testServer) bool {
		body := []byte(`{"objects":[` + mustJSON(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1")) + `]}`)
		return s.call(http.MethodPost, intel+"objects/", "writer", body, "Content-Type: application/taxii+json; version=2.1").StatusCode == http.StatusUnsupportedMediaType
	},
	faults.T21CollectionBodyEmpty: func(t *testing.T, s *testServer) bool {
		r := s.get(intel, "reader")
		return r.StatusCode == http.StatusOK && len(r.body) == 0
	},
	faults.T21DateAddedSwapped: func(t *testing.T, s *testServer) bool {
		r := s.get(intel+"manifest/", "reader")
		return r.Header.Get("X-TAXII-Date-Added-First") > r.Header.Get("X-TAXII-Date-Added-Last")
	},
	faults.T21NoDateAddedFirst: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/", "reader").Header.Get("X-TAXII-Date-Added-First") == ""
	},
	faults.T21CollectionsOrderUnstable: func(t *testing.T, s *testServer) bool {
		a, b := string(s.get("/api1/collections/", "writer").body), string(s.get("/api1/collections/", "writer").body)
		return a != b
	},
	faults.T21AddedAfterInclusive: func(t *testing.T, s *testServer) bool {
		first := heads(t, s.get(intel+"manifest/?limit=1", "reader"))[0]
		got := heads(t, s.get(intel+"manifest/?limit=1&added_after="+first.DateAdded, "reader"))
		return len(got) > 0 && got[0].ID == first.ID && got[0].DateAdded == first.DateAdded
	},
	faults.T21MatchIDOverridesType: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"objects/?match[type]=malware&match[id]="+intelIDs(t).indicator, "reader"))) > 0
	},
	faults.T21MatchListFirstOnly: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"objects/?match[type]=indicator,malware&match[id]="+intelIDs(t).indicator+","+intelIDs(t).malware, "reader"))) < 2
	},
	faults.T21NewestPageFirst: func(t *testing.T, s *testServer) bool {
		oldest := heads(t, s.get(intel+"manifest/", "reader"))[0]
		return heads(t, s.get(intel+"manifest/?limit=1", "reader"))[0].DateAdded != oldest.DateAdded
	},
	faults.T21ShortPageNoMore: func(t *testing.T, s *testServer) bool {
		all := heads(t, s.get(intel+"manifest/", "reader"))
		return len(heads(t, s.get(intel+"manifest/?limit=100000", "reader"))) < len(all)
	},
	faults.T21MatchIDIgnored: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"manifest/?match[id]="+intelIDs(t).malware, "reader"))) > 1
	},
	faults.T21SpecVersionFilterIgnored: func(t *testing.T, s *testServer) bool {
		for _, h := range heads(t, s.get(intel+"objects/?match[spec_version]=2.0", "reader")) {
			if h.SpecVersion != "2.0" {
				return true
			}
		}
		return false
	},
	faults.T21UnstoredType400: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/?match[type]=grouping", "reader").StatusCode == http.StatusBadRequest
	},
	faults.T21CreatedNotVersion: func(t *testing.T, s *testServer) bool {
		id := newID("marking-definition")
		s.post(intel, "writer", map[string]any{"type": "marking-definition", "spec_version": "2.1", "id": id,
			"created": "2020-01-01T00:00:00.000Z", "definition_type": "statement", "definition": map[string]any{"statement": "x"}})
		return len(heads(t, s.get(intel+"objects/?match[id]="+id+"&match[version]=2020-01-01T00:00:00.000Z", "reader"))) == 0
	},
	faults.T21VersionLastAsFirst: func(t *testing.T, s *testServer) bool {
		v := modifiedOf(t, s.get(intel+"objects/?match[version]=last&match[id]="+threeVersions(s), "reader"))
		return len(v) != 1 || v[0] != "2020-01-03T00:00:00.000Z"
	},
	faults.T21VersionFirstAsLast: func(t *testing.T, s *testServer) bool {
		v := modifiedOf(t, s.get(intel+"objects/?match[version]=first&match[id]="+threeVersions(s), "reader"))
		return len(v) != 1 || v[0] != "2020-01-01T00:00:00.000Z"
	},
	faults.T21VersionAllLatestOnly: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"objects/?match[version]=all&match[id]="+threeVersions(s), "reader"))) != 3
	},
	faults.T21VersionExactIgnored: func(t *testing.T, s *testServer) bool {
		v := modifiedOf(t, s.get(intel+"objects/?match[version]=2020-01-02T00:00:00.000Z&match[id]="+threeVersions(s), "reader"))
		return len(v) != 1 || v[0] != "2020-01-02T00:00:00.000Z"
	},
	faults.T21ErrorNoTitle: func(t *testing.T, s *testServer) bool {
		return s.get("/nope/", "reader").obj()["title"] == nil
	},
	faults.T21ErrorHTTPStatusWrong: func(t *testing.T, s *testServer) bool {
		return s.get("/nope/", "reader").obj()["http_status"] != "404"
	},
	faults.T21ErrorDetailsString: func(t *testing.T, s *testServer) bool {
		_, isString := s.get("/nope/", "reader").obj()["details"].(string)
		return isString
	},
	faults.T21EnvelopeAsBundle: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/", "reader").obj()["type"] == "bundle"
	},
	faults.T21EnvelopeDropsSpecVersion: func(t *testing.T, s *testServer) bool {
		return heads(t, s.get(intel+"objects/?match[id]="+intelIDs(t).indicator, "reader"))[0].SpecVersion == ""
	},
	faults.T21EnvelopeMoreString: func(t *testing.T, s *testServer) bool {
		_, isString := s.get(intel+"objects/?limit=1", "reader").obj()["more"].(string)
		return isString
	},
	faults.T21PropertyNameCase: func(t *testing.T, s *testServer) bool {
		_, has := s.discovery()["Contact"]
		return has
	},
	faults.T21StatusLiteralCase: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		return st["status"] == "Complete"
	},
	faults.T21DiscoveryNoTitle: func(t *testing.T, s *testServer) bool {
		return s.discovery()["title"] == nil
	},
	faults.T21DiscoveryDefaultUnlisted: func(t *testing.T, s *testServer) bool {
		d := s.discovery()
		roots, _ := d["api_roots"].([]any)
		for _, r := range roots {
			if r == d["default"] {
				return false
			}
		}
		return true
	},
	faults.T21DiscoveryRootsUnserved: func(t *testing.T, s *testServer) bool {
		roots, _ := s.discovery()["api_roots"].([]any)
		for _, r := range roots {
			if p, ok := r.(string); ok && s.get(p, "reader").StatusCode == http.StatusOK {
				return false
			}
		}
		return true
	},
	faults.T21DiscoveryHTTPRoot: func(t *testing.T, s *testServer) bool {
		return strings.Contains(mustJSON(s.discovery()["api_roots"]), `"http://`)
	},
	faults.T21DiscoveryRelativeNoSlash: func(t *testing.T, s *testServer) bool {
		return strings.Contains(mustJSON(s.discovery()["api_roots"]), `"api9/"`)
	},
	faults.T21DiscoveryNetworkPath: func(t *testing.T, s *testServer) bool {
		return strings.Contains(mustJSON(s.discovery()["api_roots"]), `"//`)
	},
	faults.T21DiscoveryRootQuery: func(t *testing.T, s *testServer) bool {
		return strings.Contains(mustJSON(s.discovery()["api_roots"]), `?`)
	},
	faults.T21DiscoveryDuplicateRoot: func(t *testing.T, s *testServer) bool {
		roots, _ := s.discovery()["api_roots"].([]any)
		seen := map[any]bool{}
		for _, r := range roots {
			if seen[r] {
				return true
			}
			seen[r] = true
		}
		return false
	},
	faults.T21Anonymous403: func(t *testing.T, s *testServer) bool {
		return s.get("/taxii2/", "").StatusCode == http.StatusForbidden
	},
	faults.T21Forbidden401: func(t *testing.T, s *testServer) bool {
		return s.get("/api1/", "nobody").StatusCode == http.StatusUnauthorized
	},
	faults.T21UnknownRootInfoServed: func(t *testing.T, s *testServer) bool {
		return s.get("/no-such-root/", "reader").StatusCode == http.StatusOK
	},
	faults.T21VersionsUnversioned: func(t *testing.T, s *testServer) bool {
		return strings.Contains(mustJSON(s.apiRoot()["versions"]), `"application/taxii+json"`)
	},
	faults.T21VersionsNot21: func(t *testing.T, s *testServer) bool {
		return !strings.Contains(mustJSON(s.apiRoot()["versions"]), `version=2.1`)
	},
	faults.T21VersionsNotTAXII: func(t *testing.T, s *testServer) bool {
		return strings.Contains(mustJSON(s.apiRoot()["versions"]), `application/json`)
	},
	faults.T21MaxContentLengthZero: func(t *testing.T, s *testServer) bool {
		return mustJSON(s.apiRoot()["max_content_length"]) == "0"
	},
	faults.T21TooLargeBelowLimit: func(t *testing.T, s *testServer) bool {
		o := indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1")
		o["description"] = strings.Repeat("x", 600<<10) // trustgroup1 takes 1 MiB
		return s.post(shared, "writer", o).StatusCode == http.StatusRequestEntityTooLarge
	},
	faults.T21StatusUnknown200: func(t *testing.T, s *testServer) bool {
		return s.get("/api1/status/2d086da7-4bdc-4f91-900e-d77486753710/", "writer").StatusCode == http.StatusOK
	},
	faults.T21StatusIDMismatch: func(t *testing.T, s *testServer) bool {
		posted, read := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		return posted["id"] != read["id"]
	},
	faults.T21StatusChanges: func(t *testing.T, s *testServer) bool {
		posted, read := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		return posted["request_timestamp"] != read["request_timestamp"]
	},
	faults.T21StatusVersionReceived: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		return detailVersion(st) != "2020-01-01T00:00:00.000Z"
	},
	faults.T21SCOVersionUnstable: func(t *testing.T, s *testServer) bool {
		o := map[string]any{"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--" + newID("x")[3:], "value": "198.51.100.9"}
		a, _ := s.addOne(o)
		b, _ := s.addOne(o)
		return detailVersion(a) != detailVersion(b)
	},
	faults.T21StatusNoPendingCount: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		return st["pending_count"] == nil
	},
	faults.T21CustomNameBadChars: func(t *testing.T, s *testServer) bool {
		_, has := s.discovery()[customNames[faults.T21CustomNameBadChars]]
		return has
	},
	faults.T21CustomNameNonASCII: func(t *testing.T, s *testServer) bool {
		_, has := s.discovery()[customNames[faults.T21CustomNameNonASCII]]
		return has
	},
	faults.T21CustomNameShort: func(t *testing.T, s *testServer) bool {
		_, has := s.discovery()[customNames[faults.T21CustomNameShort]]
		return has
	},
	faults.T21CustomNameLong: func(t *testing.T, s *testServer) bool {
		_, has := s.discovery()[customNames[faults.T21CustomNameLong]]
		return has
	},
	faults.T21CustomNameUnprefixed: func(t *testing.T, s *testServer) bool {
		_, has := s.discovery()[customNames[faults.T21CustomNameUnprefixed]]
		return has
	},
	faults.T21UserAgentRequired: func(t *testing.T, s *testServer) bool {
		// An empty value makes Go's client send no User-Agent at all.
		return s.get("/api1/", "reader", "User-Agent:").StatusCode == http.StatusBadRequest
	},
	faults.T21ChallengeNotBasic: func(t *testing.T, s *testServer) bool {
		return !strings.HasPrefix(s.get("/api1/", "").Header.Get("WWW-Authenticate"), "Basic")
	},
	faults.T21TLSWeakSuites: func(t *testing.T, s *testServer) bool {
		return handshakes(t, s.faultSet(), &tls.Config{MaxVersion: tls.VersionTLS12,
			CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}})
	},
	faults.T21TLS12Refused: func(t *testing.T, s *testServer) bool {
		return !handshakes(t, s.faultSet(), &tls.Config{MaxVersion: tls.VersionTLS12})
	},
	faults.T21TLS13Refused: func(t *testing.T, s *testServer) bool {
		return !handshakes(t, s.faultSet(), &tls.Config{MinVersion: tls.VersionTLS13})
	},
	faults.T21APIRootVersionsMissing: func(t *testing.T, s *testServer) bool {
		_, has := s.apiRoot()["versions"]
		return !has
	},
	faults.T21APIRootVersionsEmpty: func(t *testing.T, s *testServer) bool {
		return mustJSON(s.apiRoot()["versions"]) == "[]"
	},
	faults.T21APIRootNoTitle: func(t *testing.T, s *testServer) bool {
		return s.apiRoot()["title"] == nil
	},
	faults.T21APIRootNoMaxLength: func(t *testing.T, s *testServer) bool {
		return s.apiRoot()["max_content_length"] == nil
	},
	faults.T21MatchVersionUnsupported: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/?match[version]=all", "reader").StatusCode == http.StatusBadRequest
	},
	faults.T21UnfilteredDropsNewest: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"manifest/", "reader"))) < len(heads(t, s.get(intel+"manifest/?limit=100000", "reader")))
	},
	faults.T21InfoJSONType: func(t *testing.T, s *testServer) bool {
		return s.get("/api1/", "reader").Header.Get("Content-Type") == "application/json"
	},
	faults.T21InfoErrorsPlain: func(t *testing.T, s *testServer) bool {
		return strings.HasPrefix(s.get("/api1/", "").Header.Get("Content-Type"), "text/plain")
	},
	faults.T21InfoSuccess203: func(t *testing.T, s *testServer) bool {
		return s.get("/api1/", "reader").StatusCode == http.StatusNonAuthoritativeInfo
	},
	faults.T21InfoBodyList: func(t *testing.T, s *testServer) bool {
		return strings.HasPrefix(string(s.get("/api1/", "reader").body), "[")
	},
	faults.T21StatusPropsMissing: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		return st["id"] == nil && st["total_count"] == nil
	},
	faults.T21StatusCountsNegative: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		return mustJSON(st["success_count"]) == "-1"
	},
	faults.T21StatusDetailsBare: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		return detailVersion(st) == ""
	},
	faults.T21StatusDetailsIDUUID: func(t *testing.T, s *testServer) bool {
		_, st := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		list, _ := st["successes"].([]any)
		d, _ := list[0].(map[string]any)
		id, _ := d["id"].(string)
		return !strings.HasPrefix(id, "indicator--")
	},
	faults.T21StatusOther401: func(t *testing.T, s *testServer) bool {
		posted, _ := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		id, _ := posted["id"].(string)
		return s.get("/api1/status/"+id+"/", "reader").StatusCode == http.StatusUnauthorized
	},
	faults.T21DiscoveryDescriptionNum: func(t *testing.T, s *testServer) bool {
		_, isString := s.discovery()["description"].(string)
		return !isString
	},
	faults.T21DiscoverySuccess203: func(t *testing.T, s *testServer) bool {
		return s.get("/taxii2/", "reader").StatusCode == http.StatusNonAuthoritativeInfo
	},
	faults.T21NextTrusted: func(t *testing.T, s *testServer) bool {
		threeVersions(s)
		threeVersions(s)
		var p page21
		s.get(intel+"objects/?match[type]=indicator&limit=1", "reader").json(&p)
		for _, h := range heads(t, s.get(intel+"objects/?match[type]=malware&limit=1&next="+p.Next, "reader")) {
			if h.Type != "malware" {
				return true
			}
		}
		return false
	},
}

// uuid4 is the form of a random (version 4) UUID.
var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestNarrowFaults checks that the faults narrowed to their own defect break nothing else: each
// keeps what the requirements next to its own demand.
func TestNarrowFaults(t *testing.T) {
	t.Run("status id mismatch is the same on every read", func(t *testing.T) {
		s := start(t, withFaults(faults.T21StatusIDMismatch))
		posted, first := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		again := s.get("/api1/status/"+posted["id"].(string)+"/", "writer").obj()
		if first["id"] == posted["id"] || again["id"] != first["id"] || !uuid4.MatchString(first["id"].(string)) {
			t.Errorf("posted %v, read %v then %v; want one other version 4 UUID", posted["id"], first["id"], again["id"])
		}
	})
	t.Run("status version received stays the time of the request", func(t *testing.T) {
		s := start(t, withFaults(faults.T21StatusVersionReceived))
		posted, first := s.addOne(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
		again := s.get("/api1/status/"+posted["id"].(string)+"/", "writer").obj()
		if v := detailVersion(first); v != first["request_timestamp"] || detailVersion(again) != v || detailVersion(posted) != v {
			t.Errorf("versions %q, %q, %q; want the request_timestamp %v each time", detailVersion(posted), v, detailVersion(again), first["request_timestamp"])
		}
	})
	t.Run("a malformed parameter is dropped alone", func(t *testing.T) {
		s := start(t, withFaults(faults.T21BadFilterAccepted))
		r := s.get(intel+"objects/?limit=0&match[type]=malware", "reader")
		expect(t, r, http.StatusOK)
		hs := heads(t, r)
		if len(hs) == 0 {
			t.Fatal("nothing listed")
		}
		for _, h := range hs {
			if h.Type != "malware" {
				t.Errorf("match[type]=malware next to limit=0 listed a %s", h.Type)
			}
		}
	})
	t.Run("added_after compares at the millisecond it writes", func(t *testing.T) {
		s := start(t, withFaults(faults.T21DateAddedMillis))
		id := newID("indicator")
		s.post(intel, "writer", indicator(id, "2020-01-01T00:00:00.000Z", "2.1"))
		recs := heads(t, s.get(intel+"manifest/?match[id]="+id, "reader"))
		if len(recs) != 1 {
			t.Fatalf("manifest of one object: %v", recs)
		}
		after := strings.Replace(recs[0].DateAdded, "Z", "000Z", 1) // the same instant, six digits
		if got := heads(t, s.get(intel+"objects/?match[id]="+id+"&added_after="+after, "reader")); len(got) != 0 {
			t.Errorf("added_after=%s (its own date_added) still lists the object", after)
		}
	})
}
