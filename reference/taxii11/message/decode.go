package message

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DSigNamespace is the XML Signature namespace of ds:Signature elements.
const DSigNamespace = "http://www.w3.org/2000/09/xmldsig#"

// MaxDepth is how deeply elements may nest in a message, content included.
const MaxDepth = 512

// ParseError says why a body is not an acceptable TAXII message. MessageID is the message's
// message_id when it could be read, so that a Status Message can answer it.
type ParseError struct {
	MessageID string
	Family    *Family // nil when the namespace is unknown
	Reason    string
	// Namespace is set when the root element is outside both message namespaces.
	Namespace string
}

func (e *ParseError) Error() string { return e.Reason }

// Parse reads one message. The family is the one of the root element's namespace.
func Parse(body []byte) (Message, *Family, error) {
	root, err := parseTree(body, treeLimits{MaxDepth: MaxDepth})
	if err != nil {
		return nil, nil, &ParseError{Reason: "malformed XML: " + err.Error(), MessageID: sniffMessageID(body)}
	}
	d := &decoder{}
	id, _ := rawAttr(root, "message_id")
	if !IsURI(id) {
		id = ""
	}
	fam := ByNamespace(root.Space)
	if fam == nil {
		return nil, nil, &ParseError{MessageID: id, Namespace: root.Space,
			Reason: fmt.Sprintf("root element %q is in namespace %q, which is neither TAXII 1.1 (%s) nor TAXII 1.1.1 (%s)",
				root.Local, root.Space, V11.Namespace, V111.Namespace)}
	}
	d.ns = root.Space
	m := d.message(root)
	if d.err != nil {
		return nil, fam, &ParseError{MessageID: id, Family: fam, Reason: d.err.Error()}
	}
	return m, fam, nil
}

// sniffMessageID finds the message_id attribute of the root element of a body that was refused
// as XML (malformed, or carrying a DTD), so that the Status Message can still refer to it.
var (
	rootStartTag  = regexp.MustCompile(`<[A-Za-z_][\w.:-]*(\s[^<>]*)?/?>`)
	messageIDAttr = regexp.MustCompile(`\smessage_id\s*=\s*(?:"([^"<>&]{1,200})"|'([^'<>&]{1,200})')`)
)

func sniffMessageID(body []byte) string {
	if len(body) > 1<<16 {
		body = body[:1<<16]
	}
	// Skip a document type declaration, internal subset included.
	if i := bytes.Index(body, []byte("<!DOCTYPE")); i >= 0 {
		rest := body[i:]
		end := bytes.IndexByte(rest, '>')
		if open := bytes.IndexByte(rest, '['); open >= 0 && (end < 0 || open < end) {
			end = bytes.Index(rest, []byte("]>")) + 1
		}
		if end <= 0 {
			return ""
		}
		body = rest[end+1:]
	}
	tag := rootStartTag.Find(body)
	if tag == nil {
		return ""
	}
	m := messageIDAttr.FindSubmatch(tag)
	if m == nil {
		return ""
	}
	id := string(m[1]) + string(m[2])
	if !IsURI(id) {
		return ""
	}
	return id
}

// decoder maps the tree onto message values, keeping the first error.
type decoder struct {
	ns  string
	err error
}

func (d *decoder) failf(n *node, format string, args ...any) {
	if d.err == nil {
		msg := fmt.Sprintf(format, args...)
		if n != nil && n.Line > 0 {
			msg = fmt.Sprintf("line %d: %s", n.Line, msg)
		}
		d.err = fmt.Errorf("%s", msg)
	}
}

