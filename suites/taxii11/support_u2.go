package taxii11

// Helpers of the specs for Part 2 §4.4.3–§4.4.11 and Part 5: identifier checks on service
// descriptions, Data Sets and the identities that may read them, feed marks that isolate a
// spec's own content, subscriptions, and the Default Query (what a service advertises, query
// building, and STIX records with known values to query).

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// ---- identifiers in service descriptions ----

// idProblem says why v is not an identifier of the kind TAXII IDs must be: a URI that names
// the authority controlling it (Part 2 §4.1.7). "" when it is one.
func idProblem(v string) string {
	v = strings.TrimSpace(v)
	if p := uriProblem(v); p != "" {
		return p
	}
	if !hasAuthority(v) {
		return "it names no authority (a domain, or a URN namespace)"
	}
	return ""
}

// protocolKind tells what a protocol binding ID is: "http", "https" for TAXII's own IDs
// (either family), "" for a third-party one.
func protocolKind(id string) string {
	f, tls := familyByProtocol(strings.TrimSpace(id))
	switch {
	case f == nil:
		return ""
	case tls:
		return "https"
	}
	return "http"
}

// addressProblem says why an address does not have the form its protocol binding calls for
// (Part 2 §4.4.3, §4.4.5, §4.4.7): TAXII's HTTP and HTTPS bindings need an absolute URL of that
// scheme with a host. Third-party bindings are not judged. "" when it fits.
func addressProblem(protocol, addr string) string {
	kind := protocolKind(protocol)
	if kind == "" {
		return ""
	}
	addr = strings.TrimSpace(addr)
	u, err := url.Parse(addr)
	switch {
	case err != nil:
		return fmt.Sprintf("it is not a URL: %v", err)
	case !u.IsAbs() || u.Host == "":
		return fmt.Sprintf("it is not an absolute %s:// URL with a host, as protocol binding %s calls for", kind, protocol)
	case !strings.EqualFold(u.Scheme, kind):
		return fmt.Sprintf("it is an %s:// URL, but protocol binding %s calls for %s://", u.Scheme, protocol, kind)
	}
	return ""
}

// endpointReqs name the requirements checkEndpoint reports under: fields present, protocol
// ID, address form, message binding IDs. An empty one skips that check (a Push_Method has no
// address).
type endpointReqs struct{ fields, protocol, address, binding string }

// checkEndpoint checks one endpoint description (Protocol_Binding, Address, Message_Binding).
func checkEndpoint(e *elem, what string, reqs endpointReqs) {
	proto := e.childText("Protocol_Binding")
	addr := e.childText("Address")
	bindings := e.children("Message_Binding")
	where := fmt.Sprintf("%s (line %d %s)", what, e.Line, e.path())
	if reqs.fields != "" {
		g := harness.Soft(reqs.fields)
		g.Expect(proto).NotTo(gomega.BeEmpty(), "%s has no Protocol_Binding", where)
		if reqs.address != "" {
			g.Expect(addr).NotTo(gomega.BeEmpty(), "%s has no Address", where)
		}
		g.Expect(bindings).NotTo(gomega.BeEmpty(), "%s lists no Message_Binding", where)
	}
	if proto != "" {
		harness.Soft(reqs.protocol).Expect(idProblem(proto)).To(gomega.BeEmpty(),
			"%s: Protocol_Binding %q is not a protocol binding version ID", where, proto)
	}
	if reqs.address != "" && addr != "" {
		harness.Soft(reqs.address).Expect(addressProblem(proto, addr)).To(gomega.BeEmpty(), "%s: Address %q", where, addr)
	}
	for _, mb := range bindings {
		harness.Soft(reqs.binding).Expect(idProblem(mb.text())).To(gomega.BeEmpty(),
			"%s: Message_Binding %q is not a message binding version ID", where, mb.text())
	}
}

// checkBindingIDs checks Content_Binding children of e: binding_id a Content Binding ID,
// each Subtype a Content Binding Subtype ID.
func checkBindingIDs(e *elem, what, reqID, reqSubtype string) {
	for _, cb := range e.children("Content_Binding") {
		id := cb.at("binding_id")
		harness.Soft(reqID).Expect(idProblem(id)).To(gomega.BeEmpty(),
			"%s (line %d): Content_Binding binding_id %q is not a Content Binding ID", what, cb.Line, id)
		for _, st := range cb.children("Subtype") {
			harness.Soft(reqSubtype).Expect(idProblem(st.at("subtype_id"))).To(gomega.BeEmpty(),
				"%s (line %d): Subtype subtype_id %q is not a Content Binding Subtype ID", what, st.Line, st.at("subtype_id"))
		}
	}
}

// ---- identities and collections beyond the profile's three ----

// profileIdentities lists the identities a spec may try, the harness's own names first, then
// the profile's other identities in name order.
func profileIdentities() []string {
	run := harness.Current()
	out := []string{standard, writer, reader}
	var more []string
	for name := range run.Profile().Identities {
		switch name {
		case standard, writer, reader, nobody, anon:
		default:
			more = append(more, name)
		}
	}
	sort.Strings(more)
	var list []string
	for _, n := range append(out, more...) {
		if run.HasIdentity(n) {
			list = append(list, n)
		}
	}
	return list
}

