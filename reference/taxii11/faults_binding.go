package taxii11

// Fault injection for the HTTP binding (Part 3), the XML binding (Part 4) and Part 2's
// exchanges, message concepts, Status Messages, content blocks and content handling (§2, §3,
// §4.1-§4.5, §5). The server consults these hooks only when a fault of reference/faults
// (taxii11_binding.go) is switched on: messageFaults changes an answer before it is encoded,
// outputFaults changes the encoded answer, its headers or its HTTP status, pushBindingFaults
// changes a pushed Inbox Message. Faults about behaviour (what is stored, filtered, pushed)
// are small guarded changes in the handlers, next to the code they break.

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/query"
)

// feedChanges numbers the polls under T11FeedContentChanges, so that each differs.
var feedChanges atomic.Int64

// mirrorAround is the instant T11LabelsNotIncreasing mirrors labels around.
var mirrorAround = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// isError reports whether a status type reports an error (anything but SUCCESS and PENDING).
func isError(t string) bool { return t != message.StatusSuccess && t != message.StatusPending }

// isQueryStatus reports whether a status type is one of the Default Query's (Part 5 §2), whose
// details Part 5 defines, not Table 2.
func isQueryStatus(t string) bool {
	switch t {
	case query.StatusUnsupportedCapabilityModule, query.StatusUnsupportedTargetingExpression, query.StatusUnsupportedTargetingExpressionID:
		return true
	}
	return false
}

// messageFaults changes an answer before it is encoded.
func (ex *exchange) messageFaults(m message.Message) message.Message {
	s := ex.srv
	if len(s.o.Faults) == 0 {
		return m
	}
	req := ex.req
	h := m.Head()
	if s.on(faults.T11MessageIDNotURI) {
		h.MessageID = "message " + h.MessageID
	}
	if s.on(faults.T11ExtendedHeaderRefused) && req != nil && len(req.Head().Extended) > 0 {
		return &message.Status{Header: message.Header{MessageID: h.MessageID, InResponseTo: h.InResponseTo},
			Type: message.StatusBadMessage, Message: "extended headers are not accepted"}
	}
	for _, n := range []struct {
		fault, header, detail, format, status, protocol string
	}{
		{faults.T11NamesNotURIs, "trace id", "status note", "default query", "no such thing", "http push"},
		{faults.T11UnqualifiedNames, "trace", "note", "default-query", "no-such-thing", "http-push"},
	} {
		if !s.on(n.fault) {
			continue
		}
		h.Extended = append(h.Extended, message.ExtendedHeader{Name: n.header, Value: []byte("taxii-conform")})
		switch v := m.(type) {
		case *message.Status:
			v.Details = append(v.Details, message.Detail{Name: n.detail, Value: "x"})
			if v.Type == message.StatusNotFound {
				v.Type = n.status
			}
		case *message.DiscoveryResponse:
			for i := range v.Services {
				for j := range v.Services[i].Queries {
					v.Services[i].Queries[j].Format = n.format
				}
			}
		case *message.CollectionInfoResponse:
			for i := range v.Collections {
				v.Collections[i].PushMethods = append(v.Collections[i].PushMethods,
					message.PushMethod{Protocol: n.protocol, MessageBindings: []string{ex.fam.MessageBinding}})
			}
		case *message.PollResponse:
			if n.fault == faults.T11NamesNotURIs {
				for i := range v.Blocks {
					// A nesting expression may carry no Subtype at all (another fault breaks that).
					if v.Blocks[i].Subtype == "" && !nested(v.Blocks[i].Binding) {
						v.Blocks[i].Subtype = "stix package"
					}
				}
			}
		}
	}
	switch v := m.(type) {
	case *message.Status:
		return ex.statusFaults(v)
	case *message.DiscoveryResponse:
		if s.on(faults.T11CustomServicesVersion) && len(v.Services) > 0 {
			extra := v.Services[0]
			extra.Version = "urn:example.com:taxii:services:9.9"
			v.Services = append(v.Services, extra)
		}
	case *message.CollectionInfoResponse:
		if s.on(faults.T11NoCollectionsAsStatus) && len(v.Collections) == 0 {
			return &message.Status{Header: *h, Type: message.StatusSuccess, Message: "no collections"}
		}
		for i := range v.Collections {
			// Only where bindings are listed already: on a collection that takes every binding,
			// a list would also claim restrictions it does not have.
			if s.on(faults.T11NestingOutsideBlocks) && len(v.Collections[i].ContentBindings) > 0 {
				v.Collections[i].ContentBindings = append(v.Collections[i].ContentBindings,
					message.ContentBinding{ID: "urn:stix.mitre.org:xml:1.2|urn:stix.mitre.org:xml:1.1.1"})
			}
		}
		if s.on(faults.T11CollectionNameNotURI) && len(v.Collections) > 0 {
			// An extra, unavailable record, so that the collections in use keep their names.
			extra := v.Collections[0]
			extra.Name += " (copy)"
			extra.Available = new(bool)
			v.Collections = append(v.Collections, extra)
		}
	case *message.SubscriptionResponse:
		ex.subscriptionFaults(v)
	case *message.PollResponse:
		return ex.pollFaults(v)
	}
	if s.on(faults.T11ManagementRefusesAll) && req != nil &&
		(req.Kind() == message.KindCollectionInfoRequest || req.Kind() == message.KindSubscriptionRequest) {
		return &message.Status{Header: *h, Type: message.StatusFailure, Message: "the service is not taking requests"}
	}
	return m
}