func rawAttr(n *node, name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// attrs checks that n has no unqualified attribute outside allowed and returns a lookup.
// Attributes in other namespaces (xsi:schemaLocation and the like) are ignored.
func (d *decoder) attrs(n *node, allowed ...string) map[string]string {
	out := map[string]string{}
	for _, a := range n.Attrs {
		if a.Name.Space != "" {
			continue
		}
		ok := false
		for _, w := range allowed {
			if a.Name.Local == w {
				ok = true
				break
			}
		}
		if !ok {
			d.failf(n, "element %s has no attribute %q", n.Local, a.Name.Local)
			continue
		}
		out[a.Name.Local] = strings.TrimSpace(a.Value)
	}
	return out
}

func (d *decoder) requireAttr(n *node, a map[string]string, name string) string {
	v, ok := a[name]
	if !ok {
		d.failf(n, "element %s lacks the required attribute %s", n.Local, name)
	}
	return v
}

func (d *decoder) uriAttr(n *node, a map[string]string, name string, required bool) string {
	v, ok := a[name]
	if !ok {
		if required {
			d.failf(n, "element %s lacks the required attribute %s", n.Local, name)
		}
		return ""
	}
	if !IsURI(v) {
		d.failf(n, "attribute %s of %s is not a URI: %q", name, n.Local, v)
	}
	return v
}

// kids walks the children of an element in schema order.
type kids struct {
	d      *decoder
	parent *node
	list   []*node
	i      int
}

func (d *decoder) kids(n *node) *kids {
	if n.Open {
		d.failf(n, "element %s must not be in namespace %q", n.Local, n.Space)
		return &kids{d: d, parent: n}
	}
	if strings.TrimSpace(n.Text.String()) != "" {
		d.failf(n, "element %s holds text where only elements are allowed", n.Local)
	}
	return &kids{d: d, parent: n, list: n.Kids}
}

func (k *kids) peek(local string) bool {
	return k.i < len(k.list) && k.list[k.i].Space == k.d.ns && k.list[k.i].Local == local
}

// opt consumes the next child if it is the named element.
func (k *kids) opt(local string) *node {
	if k.peek(local) {
		k.i++
		return k.list[k.i-1]
	}
	return nil
}

// one consumes a required child.
func (k *kids) one(local string) *node {
	if n := k.opt(local); n != nil {
		return n
	}
	k.d.failf(k.parent, "element %s lacks the required child %s%s", k.parent.Local, local, k.found())
	return nil
}

// all consumes every consecutive child with the name.
func (k *kids) all(local string) []*node {
	var out []*node
	for k.peek(local) {
		out = append(out, k.list[k.i])
		k.i++
	}
	return out
}

func (k *kids) found() string {
	if k.i < len(k.list) {
		n := k.list[k.i]
		return fmt.Sprintf(" (found %s in namespace %q)", n.Local, n.Space)
	}
	return ""
}

// signatures consumes enveloped ds:Signature elements and reports whether there were any.
func (k *kids) signatures(max int) bool {
	count := 0
	for k.i < len(k.list) && k.list[k.i].Space == DSigNamespace && k.list[k.i].Local == "Signature" {
		k.i++
		count++
	}
	if count > max {
		k.d.failf(k.parent, "element %s has %d signatures, at most %d allowed", k.parent.Local, count, max)
	}
	return count > 0
}

// done reports a leftover child.
func (k *kids) done() {
	if k.i < len(k.list) {
		n := k.list[k.i]
		k.d.failf(n, "unexpected element %s (namespace %q) in %s", n.Local, n.Space, k.parent.Local)
	}
}

// text returns the character content of a simple element (no children allowed).
func (d *decoder) text(n *node) string {
	if n == nil {
		return ""
	}
	if n.Open || len(n.Kids) > 0 {
		d.failf(n, "element %s must hold text only", n.Local)
	}
	d.attrs(n)
	return n.Text.String()
}

func (d *decoder) uriText(n *node) string {
	if n == nil {
		return ""
	}
	v := strings.TrimSpace(d.text(n))
	if !IsURI(v) {
		d.failf(n, "element %s is not a URI: %q", n.Local, v)
	}
	return v
}

var timestampPattern = regexp.MustCompile(`^-?[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(([+-][0-9]{2}:[0-9]{2})|Z)$`)

// ParseTimestamp reads a Timestamp Label: an RFC 3339 date-time with a time zone and at most six
// fractional digits (Part 4 §2.2.1, Part 2 §4.1.4).
func ParseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if !timestampPattern.MatchString(s) {
		return time.Time{}, fmt.Errorf("timestamp label %q is not an RFC 3339 date-time with a time zone and at most 6 fractional digits", s)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("timestamp label %q: %v", s, err)
	}
	return t.UTC(), nil
}

