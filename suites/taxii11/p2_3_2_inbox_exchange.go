package taxii11

// Part 2 §3.2 and §3.2.1: the Inbox Exchange and content pushed into collections.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// contentAfter marks where a spec's own content will start in a collection and returns a
// function that polls what came after the mark: for a Data Feed, everything labelled after
// its current upper bound; a Data Set is polled whole.
func contentAfter(coll string) func(identity string) polled {
	mark := feedMarkOrNil(coll)
	return func(identity string) polled {
		p := poll(identity, coll, pollAll(coll, mark, nil))
		expectMessage(p.answers[0], "Poll_Response", "polling collection "+coll)
		return p
	}
}

// unacceptedBinding returns a content binding a collection does not accept, or "" when it
// accepts every binding.
func unacceptedBinding(c collectionRec) string {
	if c.acceptsAll() {
		return ""
	}
	for _, b := range []string{bindingSTIX111, bindingSTIX12, "urn:example.com:taxii-conform:binding:unaccepted"} {
		if !c.accepts(b) {
			return b
		}
	}
	return ""
}

var _ = Describe("Part 2 §3.2 Inbox Exchange", func() {
	It("answers an Inbox Message it cannot process with a Status Message signalling failure",
		harness.Reqs("T11S-3.2-02"), harness.Writes(), func() {
			coll := writableCollection()
			u := inboxURL(coll)
			expectError("T11S-3.2-02", sendBroken(writer, u, brokenBody("Inbox_Message")), "an Inbox Message that is not well-formed XML")
			expectError("T11S-3.2-02", sendBroken(writer, u, invalidBody("Inbox_Message", "")), "an Inbox Message with a field Part 4 does not define")
		})

	It("answers every Inbox Message with a Status Message, of type SUCCESS or an error type",
		harness.Reqs("T11S-3.2-03", "T11S-3.2-01"), harness.Writes(), func() {
			coll := writableCollection()
			b, _ := stixBlock(bindingSTIX12)
			ok := addContent(writer, coll, b)
			harness.For("T11S-3.2-03").Expect(ok.is("Status_Message")).To(BeTrue(), "a valid Inbox Message: %s", ok.describe())
			b2, _ := stixBlock(bindingSTIX12)
			bad := send(as(writer), inboxURL(coll), inboxMessage([]string{unknownName("collection")}, b2))
			harness.For("T11S-3.2-03").Expect(bad.is("Status_Message")).To(BeTrue(), "an Inbox Message for a collection that does not exist: %s", bad.describe())
			if harness.Current().HasIdentity(nobody) {
				b3, _ := stixBlock(bindingSTIX12)
				no := send(as(nobody), inboxURL(coll), inboxMessage([]string{coll}, b3))
				harness.For("T11S-3.2-03").Expect(no.is("Status_Message")).To(BeTrue(), "an Inbox Message from an identity without rights: %s", no.describe())
			}
		})

	It("keeps none of the content of an Inbox Message it does not answer with SUCCESS",
		harness.Reqs("T11S-3.2-05", "T11S-3.2-04", "T11S-3.2.1-01", "T11S-3.2.1-02", "T11S-3.2.1-03", "T11S-3.2.1-04"), harness.Writes(), func() {
			coll := writableCollection()
			c := describeCollection(coll)
			after := contentAfter(coll)
			var refused []stixPkg
			try := func(what string, dests []string, blocks []node, pkgs []stixPkg) {
				r := send(as(writer), inboxURL(coll), inboxMessage(dests, blocks...))
				if r.isStatus(stSuccess) {
					// Taking it all, or discarding it all, are both allowed (§3.2.1 rule 2).
					harness.Note("%s: answered SUCCESS, so the rule does not apply", what)
					return
				}
				harness.Setup().Expect(r.is("Status_Message")).To(BeTrue(), "%s: %s", what, r.describe())
				refused = append(refused, pkgs...)
			}
			// Content for a real collection and one that does not exist.
			b, p := stixBlock(bindingSTIX12)
			try("destinations "+coll+" and a collection that does not exist", []string{coll, unknownName("collection")}, []node{b}, []stixPkg{p})
			// Content of which the second destination takes only part.
			if wo := harness.Current().Profile().TAXII11; wo != nil && wo.Collections.WriteOnly != "" && wo.Collections.WriteOnly != coll {
				if other, ok := collection(writer, wo.Collections.WriteOnly); ok {
					if bad := unacceptedBinding(other); bad != "" && c.accepts(bad) {
						good := bindingSTIX12
						if !other.accepts(good) {
							good = bindingSTIX111
						}
						b1, p1 := stixBlock(good)
						p2 := newSTIX(bad)
						b2 := contentBlock(bad, "", p2.XML)
						try("destinations "+coll+" and "+other.Name+", the second taking only one of two blocks",
							[]string{coll, other.Name}, []node{b1, b2}, []stixPkg{p1, p2})
					}
				}
			}
			if len(refused) == 0 {
				harness.Note("no Inbox Message was refused, so there was nothing to check")
				return
			}
			got := after(writer)
			kept := got.has(refused...)
			harness.Soft("T11S-3.2-05").Expect(kept).To(BeEmpty(), "content of refused Inbox Messages was kept in %s: %s", coll, joinIDs(kept))
			harness.Soft("T11S-3.2.1-02").Expect(kept).To(BeEmpty(), "content routed to collections in a refused Inbox Message was added to %s: %s", coll, joinIDs(kept))
		})
})