// statusFaults changes a Status Message.
func (ex *exchange) statusFaults(st *message.Status) message.Message {
	s := ex.srv
	req := ex.req
	if s.on(faults.T11BadMessageAsSuccess) && st.Type == message.StatusBadMessage {
		st.Type, st.Details = message.StatusSuccess, nil
	}
	if s.on(faults.T11UnknownResultNotFound) && st.Type == message.StatusAsynchronousPollError {
		st.Type = message.StatusNotFound
		if pf, ok := req.(*message.PollFulfillment); ok {
			st.Details = append(st.Details, message.Detail{Name: message.DetailItem, Value: pf.ResultID})
		}
	}
	if s.on(faults.T11EarlyFulfillmentEmpty) && st.Type == message.StatusPending && req != nil && req.Kind() == message.KindPollFulfillment {
		pf := req.(*message.PollFulfillment)
		return &message.PollResponse{Header: st.Header, Collection: pf.Collection, ResultID: pf.ResultID, PartNumber: 1}
	}
	if s.on(faults.T11StatusWithoutMessage) && isError(st.Type) {
		st.Message = ""
	}
	if s.on(faults.T11StatusWithoutDetails) && st.Type != message.StatusPending && st.Type != message.StatusInvalidResponsePart && !isQueryStatus(st.Type) {
		st.Details = nil
	}
	if s.on(faults.T11InvalidPartNoMax) && st.Type == message.StatusInvalidResponsePart {
		st.Details = nil
	}
	if s.on(faults.T11EstimatedWaitNotInteger) && st.Type == message.StatusPending {
		for i := range st.Details {
			if st.Details[i].Name == message.DetailEstimatedWait {
				st.Details[i].Value = "soon"
			}
		}
	}
	if sr, ok := req.(*message.SubscriptionRequest); ok && isError(st.Type) {
		if s.on(faults.T11RefusedChangeApplies) && sr.SubscriptionID != "" &&
			(sr.Action == message.ActionPause || sr.Action == message.ActionUnsubscribe) {
			if sub, ok := s.store.Subscription(sr.SubscriptionID); ok && sub.Owner == ex.id.owner() {
				_ = s.store.DeleteSubscription(sub.ID)
			}
		}
	}
	return st
}

// subscriptionFaults changes a Manage Collection Subscription Response.
func (ex *exchange) subscriptionFaults(v *message.SubscriptionResponse) {
	s := ex.srv
	req, _ := ex.req.(*message.SubscriptionRequest)
	if req != nil && req.Action != message.ActionStatus && s.on(faults.T11SubscriptionListedTwice) && len(v.Subscriptions) == 1 {
		v.Subscriptions = append(v.Subscriptions, v.Subscriptions[0])
	}
	for i := range v.Subscriptions {
		rec := &v.Subscriptions[i]
		if req != nil && req.Action != message.ActionSubscribe && req.Push != nil && s.on(faults.T11PushParamsOnOtherAction) {
			if sub, ok := s.store.Subscription(rec.ID); ok {
				sub.Push = pushOf(req.Push)
				_ = s.store.PutSubscription(sub)
				rec.Push = req.Push
			}
		}
		if s.on(faults.T11SubscriptionParamsLost) && rec.Params != nil {
			rec.Params = &message.SubscriptionParams{ResponseType: message.ResponseFull}
		}
		if s.on(faults.T11PushParamsEchoWrong) && rec.Push != nil {
			p := *rec.Push
			p.Address = strings.TrimSuffix(p.Address, "/") + "/elsewhere/"
			rec.Push = &p
		}
	}
}

