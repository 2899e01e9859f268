package taxii21

// §3.4.1 Supported Fields for Match: match[id], match[spec_version], match[type] and
// match[version] on every endpoint whose table lists them (GET objects and GET manifest all
// four; GET an object version and spec_version; GET object versions spec_version).

import (
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// stix21Types are the object types STIX 2.1 defines (SDOs, SROs, SCOs, the marking definition,
// language content and the extension definition).
var stix21Types = []string{
	"attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident", "indicator",
	"infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note", "observed-data",
	"opinion", "report", "threat-actor", "tool", "vulnerability", "relationship", "sighting",
	"marking-definition", "language-content", "extension-definition", "artifact", "autonomous-system",
	"directory", "domain-name", "email-addr", "email-message", "file", "ipv4-addr", "ipv6-addr",
	"mac-addr", "mutex", "network-traffic", "process", "software", "url", "user-account",
	"windows-registry-key", "x509-certificate",
}

// specVersions reads the STIX spec_version of each item of a listing: the objects' own
// property (absent means 2.0), or the version parameter of a manifest record's media_type;
// nil when a record's media_type does not tell. Versions resources say nothing about it; their
// items are skipped.
func specVersions(v view, l listing) []string {
	var out []string
	switch {
	case v.key == "versions":
		return nil
	case v.name == manifestView.name:
		// media_type is optional, and only a STIX one with a version parameter tells.
		out = []string{}
		for _, it := range l.Items {
			mt, params, err := mime.ParseMediaType(it.MediaType)
			if err != nil || mt != "application/stix+json" || params["version"] == "" {
				return nil
			}
			out = append(out, params["version"])
		}
	default:
		objs, _ := l.Body["objects"].([]any)
		for _, o := range objs {
			m, _ := o.(map[string]any)
			sv, ok := m["spec_version"].(string)
			if !ok {
				sv = "2.0"
			}
			out = append(out, sv)
		}
	}
	return out
}

// indicator20 is a STIX 2.0 copy of an indicator: no spec_version, labels instead of
// indicator_types, no pattern_type.
func indicator20(id string, created, modified time.Time) map[string]any {
	return map[string]any{
		"type": "indicator", "id": id,
		"created": stamp(created), "modified": stamp(modified),
		"name": "taxii-conform test indicator (STIX 2.0)", "labels": []string{"malicious-activity"},
		"pattern": "[ipv4-addr:value = '198.51.100.7']", "valid_from": stamp(created),
	}
}

// addedOne posts one object and reports whether the server stored it.
func addedOne(c *harness.Client, coll string, o map[string]any) bool {
	x := postEnvelope(c, coll, o)
	if x.Status != http.StatusAccepted {
		return false
	}
	var st taxiiStatus
	harness.Setup().Expect(x.Decode(&st)).To(Succeed(), "decoding the status of an add")
	return awaitStatus(c, st).SuccessCount == 1
}

var _ = Describe("3.4.1 Supported Fields for Match", func() {
	It("returns only the objects match[id] lists", harness.Reqs("T21-3.4.1-01", "T21-3.4-14"), harness.Writes(), func() {
		coll := writableCollection()
		a, b, c := freshIndicator(), freshIndicator(), freshIndicator()
		add(a, b, c)
		for _, v := range []view{objectsView, manifestView} {
			l := v.fetch("T21-3.4-14", coll, idsOf(b))
			harness.Soft("T21-3.4.1-01").Expect(l.IDs()).To(Equal(idsOf(b)), "%s with match[id]=<one of three>", v.name)
			// Whether both listed ids come back is how the values combine (T21-3.4-20); here
			// only that nothing else does.
			l = v.fetch("T21-3.4-14", coll, idsOf(a, c))
			harness.Soft("T21-3.4.1-01").Expect(idsOf(a, c)).To(ContainElements(l.IDs()), "%s with match[id]=<two of three>", v.name)
		}
	})

	It("returns no spec_version outside those match[spec_version] lists", harness.Reqs("T21-3.4.1-02", "T21-3.4-14"), harness.Writes(), func() {
		coll := writableCollection()
		_, vs := versionsOf(2)
		add(vs...)
		for _, v := range listingViews() {
			var kv []string
			if v.has("match[version]") {
				kv = []string{"match[version]", "all"}
			}
			v.settle(coll, idsFor(v, vs...), v.expect(vs...), kv...)
			l := v.fetch("T21-3.4-14", coll, idsFor(v, vs...), append(kv, "match[spec_version]", "2.0")...)
			harness.Soft("T21-3.4.1-02").Expect(l.Items).To(BeEmpty(),
				"%s with match[spec_version]=2.0 over STIX 2.1 objects only should list nothing", v.name)
			l = v.fetch("T21-3.4-14", coll, idsFor(v, vs...), append(kv, "match[spec_version]", "2.1")...)
			harness.Soft("T21-3.4.1-02").Expect(v.got(l)).To(Equal(v.expect(vs...)),
				"%s with match[spec_version]=2.1 over STIX 2.1 objects", v.name)
			for i, sv := range specVersions(v, l) {
				harness.Soft("T21-3.4.1-02").Expect(sv).To(Equal("2.1"), "%s with match[spec_version]=2.1: item %d is of spec_version %q", v.name, i, sv)
			}
		}
	})

	It("returns only the newest spec_version of an object held in two when match[spec_version] is absent",
		harness.Reqs("T21-3.4.1-03", "T21-3.4.1-02", "T21-3.4-20", "T21-3.4-14"), harness.Writes(), func() {
			coll := writableCollection()
			w := as(writerName())
			id, t := newID("indicator"), past()
			// The same object version in STIX 2.0 and in STIX 2.1. A STIX 2.0 object has no
			// spec_version; some servers want the property anyway to tell the copies apart.
			old, cur := indicator20(id, t, t), indicator(id, t, t)
			if !addedOne(w, coll, old) {
				old["spec_version"] = "2.0"
				if !addedOne(w, coll, old) {
					harness.Unsupported("the server takes no STIX 2.0 object, so none can be held in two spec_versions")
				}
			}
			_, st := submit(w, coll, cur)
			waitComplete(w, st)
			// A server may keep one copy per object version (the first, say): the latest
			// spec_version it can provide is then the one it kept, and nothing is to be judged.
			x := get(rw(), withQuery(objectsURL(coll), "match[id]", id, "match[spec_version]", "2.1"))
			if x.Status == http.StatusNotFound {
				harness.Unsupported("after the same object version was added in STIX 2.0 and then in 2.1, the server holds no 2.1 copy (404 for match[spec_version]=2.1): it keeps one copy per version")
			}
			if l, err := parseListing(x, "objects", objectItem); err == nil && x.Status/100 == 2 && len(l.Items) == 0 {
				harness.Unsupported("after the same object version was added in STIX 2.0 and then in 2.1, the server holds no 2.1 copy (an empty answer to match[spec_version]=2.1): it keeps one copy per version")
			}
			for _, v := range []view{objectsView, manifestView, objectView} {
				copies := func(kv ...string) []string {
					l := v.fetch("T21-3.4-14", coll, []string{id}, kv...)
					onlyObjects(l, id)
					return specVersions(v, l)
				}
				alone := copies()
				if alone == nil {
					harness.Note("%s does not say which spec_version its items are in (a manifest record without a versioned media_type)", v.name)
					continue
				}
				harness.Soft("T21-3.4.1-03").Expect(alone).To(Equal([]string{"2.1"}),
					"%s of an object held in STIX 2.0 and 2.1, without match[spec_version], should list the 2.1 copy only", v.name)
				old := copies("match[spec_version]", "2.0")
				harness.Soft("T21-3.4.1-02").Expect(old).To(Equal([]string{"2.0"}),
					"%s with match[spec_version]=2.0 should list the 2.0 copy only", v.name)
				both := copies("match[spec_version]", "2.0,2.1")
				harness.Soft("T21-3.4.1-02").Expect(both).To(HaveEach(BeElementOf("2.0", "2.1")),
					"%s with match[spec_version]=2.0,2.1 should list no other copy", v.name)
				if slices.Equal(alone, []string{"2.1"}) && slices.Equal(old, []string{"2.0"}) {
					// Each value selects its copy on its own; together they select both.
					harness.Soft("T21-3.4-20").Expect(both).To(ConsistOf("2.0", "2.1"),
						"%s with match[spec_version]=2.0,2.1 should list both copies", v.name)
				}
			}
		})

	It("returns only objects of the types match[type] lists", harness.Reqs("T21-3.4.1-04", "T21-3.4-14"), harness.Writes(), func() {
		coll := writableCollection()
		t := past()
		ind, mal := freshIndicator(), malware(newID("malware"), t, t)
		add(ind, mal)
		both := idsOf(ind, mal)
		for _, v := range []view{objectsView, manifestView} {
			v.settle(coll, both, keysOf(ind, mal))
			l := v.fetch("T21-3.4-14", coll, both, "match[type]", "malware")
			harness.Soft("T21-3.4.1-04").Expect(l.IDs()).To(Equal(idsOf(mal)), "%s with match[type]=malware over an indicator and a malware", v.name)
			l = v.fetch("T21-3.4-14", coll, both, "match[type]", "indicator")
			harness.Soft("T21-3.4.1-04").Expect(l.IDs()).To(Equal(idsOf(ind)), "%s with match[type]=indicator over an indicator and a malware", v.name)
		}
	})

	It("never refuses match[type] naming a STIX 2.1 type, stored or not", harness.Reqs("T21-3.4.1-05"), func() {
		c, coll := as(standard), readableCollection()
		all := strings.Join(stix21Types, ",")
		// Any success serves the request (the exact code is the endpoint's business); a 404 is
		// no verdict on the type but the answer to an empty result (T21-5.4-04's business).
		served := func(x *harness.Exchange, what string) {
			harness.Setup().Expect(x.Status).NotTo(Equal(http.StatusNotFound), "%s answered 404 for a collection it holds", what)
			harness.Soft("T21-3.4.1-05").Expect(x.Status).To(success(), "%s", what)
		}
		for _, u := range []string{objectsURL(coll), manifestURL(coll)} {
			served(get(c, withQuery(u, "match[type]", all, "limit", "1")), "GET "+u+" with match[type]=<every STIX 2.1 type>")
		}
		for _, typ := range stix21Types {
			served(get(c, withQuery(objectsURL(coll), "match[type]", typ, "limit", "1")), "GET objects with match[type]="+typ)
		}
	})

	It("filters by a type STIX 2.1 does not define, or refuses it", harness.Reqs("T21-3.4.1-06"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		u := withQuery(objectsURL(writableCollection()), "match[id]", o["id"].(string), "match[type]", "x-taxii-conform-nonesuch")
		x := get(as(writerName()), u)
		if x.Status >= 400 && x.Status < 500 {
			harness.Note("GET objects refuses a type STIX 2.1 does not define (%d)", x.Status)
			return
		}
		harness.For("T21-3.4.1-06").Expect(x.Status).To(Equal(http.StatusOK), "GET objects with match[type]=<an undefined type>")
		l, err := parseListing(x, "objects", objectItem)
		harness.For("T21-3.4.1-06").Expect(err).NotTo(HaveOccurred())
		harness.For("T21-3.4.1-06").Expect(l.Items).To(BeEmpty(), "an indicator matched match[type]=x-taxii-conform-nonesuch")
	})

	It("returns only the latest version without match[version] and with last",
		harness.Reqs("T21-3.4.1-07", "T21-3.4.1-12", "T21-3.4-14"), harness.Writes(), func() {
			coll := writableCollection()
			_, vs := versionsOf(3)
			add(vs[1], vs[2], vs[0]) // the latest version is not the last added
			for _, v := range []view{objectsView, manifestView, objectView} {
				v.settle(coll, idsOf(vs[0]), keysOf(vs...), "match[version]", "all")
				l := v.fetch("T21-3.4-14", coll, idsOf(vs[0]))
				harness.Soft("T21-3.4.1-07").Expect(l.Keys()).To(Equal(keysOf(vs[2])), "%s without match[version] over 3 versions", v.name)
				l = v.fetch("T21-3.4-14", coll, idsOf(vs[0]), "match[version]", "last")
				harness.Soft("T21-3.4.1-12").Expect(l.Keys()).To(Equal(keysOf(vs[2])), "%s with match[version]=last over 3 versions", v.name)
			}
		})

	It("returns the earliest version with first, every version with all, and exactly the versions named",
		harness.Reqs("T21-3.4.1-13", "T21-3.4.1-14", "T21-3.4.1-16", "T21-3.4-14"), harness.Writes(), func() {
			coll := writableCollection()
			_, vs := versionsOf(4)
			add(vs[2], vs[0], vs[3], vs[1])
			for _, v := range []view{objectsView, manifestView, objectView} {
				v.settle(coll, idsOf(vs[0]), keysOf(vs[3])) // the latest version by default
				for _, c := range []struct {
					req, value string
					want       []map[string]any
				}{
					{"T21-3.4.1-13", "first", vs[:1]},
					{"T21-3.4.1-14", "all", vs},
					{"T21-3.4.1-16", versionOf(vs[1]), vs[1:2]},
					{"T21-3.4.1-16", versionOf(vs[0]) + "," + versionOf(vs[2]), []map[string]any{vs[0], vs[2]}},
				} {
					l := v.fetch("T21-3.4-14", coll, idsOf(vs[0]), "match[version]", c.value)
					harness.Soft(c.req).Expect(l.Keys()).To(Equal(keysOf(c.want...)), "%s with match[version]=%s over 4 versions", v.name, c.value)
				}
			}
		})

	It("takes created as the version of an object without modified", harness.Reqs("T21-3.4.1-08", "T21-3.4-14"), harness.Writes(), func() {
		coll := writableCollection()
		md := markingDefinition(newID("marking-definition"), past())
		add(md)
		created := md["created"].(string)
		for _, v := range []view{objectsView, manifestView, objectView} {
			onlyObjects(v.fetch("", coll, idsOf(md)), idOf(md))
			for _, value := range []string{created, "first", "last", "all"} {
				l := v.fetch("T21-3.4-14", coll, idsOf(md), "match[version]", value)
				// Whether the object is selected; which version a manifest record names for it
				// is T21-5.3.1-09's business.
				harness.Soft("T21-3.4.1-08").Expect(l.IDs()).To(Equal(idsOf(md)),
					"%s with match[version]=%s over a marking definition created %s", v.name, value, created)
			}
		}
	})
})
