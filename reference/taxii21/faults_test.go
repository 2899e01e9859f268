package taxii21

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/faults"
)

// faultChecks observes each fault from the outside: the check reports true when the server
// shows the defect. Every check must be false on a correct server and true with its fault.
var faultChecks = map[string]func(t *testing.T, s *testServer) bool{
	faults.T21ContentTypeNoVersion: func(t *testing.T, s *testServer) bool {
		return s.get("/taxii2/", "reader").Header.Get("Content-Type") == "application/taxii+json"
	},
	faults.T21ContentTypeWrongVersion: func(t *testing.T, s *testServer) bool {
		return strings.Contains(s.get("/api1/", "reader").Header.Get("Content-Type"), "version=2.0")
	},
	faults.T21ErrorNotTAXII: func(t *testing.T, s *testServer) bool {
		r := s.get("/nope/", "reader")
		return r.StatusCode == 404 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/taxii+json")
	},
	faults.T21NoAuthChallenge: func(t *testing.T, s *testServer) bool {
		r := s.get("/api1/", "")
		return r.StatusCode == 401 && r.Header.Get("WWW-Authenticate") == ""
	},
	faults.T21NoDateAddedLast: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/", "reader").Header.Get("X-TAXII-Date-Added-Last") == ""
	},
	faults.T21DateAddedMillis: func(t *testing.T, s *testServer) bool {
		r := s.get(intel+"manifest/", "reader")
		return !taxiiTimestamp.MatchString(r.Header.Get("X-TAXII-Date-Added-First")) || !taxiiTimestamp.MatchString(heads(t, r)[0].DateAdded)
	},
	faults.T21AddedAfterIgnored: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"objects/?added_after=2999-01-01T00:00:00.000000Z", "reader"))) > 0
	},
	faults.T21LimitIgnored: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"objects/?limit=2", "reader"))) > 2
	},
	faults.T21NextRepeatsPage: func(t *testing.T, s *testServer) bool {
		var p1, p2 page21
		s.get(intel+"objects/?limit=2", "reader").json(&p1)
		s.get(intel+"objects/?limit=2&next="+p1.Next, "reader").json(&p2)
		return len(p2.Objects) > 0 && string(p1.Objects[0]) == string(p2.Objects[0])
	},
	faults.T21MoreNeverSet: func(t *testing.T, s *testServer) bool {
		var p page21
		s.get(intel+"objects/?limit=2", "reader").json(&p)
		return !p.More
	},
	faults.T21SortNewestFirst: func(t *testing.T, s *testServer) bool {
		hs := heads(t, s.get(intel+"manifest/", "reader"))
		return hs[0].DateAdded > hs[len(hs)-1].DateAdded
	},
	faults.T21AllVersionsByDefault: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"objects/"+intelIDs(t).indicator+"/", "reader"))) > 1
	},
	faults.T21AllSpecVersionsByDefault: func(t *testing.T, s *testServer) bool {
		for _, h := range heads(t, s.get(intel+"objects/?match[id]="+intelIDs(t).malware, "reader")) {
			if h.SpecVersion == "2.0" {
				return true
			}
		}
		return false
	},
	faults.T21TypeFilterIgnored: func(t *testing.T, s *testServer) bool {
		for _, h := range heads(t, s.get(intel+"objects/?match[type]=malware", "reader")) {
			if h.Type != "malware" {
				return true
			}
		}
		return false
	},
	faults.T21BadFilterAccepted: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/?limit=0", "reader").StatusCode == 200
	},
	faults.T21EmptyListSent: func(t *testing.T, s *testServer) bool {
		return strings.Contains(string(s.get(intel+"objects/?match[type]=grouping", "reader").body), "[]")
	},
	faults.T21CanWriteAlwaysTrue: func(t *testing.T, s *testServer) bool {
		var c collectionResource
		s.get(public, "reader").json(&c)
		return c.CanWrite
	},
	faults.T21DuplicateFails: func(t *testing.T, s *testServer) bool {
		o := indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1")
		s.post(intel, "writer", o)
		var st statusResource
		s.post(intel, "writer", o).json(&st)
		return st.FailureCount > 0
	},
	faults.T21StatusTotalWrong: func(t *testing.T, s *testServer) bool {
		var st statusResource
		s.post(intel, "writer", indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"), 1).json(&st)
		return st.TotalCount != 2
	},
	faults.T21MaxContentLengthIgnored: func(t *testing.T, s *testServer) bool {
		o := indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1")
		o["description"] = strings.Repeat("x", 1<<20)
		return s.post(shared, "writer", o).StatusCode == http.StatusAccepted // trustgroup1 takes 1 MiB
	},
	faults.T21DeleteKeepsOlderVersions: func(t *testing.T, s *testServer) bool {
		id := newID("indicator")
		s.post(intel, "writer", indicator(id, "2020-01-01T00:00:00.000Z", "2.1"), indicator(id, "2020-01-02T00:00:00.000Z", "2.1"))
		s.call(http.MethodDelete, intel+"objects/"+id+"/", "writer", nil)
		return s.get(intel+"objects/"+id+"/", "reader").StatusCode == 200
	},
	faults.T21DeleteReadOnly404: func(t *testing.T, s *testServer) bool {
		return s.call(http.MethodDelete, intel+"objects/"+intelIDs(t).indicator+"/", "reader", nil).StatusCode == http.StatusNotFound
	},
}

func TestEveryFaultIsObservable(t *testing.T) {
	clean := start(t)
	for _, f := range faults.All() {
		if f.Protocol != "2.1" {
			continue
		}
		check := faultChecks[f.Name]
		if check == nil {
			t.Errorf("fault %s has no check", f.Name)
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			if check(t, clean) {
				t.Error("a correct server shows the defect")
			}
			if !check(t, start(t, withFaults(f.Name))) {
				t.Error("the fault is switched on but not observable")
			}
		})
	}
}

// TestFaultsStayTAXII checks that the faults which are not about errors keep errors well formed,
// so each fault breaks only what it names.
func TestFaultsStayTAXII(t *testing.T) {
	s := start(t, withFaults(faults.T21LimitIgnored, faults.T21NextRepeatsPage))
	r := s.get("/nope/", "reader")
	expect(t, r, http.StatusNotFound)
	var e map[string]any
	if err := json.Unmarshal(r.body, &e); err != nil || e["title"] == nil {
		t.Errorf("error body %s", r.body)
	}
}