// pollFaults changes a Poll Response.
func (ex *exchange) pollFaults(v *message.PollResponse) message.Message {
	s := ex.srv
	if s.on(faults.T11PollRefusesAll) {
		if _, ok := ex.req.(*message.PollRequest); ok {
			return &message.Status{Header: v.Header, Type: message.StatusDenied, Message: "polling is closed"}
		}
	}
	for i := range v.Blocks {
		b := &v.Blocks[i]
		if b.Label != nil && s.on(faults.T11LabelsSecondPrecision) {
			l := b.Label.Truncate(time.Second)
			b.Label = &l
		}
		if b.Label != nil && s.on(faults.T11LabelsNotIncreasing) {
			l := mirrorAround.Add(mirrorAround.Sub(*b.Label))
			b.Label = &l
		}
		if s.on(faults.T11SubtypeOnNested) && nested(b.Binding) && b.Subtype == "" {
			b.Subtype = "urn:example.com:taxii-refserver:subtype"
		}
		if s.on(faults.T11FeedContentChanges) && b.Label != nil {
			b.Content = append(append([]byte(nil), b.Content...), []byte(fmt.Sprintf("<!-- poll %d -->", feedChanges.Add(1)))...)
		}
	}
	if v.End != nil {
		end := *v.End
		switch {
		case s.on(faults.T11FeedEndBeforeNewest):
			end = end.Add(-time.Hour)
		case s.on(faults.T11FeedEndInFuture):
			end = end.Add(time.Hour)
		}
		if s.on(faults.T11PartEndTooEarly) && v.More && len(v.Blocks) >= 2 && v.Blocks[len(v.Blocks)-2].Label != nil {
			end = *v.Blocks[len(v.Blocks)-2].Label
		}
		v.End = &end
	}
	if v.Begin != nil {
		begin := *v.Begin
		if s.on(faults.T11PollStatesReturned) && len(v.Blocks) > 0 && v.Blocks[0].Label != nil {
			begin = *v.Blocks[0].Label
		}
		if s.on(faults.T11PartsNotContiguous) && v.PartNumber >= 2 {
			begin = begin.Add(time.Second)
		}
		v.Begin = &begin
	}
	if s.on(faults.T11PartsCutRecords) && v.More && len(v.Blocks) > 0 {
		last := &v.Blocks[len(v.Blocks)-1]
		half := last.Content[:len(last.Content)/2]
		last.Content = []byte(html.EscapeString(string(half)))
	}
	return v
}

var (
	rootStart     = regexp.MustCompile(`<([A-Za-z_][\w.-]*):([A-Za-z_]+)[ >/]`)
	messageIDAttr = regexp.MustCompile(` message_id="[^"]*"`)
	statusType    = regexp.MustCompile(` status_type="[^"]*"`)
	labelZone     = regexp.MustCompile(`(<[\w.-]+:(?:Timestamp_Label|Exclusive_Begin_Timestamp|Inclusive_End_Timestamp)>[^<]*?)(Z|[+-]\d\d:\d\d)<`)
	detailName    = regexp.MustCompile(`(<[\w.-]+:Detail) name="[^"]*"`)
	contentBind   = regexp.MustCompile(`<[\w.-]+:Content_Binding [^>]*?(?:/>|>.*?</[\w.-]+:Content_Binding>)`)
	protoAddress  = regexp.MustCompile(`(<[\w.-]+:Protocol_Binding>[^<]*</[\w.-]+:Protocol_Binding>)(<[\w.-]+:Address>[^<]*</[\w.-]+:Address>)`)
	collNameAttr  = regexp.MustCompile(` collection_name="[^"]*"`)
	subStatusAttr = regexp.MustCompile(`(<[\w.-]+:Subscription)(?: status="[^"]*")?>`)
	pollInstAddr  = regexp.MustCompile(`(<[\w.-]+:Poll_Instance>.*?)<[\w.-]+:Address>[^<]*</[\w.-]+:Address>`)
)