// collectionsOrNone reads the collections an identity sees, without ending the spec when
// the identity may not ask (an empty list then).
func collectionsOrNone(identity string) []collectionRec {
	list, _ := readCollections(identity)
	return list
}

// dataSetAccess is a Data Set and who may read it (and write it, when anyone the profile
// names may).
type dataSetAccess struct {
	Name, Reader, Writer string
}

// readableDataSet finds a Data Set that one of the profile's identities may poll; the spec
// is disabled when there is none. Writer is "" when no identity is known to write to it.
func readableDataSet() dataSetAccess {
	run := harness.Current()
	v, _ := run.Memo("taxii11.u2.dataset", func() (any, error) {
		var found dataSetAccess
		for _, id := range profileIdentities() {
			for _, c := range collectionsOrNone(id) {
				if c.Type == "DATA_SET" && len(c.Polling) > 0 && (c.Available == nil || *c.Available) {
					found = dataSetAccess{Name: c.Name, Reader: id}
					break
				}
			}
			if found.Name != "" {
				break
			}
		}
		if found.Name == "" {
			return found, nil
		}
		// Only the profile says who may write a collection: the writer, for the collections
		// it names as writable.
		if p := run.Profile().TAXII11; p != nil && (p.Collections.WriteOnly == found.Name || p.Collections.ReadWrite == found.Name) {
			found.Writer = writer
		}
		return found, nil
	})
	ds, _ := v.(dataSetAccess)
	if ds.Name == "" {
		harness.Disable("no identity of the profile may poll a Data Set (collection_type DATA_SET with a Polling Service)")
	}
	return ds
}

// fillDataSet gives the Data Set content of the spec's own when an identity may write to it,
// and returns the packages added (none otherwise).
func fillDataSet(ds dataSetAccess) []stixPkg {
	if ds.Writer == "" {
		return nil
	}
	return addPackagesAs(ds.Writer, ds.Name, 2)
}

// addPackagesAs adds n fresh STIX packages to a collection as the identity, in one Inbox
// Message; anything but SUCCESS is a setup error.
func addPackagesAs(identity, coll string, n int) []stixPkg {
	binding := bindingSTIX12
	if c := describeCollection(coll); !c.accepts(binding) && c.accepts(bindingSTIX111) {
		binding = bindingSTIX111
	}
	var blocks []node
	var pkgs []stixPkg
	for i := 0; i < n; i++ {
		b, p := stixBlock(binding)
		blocks = append(blocks, b)
		pkgs = append(pkgs, p)
	}
	r := addContent(identity, coll, blocks...)
	harness.Setup().Expect(r.isStatus(stSuccess)).To(gomega.BeTrue(), "adding %d packages to %s as %s: %s", n, coll, identity, r.describe())
	return pkgs
}

// ---- feed marks ----

// feedMark returns a Timestamp Label of a Data Feed such that everything added from now on
// is labelled later: the Inclusive_End_Timestamp of a poll of the whole feed (Part 2
// §5.2.2.2 makes it at or after the newest item and before the next). A COUNT_ONLY poll is
// tried first, as it carries no content; the last part of a full poll otherwise.
func feedMark(identity, coll string) time.Time {
	r := send(as(identity), pollURL(coll), pollRequest(coll, pollParameters(el("Response_Type", "COUNT_ONLY"))))
	if r.is("Poll_Response") && !isTrue(r.root.at("more")) {
		if t, err := parseLabel(r.root.childText("Inclusive_End_Timestamp")); err == nil {
			return t
		}
	}
	p := poll(identity, coll, pollAll(coll, nil, nil))
	last := p.answers[len(p.answers)-1]
	expectMessage(last, "Poll_Response", "polling data feed "+coll+" to learn its newest Timestamp Label")
	end := last.root.child("Inclusive_End_Timestamp")
	harness.Setup().Expect(end).NotTo(gomega.BeNil(), "the Poll Response for data feed %s has no Inclusive_End_Timestamp, which Part 2 §4.4.9 requires "+
		"of a Data Feed (T11S-4.4.9-05), so the spec cannot tell what is added after now", coll)
	t, err := parseLabel(end.text())
	harness.Setup().Expect(err).NotTo(gomega.HaveOccurred(), "the Inclusive_End_Timestamp %q of the Poll Response for data feed %s is not a timestamp", end.text(), coll)
	return t
}

// feedMarkOrNil is feedMark for a Data Feed and nil for a Data Set.
func feedMarkOrNil(coll string) *time.Time {
	if !describeCollection(coll).feed() {
		return nil
	}
	m := feedMark(writer, coll)
	return &m
}

// pollSince polls a feed for what was labelled after mark, with extra Poll_Parameters parts,
// following result parts.
func pollSince(identity, coll string, mark time.Time, params ...any) polled {
	return poll(identity, coll, pollRequest(coll, beginEl(&mark), pollParameters(params...)))
}

