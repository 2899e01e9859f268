package taxii21

// §4.3 Get Status and §4.3.1 the status resource.

import (
	"net/http"
	"reflect"
	"time"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// statusTrio is what the status specs add: an indicator (versioned by modified), a marking
// definition (created only) and a malware.
func statusTrio() []map[string]any {
	t := past()
	return []map[string]any{
		freshIndicator(),
		markingDefinition(newID("marking-definition"), t),
		malware(newID("malware"), t.Add(-time.Minute), t),
	}
}

// completeStatus reads a status until it no longer reads pending, within statusWait, and
// returns it as read last; failing to read it is a setup error (other specs hold GET status to
// its table). What the status says is left to the caller to check.
func completeStatus(c *harness.Client, id string) map[string]any {
	deadline := time.Now().Add(statusWait)
	pause := 10 * time.Millisecond
	for {
		x := get(c, statusURL(id))
		harness.Setup().Expect(x.Status).To(Equal(http.StatusOK), "GET %s", x.URL)
		body, err := x.Object()
		harness.Setup().Expect(err).NotTo(HaveOccurred(), "the body of answer #%d", x.Seq)
		if body["status"] != "pending" {
			return body
		}
		if time.Now().After(deadline) {
			harness.Errorf("status %s still pending after %v", id, statusWait)
		}
		time.Sleep(pause)
		pause = min(2*pause, 250*time.Millisecond)
	}
}

var _ = Describe("4.3 Get Status", func() {
	It("answers GET status with 200 and a status resource in the TAXII media type",
		harness.Reqs("T21-4.3-04", "T21-4.3-05", "T21-4.3-06"), harness.Writes(), func() {
			w := as(writerName())
			_, st := submit(w, writableCollection(), freshIndicator())
			x := get(w, statusURL(st.ID))
			// Not knowing the id POST objects gave out is T21-5.5-03's business.
			harness.Setup().Expect(x.Status).NotTo(Equal(http.StatusNotFound), "GET %s, the status POST objects returned", x.URL)
			harness.For("T21-4.3-04").Expect(x.Status).To(Equal(http.StatusOK), "GET %s", x.URL)
			checkMediaType("T21-4.3-05", "T21-4.3-05", x)
			expectResource("T21-4.3-06", "status", x)
		})

	It("reports on the request it monitors: its id, its counts and each object's id and version",
		harness.Reqs("T21-4.3.1-02", "T21-4.3.1-03", "T21-4.3.1-04", "T21-4.3.1-05", "T21-4.3.1-09", "T21-4.3.1-10",
			"T21-4.3.1-11", "T21-4.3.1-12", "T21-4.3.1-13", "T21-4.3.1-14", "T21-4.3.1-15", "T21-4.3.1-16", "T21-4.3.1-17",
			"T21-4.3.1-18", "T21-4.3.1-19", "T21-4.3.1-21", "T21-4.3.1-22", "T21-4.3.1-23", "T21-4.3.1-25",
			"T21-4.3.1-01", "T21-4.3.1-08"), harness.Writes(), func() {
			w := as(writerName())
			objs := statusTrio()
			posted, st := submit(w, writableCollection(), objs...)
			first, err := posted.Object()
			harness.Setup().Expect(err).NotTo(HaveOccurred())
			final := completeStatus(w, st.ID)
			for _, s := range []struct {
				name string
				body map[string]any
			}{{"the status of the POST", first}, {"the status read back once complete", final}} {
				b := s.body
				for _, k := range []struct{ key, has, typ string }{
					{"id", "T21-4.3.1-02", ""}, {"status", "T21-4.3.1-04", ""},
					{"total_count", "T21-4.3.1-09", "T21-4.3.1-10"}, {"success_count", "T21-4.3.1-12", "T21-4.3.1-13"},
					{"failure_count", "T21-4.3.1-14", "T21-4.3.1-15"}, {"pending_count", "T21-4.3.1-16", "T21-4.3.1-17"},
				} {
					harness.Soft(k.has).Expect(b).To(HaveKey(k.key), "%s has no %s", s.name, k.key)
					if v, ok := b[k.key]; ok && k.typ != "" {
						whole, inRange := isInteger(v)
						n, _ := toInt(v)
						harness.Soft(k.typ).Expect(whole && inRange && n >= 0).To(BeTrue(), "%s: %s is %v, not an integer of zero or more", s.name, k.key, v)
						harness.Soft("T21-4.3.1-25").Expect(whole).To(BeTrue(), "%s: %s is %#v, not an integer", s.name, k.key, v)
					}
				}
				// The values, where present (presence is T21-4.3.1-02 and -04).
				if id, ok := b["id"]; ok {
					harness.Soft("T21-4.3.1-03").Expect(id).To(Equal(st.ID), "%s has id %v, but the POST returned %s", s.name, id, st.ID)
				}
				if v, ok := b["status"]; ok {
					harness.Soft("T21-4.3.1-05").Expect(v).To(BeElementOf("complete", "pending"), "%s: status is %#v", s.name, v)
				}
				if ts, ok := b["request_timestamp"]; ok {
					str, _ := ts.(string)
					harness.Soft("T21-4.3.1-25").Expect(stampProblems(str)).To(BeEmpty(), "%s: request_timestamp %#v is not a timestamp", s.name, ts)
				}
				if id, ok := b["id"].(string); ok {
					harness.Soft("T21-4.3.1-25").Expect(uuid4RE.MatchString(id)).To(BeTrue(), "%s: id %q is not an identifier", s.name, id)
				}
				total, _ := toInt(b["total_count"])
				pending, _ := toInt(b["pending_count"])
				if b["status"] == "complete" || total != 0 || pending != 0 {
					harness.Soft("T21-4.3.1-11").Expect(total).To(Equal(int64(len(objs))), "%s: total_count for an envelope of %d objects", s.name, len(objs))
				}
				checkDetails(s.name, b, objs)
			}
			if id, ok := final["id"]; ok {
				harness.Soft("T21-4.3.1-03").Expect(id).To(Equal(st.ID), "the status read at status/%s/ has id %v", st.ID, id)
			}
		})

	It("keeps a complete status unchanged", harness.Reqs("T21-4.3.1-06", "T21-4.3.1-07"), harness.Writes(), func() {
		w := as(writerName())
		_, st := submit(w, writableCollection(), statusTrio()...)
		first := completeStatus(w, st.ID)
		for i := 0; i < 3; i++ {
			x := get(w, statusURL(st.ID))
			if x.Status == http.StatusNotFound {
				harness.Note("the complete status was removed (§4.3.1 allows it)")
				return
			}
			harness.Setup().Expect(x.Status).To(Equal(http.StatusOK), "re-reading status %s", st.ID)
			again, err := x.Object()
			harness.Setup().Expect(err).NotTo(HaveOccurred())
			harness.For("T21-4.3.1-06").Expect(reflect.DeepEqual(again, first)).To(BeTrue(),
				"a complete status changed on re-reading: it was %v, then %v", first, again)
		}
	})

	It("gives an object without created and modified a version it keeps to", harness.Reqs("T21-4.3.1-24"), harness.Writes(), func() {
		w, coll := as(writerName()), writableCollection()
		o := ipv4(newID("ipv4-addr"), "198.51.100.42")
		var versions []string
		for i := 0; i < 2; i++ {
			_, st := submit(w, coll, o)
			b := completeStatus(w, st.ID)
			for _, key := range []string{"successes", "failures", "pendings"} {
				list, _ := b[key].([]any)
				for _, e := range list {
					m, _ := e.(map[string]any)
					if v, ok := m["version"].(string); ok && m["id"] == o["id"] {
						versions = append(versions, v)
					}
				}
			}
		}
		if len(versions) == 0 {
			harness.Unsupported("the status lists no object details, which §4.3.1 allows")
		}
		for _, r := range records(coll, o["id"].(string)) {
			versions = append(versions, r.Version)
		}
		harness.For("T21-4.3.1-24").Expect(versions).To(HaveEach(versions[0]),
			"the versions given to an observable without created or modified, in two statuses and the manifest, differ")
	})

	It("answers 401 (or 404) to GET status without acceptable credentials", harness.Reqs("T21-4.3-07", "T21-4.3-10"), harness.Writes(), func() {
		clients := deniedClients()
		_, st := submit(as(writerName()), writableCollection(), freshIndicator())
		for _, c := range clients {
			expectDenied("T21-4.3-07", "T21-4.3-10", get(c, statusURL(st.ID)), http.StatusUnauthorized, http.StatusNotFound)
		}
	})

	It("answers 403 or 404 to GET status from an authenticated client without access", harness.Reqs("T21-4.3-08", "T21-4.3-10"), harness.Writes(), func() {
		requireAuth()
		_, st := submit(as(writerName()), writableCollection(), freshIndicator())
		expectDenied("T21-4.3-08", "T21-4.3-10", get(as(nobody), statusURL(st.ID)), http.StatusForbidden, http.StatusNotFound)
	})

	It("answers 404 to GET status with an unknown id or under an unknown API root", harness.Reqs("T21-4.3-09", "T21-4.3-10"), harness.Writes(), func() {
		_, st := submit(as(writerName()), writableCollection(), freshIndicator())
		for _, u := range []string{statusURL(uuid.NewString()), elsewhere(statusURL(st.ID))} {
			x := get(as(writerName()), u)
			harness.Soft("T21-4.3-09").Expect(x.Status).To(Equal(http.StatusNotFound), "GET %s", x.URL)
			if x.Status >= 400 {
				expectErrorAnswer(harness.Soft("T21-4.3-10"), x)
			}
		}
	})
})

// checkDetails checks the status-details lists of a status against the objects posted.
func checkDetails(name string, b map[string]any, objs []map[string]any) {
	byID := map[string]map[string]any{}
	for _, o := range objs {
		byID[o["id"].(string)] = o
	}
	for _, key := range []string{"successes", "failures", "pendings"} {
		raw, ok := b[key]
		if !ok {
			continue
		}
		list, isList := raw.([]any)
		harness.Soft("T21-4.3.1-25").Expect(isList && len(list) > 0).To(BeTrue(), "%s: %s is %#v, not a non-empty list", name, key, raw)
		for i, e := range list {
			d, ok := e.(map[string]any)
			harness.Soft("T21-4.3.1-25").Expect(ok).To(BeTrue(), "%s: %s/%d is %#v, not a status-details", name, key, i, e)
			harness.Soft("T21-4.3.1-18").Expect(d).To(HaveKey("id"), "%s: %s/%d has no id", name, key, i)
			harness.Soft("T21-4.3.1-21").Expect(d).To(HaveKey("version"), "%s: %s/%d has no version", name, key, i)
			for _, k := range []string{"id", "version", "message"} {
				if v, ok := d[k]; ok {
					harness.Soft("T21-4.3.1-25").Expect(v).To(BeAssignableToTypeOf(""), "%s: %s/%d/%s is %#v, not a string", name, key, i, k, v)
				}
			}
			// The values, where present (presence is T21-4.3.1-18 and -21).
			id, _ := d["id"].(string)
			o, known := byID[id]
			if _, ok := d["id"]; ok {
				harness.Soft("T21-4.3.1-19").Expect(known).To(BeTrue(), "%s: %s/%d has id %q, which is none of the STIX ids posted", name, key, i, id)
			}
			if _, ok := d["version"]; !ok || !known {
				continue
			}
			version, _ := d["version"].(string)
			if m, ok := o["modified"].(string); ok {
				harness.Soft("T21-4.3.1-22").Expect(sameInstant(version, m)).To(BeTrue(), "%s: %s/%d (%s) has version %q, not its modified %s", name, key, i, id, version, m)
			} else {
				c := o["created"].(string)
				harness.Soft("T21-4.3.1-23").Expect(sameInstant(version, c)).To(BeTrue(), "%s: %s/%d (%s, without modified) has version %q, not its created %s", name, key, i, id, version, c)
			}
		}
	}
}

// toInt reads a decoded JSON integer.
func toInt(v any) (int64, bool) {
	n, ok := v.(interface{ Int64() (int64, error) })
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}
