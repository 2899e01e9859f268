package taxii11

// What every TAXII 1.x spec needs: the two version families and their identifiers, requests
// with the HTTP binding's headers (Part 3 §2), answers read into a tree, and what the harness
// learns once per run: which family the target speaks (from its Discovery Service), the
// service instances it lists and the collections each identity sees.

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/schemas/xsd11"
	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// family is one identifier set of the protocol: TAXII 1.1 (MITRE) or TAXII 1.1.1 (OASIS).
// Part 2 §1.4 of 1.1.1 lists what changed: the identifiers and namespaces, nothing else.
type family struct {
	Name string // "1.1" or "1.1.1"
	// Services is the TAXII Services Version ID (Part 2 §1.1.1).
	Services string
	// MessageBinding is the XML Message Binding Version ID (Part 4 §1.1.1).
	MessageBinding string
	// ProtocolHTTP and ProtocolHTTPS are the HTTP Protocol Binding Version IDs (Part 3 §1.1.2).
	ProtocolHTTP, ProtocolHTTPS string
	// Namespace is the XML namespace of messages (Part 4 §1.1.2).
	Namespace string
	// QueryFormat and QueryNamespace identify the Default Query (Part 5 §1.1.1, §3).
	QueryFormat, QueryNamespace string
	// Capability module IDs of the Default Query (Part 5 §5).
	CapabilityCore, CapabilityRegex, CapabilityTimestamp string
	// TargetingSTIX12 is a targeting expression vocabulary ID for STIX 1.2 content.
	TargetingSTIX12 string
}

// The two families. Namespaces come from the schema package, which validates both.
var (
	fam11 = &family{
		Name:                xsd11.Family11,
		Services:            "urn:taxii.mitre.org:services:1.1",
		MessageBinding:      "urn:taxii.mitre.org:message:xml:1.1",
		ProtocolHTTP:        "urn:taxii.mitre.org:protocol:http:1.0",
		ProtocolHTTPS:       "urn:taxii.mitre.org:protocol:https:1.0",
		Namespace:           xsd11.NSBinding11,
		QueryFormat:         "urn:taxii.mitre.org:query:default:1.0",
		QueryNamespace:      xsd11.NSQuery11,
		CapabilityCore:      "urn:taxii.mitre.org:query:capability:core-1",
		CapabilityRegex:     "urn:taxii.mitre.org:query:capability:regex-1",
		CapabilityTimestamp: "urn:taxii.mitre.org:query:capability:timestamp-1",
		TargetingSTIX12:     "urn:stix.mitre.org:xml:1.2",
	}
	fam111 = &family{
		Name:                xsd11.Family111,
		Services:            "urn:oasis:cti:taxii:services:1.1.1",
		MessageBinding:      "urn:oasis:cti:taxii:xml:1.1.1",
		ProtocolHTTP:        "urn:oasis:cti:taxii:http:1.1.1",
		ProtocolHTTPS:       "urn:oasis:cti:taxii:https:1.1.1",
		Namespace:           xsd11.NSBinding111,
		QueryFormat:         "urn:oasis:cti:taxii:query:1.1.1",
		QueryNamespace:      xsd11.NSQuery111,
		CapabilityCore:      "urn:oasis:cti:taxii:query:capability:core-1",
		CapabilityRegex:     "urn:oasis:cti:taxii:query:capability:regex-1",
		CapabilityTimestamp: "urn:oasis:cti:taxii:query:capability:timestamp-1",
		TargetingSTIX12:     "urn:stix.mitre.org:xml:1.2",
	}
	families = []*family{fam111, fam11}
)

// Services Version ID of TAXII 1.0, the only other one TAXII defines (Part 2 §4.1.7 forbids
// third-party ones).
const servicesTAXII10 = "urn:taxii.mitre.org:services:1.0"