// ---- subscriptions ----

// subRec is one Subscription of a Manage Collection Subscription Response.
type subRec struct {
	ID, Status    string
	Params, Push  *elem
	PollInstances []*elem
}

// subscriptionsIn reads the Subscription records of an answer.
func subscriptionsIn(r *reply) []subRec {
	if !r.is("Subscription_Management_Response") {
		return nil
	}
	var out []subRec
	for _, s := range r.root.children("Subscription") {
		st := strings.TrimSpace(s.at("status"))
		if st == "" {
			st = "ACTIVE"
		}
		out = append(out, subRec{ID: s.childText("Subscription_ID"), Status: st, Params: s.child("Subscription_Parameters"),
			Push: s.child("Push_Parameters"), PollInstances: s.children("Poll_Instance")})
	}
	return out
}

// subParams builds Subscription_Parameters; parts are Response_Type, Content_Binding and Query
// nodes in that order.
func subParams(parts ...any) node { return el("Subscription_Parameters", parts...) }

// responseType is a Response_Type element.
func responseType(t string) node { return el("Response_Type", t) }

// bindingEl is a Content_Binding offer with optional subtypes.
func bindingEl(id string, subtypes ...string) node {
	var subs []node
	for _, s := range subtypes {
		subs = append(subs, el("Subtype", at("subtype_id", s)))
	}
	return el("Content_Binding", at("binding_id", id), subs)
}

// manage sends a Manage Collection Subscription Request as the identity.
func manage(identity, action, coll string, parts ...any) *reply {
	return send(as(identity), subscriptionURL(coll), subscriptionRequest(action, coll, parts...))
}

// subscribeAs sends SUBSCRIBE as the identity and, when a subscription comes back, removes it
// when the spec ends. push may be an empty node (a poll-only subscription).
func subscribeAs(identity, coll string, params node, push node) *reply {
	r := manage(identity, "SUBSCRIBE", coll, params, push)
	for _, s := range subscriptionsIn(r) {
		if s.ID != "" {
			cleanupSubscription(identity, coll, s.ID)
		}
	}
	return r
}

// pushedSubscription subscribes the writer to a writable collection for full content pushed
// to a fresh inbox of the harness. A profile that rules push out disables the spec; a server
// that will not push for the subscription ends it unsupported.
func pushedSubscription() (string, *pushInbox, subRec) {
	needPush()
	coll := writableCollection()
	in := startInbox()
	s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), in.params("Push_Parameters"))
	if s.Push == nil {
		harness.Unsupported("the server will not push for a subscription (no Push_Parameters in the response)")
	}
	return coll, in, s
}

// mustSubscribeAs subscribes and returns the one subscription created; anything else is a
// setup error.
func mustSubscribeAs(identity, coll string, params node, push node) subRec {
	r := subscribeAs(identity, coll, params, push)
	subs := subscriptionsIn(r)
	harness.Setup().Expect(subs).To(gomega.HaveLen(1), "subscribing to %s: expected a Subscription_Management_Response with one subscription; %s", coll, r.describe())
	harness.Setup().Expect(subs[0].ID).NotTo(gomega.BeEmpty(), "subscribing to %s: the subscription has no Subscription_ID; %s", coll, r.describe())
	return subs[0]
}

// cleanupSubscription removes a subscription when the spec ends (the server's answer is not
// judged: the spec is over).
func cleanupSubscription(identity, coll, id string) {
	ginkgo.DeferCleanup(func() {
		if harness.Current().Config().ReadOnly {
			return
		}
		u := subscriptionURL(coll)
		_, _ = as(identity).Try(harness.Request{Method: "POST", URL: u,
			Header: headersFor(fam(), isHTTPS(u)),
			Body:   fam().marshal(subscriptionRequest("UNSUBSCRIBE", coll, el("Subscription_ID", id)))})
	})
}

// subscriptionStatus asks for one subscription's STATUS; ok is false when the answer lists
// no subscription with that ID.
func subscriptionStatus(identity, coll, id string) (subRec, *reply, bool) {
	r := manage(identity, "STATUS", coll, el("Subscription_ID", id))
	for _, s := range subscriptionsIn(r) {
		if s.ID == id {
			return s, r, true
		}
	}
	return subRec{}, r, false
}

// readStatus is a subscription's status as a STATUS answer reports it ("(not listed)" when the
// answer lists no such subscription). A value Table 11 does not define (the validator judges
// it) cannot tell whether a request took effect, so it ends the spec as an error.
func readStatus(s subRec, r *reply, found bool) string {
	if !found {
		return "(not listed)"
	}
	harness.Setup().Expect(s.Status).To(gomega.BeElementOf("ACTIVE", "PAUSED", "UNSUBSCRIBED"),
		"the status of subscription %s cannot be read: %s", s.ID, r.describe())
	return s.Status
}

