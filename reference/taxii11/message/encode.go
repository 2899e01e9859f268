package message

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"time"
)

// TimestampLayout writes Timestamp Labels in UTC with microsecond precision, the finest Part 4
// §2.2.1 allows.
const TimestampLayout = "2006-01-02T15:04:05.000000Z07:00"

// Encoder writes messages in one family. Fields other than Family exist so that the reference
// server can break the binding on purpose (faults); zero values give a correct encoding.
type Encoder struct {
	Family *Family
	// Namespace, when set, replaces the family's namespace.
	Namespace string
	// TimestampLayout, when set, replaces TimestampLayout.
	TimestampLayout string
	// OmitInResponseTo drops in_response_to from responses.
	OmitInResponseTo bool
}

// Marshal encodes m as a complete XML document.
func (e Encoder) Marshal(m Message) []byte {
	w := &writer{p: e.Family.Prefix, layout: TimestampLayout, omitIRT: e.OmitInResponseTo}
	if e.TimestampLayout != "" {
		w.layout = e.TimestampLayout
	}
	ns := e.Family.Namespace
	if e.Namespace != "" {
		ns = e.Namespace
	}
	// No XML declaration: UTF-8 is XML's default, and libtaxii before 1.1.112 on Python 3
	// decodes a body to text before parsing it, which lxml then refuses when the text
	// declares an encoding. Servers built on libtaxii send none either.
	w.rootNS = ns
	switch v := m.(type) {
	case *Status:
		w.status(v)
	case *DiscoveryRequest:
		w.emptyRequest(KindDiscoveryRequest, &v.Header)
	case *DiscoveryResponse:
		w.discoveryResponse(v)
	case *CollectionInfoRequest:
		w.emptyRequest(KindCollectionInfoRequest, &v.Header)
	case *CollectionInfoResponse:
		w.collectionInfoResponse(v)
	case *SubscriptionRequest:
		w.subscriptionRequest(v)
	case *SubscriptionResponse:
		w.subscriptionResponse(v)
	case *PollRequest:
		w.pollRequest(v)
	case *PollResponse:
		w.pollResponse(v)
	case *Inbox:
		w.inbox(v)
	case *PollFulfillment:
		w.pollFulfillment(v)
	default:
		panic(fmt.Sprintf("message: cannot encode %T", m))
	}
	return w.b.Bytes()
}

// Marshal encodes m in family f.
func Marshal(f *Family, m Message) []byte { return Encoder{Family: f}.Marshal(m) }

type writer struct {
	b       bytes.Buffer
	p       string
	rootNS  string
	layout  string
	omitIRT bool
}

// start writes a start tag; attrs are name/value pairs, pairs with an empty value are skipped.
func (w *writer) start(name string, attrs ...string) {
	w.b.WriteByte('<')
	w.b.WriteString(w.p)
	w.b.WriteByte(':')
	w.b.WriteString(name)
	if w.rootNS != "" {
		w.b.WriteString(` xmlns:` + w.p + `="`)
		escapeAttr(&w.b, w.rootNS)
		w.b.WriteByte('"')
		w.rootNS = ""
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		w.b.WriteString(" " + attrs[i] + `="`)
		escapeAttr(&w.b, attrs[i+1])
		w.b.WriteByte('"')
	}
	w.b.WriteByte('>')
}

func (w *writer) end(name string) {
	w.b.WriteString("</" + w.p + ":" + name + ">")
}

// empty writes an element without content.
func (w *writer) empty(name string, attrs ...string) {
	w.start(name, attrs...)
	w.b.Truncate(w.b.Len() - 1)
	w.b.WriteString("/>")
}

// leaf writes an element holding text.
func (w *writer) leaf(name, text string, attrs ...string) {
	w.start(name, attrs...)
	_ = xml.EscapeText(&w.b, []byte(text))
	w.end(name)
}

// optLeaf writes a text element when text is not empty.
func (w *writer) optLeaf(name, text string) {
	if text != "" {
		w.leaf(name, text)
	}
}

// raw writes an element holding a self-contained fragment.
func (w *writer) raw(name string, frag []byte, attrs ...string) {
	w.start(name, attrs...)
	w.b.Write(frag)
	w.end(name)
}

func (w *writer) ts(t time.Time) string { return t.UTC().Format(w.layout) }