// rootOf finds the root element's prefix and name and where its start tag ends.
func rootOf(body []byte) (prefix, name string, end int) {
	m := rootStart.FindSubmatchIndex(body)
	if m == nil {
		return "", "", -1
	}
	end = bytes.IndexByte(body[m[0]:], '>')
	if end < 0 {
		return "", "", -1
	}
	return string(body[m[2]:m[3]]), string(body[m[4]:m[5]]), m[0] + end
}

// outputFaults changes the encoded answer, its headers or its HTTP status.
func (ex *exchange) outputFaults(code int, m message.Message, body []byte) (int, []byte) {
	s := ex.srv
	if len(s.o.Faults) == 0 {
		return code, body
	}
	hd := ex.w.Header()
	switch {
	case s.on(faults.T11ContentTypeTextXML):
		hd.Set("Content-Type", "text/xml")
	case s.on(faults.T11ContentTypeUnknown):
		hd.Set("Content-Type", "application/taxii-xml")
	}
	switch {
	case s.on(faults.T11NoProtocolHeader):
		hd.Del(headerProtocol)
	case s.on(faults.T11ProtocolHeaderUnknown):
		hd.Set(headerProtocol, "urn:example.com:taxii-refserver:protocol:none")
	case s.on(faults.T11ProtocolOtherTransport):
		hd.Set(headerProtocol, ex.fam.Protocol(!ex.tls))
	}
	switch {
	case s.on(faults.T11NoServicesHeader):
		hd.Del(headerServices)
	case s.on(faults.T11ServicesHeaderUnknown):
		hd.Set(headerServices, "urn:example.com:taxii-refserver:services:none")
	}
	st, isStatus := m.(*message.Status)
	if isStatus && isError(st.Type) {
		if s.on(faults.T11RefusalsEmpty200) {
			for _, k := range []string{"Content-Type", headerContentType, headerProtocol, headerServices} {
				hd.Del(k)
			}
			return http.StatusOK, nil
		}
		if s.on(faults.T11ErrorsAsHTTP400) && code == http.StatusOK {
			code = http.StatusBadRequest
		}
	}
	if s.on(faults.T11InboxEmptyAnswer) && ex.req != nil && ex.req.Kind() == message.KindInbox {
		return http.StatusOK, nil
	}
	prefix, name, end := rootOf(body)
	if end < 0 {
		return code, body
	}
	edit := func(f func(head, rest []byte) ([]byte, []byte)) {
		head, rest := f(append([]byte(nil), body[:end+1]...), append([]byte(nil), body[end+1:]...))
		body = append(head, rest...)
	}
	if s.on(faults.T11NoMessageID) {
		edit(func(head, rest []byte) ([]byte, []byte) { return messageIDAttr.ReplaceAll(head, nil), rest })
	}
	if s.on(faults.T11StatusWithoutType) && name == "Status_Message" {
		edit(func(head, rest []byte) ([]byte, []byte) { return statusType.ReplaceAll(head, nil), rest })
	}
	if s.on(faults.T11CustomMessageType) && isStatus && st.Type == message.StatusNotFound {
		body = bytes.ReplaceAll(body, []byte(prefix+":Status_Message"), []byte(prefix+":Not_Found_Message"))
	}
	if s.on(faults.T11TimestampWithoutZone) {
		body = labelZone.ReplaceAll(body, []byte("$1<"))
	}
	if s.on(faults.T11DetailUnnamed) && name == "Status_Message" {
		body = detailName.ReplaceAll(body, []byte("$1"))
	}
	if s.on(faults.T11BlockWithoutBinding) && name == "Poll_Response" {
		body = removeBlockBindings(body, prefix)
	}
	if s.on(faults.T11ElementsOutOfOrder) && name == "Discovery_Response" {
		body = protoAddress.ReplaceAll(body, []byte("$2$1"))
	}
	if s.on(faults.T11ExtendedHeaderUnnamed) {
		edit(func(head, rest []byte) ([]byte, []byte) {
			return append(head, []byte(fmt.Sprintf("<%[1]s:Extended_Headers><%[1]s:Extended_Header>x</%[1]s:Extended_Header></%[1]s:Extended_Headers>", prefix))...), rest
		})
	}
	if s.on(faults.T11SubscriptionRespBroken) && name == "Subscription_Management_Response" {
		edit(func(head, rest []byte) ([]byte, []byte) { return collNameAttr.ReplaceAll(head, nil), rest })
		body = subStatusAttr.ReplaceAll(body, []byte(`$1 status="RUNNING">`))
		body = pollInstAddr.ReplaceAll(body, []byte("$1"))
	}
	if s.on(faults.T11DiscoveryIncomplete) && name == "Discovery_Response" {
		body = insertBefore(body, "</"+prefix+":Discovery_Response>", badServiceInstances(prefix, ex.fam, ex.tls))
	}
	if s.on(faults.T11CollectionInfoBroken) && name == "Collection_Information_Response" {
		body = insertBefore(body, "</"+prefix+":Collection_Information_Response>", badCollections(prefix, ex.fam, ex.tls))
	}
	if s.on(faults.T11Doctype) {
		// Before the root element (after an XML declaration, were there one).
		at := 0
		if i := bytes.Index(body, []byte("?>")); i >= 0 && bytes.HasPrefix(body, []byte("<?xml")) {
			at = i + 2
		}
		body = append(append(append([]byte(nil), body[:at]...), []byte("<!DOCTYPE taxii>\n")...), body[at:]...)
	}
	return code, body
}