// protocol is the family's protocol binding ID for HTTPS (true) or HTTP.
func (f *family) protocol(https bool) string {
	if https {
		return f.ProtocolHTTPS
	}
	return f.ProtocolHTTP
}

// familyWhere is the first family that match accepts (nil when none).
func familyWhere(match func(*family) bool) *family {
	for _, f := range families {
		if match(f) {
			return f
		}
	}
	return nil
}

// familyByNamespace finds the family of a binding namespace (nil when none).
func familyByNamespace(ns string) *family {
	return familyWhere(func(f *family) bool { return f.Namespace == ns })
}

// familyByBinding finds the family of an XML Message Binding Version ID (nil when none).
func familyByBinding(id string) *family {
	return familyWhere(func(f *family) bool { return f.MessageBinding == id })
}

// familyByServices finds the family of a Services Version ID (nil when none).
func familyByServices(id string) *family {
	return familyWhere(func(f *family) bool { return f.Services == id })
}

// familyByProtocol finds the family of a protocol binding ID and whether it names HTTPS.
func familyByProtocol(id string) (*family, bool) {
	for _, f := range families {
		switch id {
		case f.ProtocolHTTP:
			return f, false
		case f.ProtocolHTTPS:
			return f, true
		}
	}
	return nil, false
}

// Service types of a Discovery Response (Part 4 §3.3, Table 6).
const (
	svcDiscovery  = "DISCOVERY"
	svcCollection = "COLLECTION_MANAGEMENT"
	svcInbox      = "INBOX"
	svcPoll       = "POLL"
)

// Status types (Part 2 §4.4.1, Part 4 Table 2).
const (
	stAsyncPollError      = "ASYNCHRONOUS_POLL_ERROR"
	stBadMessage          = "BAD_MESSAGE"
	stDenied              = "DENIED"
	stDestinationError    = "DESTINATION_COLLECTION_ERROR"
	stFailure             = "FAILURE"
	stInvalidResponsePart = "INVALID_RESPONSE_PART"
	stNetworkError        = "NETWORK_ERROR"
	stNotFound            = "NOT_FOUND"
	stPending             = "PENDING"
	stPollingUnsupported  = "POLLING_UNSUPPORTED"
	stRetry               = "RETRY"
	stSuccess             = "SUCCESS"
	stUnauthorized        = "UNAUTHORIZED"
	stUnsupportedMessage  = "UNSUPPORTED_MESSAGE"
	stUnsupportedContent  = "UNSUPPORTED_CONTENT"
	stUnsupportedProtocol = "UNSUPPORTED_PROTOCOL"
	stUnsupportedQuery    = "UNSUPPORTED_QUERY"
)

// statusTypes are the canonical status types of Part 4 Table 2.
var statusTypes = []string{stAsyncPollError, stBadMessage, stDenied, stDestinationError, stFailure,
	stInvalidResponsePart, stNetworkError, stNotFound, stPending, stPollingUnsupported, stRetry, stSuccess,
	stUnauthorized, stUnsupportedMessage, stUnsupportedContent, stUnsupportedProtocol, stUnsupportedQuery}

// Status detail names (Part 4 Table 3).
const (
	dtAcceptableDestination = "ACCEPTABLE_DESTINATION"
	dtMaxPartNumber         = "MAX_PART_NUMBER"
	dtItem                  = "ITEM"
	dtEstimatedWait         = "ESTIMATED_WAIT"
	dtResultID              = "RESULT_ID"
	dtWillPush              = "WILL_PUSH"
	dtSupportedBinding      = "SUPPORTED_BINDING"
	dtSupportedContent      = "SUPPORTED_CONTENT"
	dtSupportedProtocol     = "SUPPORTED_PROTOCOL"
	dtSupportedQuery        = "SUPPORTED_QUERY"
)

// Identities the specs use (harness names).
const (
	writer   = harness.WriterIdentity
	reader   = harness.ReaderIdentity
	nobody   = harness.NoAccessIdentity
	anon     = harness.AnonymousIdentity
	standard = harness.DefaultIdentity
)

