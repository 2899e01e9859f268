package taxii21

import (
	"net/http"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/faults"
)

// The checks of the collection endpoint faults (faults5.go), added to faultChecks so that
// TestEveryFaultIsObservable covers them like the others.
func init() {
	for name, check := range collectionFaultChecks {
		faultChecks[name] = check
	}
}

// anIndicator adds a fresh indicator in two versions to the read-write collection.
func anIndicator(s *testServer) string {
	id := newID("indicator")
	s.post(intel, "writer", indicator(id, "2020-01-01T00:00:00.000Z", "2.1"), indicator(id, "2020-01-02T00:00:00.000Z", "2.1"))
	return id
}

var collectionFaultChecks = map[string]func(t *testing.T, s *testServer) bool{
	faults.T21CollectionsAuthSkipped: func(t *testing.T, s *testServer) bool {
		return s.call(http.MethodGet, intel+"objects/", "", nil, "Authorization: Basic d3JpdGVyOm5vcGU=").StatusCode == http.StatusOK
	},
	faults.T21CollectionsSuccessCode: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"manifest/", "reader").StatusCode != http.StatusOK
	},
	faults.T21CollectionsJSONType: func(t *testing.T, s *testServer) bool {
		return s.get("/api1/collections/", "reader").Header.Get("Content-Type") == "application/json"
	},
	faults.T21CollectionsBodyNotResource: func(t *testing.T, s *testServer) bool {
		return strings.HasPrefix(string(s.get(intel, "reader").body), "[")
	},
	faults.T21UnknownRootServed: func(t *testing.T, s *testServer) bool {
		return s.get("/no-such-root/collections/", "reader").StatusCode == http.StatusOK
	},
	faults.T21UnknownCollectionServed: func(t *testing.T, s *testServer) bool {
		return s.get("/api1/collections/no-such-collection/objects/", "reader").StatusCode == http.StatusOK
	},
	faults.T21UnknownObjectEmpty: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/"+newID("indicator")+"/", "reader").StatusCode == http.StatusOK
	},
	faults.T21NoRights401: func(t *testing.T, s *testServer) bool {
		return s.get(intel, "nobody").StatusCode == http.StatusUnauthorized
	},
	faults.T21WriteOnlyReadable: func(t *testing.T, s *testServer) bool {
		return s.get(dropBox+"objects/", "writer").StatusCode == http.StatusOK
	},
	faults.T21ReadOnlyWritable: func(t *testing.T, s *testServer) bool {
		return s.post(intel, "reader", indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1")).StatusCode == http.StatusAccepted
	},
	faults.T21CollectionPropsMissing: func(t *testing.T, s *testServer) bool {
		return s.get(intel, "reader").obj()["title"] == nil
	},
	faults.T21CollectionMediaTypesString: func(t *testing.T, s *testServer) bool {
		_, isString := s.get(intel, "reader").obj()["media_types"].(string)
		return isString
	},
	faults.T21CollectionDetailDiffers: func(t *testing.T, s *testServer) bool {
		var list struct{ Collections []collectionResource }
		s.get("/api1/collections/", "reader").json(&list)
		var one collectionResource
		s.get(intel, "reader").json(&one)
		return list.Collections[0].ID == one.ID && list.Collections[0].Title != one.Title
	},
	faults.T21AliasShared: func(t *testing.T, s *testServer) bool {
		var list struct{ Collections []collectionResource }
		s.get("/api1/collections/", "reader").json(&list)
		return len(list.Collections) > 1 && list.Collections[0].Alias != "" && list.Collections[0].Alias == list.Collections[1].Alias
	},
	faults.T21CollectionsIDsOnly: func(t *testing.T, s *testServer) bool {
		list, _ := s.get("/api1/collections/", "reader").obj()["collections"].([]any)
		_, isString := list[0].(string)
		return isString
	},
	faults.T21ManifestRefusesSTIXAccept: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"manifest/", "reader", "Accept: "+taxiiCT+",application/stix+json;version=2.1").StatusCode == http.StatusNotAcceptable
	},
	faults.T21ManifestOneRecordPerObject: func(t *testing.T, s *testServer) bool {
		id := anIndicator(s)
		return len(heads(t, s.get(intel+"manifest/?match[version]=all&match[id]="+id, "reader"))) == 1
	},
	faults.T21ManifestVersionIsCreated: func(t *testing.T, s *testServer) bool {
		id := anIndicator(s)
		hs := heads(t, s.get(intel+"manifest/?match[id]="+id, "reader"))
		return hs[0].Version == "2020-01-01T00:00:00.000Z"
	},
	faults.T21ManifestMarkingVersionAdded: func(t *testing.T, s *testServer) bool {
		id := newID("marking-definition")
		s.post(intel, "writer", map[string]any{"type": "marking-definition", "spec_version": "2.1", "id": id,
			"created": "2020-01-01T00:00:00.000Z", "definition_type": "statement", "definition": map[string]any{"statement": "x"}})
		return heads(t, s.get(intel+"manifest/?match[id]="+id, "reader"))[0].Version != "2020-01-01T00:00:00.000Z"
	},
	faults.T21UnstableSCOVersion: func(t *testing.T, s *testServer) bool {
		id := newID("ipv4-addr")
		s.post(intel, "writer", map[string]any{"type": "ipv4-addr", "spec_version": "2.1", "id": id, "value": "192.0.2.1"})
		u := intel + "manifest/?match[id]=" + id
		first, again := heads(t, s.get(u, "reader"))[0], heads(t, s.get(u, "reader"))[0]
		return first.Version != again.Version
	},
	faults.T21ManifestRecordIncomplete: func(t *testing.T, s *testServer) bool {
		return heads(t, s.get(intel+"manifest/", "reader"))[0].DateAdded == ""
	},
	faults.T21ManifestIDWithoutType: func(t *testing.T, s *testServer) bool {
		return !strings.Contains(heads(t, s.get(intel+"manifest/", "reader"))[0].ID, "--")
	},
	faults.T21ManifestForeignMediaType: func(t *testing.T, s *testServer) bool {
		return heads(t, s.get(intel+"manifest/", "reader"))[0].MediaType == "application/json"
	},
	faults.T21ManifestDateAddedNotTimestamp: func(t *testing.T, s *testServer) bool {
		return !strings.Contains(heads(t, s.get(intel+"manifest/", "reader"))[0].DateAdded, "T")
	},
	faults.T21EmptyResult404: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/?match[id]="+newID("indicator"), "reader").StatusCode == http.StatusNotFound
	},
	faults.T21StatusNotKept: func(t *testing.T, s *testServer) bool {
		var st statusResource
		s.post(intel, "writer", indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1")).json(&st)
		return s.get("/api1/status/"+st.ID+"/", "writer").StatusCode == http.StatusNotFound
	},
	faults.T21StatusCountsInconsistent: func(t *testing.T, s *testServer) bool {
		var st statusResource
		s.post(intel, "writer", indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"), 1).json(&st)
		return st.SuccessCount+st.FailureCount != st.TotalCount
	},
	faults.T21UnsupportedType400: func(t *testing.T, s *testServer) bool {
		return s.call(http.MethodPost, intel+"objects/", "writer", []byte(`{}`), "Content-Type: text/plain").StatusCode == http.StatusBadRequest
	},
	faults.T21UnprocessableAccepted: func(t *testing.T, s *testServer) bool {
		return s.call(http.MethodPost, intel+"objects/", "writer", []byte(`not json`)).StatusCode == http.StatusAccepted
	},
	faults.T21GetObjectIgnoresID: func(t *testing.T, s *testServer) bool {
		return len(heads(t, s.get(intel+"objects/"+anIndicator(s)+"/", "reader"))) > 1
	},
	faults.T21DeleteNeedsUUID: func(t *testing.T, s *testServer) bool {
		return s.call(http.MethodDelete, intel+"objects/"+anIndicator(s)+"/", "writer", nil).StatusCode == http.StatusNotFound
	},
	faults.T21DeleteVersionFilterIgnored: func(t *testing.T, s *testServer) bool {
		id := anIndicator(s)
		s.call(http.MethodDelete, intel+"objects/"+id+"/?match[version]=2020-01-01T00:00:00.000Z", "writer", nil)
		return s.get(intel+"objects/"+id+"/", "reader").StatusCode == http.StatusNotFound
	},
	faults.T21VersionsMarkingDateAdded: func(t *testing.T, s *testServer) bool {
		id := newID("marking-definition")
		s.post(intel, "writer", map[string]any{"type": "marking-definition", "spec_version": "2.1", "id": id,
			"created": "2020-01-01T00:00:00.000Z", "definition_type": "statement", "definition": map[string]any{"statement": "x"}})
		var p page21
		s.get(intel+"objects/"+id+"/versions/", "reader").json(&p)
		return len(p.Versions) != 1 || p.Versions[0] != "2020-01-01T00:00:00.000Z"
	},
	faults.T21VersionsLatestOnly: func(t *testing.T, s *testServer) bool {
		var p page21
		s.get(intel+"objects/"+anIndicator(s)+"/versions/", "reader").json(&p)
		return len(p.Versions) == 1
	},
	faults.T21VersionsMoreNotBoolean: func(t *testing.T, s *testServer) bool {
		return s.get(intel+"objects/"+anIndicator(s)+"/versions/", "reader").obj()["more"] == "false"
	},
}