func (d *decoder) timestamp(n *node) *time.Time {
	if n == nil {
		return nil
	}
	t, err := ParseTimestamp(d.text(n))
	if err != nil {
		d.failf(n, "%s: %v", n.Local, err)
		return nil
	}
	return &t
}

func parseBool(s string) (bool, bool) {
	switch strings.TrimSpace(s) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

func (d *decoder) boolAttr(n *node, a map[string]string, name string) (v bool, present bool) {
	s, ok := a[name]
	if !ok {
		return false, false
	}
	b, ok := parseBool(s)
	if !ok {
		d.failf(n, "attribute %s of %s is not a boolean: %q", name, n.Local, s)
	}
	return b, true
}

func (d *decoder) positive(n *node, s, what string) int {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 31)
	if err != nil || v == 0 {
		d.failf(n, "%s is not a positive integer: %q", what, s)
		return 0
	}
	return int(v)
}

func (d *decoder) enum(n *node, v, what string, allowed ...string) string {
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	d.failf(n, "%s %q is not one of %s", what, v, strings.Join(allowed, ", "))
	return v
}

// IsURI reports whether s is usable as an xs:anyURI identifier: not empty, no white space or
// characters RFC 3986 excludes, and parseable as a URI reference.
func IsURI(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || strings.ContainsRune(`<>"{}|\^`+"`", r) {
			return false
		}
	}
	_, err := url.Parse(s)
	return err == nil
}

func (d *decoder) message(root *node) Message {
	var m Message
	switch Kind(root.Local) {
	case KindStatus:
		m = d.status(root)
	case KindDiscoveryRequest:
		m = d.emptyRequest(root, &DiscoveryRequest{})
	case KindDiscoveryResponse:
		m = d.discoveryResponse(root)
	case KindCollectionInfoRequest:
		m = d.emptyRequest(root, &CollectionInfoRequest{})
	case KindCollectionInfoResponse:
		m = d.collectionInfoResponse(root)
	case KindSubscriptionRequest:
		m = d.subscriptionRequest(root)
	case KindSubscriptionResponse:
		m = d.subscriptionResponse(root)
	case KindPollRequest:
		m = d.pollRequest(root)
	case KindPollResponse:
		m = d.pollResponse(root)
	case KindInbox:
		m = d.inbox(root)
	case KindPollFulfillment:
		m = d.pollFulfillment(root)
	default:
		d.failf(root, "%s is not a TAXII message type", root.Local)
		return nil
	}
	return m
}

// header reads message_id (and in_response_to for responses) and Extended_Headers; it returns
// the remaining attributes and the child cursor positioned after Extended_Headers.
func (d *decoder) header(n *node, h *Header, response bool, attrs ...string) (map[string]string, *kids) {
	allowed := append([]string{"message_id"}, attrs...)
	if response {
		allowed = append(allowed, "in_response_to")
	}
	a := d.attrs(n, allowed...)
	h.MessageID = d.uriAttr(n, a, "message_id", true)
	if response {
		h.InResponseTo = d.uriAttr(n, a, "in_response_to", true)
	}
	k := d.kids(n)
	if eh := k.opt("Extended_Headers"); eh != nil {
		ek := d.kids(eh)
		list := ek.all("Extended_Header")
		if len(list) == 0 {
			d.failf(eh, "Extended_Headers needs at least one Extended_Header")
		}
		for _, x := range list {
			xa := d.attrs(x, "name")
			h.Extended = append(h.Extended, ExtendedHeader{Name: d.uriAttr(x, xa, "name", true), Value: x.Inner})
		}
		ek.done()
	}
	return a, k
}

func (d *decoder) emptyRequest(n *node, m interface{ Head() *Header }) Message {
	_, k := d.header(n, m.Head(), false)
	m.Head().Signed = k.signatures(1)
	k.done()
	return m.(Message)
}