// Profile features the suite knows (taxii11.features).
const (
	// featureFamily11 tests a server that speaks both families in TAXII 1.1.
	featureFamily11 = "family-1.1"
	// featureFamily111 insists on TAXII 1.1.1 (the default when the server speaks it).
	featureFamily111 = "family-1.1.1"
	// featureNoAuth says the server runs without authentication.
	featureNoAuth = "no-authentication"
	// featureNoPush says the server does not push content (subscriptions with delivery
	// parameters, asynchronous results); push specs are disabled.
	featureNoPush = "no-push"
)

const mediaXML = "application/xml"

// ---- requests and answers ----

// headersFor are the request headers of Part 3 §2 for a family over HTTP or HTTPS.
func headersFor(f *family, https bool) http.Header {
	return http.Header{
		"Content-Type":         {mediaXML},
		"Accept":               {mediaXML},
		"X-Taxii-Content-Type": {f.MessageBinding},
		"X-Taxii-Accept":       {f.MessageBinding},
		"X-Taxii-Protocol":     {f.protocol(https)},
		"X-Taxii-Services":     {f.Services},
	}
}

// isHTTPS reports whether a URL is served over TLS.
func isHTTPS(u string) bool {
	p, err := url.Parse(u)
	return err == nil && strings.EqualFold(p.Scheme, "https")
}

// reply is an answer read as a TAXII message.
type reply struct {
	x *harness.Exchange
	// root is the answer's root element; nil when the body is not XML (err says why).
	root *elem
	err  error
	fam  *family
}

// read parses an exchange's body.
func read(x *harness.Exchange, f *family) *reply {
	r := &reply{x: x, fam: f}
	r.root, r.err = parseXML(x.Body)
	return r
}

// sendAs sends a message in a family, with the binding's headers.
func sendAs(c *harness.Client, f *family, u string, m node) *reply {
	x := c.Do(harness.Request{Method: http.MethodPost, URL: u, Header: headersFor(f, isHTTPS(u)), Body: f.marshal(m)})
	return read(x, f)
}

// send sends a message in the family under test.
func send(c *harness.Client, u string, m node) *reply { return sendAs(c, fam(), u, m) }

// sendRaw sends a body with given headers; deliberate marks a request broken on purpose.
func sendRaw(c *harness.Client, u string, h http.Header, body []byte, deliberate bool) *reply {
	x := c.Do(harness.Request{Method: http.MethodPost, URL: u, Header: h, Body: body, Deliberate: deliberate})
	return read(x, fam())
}

// as returns a client for a named identity ("" is the default one).
func as(identity string) *harness.Client { return harness.Current().Client(identity) }

// message reports whether the answer is a TAXII message: its root element is in a binding
// namespace. A message in the other family's namespace than the request's still counts here;
// the validator reports the mismatch, and the spec can go on reading the answer.
func (r *reply) message() bool { return r.root != nil && familyByNamespace(r.root.NS) != nil }

// is reports whether the answer is the named message type (e.g. "Poll_Response").
func (r *reply) is(name string) bool { return r.message() && r.root.Name == name }

// kind is the answer's message type, or what it is instead.
func (r *reply) kind() string {
	switch {
	case r.root == nil:
		return fmt.Sprintf("no XML (%v)", r.err)
	case !r.message():
		return fmt.Sprintf("{%s}%s", r.root.NS, r.root.Name)
	case r.root.Name == "Status_Message":
		return "Status_Message " + r.statusType()
	}
	return r.root.Name
}

// statusType is the status_type of a Status Message ("" for any other answer).
func (r *reply) statusType() string {
	if !r.is("Status_Message") {
		return ""
	}
	return strings.TrimSpace(r.root.at("status_type"))
}