// allSubscriptions asks STATUS without a Subscription ID.
func allSubscriptions(identity, coll string) ([]subRec, *reply) {
	r := manage(identity, "STATUS", coll)
	expectMessage(r, "Subscription_Management_Response", "STATUS of every subscription to "+coll)
	return subscriptionsIn(r), r
}

// responseTypeOf reads a subscription's Response_Type ("FULL" when absent).
func responseTypeOf(s subRec) string {
	if t := s.Params.childText("Response_Type"); t != "" {
		return t
	}
	return "FULL"
}

// unknownSubscriptionID is an ID no server has handed out.
func unknownSubscriptionID() string { return "urn:uuid:" + uuid.NewString() }

// pushWait bounds the wait for pushed content.
const pushWait = 10 * time.Second

// pushedHas reports whether every package arrived in some of the Inbox Messages.
func pushedHas(list []pushed, pkgs ...stixPkg) bool {
	return len(polled{blocks: blocksOf(list)}.has(pkgs...)) == len(pkgs)
}

// awaitPackages waits until every package has arrived at the inbox in some Inbox Message;
// it returns the Inbox Messages that carry any of them.
func awaitPackages(in *pushInbox, pkgs ...stixPkg) ([]pushed, error) {
	got, err := in.await(pushWait, func(list []pushed) bool { return pushedHas(list, pkgs...) })
	var mine []pushed
	for _, m := range got {
		if len(polled{blocks: blocksOf([]pushed{m})}.has(pkgs...)) > 0 {
			mine = append(mine, m)
		}
	}
	return mine, err
}

// ---- Default Query ----

// vocabInfo is one Targeting_Expression_Info of a Default_Query_Info.
type vocabInfo struct {
	ID                 string
	Preferred, Allowed []string
}

// dqInfo is what a service instance advertises of the Default Query in the family under
// test (Part 5 §3.2).
type dqInfo struct {
	// Default is whether a Supported_Query names the family's Default Query format.
	Default bool
	Vocabs  []vocabInfo
	Modules []string
}

func (q dqInfo) hasModule(id string) bool {
	for _, m := range q.Modules {
		if m == id {
			return true
		}
	}
	return false
}

// vocab returns the advertised vocabulary with the ID.
func (q dqInfo) vocab(id string) (vocabInfo, bool) {
	for _, v := range q.Vocabs {
		if v.ID == id {
			return v, true
		}
	}
	return vocabInfo{}, false
}

// readQueryInfo reads the Default Query information of one Service_Instance.
func readQueryInfo(si *elem) dqInfo {
	var qi dqInfo
	for _, sq := range si.children("Supported_Query") {
		if strings.TrimSpace(sq.at("format_id")) != fam().QueryFormat {
			continue
		}
		qi.Default = true
		info := sq.child("Default_Query_Info")
		for _, tei := range info.children("Targeting_Expression_Info") {
			v := vocabInfo{ID: strings.TrimSpace(tei.at("targeting_expression_id"))}
			for _, p := range tei.children("Preferred_Scope") {
				v.Preferred = append(v.Preferred, p.text())
			}
			for _, a := range tei.children("Allowed_Scope") {
				v.Allowed = append(v.Allowed, a.text())
			}
			qi.Vocabs = append(qi.Vocabs, v)
		}
		for _, m := range info.children("Capability_Module") {
			qi.Modules = append(qi.Modules, m.text())
		}
	}
	return qi
}

// pollQueryInfo is what the Poll Service that serves a collection advertises; the spec ends
// unsupported when that service lists no Default Query support.
func pollQueryInfo(coll string) dqInfo {
	u := pollURL(coll)
	var si *serviceInstance
	for _, s := range servicesOf(svcPoll) {
		if s.Address == u {
			s := s
			si = &s
			break
		}
	}
	if si == nil {
		harness.Unsupported(fmt.Sprintf("the Poll Service %s that serves %s is not listed by the Discovery Service, so its query support is unknown", u, coll))
	}
	qi := readQueryInfo(si.el)
	if !qi.Default {
		harness.Unsupported(fmt.Sprintf("the Poll Service %s lists no Supported_Query for the Default Query (%s)", u, fam().QueryFormat))
	}
	return qi
}

// queryEl wraps a Default_Query in a Query of the family's Default Query format.
func queryEl(vocab string, crit node) node {
	return el("Query", at("format_id", fam().QueryFormat), qel("Default_Query", at("targeting_expression_id", vocab), crit))
}

// criteriaEl is a Criteria; kids must list Criteria before Criterion.
func criteriaEl(op string, kids ...node) node { return qel("Criteria", at("operator", op), kids) }

// criterionEl is a Criterion; negate "" leaves the attribute out.
func criterionEl(negate, target string, test node) node {
	return qel("Criterion", optAt("negate", negate), qel("Target", target), test)
}

// param is one Test parameter.
type param struct{ name, value string }

// testEl is a Test of a capability module relationship.
func testEl(capability, relationship string, params ...param) node {
	var ps []node
	for _, p := range params {
		ps = append(ps, qel("Parameter", at("name", p.name), p.value))
	}
	return qel("Test", at("capability_id", capability), at("relationship", relationship), ps)
}

