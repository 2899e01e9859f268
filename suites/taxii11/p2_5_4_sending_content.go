package taxii11

// Part 2 §5.4: which content a producer sends — by content binding and subtype, by query,
// wrapped content it cannot read — and paused subscriptions.

import (
	"encoding/base64"
	"strings"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// Subtypes of the harness's own (third-party IDs with an authority).
const (
	subtypeA = "urn:example.com:taxii-conform:subtype:a"
	subtypeB = "urn:example.com:taxii-conform:subtype:b"
)

// opaqueBlock is a block of the wrapper binding whose content no server can read.
func opaqueBlock() (node, string) {
	// What a server stores and sends back is the encoded text.
	encoded := base64.StdEncoding.EncodeToString([]byte("taxii-conform-opaque-" + uuid.NewString()))
	return contentBlock(wrapperBinding, "", []byte(encoded)), encoded
}

func holdsText(p polled, text string) bool {
	for _, b := range p.blocks {
		if strings.Contains(string(b.child("Content").innerXML()), text) {
			return true
		}
	}
	return false
}

// needAll disables a spec whose content the collection would not take.
func needAll(coll string) {
	if !describeCollection(coll).acceptsAll() {
		harness.Unsupported("collection " + coll + " lists the content bindings it takes, so the harness's own test bindings cannot be stored there")
	}
}

var _ = Describe("Part 2 §5.4.1 Targeting Content Requests", func() {
	It("sends no content in bindings or subtypes the consumer did not ask for",
		harness.Reqs("T11S-5.4.1-01", "T11S-5.4.1-02"), harness.Writes(), func() {
			coll := writableCollection()
			needAll(coll)
			mark := feedMarkOrNil(coll)
			p12, p111 := newSTIX(bindingSTIX12), newSTIX(bindingSTIX111)
			pa, pb := newSTIX(bindingSTIX12), newSTIX(bindingSTIX12)
			r := addContent(writer, coll, contentBlock(bindingSTIX12, "", p12.XML), contentBlock(bindingSTIX111, "", p111.XML),
				contentBlock(bindingSTIX12, subtypeA, pa.XML), contentBlock(bindingSTIX12, subtypeB, pb.XML))
			harness.Setup().Expect(r.isStatus(stSuccess)).To(BeTrue(), "adding content: %s", r.describe())
			all := poll(writer, coll, pollRequest(coll, beginEl(mark), pollParameters(el("Response_Type", "FULL"))))
			harness.Setup().Expect(all.has(p12, p111, pa, pb)).To(HaveLen(4), "the content added is not all in %s", coll)

			only111 := poll(writer, coll, pollRequest(coll, beginEl(mark), pollParameters(el("Response_Type", "FULL"), bindingEl(bindingSTIX111))))
			expectMessage(only111.answers[0], "Poll_Response", "polling for STIX 1.1.1 only")
			for _, b := range only111.blocks {
				cb := b.child("Content_Binding")
				if cb == nil {
					// A block without a binding is judged under T11S-4.5-01; whose content it
					// is shows below, by package.
					harness.Note("a block at %s has no Content_Binding", b.path())
					continue
				}
				harness.Soft("T11S-5.4.1-01").Expect(strings.TrimSpace(cb.at("binding_id"))).To(Equal(bindingSTIX111),
					"a poll for %s only returned another binding", bindingSTIX111)
			}
			harness.Soft("T11S-5.4.1-01").Expect(only111.has(p12, pa, pb)).To(BeEmpty(), "a poll for %s only", bindingSTIX111)

			onlyA := poll(writer, coll, pollRequest(coll, beginEl(mark), pollParameters(el("Response_Type", "FULL"), bindingEl(bindingSTIX12, subtypeA))))
			expectMessage(onlyA.answers[0], "Poll_Response", "polling for subtype a only")
			harness.Soft("T11S-5.4.1-02").Expect(onlyA.has(pb)).To(BeEmpty(), "a poll for %s subtype %s returned the block of subtype %s", bindingSTIX12, subtypeA, subtypeB)
			harness.Soft("T11S-5.4.1-01").Expect(onlyA.has(p111)).To(BeEmpty(), "a poll for %s subtype %s returned STIX 1.1.1", bindingSTIX12, subtypeA)
		})

	It("sends, for a query, only records it can tell match", harness.Reqs("T11S-5.4.1-03", "T11S-5.4.1-04"), harness.Writes(), func() {
		coll := writableCollection()
		needAll(coll)
		vocab := ""
		for _, v := range pollQueryInfo(coll).Vocabs {
			if v.ID != "" {
				vocab = v.ID
				break
			}
		}
		if vocab == "" {
			harness.Unsupported("the Poll Service lists no Default Query targeting vocabulary")
		}
		// The records are STIX packages labelled with the vocabulary's ID as content binding.
		mark := feedMarkOrNil(coll)
		hit, miss := newSTIX(bindingSTIX12), newSTIX(bindingSTIX12)
		opaque, marker := opaqueBlock()
		r := addContent(writer, coll, contentBlock(vocab, "", hit.XML), contentBlock(vocab, "", miss.XML), opaque)
		harness.Setup().Expect(r.isStatus(stSuccess)).To(BeTrue(), "adding content: %s", r.describe())
		key := strings.TrimPrefix(hit.Title, "taxii-conform test package ")
		title := queryEl(vocab, criteriaEl("AND", criterionEl("false", "**/Title",
			testEl(fam().CapabilityCore, "contains", param{"value", key}, param{"case_sensitive", "true"}))))
		p := poll(writer, coll, pollRequest(coll, beginEl(mark), pollParameters(el("Response_Type", "FULL"), title)))
		expectMessage(p.answers[0], "Poll_Response", "polling with a query")
		harness.Setup().Expect(p.has(hit)).To(HaveLen(1), "the query for the title of %s did not find it", hit.ID)
		harness.Soft("T11S-5.4.1-03").Expect(p.has(miss)).To(BeEmpty(), "package %s does not match the query but was sent", miss.ID)
		harness.Soft("T11S-5.4.1-04").Expect(holdsText(p, marker)).To(BeFalse(), "opaque content the server cannot query was sent for a query")
	})

	It("sends, without a query, content in accepted bindings even when it cannot look inside", harness.Reqs("T11S-5.4.1-05"), harness.Writes(), func() {
		coll := writableCollection()
		needAll(coll)
		mark := feedMarkOrNil(coll)
		opaque, marker := opaqueBlock()
		// A STIX package sent alongside shows that the poll from the mark finds new content.
		witness := newSTIX(bindingSTIX12)
		r := addContent(writer, coll, opaque, contentBlock(bindingSTIX12, "", witness.XML))
		harness.Setup().Expect(r.isStatus(stSuccess)).To(BeTrue(), "adding opaque content: %s", r.describe())
		poll(writer, coll, pollRequest(coll, beginEl(mark), pollParameters(el("Response_Type", "FULL")))).requireShown(coll, witness)
		p := poll(writer, coll, pollRequest(coll, beginEl(mark), pollParameters(el("Response_Type", "FULL"), bindingEl(wrapperBinding))))
		expectMessage(p.answers[0], "Poll_Response", "polling for the wrapper binding")
		harness.For("T11S-5.4.1-05").Expect(holdsText(p, marker)).To(BeTrue(), "the opaque block in binding %s was not sent to a consumer asking for it", wrapperBinding)
	})

	It("does not treat content it cannot parse in an accepted binding as unsupported", harness.Reqs("T11S-5.4.1-06"), harness.Writes(), func() {
		coll := writableCollection()
		binding := bindingSTIX12
		if !describeCollection(coll).accepts(binding) {
			binding = bindingSTIX111
		}
		junk := []byte(`<junk xmlns="urn:example.com:taxii-conform">` + uuid.NewString() + `</junk>`)
		r := addContent(writer, coll, contentBlock(binding, "", junk))
		harness.For("T11S-5.4.1-06").Expect(r.statusType()).NotTo(Equal(stUnsupportedContent),
			"content in %s that is not a STIX package: %s", binding, r.describe())
	})
})

var _ = Describe("Part 2 §5.4.2 Paused Subscriptions", func() {
	It("pushes nothing for a paused subscription and delivers the missed content after RESUME",
		harness.Reqs("T11S-5.4.2-01", "T11S-5.4.2-02", "T11S-5.4.2-03"), harness.Writes(), func() {
			coll, in, s := pushedSubscription()
			r := manage(writer, "PAUSE", coll, el("Subscription_ID", s.ID))
			expectMessage(r, "Subscription_Management_Response", "pausing subscription "+s.ID)
			pkgs := addPackages(coll, 1)
			got, err := in.await(pushSettle, func(list []pushed) bool { return pushedHas(list, pkgs[0]) })
			harness.For("T11S-5.4.2-01").Expect(err).To(HaveOccurred(), "package %s was pushed while subscription %s was paused (%d messages)", pkgs[0].ID, s.ID, len(got))
			pr := send(as(writer), pollURL(coll), pollRequest(coll, el("Subscription_ID", s.ID)))
			harness.Note("a poll for the paused subscription: %s", pr.describe())
			r = manage(writer, "RESUME", coll, el("Subscription_ID", s.ID))
			expectMessage(r, "Subscription_Management_Response", "resuming subscription "+s.ID)
			_, err = awaitPackages(in, pkgs...)
			harness.Soft("T11S-5.4.2-02").Expect(err).NotTo(HaveOccurred(), "package %s, added during the pause, was not delivered after RESUME", pkgs[0].ID)
		})
})