func (d *decoder) status(n *node) *Status {
	s := &Status{}
	a, k := d.header(n, &s.Header, true, "status_type")
	s.Type = d.requireAttr(n, a, "status_type")
	if s.Type != "" && !isStandardStatus(s.Type) && !IsURI(s.Type) {
		d.failf(n, "status_type %q is neither a defined status type nor a URI", s.Type)
	}
	if sd := k.opt("Status_Detail"); sd != nil {
		sk := d.kids(sd)
		list := sk.all("Detail")
		if len(list) == 0 {
			d.failf(sd, "Status_Detail needs at least one Detail")
		}
		for _, x := range list {
			xa := d.attrs(x, "name")
			s.Details = append(s.Details, Detail{Name: d.uriAttr(x, xa, "name", true), Value: strings.TrimSpace(innerText(x.Inner)), Raw: x.Inner})
		}
		sk.done()
	}
	s.Message = d.text(k.opt("Message"))
	s.Signed = k.signatures(1)
	k.done()
	return s
}

func isStandardStatus(t string) bool {
	for _, s := range StandardStatusTypes {
		if s == t {
			return true
		}
	}
	return false
}

// innerText extracts the character data of a fragment (element markup dropped).
func innerText(frag []byte) string {
	var b strings.Builder
	dec := xml.NewDecoder(strings.NewReader("<x>" + string(frag) + "</x>"))
	for {
		t, err := dec.Token()
		if err != nil {
			break
		}
		if c, ok := t.(xml.CharData); ok {
			b.Write(c)
		}
	}
	return b.String()
}

func (d *decoder) contentBindingIDs(list []*node, maxSubtypes int) []ContentBinding {
	var out []ContentBinding
	for _, x := range list {
		xa := d.attrs(x, "binding_id")
		cb := ContentBinding{ID: d.uriAttr(x, xa, "binding_id", true)}
		xk := d.kids(x)
		for _, st := range xk.all("Subtype") {
			sa := d.attrs(st, "subtype_id")
			d.kids(st).done()
			cb.Subtypes = append(cb.Subtypes, d.uriAttr(st, sa, "subtype_id", true))
		}
		xk.done()
		if maxSubtypes >= 0 && len(cb.Subtypes) > maxSubtypes {
			d.failf(x, "Content_Binding has more than %d Subtype", maxSubtypes)
		}
		out = append(out, cb)
	}
	return out
}

func (d *decoder) discoveryResponse(n *node) *DiscoveryResponse {
	r := &DiscoveryResponse{}
	_, k := d.header(n, &r.Header, true)
	for _, x := range k.all("Service_Instance") {
		xa := d.attrs(x, "service_type", "service_version", "available")
		si := ServiceInstance{
			Type:    d.enum(x, d.requireAttr(x, xa, "service_type"), "service_type", ServiceDiscovery, ServiceCollectionManagement, ServiceInbox, ServicePoll),
			Version: d.uriAttr(x, xa, "service_version", true),
		}
		if v, ok := d.boolAttr(x, xa, "available"); ok {
			si.Available = &v
		}
		d.serviceInstanceBody(x, &si)
		r.Services = append(r.Services, si)
	}
	r.Signed = k.signatures(1)
	k.done()
	return r
}

// serviceInstanceBody reads the children of a Service_Instance.
func (d *decoder) serviceInstanceBody(x *node, si *ServiceInstance) {
	k := d.kids(x)
	si.Protocol = d.uriText(k.one("Protocol_Binding"))
	si.Address = strings.TrimSpace(d.text(k.one("Address")))
	mb := k.all("Message_Binding")
	if len(mb) == 0 {
		d.failf(x, "Service_Instance needs at least one Message_Binding")
	}
	for _, m := range mb {
		si.MessageBindings = append(si.MessageBindings, d.uriText(m))
	}
	for _, q := range k.all("Supported_Query") {
		qa := d.attrs(q, "format_id")
		si.Queries = append(si.Queries, SupportedQuery{Format: d.uriAttr(q, qa, "format_id", true), Body: q.Inner})
	}
	si.ContentBindings = d.contentBindingIDs(k.all("Content_Binding"), -1)
	si.Message = d.text(k.opt("Message"))
	k.done()
}