// removeBlockBindings drops the Content_Binding of every Content_Block.
func removeBlockBindings(body []byte, prefix string) []byte {
	open := []byte("<" + prefix + ":Content_Block>")
	var out []byte
	for {
		i := bytes.Index(body, open)
		if i < 0 {
			return append(out, body...)
		}
		out = append(out, body[:i+len(open)]...)
		body = body[i+len(open):]
		if loc := contentBind.FindIndex(body); loc != nil && loc[0] == 0 {
			body = body[loc[1]:]
		}
	}
}

func insertBefore(body []byte, marker, extra string) []byte {
	i := bytes.LastIndex(body, []byte(marker))
	if i < 0 {
		return body
	}
	return append(append(append([]byte(nil), body[:i]...), []byte(extra)...), body[i:]...)
}

// brokenAddress is where the broken service descriptions point: a URL of the scheme their
// protocol binding names, so that the address itself breaks no rule.
func brokenAddress(tls bool) string {
	if tls {
		return "https://broken.example.com/taxii/"
	}
	return "http://broken.example.com/taxii/"
}

// badServiceInstances are service instances that each break one rule of Part 4 Table 5.
func badServiceInstances(p string, f *message.Family, tls bool) string {
	proto := f.Protocol(tls)
	si := func(typ, inner string) string {
		return fmt.Sprintf(`<%[1]s:Service_Instance service_type="%[2]s" service_version="%[3]s" available="false">%[4]s</%[1]s:Service_Instance>`, p, typ, f.Services, inner)
	}
	pb := fmt.Sprintf(`<%[1]s:Protocol_Binding>%[2]s</%[1]s:Protocol_Binding>`, p, proto)
	addr := fmt.Sprintf(`<%[1]s:Address>%[2]s</%[1]s:Address>`, p, brokenAddress(tls))
	mb := fmt.Sprintf(`<%[1]s:Message_Binding>%[2]s</%[1]s:Message_Binding>`, p, f.MessageBinding)
	return si("FEED", pb+addr+mb) +
		si("POLL", pb+mb) +
		si("POLL", pb+addr+mb+mb) +
		si("POLL", pb+addr+mb+fmt.Sprintf(`<%[1]s:Supported_Query format_id="%[2]s"><x:Nothing xmlns:x="%[3]s"/></%[1]s:Supported_Query>`, p, f.QueryFormat, f.QueryNamespace)) +
		si("POLL", pb+addr+mb+fmt.Sprintf(`<%[1]s:Supported_Query/>`, p)) +
		si("INBOX", pb+addr+mb+fmt.Sprintf(`<%[1]s:Content_Binding/>`, p)) +
		si("POLL", pb+addr+mb+fmt.Sprintf(`<%[1]s:Content_Binding binding_id="urn:stix.mitre.org:xml:1.2"/>`, p))
}