// qrec is a STIX package with known values for query specs. Empty fields leave the element out.
type qrec struct {
	Key   string // the spec's name for it
	ID    string
	Title string // STIX_Package/STIX_Header/Title
	Desc  string // STIX_Package/STIX_Header/Description
	Size  string // STIX_Package/Observables/Observable/Object/Properties/Size_In_Bytes
	Stamp string // STIX_Package/@timestamp, as written
}

// pkg turns the record into a STIX package of the given version.
func (q qrec) pkg(version string) stixPkg {
	var b bytes.Buffer
	// wrap writes s escaped between open and close.
	wrap := func(open, s, close string) {
		b.WriteString(open)
		escape(&b, s)
		b.WriteString(close)
	}
	b.WriteString(`<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:cybox="http://cybox.mitre.org/cybox-2"`)
	b.WriteString(` xmlns:FileObj="http://cybox.mitre.org/objects#FileObject-2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`)
	b.WriteString(` xmlns:taxii-conform="https://github.com/taxii-conform/taxii-conform"`)
	wrap(` id="`, q.ID, `"`)
	wrap(` version="`, version, `"`)
	if q.Stamp != "" {
		wrap(` timestamp="`, q.Stamp, `"`)
	}
	b.WriteString(`><stix:STIX_Header>`)
	if q.Title != "" {
		wrap(`<stix:Title>`, q.Title, `</stix:Title>`)
	}
	if q.Desc != "" {
		wrap(`<stix:Description>`, q.Desc, `</stix:Description>`)
	}
	b.WriteString(`</stix:STIX_Header>`)
	if q.Size != "" {
		b.WriteString(`<stix:Observables cybox_major_version="2" cybox_minor_version="1"><cybox:Observable><cybox:Object>`)
		wrap(`<cybox:Properties xsi:type="FileObj:FileObjectType"><FileObj:Size_In_Bytes>`, q.Size, `</FileObj:Size_In_Bytes></cybox:Properties>`)
		b.WriteString(`</cybox:Object></cybox:Observable></stix:Observables>`)
	}
	b.WriteString(`</stix:STIX_Package>`)
	return stixPkg{ID: q.ID, Title: q.Title, XML: b.Bytes()}
}

// queryBed is a set of records added to the read-write collection for one spec, and how to
// poll only them: from a mark on a Data Feed, or (on a Data Set) by AND-ing the query with a
// test on the batch's id prefix.
type queryBed struct {
	coll   string
	mark   *time.Time // nil on a Data Set
	batch  string
	vocab  string
	recs   []qrec
	byID   map[string]string
	answer *reply
}

// stixVocabPrefixes are the Content Binding ID prefixes of STIX XML, which Part 5 §4.2.1 makes
// targeting expression vocabularies.
var stixVocabPrefixes = []string{"urn:stix.mitre.org:xml:", "urn:oasis:cti:stix:xml:"}

// pickVocab chooses the vocabulary to query in: STIX 1.2 when the Poll Service lists it, else
// another STIX vocabulary it lists, provided the collection takes content of that binding
// (Part 5 §4.2.1: the vocabulary ID is the content's binding ID). It returns the binding and
// the STIX version for the package's version attribute.
func pickVocab(info dqInfo, c collectionRec) (string, string) {
	candidates := []string{fam().TargetingSTIX12}
	for _, v := range info.Vocabs {
		candidates = append(candidates, v.ID)
	}
	for _, id := range candidates {
		if _, ok := info.vocab(id); !ok || !c.accepts(id) {
			continue
		}
		for _, p := range stixVocabPrefixes {
			if version, ok := strings.CutPrefix(id, p); ok && version != "" {
				return id, version
			}
		}
	}
	harness.Unsupported(fmt.Sprintf("the Poll Service lists no STIX targeting expression vocabulary whose content collection %s takes", c.Name))
	return "", ""
}

// newQueryBed checks that the collection's Poll Service runs Default Queries over STIX with
// the given capability modules, then adds the records (IDs are filled in).
func newQueryBed(modules []string, recs ...qrec) *queryBed {
	coll := writableCollection()
	info := pollQueryInfo(coll)
	for _, m := range modules {
		if !info.hasModule(m) {
			harness.Unsupported(fmt.Sprintf("the Poll Service does not list capability module %s", m))
		}
	}
	c := describeCollection(coll)
	vocab, version := pickVocab(info, c)
	qb := &queryBed{coll: coll, mark: feedMarkOrNil(coll), vocab: vocab, batch: "taxii-conform:Package-" + uuid.NewString(), byID: map[string]string{}}
	var blocks []node
	var pkgs []stixPkg
	for i := range recs {
		recs[i].ID = fmt.Sprintf("%s-%d", qb.batch, i+1)
		qb.byID[recs[i].ID] = recs[i].Key
		pkg := recs[i].pkg(version)
		pkgs = append(pkgs, pkg)
		blocks = append(blocks, contentBlock(vocab, "", pkg.XML))
	}
	qb.recs = recs
	r := addContent(writer, coll, blocks...)
	harness.Setup().Expect(r.isStatus(stSuccess)).To(gomega.BeTrue(), "adding %d query test packages to %s: %s", len(recs), coll, r.describe())
	if qb.mark != nil {
		// The queries poll from the mark: the records must be found there without a query,
		// or a wrong polling range would pass for a wrong query result.
		poll(writer, coll, pollAll(coll, qb.mark, nil)).requireShown(coll, pkgs...)
	}
	return qb
}