func (d *decoder) collectionInfoResponse(n *node) *CollectionInfoResponse {
	r := &CollectionInfoResponse{}
	_, k := d.header(n, &r.Header, true)
	for _, x := range k.all("Collection") {
		xa := d.attrs(x, "collection_name", "collection_type", "available")
		c := CollectionRecord{Name: d.uriAttr(x, xa, "collection_name", true)}
		if t, ok := xa["collection_type"]; ok {
			c.Type = d.enum(x, t, "collection_type", DataFeed, DataSet)
		}
		if v, ok := d.boolAttr(x, xa, "available"); ok {
			c.Available = &v
		}
		xk := d.kids(x)
		c.Description = d.text(xk.one("Description"))
		if v := xk.opt("Collection_Volume"); v != nil {
			n, err := strconv.ParseUint(strings.TrimSpace(d.text(v)), 10, 64)
			if err != nil {
				d.failf(v, "Collection_Volume is not a non-negative integer")
			}
			c.Volume = &n
		}
		c.ContentBindings = d.contentBindingIDs(xk.all("Content_Binding"), -1)
		for _, p := range xk.all("Push_Method") {
			d.attrs(p)
			pk := d.kids(p)
			pm := PushMethod{Protocol: d.uriText(pk.one("Protocol_Binding"))}
			for _, m := range pk.all("Message_Binding") {
				pm.MessageBindings = append(pm.MessageBindings, d.uriText(m))
			}
			pk.done()
			c.PushMethods = append(c.PushMethods, pm)
		}
		for _, p := range xk.all("Polling_Service") {
			c.PollingServices = append(c.PollingServices, d.contactDone(p))
		}
		for _, p := range xk.all("Subscription_Service") {
			c.SubscriptionServices = append(c.SubscriptionServices, d.contactDone(p))
		}
		for _, p := range xk.all("Receiving_Inbox_Service") {
			d.attrs(p)
			pk := d.kids(p)
			is := InboxService{ServiceContact: ServiceContact{Protocol: d.uriText(pk.one("Protocol_Binding")), Address: strings.TrimSpace(d.text(pk.one("Address")))}}
			for _, m := range pk.all("Message_Binding") {
				is.MessageBindings = append(is.MessageBindings, d.uriText(m))
			}
			is.ContentBindings = d.contentBindingIDs(pk.all("Content_Binding"), -1)
			pk.done()
			c.InboxServices = append(c.InboxServices, is)
		}
		xk.done()
		r.Collections = append(r.Collections, c)
	}
	r.Signed = k.signatures(1)
	k.done()
	return r
}

func (d *decoder) contactDone(n *node) ServiceContact {
	d.attrs(n)
	k := d.kids(n)
	c := ServiceContact{Protocol: d.uriText(k.one("Protocol_Binding")), Address: strings.TrimSpace(d.text(k.one("Address")))}
	mb := k.all("Message_Binding")
	if len(mb) == 0 {
		d.failf(n, "%s needs at least one Message_Binding", n.Local)
	}
	for _, m := range mb {
		c.MessageBindings = append(c.MessageBindings, d.uriText(m))
	}
	k.done()
	return c
}

func (d *decoder) query(n *node) *Query {
	if n == nil {
		return nil
	}
	a := d.attrs(n, "format_id")
	return &Query{Format: d.uriAttr(n, a, "format_id", true), Body: n.Inner}
}

func (d *decoder) responseType(n *node) string {
	if n == nil {
		return ""
	}
	return d.enum(n, strings.TrimSpace(d.text(n)), "Response_Type", ResponseFull, ResponseCountOnly)
}

func (d *decoder) subscriptionParams(n *node) *SubscriptionParams {
	if n == nil {
		return nil
	}
	d.attrs(n)
	k := d.kids(n)
	p := &SubscriptionParams{ResponseType: d.responseType(k.opt("Response_Type"))}
	p.ContentBindings = d.contentBindingIDs(k.all("Content_Binding"), -1)
	p.Query = d.query(k.opt("Query"))
	k.done()
	return p
}

func (d *decoder) delivery(n *node) *DeliveryParams {
	if n == nil {
		return nil
	}
	d.attrs(n)
	k := d.kids(n)
	p := &DeliveryParams{
		Protocol:       d.uriText(k.one("Protocol_Binding")),
		Address:        strings.TrimSpace(d.text(k.one("Address"))),
		MessageBinding: d.uriText(k.one("Message_Binding")),
	}
	k.done()
	return p
}