// badCollections are collections that each break one rule of Part 4 Table 8.
func badCollections(p string, f *message.Family, tls bool) string {
	c := func(name, attrs, inner string) string {
		return fmt.Sprintf(`<%[1]s:Collection collection_name="broken-%[2]s"%[3]s available="false">%[4]s</%[1]s:Collection>`, p, name, attrs, inner)
	}
	desc := fmt.Sprintf(`<%[1]s:Description>broken on purpose</%[1]s:Description>`, p)
	pb := fmt.Sprintf(`<%[1]s:Protocol_Binding>%[2]s</%[1]s:Protocol_Binding>`, p, f.Protocol(tls))
	addr := fmt.Sprintf(`<%[1]s:Address>%[2]s</%[1]s:Address>`, p, brokenAddress(tls))
	mb := fmt.Sprintf(`<%[1]s:Message_Binding>%[2]s</%[1]s:Message_Binding>`, p, f.MessageBinding)
	el := func(name, inner string) string {
		return fmt.Sprintf(`<%[1]s:%[2]s>%[3]s</%[1]s:%[2]s>`, p, name, inner)
	}
	return c("no-description", "", "") +
		c("type", ` collection_type="FEED"`, desc) +
		c("binding", "", desc+fmt.Sprintf(`<%[1]s:Content_Binding/>`, p)) +
		c("push", "", desc+el("Push_Method", mb)) +
		c("polling", "", desc+el("Polling_Service", pb+mb)) +
		c("subscription", "", desc+el("Subscription_Service", pb+addr+mb+mb)) +
		c("inbox", "", desc+el("Receiving_Inbox_Service", pb+mb))
}

// pushBindingFaults changes an encoded Inbox Message the server pushes.
func (s *Server) pushBindingFaults(out []byte, prefix string) []byte {
	if !s.on(faults.T11PushIncomplete) {
		return out
	}
	if _, _, end := rootOf(out); end >= 0 {
		out = append(messageIDAttr.ReplaceAll(append([]byte(nil), out[:end+1]...), nil), out[end+1:]...)
	}
	return removeBlockBindings(out, prefix)
}

// pollKeepFaults changes which records a poll returns.
func (s *Server) pollKeepFaults(wants func(*blocks.Block) bool, qm *matcher) func(*blocks.Block) bool {
	return func(b *blocks.Block) bool {
		if s.on(faults.T11UnreadableWithheld) && qm == nil {
			if _, err := query.ParseContent(b.Content); err != nil {
				return false
			}
		}
		return (s.on(faults.T11PollIgnoresBindings) || wants(b)) && (s.on(faults.T11PollIgnoresQuery) || qm.match(b))
	}
}

// resultID names a new result set.
func (s *Server) resultID(collection string) string {
	id := uuid.NewString()
	if s.on(faults.T11ResultIDReused) {
		id = "result-" + collection
	}
	if s.on(faults.T11ResultIDNotURI) {
		id = "result " + id
	}
	return id
}

// subscriptionID names a new subscription.
func (s *Server) subscriptionID(req *message.SubscriptionRequest, owner, collection string) string {
	switch {
	case s.on(faults.T11SubscribeUsesGivenID) && req.SubscriptionID != "":
		return req.SubscriptionID
	case s.on(faults.T11SubscriptionIDReused):
		return "subscription-" + owner + "-" + collection
	}
	return uuid.NewString()
}

// inboxContentFaults refuses content an Inbox Service must take.
func (s *Server) inboxContentFaults(b message.ContentBlock) *message.Status {
	if s.on(faults.T11InboxRefusesNonSTIX) && strings.HasPrefix(b.Binding, "urn:stix.mitre.org:") && !bytes.Contains(b.Content, []byte("STIX_Package")) {
		return statusf(message.StatusUnsupportedContent, nil, "the content is not a STIX package")
	}
	return nil
}

// storedContent is what is kept of a content block's content.
func (s *Server) storedContent(b message.ContentBlock) []byte {
	if s.on(faults.T11PaddingKept) && b.Padding != "" {
		return append(append([]byte(nil), b.Content...), []byte(html.EscapeString(b.Padding))...)
	}
	return b.Content
}