// scoped narrows a query's criteria to the bed's records where a mark cannot.
func (qb *queryBed) scoped(crit node) node {
	if qb.mark != nil {
		return crit
	}
	marker := criterionEl("", "STIX_Package/@id", testEl(fam().CapabilityCore, "begins_with",
		param{"case_sensitive", "true"}, param{"value", qb.batch + "-"}))
	return criteriaEl("AND", crit, marker)
}

// run polls with the query and returns the keys of the bed's records in the result; the
// first answer is kept in qb.answer. ok is false when the answer was not a Poll Response.
func (qb *queryBed) run(crit node) ([]string, bool) {
	q := queryEl(qb.vocab, qb.scoped(crit))
	p := poll(writer, qb.coll, pollRequest(qb.coll, beginEl(qb.mark), pollParameters(el("Response_Type", "FULL"), q)))
	qb.answer = p.answers[0]
	if !qb.answer.is("Poll_Response") {
		return nil, false
	}
	var keys []string
	for _, b := range p.blocks {
		inner := string(b.child("Content").innerXML())
		for id, key := range qb.byID {
			if strings.Contains(inner, `"`+id+`"`) {
				keys = append(keys, key)
			}
		}
	}
	sort.Strings(keys)
	return keys, true
}

// expectMatch runs a query and requires exactly the records with the given keys. A Status
// Message of a Part 5 error type ends the spec as unsupported (the server may refuse what it
// does not support); any other answer fails the requirement.
func (qb *queryBed) expectMatch(req, what string, crit node, want ...string) {
	ginkgo.GinkgoHelper()
	got, ok := qb.run(crit)
	if !ok {
		if qb.answer.isStatus(queryErrorTypes...) {
			harness.Unsupported(fmt.Sprintf("the server refused the query (%s): %s", what, qb.answer.describe()))
		}
		harness.For(req).Expect(qb.answer.is("Poll_Response")).To(gomega.BeTrue(), "a Poll Request with a Default Query (%s): %s", what, qb.answer.describe())
	}
	sort.Strings(want)
	if want == nil {
		want = []string{}
	}
	if got == nil {
		got = []string{}
	}
	harness.Soft(req).Expect(got).To(gomega.Equal(want), "records matching %s (of %s)", what, qb.keys())
}

func (qb *queryBed) keys() string {
	var ks []string
	for _, r := range qb.recs {
		ks = append(ks, r.Key)
	}
	return strings.Join(ks, ", ")
}

// Part 5 §2 status types and detail names.
const (
	stUnsupportedCapability = "UNSUPPORTED_CAPABILITY_MODULE"
	stUnsupportedTarget     = "UNSUPPORTED_TARGETING_EXPRESSION"
	stUnsupportedVocab      = "UNSUPPORTED_TARGETING_EXPRESSION_ID"
	dtCapabilityModule      = "CAPABILITY_MODULE"
	dtPreferredScope        = "PREFERRED_SCOPE"
	dtAllowedScope          = "ALLOWED_SCOPE"
	dtTargetingExpressionID = "TARGETING_EXPRESSION_ID"
)

// queryErrorTypes are the status types a server may use to refuse a query it cannot run.
var queryErrorTypes = []string{stUnsupportedQuery, stUnsupportedCapability, stUnsupportedTarget, stUnsupportedVocab}

// queryDetailNames are the Detail names Part 5 §2 gives each of its status types.
var queryDetailNames = map[string][]string{
	stUnsupportedCapability: {dtCapabilityModule},
	stUnsupportedTarget:     {dtPreferredScope, dtAllowedScope},
	stUnsupportedVocab:      {dtTargetingExpressionID},
}

// pollWithQuery polls the read-write collection (as the writer) with a query and returns the
// first answer.
func pollWithQuery(q node) *reply {
	coll := writableCollection()
	return send(as(writer), pollURL(coll), pollRequest(coll, pollParameters(el("Response_Type", "FULL"), q)))
}

// simpleCriteria is a one-criterion query body testing the package title.
func simpleCriteria(target, capability, relationship string, params ...param) node {
	return criteriaEl("AND", criterionEl("", target, testEl(capability, relationship, params...)))
}

// sendDeliberate sends a message that breaks a client-side rule on purpose (the spec checks
// how the server copes); it is not schema-checked.
func sendDeliberate(identity, u string, m node) *reply {
	return sendRaw(as(identity), u, headersFor(fam(), isHTTPS(u)), fam().marshal(m), true)
}