func (d *decoder) subscriptionRequest(n *node) *SubscriptionRequest {
	r := &SubscriptionRequest{}
	a, k := d.header(n, &r.Header, false, "action", "collection_name")
	r.Action = d.enum(n, d.requireAttr(n, a, "action"), "action", ActionSubscribe, ActionUnsubscribe, ActionPause, ActionResume, ActionStatus)
	r.Collection = d.uriAttr(n, a, "collection_name", true)
	if x := k.opt("Subscription_ID"); x != nil {
		r.SubscriptionID = d.uriText(x)
	}
	r.Params = d.subscriptionParams(k.opt("Subscription_Parameters"))
	r.Push = d.delivery(k.opt("Push_Parameters"))
	r.Signed = k.signatures(1)
	k.done()
	return r
}

func (d *decoder) subscriptionResponse(n *node) *SubscriptionResponse {
	r := &SubscriptionResponse{}
	a, k := d.header(n, &r.Header, true, "collection_name")
	r.Collection = d.uriAttr(n, a, "collection_name", true)
	r.Message = d.text(k.opt("Message"))
	for _, x := range k.all("Subscription") {
		xa := d.attrs(x, "status")
		rec := SubscriptionRecord{}
		if s, ok := xa["status"]; ok {
			rec.Status = d.enum(x, s, "status", SubscriptionActive, SubscriptionPaused, SubscriptionUnsubscribed)
		}
		xk := d.kids(x)
		rec.ID = d.uriText(xk.one("Subscription_ID"))
		rec.Params = d.subscriptionParams(xk.opt("Subscription_Parameters"))
		rec.Push = d.delivery(xk.opt("Push_Parameters"))
		for _, p := range xk.all("Poll_Instance") {
			rec.PollInstances = append(rec.PollInstances, d.contactDone(p))
		}
		xk.done()
		r.Subscriptions = append(r.Subscriptions, rec)
	}
	r.Signed = k.signatures(1)
	k.done()
	return r
}

func (d *decoder) pollRequest(n *node) *PollRequest {
	r := &PollRequest{}
	a, k := d.header(n, &r.Header, false, "collection_name")
	r.Collection = d.uriAttr(n, a, "collection_name", true)
	r.Begin = d.timestamp(k.opt("Exclusive_Begin_Timestamp"))
	r.End = d.timestamp(k.opt("Inclusive_End_Timestamp"))
	if r.Begin != nil && r.End != nil && !r.End.After(*r.Begin) {
		d.failf(n, "Inclusive_End_Timestamp must be later than Exclusive_Begin_Timestamp")
	}
	if x := k.opt("Subscription_ID"); x != nil {
		r.SubscriptionID = d.uriText(x)
	} else if x := k.opt("Poll_Parameters"); x != nil {
		xa := d.attrs(x, "allow_asynch")
		p := &PollParams{}
		p.AllowAsynch, _ = d.boolAttr(x, xa, "allow_asynch")
		xk := d.kids(x)
		p.ResponseType = d.responseType(xk.opt("Response_Type"))
		p.ContentBindings = d.contentBindingIDs(xk.all("Content_Binding"), -1)
		p.Query = d.query(xk.opt("Query"))
		p.Delivery = d.delivery(xk.opt("Delivery_Parameters"))
		xk.done()
		r.Params = p
	} else {
		d.failf(n, "Poll_Request needs either Subscription_ID or Poll_Parameters%s", k.found())
	}
	r.Signed = k.signatures(1)
	k.done()
	return r
}

func (d *decoder) recordCount(n *node) *RecordCount {
	if n == nil {
		return nil
	}
	a := d.attrs(n, "partial_count")
	rc := &RecordCount{}
	rc.Partial, _ = d.boolAttr(n, a, "partial_count")
	if n.Open || len(n.Kids) > 0 {
		d.failf(n, "Record_Count must hold a number only")
	}
	v, err := strconv.ParseUint(strings.TrimSpace(n.Text.String()), 10, 64)
	if err != nil {
		d.failf(n, "Record_Count is not a non-negative integer")
	}
	rc.Count = v
	return rc
}

