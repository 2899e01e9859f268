package taxii11

// Helpers several spec files share: reading error answers the way the HTTP binding allows,
// a tour of the services for the specs about every message, subscriptions that clean up
// after themselves, and small Default Query expressions.

import (
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// httpStatusType maps an HTTP status without a TAXII message to the status type a client
// reads it as (Part 3 §5.1, Table 2).
func httpStatusType(code int) string {
	switch code {
	case 400, 413:
		return stBadMessage
	case 401, 403, 407:
		return stUnauthorized
	case 406, 415:
		return stUnsupportedMessage
	}
	return stFailure
}

// errorAnswer reports whether an answer signals that the request failed, and as what: a Status
// Message of an error type (any type but SUCCESS and PENDING, third-party ones included, Part
// 2 §4.4.1.1), or — where the binding finds a Status Message infeasible (Part 3 §4) — a non-200
// HTTP status without a TAXII message, read as Part 3 §5.1 says.
func errorAnswer(r *reply) (bool, string) {
	if r.is("Status_Message") {
		st := r.statusType()
		return st != stSuccess && st != stPending && st != "", "Status Message " + st
	}
	if r.x.Status != http.StatusOK && !r.message() {
		return true, fmt.Sprintf("HTTP %d without a TAXII message (read as %s, Part 3 §5.1)", r.x.Status, httpStatusType(r.x.Status))
	}
	return false, r.kind()
}

// expectError requires that the answer signals failure, under the requirement (softly, so
// that a spec judges all its cases).
func expectError(req string, r *reply, doing string) {
	ok, how := errorAnswer(r)
	harness.Soft(req).Expect(ok).To(gomega.BeTrue(), "%s: expected a Status Message of an error type; %s", doing, r.describe())
	if !r.is("Status_Message") {
		harness.Note("%s: answered %s", doing, how)
	}
}

// unknownName returns a collection name (or other name) no server has.
func unknownName(what string) string { return "taxii-conform-no-such-" + what + "-" + uuid.NewString() }

// brokenBody is a request body that is not well-formed XML, for the specs about malformed
// messages; it is sent with the binding's headers.
func brokenBody(root string) []byte {
	f := fam()
	return []byte(fmt.Sprintf(`<taxii:%s xmlns:taxii="%s" message_id="%s"><taxii:Unclosed>`, root, f.Namespace, newMessageID()))
}

// invalidBody is well-formed XML that breaks the message's schema: an element the message
// type does not have.
func invalidBody(root string, attrs string) []byte {
	f := fam()
	return []byte(fmt.Sprintf(`<taxii:%s xmlns:taxii="%s" message_id="%s" %s><taxii:No_Such_Field>taxii-conform</taxii:No_Such_Field></taxii:%s>`,
		root, f.Namespace, newMessageID(), attrs, root))
}

// sendBroken sends a body that is broken on purpose.
func sendBroken(identity, u string, body []byte) *reply {
	return sendRaw(as(identity), u, headersFor(fam(), isHTTPS(u)), body, true)
}

// ---- a tour of the services ----

// tour makes the read-only exchanges every kind of answer comes from: discovery, collection
// information, a poll of a readable collection with all its parts, and refusals (an unknown
// collection, a malformed message, an unknown result, an unsupported query format). Specs
// about properties of every message take the validation of these exchanges as their verdict.
func tour() []*reply {
	var out []*reply
	out = append(out, send(as(standard), serviceURL(svcDiscovery), discoveryRequest()))
	out = append(out, send(as(writer), serviceURL(svcCollection), collectionInfoRequest()))
	coll := readableCollection()
	out = append(out, poll(standard, coll, pollAll(coll, nil, nil)).answers...)
	pu := pollURL(coll)
	out = append(out, send(as(standard), pu, pollAll(unknownName("collection"), nil, nil)))
	out = append(out, sendBroken(standard, pu, brokenBody("Poll_Request")))
	out = append(out, send(as(standard), pu, pollFulfillment(coll, unknownName("result"), 1)))
	out = append(out, send(as(standard), pu, pollRequest(coll, pollParameters(el("Response_Type", "FULL"), unsupportedQuery()))))
	return out
}

// writeTour adds the exchanges that change state: an Inbox Message and a subscription's life
// (SUBSCRIBE, STATUS, PAUSE, RESUME, UNSUBSCRIBE).
func writeTour() []*reply {
	coll := writableCollection()
	b, _ := stixBlock(bindingSTIX12)
	out := []*reply{addContent(writer, coll, b)}
	r := subscribeAs(writer, coll, subParams(responseType("FULL")), node{})
	out = append(out, r)
	subs := subscriptionsIn(r)
	harness.Setup().Expect(subs).To(gomega.HaveLen(1), "subscribing to %s: %s", coll, r.describe())
	for _, action := range []string{"STATUS", "PAUSE", "RESUME", "UNSUBSCRIBE"} {
		out = append(out, manage(writer, action, coll, el("Subscription_ID", subs[0].ID)))
	}
	return out
}

// saw requires, as preparation, that a tour met at least one answer of the named type, so
// that the spec had something to judge.
func saw(rs []*reply, name string) []*reply {
	var out []*reply
	for _, r := range rs {
		if r.is(name) {
			out = append(out, r)
		}
	}
	harness.Setup().Expect(out).NotTo(gomega.BeEmpty(), "no %s came back to check", name)
	return out
}

// ---- subscriptions ----

// needPush disables specs that need the server to push content when the profile says it does not.
func needPush() {
	if harness.Current().Profile().HasFeature11(featureNoPush) {
		harness.Disable("the profile says the server pushes no content (feature " + featureNoPush + ")")
	}
}

// ---- Default Query ----

// unsupportedQuery is a Query in a format no server knows.
func unsupportedQuery() node {
	return el("Query", at("format_id", "urn:example.com:taxii-conform:no-such-query-format"),
		rawXML(`<q xmlns="urn:example.com:taxii-conform">anything</q>`))
}

// ---- labels ----

// labelOf returns a content block's Timestamp Label as a time; a missing or bad label is a
// setup error here (other specs judge labels).
func labelOf(b *elem) time.Time {
	t, err := parseLabel(b.childText("Timestamp_Label"))
	harness.Setup().Expect(err).NotTo(gomega.HaveOccurred(), "reading the Timestamp_Label of a content block at %s", b.path())
	return t
}

// ---- polling ranges ----

// multipart adds enough fresh packages to the writable collection for a result in several
// parts, and polls them back; a server that still answers in one part makes the spec end
// unsupported (Part 2 §2.1.4 lets a Poll Service never split results).
func multipart(n int) (string, []stixPkg, polled) {
	coll := writableCollection()
	mark := feedMarkOrNil(coll)
	pkgs := addPackages(coll, n)
	p := poll(writer, coll, pollAll(coll, mark, nil))
	expectMessage(p.answers[0], "Poll_Response", "polling collection "+coll)
	if len(p.answers) < 2 && !isTrue(p.answers[0].root.at("more")) {
		harness.Unsupported(fmt.Sprintf("the Poll Service answered a result of %d records in one part", len(p.blocks)))
	}
	p.requireWhole("polling collection " + coll)
	return coll, pkgs, p
}

// judgeMessage validates a message the harness received outside an exchange it made (a
// pushed Inbox Message) and fails, under each of reqs, the violations that name it.
func judgeMessage(body []byte, reqs ...string) {
	v, err := schemaValidator()
	harness.Setup().Expect(err).NotTo(gomega.HaveOccurred())
	res, err := v.Validate(body)
	harness.Setup().Expect(err).NotTo(gomega.HaveOccurred())
	found := res.Violations
	if root, err := parseXML(body); err == nil {
		found = append(found, messageProblems(root, nil)...)
	}
	for _, vi := range found {
		for _, req := range reqs {
			if vi.Requirement == req {
				harness.Soft(req).Expect(vi.String()).To(gomega.BeEmpty(), "a pushed message breaks the rule")
			}
		}
	}
}