// subscriptionCount is how many subscriptions the identity holds on the collection.
func subscriptionCount(identity, coll string) int {
	subs, _ := allSubscriptions(identity, coll)
	return len(subs)
}

// restrictedCollection is a collection the writer may subscribe to (and poll) that lists the
// content bindings it supports, so that some binding is certainly unsupported; the spec is
// disabled when there is none.
func restrictedCollection() collectionRec {
	for _, c := range collections(writer) {
		if !c.acceptsAll() && len(c.Polling) > 0 && (c.Available == nil || *c.Available) {
			return c
		}
	}
	harness.Disable("the writer sees no collection that lists its supported content bindings (all accept every binding)")
	return collectionRec{}
}

// Identifiers no server supports.
const (
	unknownBinding  = "urn:example.com:taxii-conform:content:none"
	unknownProtocol = "urn:example.com:taxii-conform:protocol:none"
	unknownMessage  = "urn:example.com:taxii-conform:message:none"
	unknownFormat   = "urn:example.com:taxii-conform:query:none"
)

// pushParams names an Inbox Service with the given protocol, address and message binding.
func pushParams(name, protocol, address, binding string) node {
	return el(name, el("Protocol_Binding", protocol), el("Address", address), el("Message_Binding", binding))
}

// unreachableInbox is an address on loopback where nothing listens (the discard port).
const unreachableInbox = "http://127.0.0.1:9/taxii-conform-inbox/"

// ---- Part 5 errors and structures ----

// queryBasics are what a spec needs to send a well-formed Default Query to the read-write
// collection's Poll Service: its advertised support and a vocabulary to use.
type queryBasics struct {
	info  dqInfo
	vocab string
}

// basics reads the Poll Service's Default Query support (unsupported when there is none).
func basics() queryBasics {
	coll := writableCollection()
	info := pollQueryInfo(coll)
	vocab, _ := pickVocab(info, describeCollection(coll))
	return queryBasics{info: info, vocab: vocab}
}

// coreTest is a Test the core module surely defines (exists), for queries that need a valid
// test around the part that is wrong; the spec ends unsupported without the core module.
func (b queryBasics) coreTest() node {
	if !b.info.hasModule(fam().CapabilityCore) {
		harness.Unsupported("the Poll Service does not list the core capability module " + fam().CapabilityCore)
	}
	return testEl(fam().CapabilityCore, "exists")
}

// Query parts no server supports.
const (
	unknownCapability = "urn:example.com:taxii-conform:capability:none"
	unknownVocabulary = "urn:example.com:taxii-conform:vocabulary:none"
)

// unsupportedModuleQuery names a capability module no server has.
func (b queryBasics) unsupportedModuleQuery() node {
	return queryEl(b.vocab, criteriaEl("AND", criterionEl("", "STIX_Package/STIX_Header/Title", testEl(unknownCapability, "equals", param{"value", "x"}))))
}

// unsupportedVocabQuery names a targeting expression vocabulary no server has.
func (b queryBasics) unsupportedVocabQuery() node {
	return queryEl(unknownVocabulary, criteriaEl("AND", criterionEl("", "STIX_Package/STIX_Header/Title", b.coreTest())))
}

// unsupportedTarget returns a targeting expression the Poll Service does not support: one
// outside every advertised scope when the scopes leave room, else one that is not a valid
// expression at all (an empty node); malformed reports the second case.
func (b queryBasics) unsupportedTarget() (target string, malformed bool) {
	v, _ := b.info.vocab(b.vocab)
	outside := "STIX_Package/TAXII_Conform_Outside_Scope"
	covered := false
	for _, s := range append(append([]string{}, v.Preferred...), v.Allowed...) {
		covered = covered || scopeCovers(s, strings.Split(outside, "/"))
	}
	if !covered {
		return outside, false
	}
	return "STIX_Package//Title", true
}

// scopeCovers reports whether a scope expression matches a concrete node path ('*' one node,
// '**' one or more nodes).
func scopeCovers(scope string, path []string) bool {
	pat := strings.Split(strings.TrimSpace(scope), "/")
	var match func(p, n int) bool
	match = func(p, n int) bool {
		if p == len(pat) {
			return n == len(path)
		}
		switch pat[p] {
		case "**":
			for k := n + 1; k <= len(path); k++ {
				if match(p+1, k) {
					return true
				}
			}
			return false
		case "*":
			return n < len(path) && match(p+1, n+1)
		}
		return n < len(path) && pat[p] == path[n] && match(p+1, n+1)
	}
	return match(0, 0)
}

// unsupportedTargetQuery uses a targeting expression the service does not support.
func (b queryBasics) unsupportedTargetQuery() (node, bool) {
	t, malformed := b.unsupportedTarget()
	return queryEl(b.vocab, criteriaEl("AND", criterionEl("", t, b.coreTest()))), malformed
}