func (d *decoder) blocks(list []*node) []ContentBlock {
	var out []ContentBlock
	for _, x := range list {
		d.attrs(x)
		k := d.kids(x)
		cb := ContentBlock{}
		if b := k.one("Content_Binding"); b != nil {
			ba := d.attrs(b, "binding_id")
			cb.Binding = strings.TrimSpace(d.requireAttr(b, ba, "binding_id"))
			if cb.Binding == "" {
				d.failf(b, "binding_id is empty")
			}
			bk := d.kids(b)
			if st := bk.opt("Subtype"); st != nil {
				sa := d.attrs(st, "subtype_id")
				d.kids(st).done()
				cb.Subtype = d.uriAttr(st, sa, "subtype_id", true)
			}
			bk.done()
		}
		if c := k.one("Content"); c != nil {
			d.attrs(c)
			cb.Content = c.Inner
		}
		cb.Label = d.timestamp(k.opt("Timestamp_Label"))
		cb.Message = d.text(k.opt("Message"))
		cb.Padding = d.text(k.opt("Padding"))
		cb.Signed = k.signatures(1 << 10)
		k.done()
		out = append(out, cb)
	}
	return out
}

func (d *decoder) pollResponse(n *node) *PollResponse {
	r := &PollResponse{}
	a, k := d.header(n, &r.Header, true, "collection_name", "more", "result_id", "result_part_number")
	r.Collection = d.uriAttr(n, a, "collection_name", true)
	r.More, _ = d.boolAttr(n, a, "more")
	r.ResultID = d.uriAttr(n, a, "result_id", false)
	if v, ok := a["result_part_number"]; ok {
		r.PartNumber = d.positive(n, v, "result_part_number")
	}
	if x := k.opt("Subscription_ID"); x != nil {
		r.SubscriptionID = d.uriText(x)
	}
	r.Begin = d.timestamp(k.opt("Exclusive_Begin_Timestamp"))
	r.End = d.timestamp(k.opt("Inclusive_End_Timestamp"))
	r.RecordCount = d.recordCount(k.opt("Record_Count"))
	r.Message = d.text(k.opt("Message"))
	r.Blocks = d.blocks(k.all("Content_Block"))
	r.Signed = k.signatures(1)
	k.done()
	return r
}

func (d *decoder) inbox(n *node) *Inbox {
	r := &Inbox{}
	a, k := d.header(n, &r.Header, false, "result_id")
	r.ResultID = d.uriAttr(n, a, "result_id", false)
	for _, x := range k.all("Destination_Collection_Name") {
		r.Destinations = append(r.Destinations, d.uriText(x))
	}
	r.Message = d.text(k.opt("Message"))
	if x := k.opt("Source_Subscription"); x != nil {
		xa := d.attrs(x, "collection_name")
		s := &SourceSubscription{Collection: d.uriAttr(x, xa, "collection_name", true)}
		xk := d.kids(x)
		s.SubscriptionID = d.uriText(xk.one("Subscription_ID"))
		s.Begin = d.timestamp(xk.opt("Exclusive_Begin_Timestamp"))
		s.End = d.timestamp(xk.opt("Inclusive_End_Timestamp"))
		xk.done()
		r.Source = s
	}
	r.RecordCount = d.recordCount(k.opt("Record_Count"))
	r.Blocks = d.blocks(k.all("Content_Block"))
	r.Signed = k.signatures(1)
	k.done()
	return r
}

func (d *decoder) pollFulfillment(n *node) *PollFulfillment {
	r := &PollFulfillment{}
	a, k := d.header(n, &r.Header, false, "collection_name", "result_id", "result_part_number")
	r.Collection = d.uriAttr(n, a, "collection_name", true)
	r.ResultID = d.uriAttr(n, a, "result_id", true)
	if v, ok := a["result_part_number"]; ok {
		r.PartNumber = d.positive(n, v, "result_part_number")
	}
	r.Signed = k.signatures(1)
	k.done()
	return r
}