// isStatus reports whether the answer is a Status Message of one of the types.
func (r *reply) isStatus(types ...string) bool {
	st := r.statusType()
	for _, t := range types {
		if st == t {
			return st != ""
		}
	}
	return false
}

// details returns the values of a Status Message's Detail entries with the name.
func (r *reply) details(name string) []string {
	var out []string
	if !r.is("Status_Message") {
		return nil
	}
	for _, d := range r.root.find("Status_Detail").children("Detail") {
		if strings.TrimSpace(d.at("name")) == name {
			out = append(out, d.text())
		}
	}
	return out
}

// statusText is the Status Message's Message field.
func (r *reply) statusText() string {
	if !r.is("Status_Message") {
		return ""
	}
	return r.root.childText("Message")
}

// describe is a short account of the answer for failure messages.
func (r *reply) describe() string {
	s := fmt.Sprintf("exchange #%d (%s %s) answered HTTP %d with %s", r.x.Seq, r.x.Request.Method, r.x.URL, r.x.Status, r.kind())
	if m := r.statusText(); m != "" {
		s += fmt.Sprintf(" (%q)", clip(m, 200))
	}
	return s
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// expectMessage ends the spec as a setup error unless the answer is the named message.
func expectMessage(r *reply, name string, doing string) {
	harness.Setup().Expect(r.is(name)).To(gomega.BeTrue(), "%s: expected a %s; %s", doing, name, r.describe())
}

// ---- what discovery teaches ----

// server is what the harness learnt about the target, once per run.
type server struct {
	discoveryURL string
	// spoken lists the families whose Discovery Request got a Discovery Response in kind.
	spoken []*family
	fam    *family
	// services are the instances the chosen family's Discovery Response lists.
	services []serviceInstance
	// discovery is the root of that Discovery Response.
	discovery *elem
}

// serviceInstance is one Service_Instance of a Discovery Response (Part 4 §3.3).
type serviceInstance struct {
	Type, Version, Protocol, Address string
	MessageBindings                  []string
	// QueryFormats are the format_id values of its Supported_Query elements.
	QueryFormats []string
	// ContentBindings are its Content_Binding elements (Inbox services).
	ContentBindings []contentBinding
	Available       *bool
	el              *elem
}

// contentBinding is a Content_Binding of a service or collection description.
type contentBinding struct {
	ID       string
	Subtypes []string
}

// serverMemo is the run's memo key of what discovery learnt.
const serverMemo = "taxii11.server"

// target returns what discovery learnt; a target whose Discovery Service answers neither
// family ends the spec as an error.
func target() *server {
	run := harness.Current()
	v, err := run.Memo(serverMemo, func() (any, error) { return learn(run) })
	if err != nil {
		harness.Errorf("%v", err)
	}
	return v.(*server)
}

// fam is the family under test.
func fam() *family { return target().fam }

// discoveryURL is the Discovery Service under test.
func discoveryURL() string {
	run := harness.Current()
	if p := run.Profile().TAXII11; p != nil && p.Discovery != "" {
		if u, err := run.Resolve(p.Discovery); err == nil {
			return u.String()
		}
	}
	return run.Target().String()
}

// learn sends a Discovery Request in each family and picks the family to test.
func learn(run *harness.Run) (*server, error) {
	s := &server{discoveryURL: discoveryURL()}
	responses := map[*family]*elem{}
	var answers []string
	for _, f := range families {
		// The probes are made outside any spec, so they are neither recorded nor judged: a
		// server need not speak a family it does not advertise, and what a family it speaks
		// answers is judged by the Discovery specs. Were a probe judged, its failure would
		// also abort the spec that happened to learn the target, and the next one would
		// learn it again.
		m := discoveryRequest()
		x, err := run.Fetch(context.Background(), http.MethodPost, s.discoveryURL, headersFor(f, isHTTPS(s.discoveryURL)), f.marshal(m))
		if err != nil {
			return nil, fmt.Errorf("sending a TAXII %s Discovery Request to %s: %v", f.Name, s.discoveryURL, err)
		}
		r := read(x, f)
		if r.is("Discovery_Response") {
			s.spoken = append(s.spoken, f)
			responses[f] = r.root
		}
		answers = append(answers, fmt.Sprintf("TAXII %s: %s", f.Name, r.describe()))
	}
	if len(s.spoken) == 0 {
		return nil, fmt.Errorf("the Discovery Service at %s answered no Discovery Request with a Discovery Response, so the server's TAXII 1.x services cannot be found (%s)",
			s.discoveryURL, strings.Join(answers, "; "))
	}
	p := run.Profile()
	s.fam = s.spoken[0]
	for _, f := range s.spoken {
		if (f == fam11 && p.HasFeature11(featureFamily11)) || (f == fam111 && p.HasFeature11(featureFamily111)) {
			s.fam = f
		}
	}
	s.discovery = responses[s.fam]
	base, _ := url.Parse(s.discoveryURL)
	for _, si := range s.discovery.children("Service_Instance") {
		s.services = append(s.services, readService(si, base))
	}
	run.SetFamily(s.fam.Name)
	return s, nil
}

func readService(si *elem, base *url.URL) serviceInstance {
	out := serviceInstance{
		Type:     strings.TrimSpace(si.at("service_type")),
		Version:  strings.TrimSpace(si.at("service_version")),
		Protocol: si.childText("Protocol_Binding"),
		Address:  resolveAddress(base, si.childText("Address")),
		el:       si,
	}
	if v, ok := si.attr("available"); ok {
		b := isTrue(v)
		out.Available = &b
	}
	for _, mb := range si.children("Message_Binding") {
		out.MessageBindings = append(out.MessageBindings, mb.text())
	}
	for _, q := range si.children("Supported_Query") {
		out.QueryFormats = append(out.QueryFormats, strings.TrimSpace(q.at("format_id")))
	}
	out.ContentBindings = readBindings(si)
	return out
}

func readBindings(e *elem) []contentBinding {
	var out []contentBinding
	for _, cb := range e.children("Content_Binding") {
		b := contentBinding{ID: strings.TrimSpace(cb.at("binding_id"))}
		for _, st := range cb.children("Subtype") {
			b.Subtypes = append(b.Subtypes, strings.TrimSpace(st.at("subtype_id")))
		}
		out = append(out, b)
	}
	return out
}

// resolveAddress makes a service address absolute against the Discovery URL.
func resolveAddress(base *url.URL, addr string) string {
	ref, err := url.Parse(strings.TrimSpace(addr))
	if err != nil || base == nil {
		return addr
	}
	return base.ResolveReference(ref).String()
}

func isTrue(v string) bool {
	v = strings.TrimSpace(v)
	return v == "true" || v == "1"
}

// usable reports whether a service instance speaks the family under test over the target's
// transport.
func (s *server) usable(si serviceInstance, kind string) bool {
	if si.Type != kind || si.Version != s.fam.Services {
		return false
	}
	return s.fam.speaks(si.Protocol, si.Address, si.MessageBindings)
}

// speaks reports whether an endpoint offers the family's protocol binding for its address's
// transport and the family's message binding.
func (f *family) speaks(protocol, address string, messageBindings []string) bool {
	if protocol != f.protocol(isHTTPS(address)) {
		return false
	}
	for _, mb := range messageBindings {
		if mb == f.MessageBinding {
			return true
		}
	}
	return false
}

// servicesOf lists the usable instances of a service type, those on the Discovery Service's
// transport first.
func servicesOf(kind string) []serviceInstance {
	s := target()
	var same, other []serviceInstance
	for _, si := range s.services {
		if !s.usable(si, kind) {
			continue
		}
		if isHTTPS(si.Address) == isHTTPS(s.discoveryURL) {
			same = append(same, si)
		} else {
			other = append(other, si)
		}
	}
	return append(same, other...)
}

// serviceURL is the address of a service of the type; the spec is disabled when discovery
// lists none.
func serviceURL(kind string) string {
	if kind == svcDiscovery {
		return target().discoveryURL
	}
	list := servicesOf(kind)
	if len(list) == 0 {
		harness.Disable(fmt.Sprintf("the Discovery Response lists no %s service in TAXII %s", kind, fam().Name))
	}
	return list[0].Address
}

// ---- collections ----

// collectionRec is one Collection of a Collection Information Response (Part 4 §3.5).
type collectionRec struct {
	Name, Type  string
	Available   *bool
	Description string
	// ContentBindings is empty when the collection accepts all content.
	ContentBindings                           []contentBinding
	Polling, Subscription, Inbox, PushMethods []contact
}

// contact is a Polling_Service, Subscription_Service, Receiving_Inbox_Service or Push_Method.
type contact struct {
	Protocol, Address string
	MessageBindings   []string
	ContentBindings   []contentBinding
}

func (c collectionRec) feed() bool { return c.Type != "DATA_SET" }

// acceptsAll reports whether the collection lists no content binding (it takes all content).
func (c collectionRec) acceptsAll() bool { return len(c.ContentBindings) == 0 }

// accepts reports whether the collection takes content of a binding (no subtype).
func (c collectionRec) accepts(binding string) bool {
	if c.acceptsAll() {
		return true
	}
	for _, b := range c.ContentBindings {
		if b.ID == binding {
			return true
		}
	}
	return false
}

// collections reads the collections an identity sees, once per run and identity.
func collections(identity string) []collectionRec {
	if !harness.Current().HasIdentity(identity) {
		identity = standard
	}
	list, err := readCollections(identity)
	if err != nil {
		harness.Errorf("setup: %v", err)
	}
	return list
}

// readCollections sends the identity's Collection Information Request once per run; a refusal
// is an error, which Memo does not keep, so a later spec asks again.
func readCollections(identity string) ([]collectionRec, error) {
	v, err := harness.Current().Memo("taxii11.collections."+identity, func() (any, error) {
		r := send(as(identity), serviceURL(svcCollection), collectionInfoRequest())
		if !r.is("Collection_Information_Response") {
			return nil, fmt.Errorf("reading the collections as %s: expected a Collection_Information_Response; %s", identity, r.describe())
		}
		base, _ := url.Parse(r.x.URL.String())
		var out []collectionRec
		for _, c := range r.root.children("Collection") {
			out = append(out, readCollection(c, base))
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]collectionRec), nil
}

func readCollection(c *elem, base *url.URL) collectionRec {
	rec := collectionRec{
		Name:            strings.TrimSpace(c.at("collection_name")),
		Type:            strings.TrimSpace(c.at("collection_type")),
		Description:     c.childText("Description"),
		ContentBindings: readBindings(c),
	}
	if v, ok := c.attr("available"); ok {
		b := isTrue(v)
		rec.Available = &b
	}
	read := func(name string) []contact {
		var out []contact
		for _, s := range c.children(name) {
			ct := contact{Protocol: s.childText("Protocol_Binding"), Address: resolveAddress(base, s.childText("Address")), ContentBindings: readBindings(s)}
			for _, mb := range s.children("Message_Binding") {
				ct.MessageBindings = append(ct.MessageBindings, mb.text())
			}
			out = append(out, ct)
		}
		return out
	}
	rec.Polling = read("Polling_Service")
	rec.Subscription = read("Subscription_Service")
	rec.Inbox = read("Receiving_Inbox_Service")
	rec.PushMethods = read("Push_Method")
	return rec
}

// collection returns a collection's description as the identity sees it (ok false when the
// identity does not see it).
func collection(identity, name string) (collectionRec, bool) {
	for _, c := range collections(identity) {
		if c.Name == name {
			return c, true
		}
	}
	return collectionRec{}, false
}

// describeCollection returns a collection's description as the writer (else the default
// identity) sees it; a collection neither sees is a setup error.
func describeCollection(name string) collectionRec {
	for _, id := range []string{writer, standard, reader} {
		if c, ok := collection(id, name); ok {
			return c
		}
	}
	harness.Errorf("setup: collection %q is not listed in the Collection Information Response", name)
	return collectionRec{}
}

// Which collection a spec works in: the profile names them; without it the harness picks
// one the identity sees with the services needed, or disables the spec.

// writableCollection may be written (Inbox) and read (Poll) by the writer.
func writableCollection() string {
	return pickCollection("read_write", func(p *harness.Profile11) string { return p.Collections.ReadWrite }, writer,
		func(c collectionRec) bool {
			return len(c.Inbox) > 0 && len(c.Polling) > 0 && (c.Available == nil || *c.Available)
		})
}

// readableCollection is any collection the default identity can poll.
func readableCollection() string {
	return pickCollection("readable", func(p *harness.Profile11) string {
		if p.Collections.ReadWrite != "" {
			return p.Collections.ReadWrite
		}
		return p.Collections.ReadOnly
	}, standard, func(c collectionRec) bool { return len(c.Polling) > 0 && (c.Available == nil || *c.Available) })
}

func pickCollection(kind string, fromProfile func(*harness.Profile11) string, identity string, ok func(collectionRec) bool) string {
	run := harness.Current()
	if p := run.Profile().TAXII11; p != nil {
		if name := fromProfile(p); name != "" {
			return name
		}
	}
	if ok != nil {
		for _, c := range collections(identity) {
			if ok(c) {
				return c.Name
			}
		}
	}
	harness.Disable(fmt.Sprintf("no %s collection: name one in the profile (taxii11.collections)", strings.ReplaceAll(kind, "_", "-")))
	return ""
}

// contactURL picks the contact of the family and the Discovery Service's transport.
func contactURL(list []contact) string {
	f := fam()
	https := isHTTPS(target().discoveryURL)
	best := ""
	for _, c := range list {
		if !f.speaks(c.Protocol, c.Address, c.MessageBindings) {
			continue
		}
		if isHTTPS(c.Address) == https {
			return c.Address
		}
		if best == "" {
			best = c.Address
		}
	}
	return best
}

// pollURL is where a collection is polled: its Polling_Service, else the Poll Service discovery lists.
func pollURL(coll string) string {
	if u := contactURL(describeCollection(coll).Polling); u != "" {
		return u
	}
	return serviceURL(svcPoll)
}

// inboxURL is where content for a collection is sent: a Receiving_Inbox_Service of the
// collection (one that takes destination names first), else the Inbox Service discovery lists.
func inboxURL(coll string) string {
	if u := contactURL(describeCollection(coll).Inbox); u != "" {
		return u
	}
	return serviceURL(svcInbox)
}

// subscriptionURL is where a collection's subscriptions are managed.
func subscriptionURL(coll string) string {
	if u := contactURL(describeCollection(coll).Subscription); u != "" {
		return u
	}
	return serviceURL(svcCollection)
}

// ---- content ----

// addContent sends content blocks to a collection as the identity and returns the answer. It
// names the collection as destination, and when the Inbox Service refuses destination names
// (DESTINATION_COLLECTION_ERROR without acceptable destinations) sends again without.
func addContent(identity, coll string, blocks ...node) *reply {
	u := inboxURL(coll)
	r := send(as(identity), u, inboxMessage([]string{coll}, blocks...))
	if r.isStatus(stDestinationError) && len(r.details(dtAcceptableDestination)) == 0 {
		harness.Note("the Inbox Service at %s takes no destination names; content sent without", u)
		r = send(as(identity), u, inboxMessage(nil, blocks...))
	}
	return r
}

// addPackages adds n fresh STIX packages to a collection as the writer, in one Inbox
// Message; anything but SUCCESS is a setup error.
func addPackages(coll string, n int) []stixPkg { return addPackagesAs(writer, coll, n) }

// maxParts bounds how many parts of one result the harness fetches.
const maxParts = 64

// polled is a whole poll result: every answer and every content block.
type polled struct {
	answers []*reply
	blocks  []*elem
	// cut says why the later parts of a result could not be asked for ("" when none is
	// missing); a spec that judges the whole result treats it as a setup error.
	cut string
}

// requireWhole ends the spec as an error when later parts of the result could not be fetched.
func (p polled) requireWhole(doing string) {
	harness.Setup().Expect(p.cut).To(gomega.BeEmpty(), "%s: the whole result could not be read", doing)
}

// poll polls a collection as the identity and follows result parts with Poll Fulfillment
// Requests. The first answer may be a Status Message (returned alone, for the spec to judge);
// an error in a later part is a setup error.
func poll(identity, coll string, req node) polled {
	c := as(identity)
	u := pollURL(coll)
	r := send(c, u, req)
	out := polled{answers: []*reply{r}}
	if !r.is("Poll_Response") {
		return out
	}
	out.blocks = append(out.blocks, r.root.children("Content_Block")...)
	for part := 2; isTrue(r.root.at("more")) && part <= maxParts; part++ {
		id := strings.TrimSpace(r.root.at("result_id"))
		if p := uriProblem(id); p != "" {
			// The validator reports the broken rule; the rest of the result cannot be asked for
			// in a valid Poll Fulfillment Request.
			out.cut = fmt.Sprintf("a Poll Response with more=true has no usable result_id (%s), so part %d cannot be fetched: %s", p, part, r.describe())
			harness.Note("%s", out.cut)
			break
		}
		r = send(c, u, pollFulfillment(coll, id, part))
		expectMessage(r, "Poll_Response", fmt.Sprintf("fetching part %d of result %s", part, id))
		out.answers = append(out.answers, r)
		out.blocks = append(out.blocks, r.root.children("Content_Block")...)
	}
	return out
}

// requireShown ends the spec as an error unless a poll result holds the packages just added:
// the preparation (typically a poll from a feed mark) did not work, so what the spec looks for
// next cannot be told apart from content the poll missed for another reason.
func (p polled) requireShown(coll string, pkgs ...stixPkg) {
	harness.Setup().Expect(p.has(pkgs...)).To(gomega.HaveLen(len(pkgs)),
		"a poll of %s does not show the %d package(s) just added (%s): %s", coll, len(pkgs), joinIDs(pkgs), p.answers[0].describe())
}

// pollCollection polls all of a collection as the identity; a Status Message is a setup error.
func pollCollection(identity, coll string) polled {
	p := poll(identity, coll, pollAll(coll, nil, nil))
	expectMessage(p.answers[0], "Poll_Response", "polling collection "+coll)
	return p
}

// has reports which of the packages a poll result carries.
func (p polled) has(pkgs ...stixPkg) []stixPkg {
	var found []stixPkg
	for _, pkg := range pkgs {
		for _, b := range p.blocks {
			if pkg.in(b) {
				found = append(found, pkg)
				break
			}
		}
	}
	return found
}

// blockOf returns the content block that carries the package, or nil.
func (p polled) blockOf(pkg stixPkg) *elem {
	for _, b := range p.blocks {
		if pkg.in(b) {
			return b
		}
	}
	return nil
}

// parseLabel reads a Timestamp Label (RFC 3339).
func parseLabel(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
}

// contentType parses a response's Content-Type.
func contentType(h http.Header) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return "", nil
	}
	return mt, params
}

// requireAuth disables a spec about refusing clients when the profile says the server runs
// without authentication.
func requireAuth() {
	if harness.Current().Profile().HasFeature11(featureNoAuth) {
		harness.Disable("the profile says the server runs without authentication (feature " + featureNoAuth + ")")
	}
}