// targetProblem says why s is not a targeting expression in slash notation (Part 5 §4.1):
// nodes separated by "/", each a name, an "@"-prefixed attribute name, "*" or "**". "" when
// it is one.
func targetProblem(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "it is empty"
	}
	for _, n := range strings.Split(s, "/") {
		switch {
		case n == "":
			return "it has an empty node"
		case n == "*" || n == "**":
		case strings.HasPrefix(n, "@"):
			if !xmlNameRE.MatchString(n[1:]) {
				return fmt.Sprintf("node %q is not an attribute name", n)
			}
		case !xmlNameRE.MatchString(n):
			return fmt.Sprintf("node %q is not a name, '*' or '**'", n)
		}
	}
	return ""
}

var xmlNameRE = regexp.MustCompile(`^[\p{L}_][\p{L}\p{N}_.\-]*$`)

// strayKids reports the children of e whose names are not in allowed.
func strayKids(e *elem, allowed ...string) []string {
	var out []string
	for _, k := range e.Kids {
		ok := false
		for _, a := range allowed {
			ok = ok || k.Name == a
		}
		if !ok {
			out = append(out, k.Name)
		}
	}
	return out
}

// strayAttrs reports the attributes of e whose names are not in allowed.
func strayAttrs(e *elem, allowed ...string) []string {
	var out []string
	for name := range e.Attrs {
		ok := false
		for _, a := range allowed {
			ok = ok || name == a
		}
		if !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// checkDefaultQuery checks a Default_Query element against Part 5 §3.1.1, each rule under its
// requirement.
func checkDefaultQuery(dq *elem) {
	where := func(e *elem) string { return fmt.Sprintf("line %d %s", e.Line, e.path()) }
	g1 := harness.Soft("T11Q-3.1.1-01")
	g1.Expect(strayAttrs(dq, "targeting_expression_id")).To(gomega.BeEmpty(), "attributes of Default_Query (%s) besides targeting_expression_id", where(dq))
	g1.Expect(dq.at("targeting_expression_id")).NotTo(gomega.BeEmpty(), "Default_Query (%s) has no targeting_expression_id", where(dq))
	g1.Expect(dq.Kids).To(gomega.HaveLen(1), "Default_Query (%s) must hold exactly one Criteria", where(dq))
	g1.Expect(strayKids(dq, "Criteria")).To(gomega.BeEmpty(), "children of Default_Query (%s) besides Criteria", where(dq))
	var criteria func(c *elem)
	criteria = func(c *elem) {
		op := c.at("operator")
		harness.Soft("T11Q-3.1.1-02").Expect(op == "AND" || op == "OR").To(gomega.BeTrue(), "Criteria (%s) operator %q is neither AND nor OR", where(c), op)
		g3 := harness.Soft("T11Q-3.1.1-03")
		g3.Expect(c.Kids).NotTo(gomega.BeEmpty(), "Criteria (%s) holds no Criteria or Criterion", where(c))
		g3.Expect(strayKids(c, "Criteria", "Criterion")).To(gomega.BeEmpty(), "children of Criteria (%s) besides Criteria and Criterion", where(c))
		seenCriterion := false
		for _, k := range c.Kids {
			switch k.Name {
			case "Criteria":
				g3.Expect(seenCriterion).To(gomega.BeFalse(), "in Criteria (%s) a Criteria follows a Criterion", where(c))
				criteria(k)
			case "Criterion":
				seenCriterion = true
				g4 := harness.Soft("T11Q-3.1.1-04")
				g4.Expect(strayAttrs(k, "negate")).To(gomega.BeEmpty(), "attributes of Criterion (%s) besides negate", where(k))
				if v, ok := k.attr("negate"); ok {
					g4.Expect(xsBooleanRE.MatchString(strings.TrimSpace(v))).To(gomega.BeTrue(), "Criterion (%s) negate %q is not a boolean", where(k), v)
				}
				names := []string{}
				for _, kk := range k.Kids {
					names = append(names, kk.Name)
				}
				g4.Expect(names).To(gomega.Equal([]string{"Target", "Test"}), "children of Criterion (%s)", where(k))
				if t := k.child("Test"); t != nil {
					g5 := harness.Soft("T11Q-3.1.1-05")
					g5.Expect(strayAttrs(t, "capability_id", "relationship")).To(gomega.BeEmpty(), "attributes of Test (%s) besides capability_id and relationship", where(t))
					g5.Expect(t.at("capability_id")).NotTo(gomega.BeEmpty(), "Test (%s) has no capability_id", where(t))
					g5.Expect(t.at("relationship")).NotTo(gomega.BeEmpty(), "Test (%s) has no relationship", where(t))
					g5.Expect(strayKids(t, "Parameter")).To(gomega.BeEmpty(), "children of Test (%s) besides Parameter", where(t))
					for _, p := range t.children("Parameter") {
						g5.Expect(p.at("name")).NotTo(gomega.BeEmpty(), "Parameter (%s) has no name", where(p))
					}
				}
			}
		}
	}
	if c := dq.child("Criteria"); c != nil {
		criteria(c)
	}
}

var xsBooleanRE = regexp.MustCompile(`^(true|false|1|0)$`)