func (w *writer) optTimestamp(name string, t *time.Time) {
	if t != nil {
		w.leaf(name, w.ts(*t))
	}
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// headerAttrs returns message_id and, for responses, in_response_to.
func (w *writer) headerAttrs(h *Header, response bool) []string {
	a := []string{"message_id", h.MessageID}
	if response && !w.omitIRT {
		a = append(a, "in_response_to", h.InResponseTo)
	}
	return a
}

func (w *writer) extended(h *Header) {
	if len(h.Extended) == 0 {
		return
	}
	w.start("Extended_Headers")
	for _, x := range h.Extended {
		w.raw("Extended_Header", x.Value, "name", x.Name)
	}
	w.end("Extended_Headers")
}

func (w *writer) emptyRequest(k Kind, h *Header) {
	w.start(string(k), w.headerAttrs(h, false)...)
	w.extended(h)
	w.end(string(k))
}

func (w *writer) status(s *Status) {
	a := append(w.headerAttrs(&s.Header, true), "status_type", s.Type)
	w.start(string(KindStatus), a...)
	w.extended(&s.Header)
	if len(s.Details) > 0 {
		w.start("Status_Detail")
		for _, d := range s.Details {
			if d.Raw != nil {
				w.raw("Detail", d.Raw, "name", d.Name)
			} else {
				w.leaf("Detail", d.Value, "name", d.Name)
			}
		}
		w.end("Status_Detail")
	}
	w.optLeaf("Message", s.Message)
	w.end(string(KindStatus))
}

func (w *writer) contentBindingIDs(list []ContentBinding) {
	for _, cb := range list {
		if len(cb.Subtypes) == 0 {
			w.empty("Content_Binding", "binding_id", cb.ID)
			continue
		}
		w.start("Content_Binding", "binding_id", cb.ID)
		for _, st := range cb.Subtypes {
			w.empty("Subtype", "subtype_id", st)
		}
		w.end("Content_Binding")
	}
}

func (w *writer) bindings(protocol, address string, messageBindings []string) {
	w.leaf("Protocol_Binding", protocol)
	w.leaf("Address", address)
	for _, m := range messageBindings {
		w.leaf("Message_Binding", m)
	}
}

func (w *writer) contact(name string, c ServiceContact) {
	w.start(name)
	w.bindings(c.Protocol, c.Address, c.MessageBindings)
	w.end(name)
}

func (w *writer) discoveryResponse(r *DiscoveryResponse) {
	w.start(string(KindDiscoveryResponse), w.headerAttrs(&r.Header, true)...)
	w.extended(&r.Header)
	for _, si := range r.Services {
		a := []string{"service_type", si.Type, "service_version", si.Version}
		if si.Available != nil {
			a = append(a, "available", boolStr(*si.Available))
		}
		w.start("Service_Instance", a...)
		w.bindings(si.Protocol, si.Address, si.MessageBindings)
		for _, q := range si.Queries {
			w.raw("Supported_Query", q.Body, "format_id", q.Format)
		}
		w.contentBindingIDs(si.ContentBindings)
		w.optLeaf("Message", si.Message)
		w.end("Service_Instance")
	}
	w.end(string(KindDiscoveryResponse))
}

func (w *writer) collectionInfoResponse(r *CollectionInfoResponse) {
	w.start(string(KindCollectionInfoResponse), w.headerAttrs(&r.Header, true)...)
	w.extended(&r.Header)
	for _, c := range r.Collections {
		a := []string{"collection_name", c.Name, "collection_type", c.Type}
		if c.Available != nil {
			a = append(a, "available", boolStr(*c.Available))
		}
		w.start("Collection", a...)
		w.leaf("Description", c.Description)
		if c.Volume != nil {
			w.leaf("Collection_Volume", strconv.FormatUint(*c.Volume, 10))
		}
		w.contentBindingIDs(c.ContentBindings)
		for _, pm := range c.PushMethods {
			w.start("Push_Method")
			w.leaf("Protocol_Binding", pm.Protocol)
			for _, m := range pm.MessageBindings {
				w.leaf("Message_Binding", m)
			}
			w.end("Push_Method")
		}
		for _, s := range c.PollingServices {
			w.contact("Polling_Service", s)
		}
		for _, s := range c.SubscriptionServices {
			w.contact("Subscription_Service", s)
		}
		for _, s := range c.InboxServices {
			w.start("Receiving_Inbox_Service")
			w.bindings(s.Protocol, s.Address, s.MessageBindings)
			w.contentBindingIDs(s.ContentBindings)
			w.end("Receiving_Inbox_Service")
		}
		w.end("Collection")
	}
	w.end(string(KindCollectionInfoResponse))
}

func (w *writer) query(q *Query) {
	if q != nil {
		w.raw("Query", q.Body, "format_id", q.Format)
	}
}

func (w *writer) subscriptionParams(p *SubscriptionParams) {
	if p == nil {
		return
	}
	w.start("Subscription_Parameters")
	w.optLeaf("Response_Type", p.ResponseType)
	w.contentBindingIDs(p.ContentBindings)
	w.query(p.Query)
	w.end("Subscription_Parameters")
}

func (w *writer) delivery(name string, p *DeliveryParams) {
	if p == nil {
		return
	}
	w.start(name)
	w.leaf("Protocol_Binding", p.Protocol)
	w.leaf("Address", p.Address)
	w.leaf("Message_Binding", p.MessageBinding)
	w.end(name)
}

func (w *writer) subscriptionRequest(r *SubscriptionRequest) {
	a := append(w.headerAttrs(&r.Header, false), "action", r.Action, "collection_name", r.Collection)
	w.start(string(KindSubscriptionRequest), a...)
	w.extended(&r.Header)
	w.optLeaf("Subscription_ID", r.SubscriptionID)
	w.subscriptionParams(r.Params)
	w.delivery("Push_Parameters", r.Push)
	w.end(string(KindSubscriptionRequest))
}

func (w *writer) subscriptionResponse(r *SubscriptionResponse) {
	a := append(w.headerAttrs(&r.Header, true), "collection_name", r.Collection)
	w.start(string(KindSubscriptionResponse), a...)
	w.extended(&r.Header)
	w.optLeaf("Message", r.Message)
	for _, s := range r.Subscriptions {
		w.start("Subscription", "status", s.Status)
		w.leaf("Subscription_ID", s.ID)
		w.subscriptionParams(s.Params)
		w.delivery("Push_Parameters", s.Push)
		for _, p := range s.PollInstances {
			w.contact("Poll_Instance", p)
		}
		w.end("Subscription")
	}
	w.end(string(KindSubscriptionResponse))
}

func (w *writer) pollRequest(r *PollRequest) {
	a := append(w.headerAttrs(&r.Header, false), "collection_name", r.Collection)
	w.start(string(KindPollRequest), a...)
	w.extended(&r.Header)
	w.optTimestamp("Exclusive_Begin_Timestamp", r.Begin)
	w.optTimestamp("Inclusive_End_Timestamp", r.End)
	if r.Params == nil {
		w.leaf("Subscription_ID", r.SubscriptionID)
	} else {
		p := r.Params
		var pa []string
		if p.AllowAsynch {
			pa = []string{"allow_asynch", "true"}
		}
		w.start("Poll_Parameters", pa...)
		w.optLeaf("Response_Type", p.ResponseType)
		w.contentBindingIDs(p.ContentBindings)
		w.query(p.Query)
		w.delivery("Delivery_Parameters", p.Delivery)
		w.end("Poll_Parameters")
	}
	w.end(string(KindPollRequest))
}

func (w *writer) recordCount(rc *RecordCount) {
	if rc == nil {
		return
	}
	var a []string
	if rc.Partial {
		a = []string{"partial_count", "true"}
	}
	w.leaf("Record_Count", strconv.FormatUint(rc.Count, 10), a...)
}

func (w *writer) blocks(list []ContentBlock) {
	for _, b := range list {
		w.start("Content_Block")
		if b.Subtype == "" {
			w.empty("Content_Binding", "binding_id", b.Binding)
		} else {
			w.start("Content_Binding", "binding_id", b.Binding)
			w.empty("Subtype", "subtype_id", b.Subtype)
			w.end("Content_Binding")
		}
		w.raw("Content", b.Content)
		w.optTimestamp("Timestamp_Label", b.Label)
		w.optLeaf("Message", b.Message)
		w.optLeaf("Padding", b.Padding)
		w.end("Content_Block")
	}
}

func (w *writer) pollResponse(r *PollResponse) {
	a := append(w.headerAttrs(&r.Header, true), "collection_name", r.Collection, "result_id", r.ResultID)
	if r.More {
		a = append(a, "more", "true")
	}
	if r.PartNumber > 0 {
		a = append(a, "result_part_number", strconv.Itoa(r.PartNumber))
	}
	w.start(string(KindPollResponse), a...)
	w.extended(&r.Header)
	w.optLeaf("Subscription_ID", r.SubscriptionID)
	w.optTimestamp("Exclusive_Begin_Timestamp", r.Begin)
	w.optTimestamp("Inclusive_End_Timestamp", r.End)
	w.recordCount(r.RecordCount)
	w.optLeaf("Message", r.Message)
	w.blocks(r.Blocks)
	w.end(string(KindPollResponse))
}

func (w *writer) inbox(r *Inbox) {
	a := append(w.headerAttrs(&r.Header, false), "result_id", r.ResultID)
	w.start(string(KindInbox), a...)
	w.extended(&r.Header)
	for _, d := range r.Destinations {
		w.leaf("Destination_Collection_Name", d)
	}
	w.optLeaf("Message", r.Message)
	if s := r.Source; s != nil {
		w.start("Source_Subscription", "collection_name", s.Collection)
		w.leaf("Subscription_ID", s.SubscriptionID)
		w.optTimestamp("Exclusive_Begin_Timestamp", s.Begin)
		w.optTimestamp("Inclusive_End_Timestamp", s.End)
		w.end("Source_Subscription")
	}
	w.recordCount(r.RecordCount)
	w.blocks(r.Blocks)
	w.end(string(KindInbox))
}

func (w *writer) pollFulfillment(r *PollFulfillment) {
	a := append(w.headerAttrs(&r.Header, false), "collection_name", r.Collection, "result_id", r.ResultID)
	if r.PartNumber > 0 {
		a = append(a, "result_part_number", strconv.Itoa(r.PartNumber))
	}
	w.start(string(KindPollFulfillment), a...)
	w.extended(&r.Header)
	w.end(string(KindPollFulfillment))
}
