package taxii11

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// The HTTP Protocol Binding (Part 3).
const (
	mediaTypeXML = "application/xml"

	headerContentType = "X-TAXII-Content-Type"
	headerAccept      = "X-TAXII-Accept"
	headerProtocol    = "X-TAXII-Protocol"
	headerServices    = "X-TAXII-Services"
)

// exchange is one request being answered.
type exchange struct {
	srv          *Server
	w            http.ResponseWriter
	r            *http.Request
	fam          *message.Family // family of the request and of the answer
	tls          bool
	id           identity
	inResponseTo string
	req          message.Message // the request, once parsed (fault injection reads it)
	body         []byte          // the request body, once read (fault injection reads it)
}

// guessFamily picks the family to answer in before the headers are checked: the one any
// recognisable X-TAXII-* header names, else TAXII 1.1.1.
func guessFamily(r *http.Request) *message.Family {
	if f := message.ByMessageBinding(strings.TrimSpace(r.Header.Get(headerContentType))); f != nil {
		return f
	}
	if f := message.ByServices(strings.TrimSpace(r.Header.Get(headerServices))); f != nil {
		return f
	}
	if f, _ := message.ByProtocol(strings.TrimSpace(r.Header.Get(headerProtocol))); f != nil {
		return f
	}
	for _, v := range strings.Fields(r.Header.Get(headerAccept)) {
		if f := message.ByMessageBinding(v); f != nil {
			return f
		}
	}
	return message.V111
}

func supportedBindings(first *message.Family) []message.Detail {
	return []message.Detail{
		{Name: message.DetailSupportedBinding, Value: first.MessageBinding},
		{Name: message.DetailSupportedBinding, Value: first.Other().MessageBinding},
	}
}

// single returns the one value of a header; more than one is an error.
func single(r *http.Request, name string) (string, bool, error) {
	vs := r.Header.Values(name)
	switch len(vs) {
	case 0:
		return "", false, nil
	case 1:
		return strings.TrimSpace(vs[0]), true, nil
	}
	return "", true, fmt.Errorf("header %s appears %d times", name, len(vs))
}

// checkHeaders applies Part 3 §2 to the request headers. It settles the family (from
// X-TAXII-Content-Type) and returns the HTTP status and Status Message when the request cannot
// be taken as a TAXII message: 200 wherever a Status Message can say it (Part 3 §4), 406 when
// the requester accepts no answer this server can write.
func (ex *exchange) checkHeaders() (int, *message.Status) {
	r := ex.r
	bad := func(format string, args ...any) (int, *message.Status) {
		return http.StatusOK, statusf(message.StatusBadMessage, nil, format, args...)
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !strings.HasPrefix(mt, "application/") {
			return http.StatusOK, statusf(message.StatusUnsupportedMessage, supportedBindings(ex.fam),
				"Content-Type %q: TAXII messages are sent as %s (Part 3 §2.0.2)", ct, mediaTypeXML)
		}
		if mt != mediaTypeXML {
			return http.StatusOK, statusf(message.StatusUnsupportedMessage, supportedBindings(ex.fam),
				"Content-Type %q does not agree with the XML message binding; use %s", ct, mediaTypeXML)
		}
	}
	binding, ok, err := single(r, headerContentType)
	if err != nil {
		return bad("%v", err)
	}
	if !ok {
		return bad("the request lacks %s, so it carries no TAXII message (Part 3 §2.0.4); send %s: %s or %s",
			headerContentType, headerContentType, message.V111.MessageBinding, message.V11.MessageBinding)
	}
	fam := message.ByMessageBinding(binding)
	if fam == nil {
		return http.StatusOK, statusf(message.StatusUnsupportedMessage, supportedBindings(ex.fam),
			"message binding %q is not supported", binding)
	}
	ex.fam = fam
	services, ok, err := single(r, headerServices)
	if err != nil {
		return bad("%v", err)
	}
	if !ok {
		return bad("the request lacks %s (Part 3 §2.0.6); send %s: %s", headerServices, headerServices, fam.Services)
	}
	if sf := message.ByServices(services); sf == nil {
		return bad("%s %q is not a TAXII Services Version ID this server speaks (%s or %s)",
			headerServices, services, message.V111.Services, message.V11.Services)
	} else if sf != fam {
		return bad("%s names TAXII %s services but %s names the TAXII %s message binding; send %s: %s",
			headerServices, sf.Name, headerContentType, fam.Name, headerServices, fam.Services)
	}
	protocol, ok, err := single(r, headerProtocol)
	if err != nil {
		return bad("%v", err)
	}
	want := fam.Protocol(ex.tls)
	if !ok {
		return bad("the request lacks %s (Part 3 §2.0.5); send %s: %s", headerProtocol, headerProtocol, want)
	}
	pf, ptls := message.ByProtocol(protocol)
	switch {
	case pf == nil:
		return http.StatusOK, statusf(message.StatusUnsupportedProtocol,
			[]message.Detail{{Name: message.DetailSupportedProtocol, Value: want}},
			"protocol binding %q is not supported", protocol)
	case ptls != ex.tls:
		return http.StatusOK, statusf(message.StatusUnsupportedProtocol,
			[]message.Detail{{Name: message.DetailSupportedProtocol, Value: want}},
			"%s %s does not agree with the connection, which is %s (Part 3 §2.0.5)", headerProtocol, protocol, map[bool]string{true: "HTTPS", false: "plain HTTP"}[ex.tls])
	case pf != fam:
		return bad("%s names the TAXII %s protocol binding but %s names TAXII %s; send %s: %s",
			headerProtocol, pf.Name, headerContentType, fam.Name, headerProtocol, want)
	}
	if vs := r.Header.Values(headerAccept); len(vs) > 0 {
		acceptable := false
		for _, v := range vs {
			for _, id := range strings.Fields(v) {
				if id == fam.MessageBinding {
					acceptable = true
				}
			}
		}
		if !acceptable {
			return http.StatusNotAcceptable, statusf(message.StatusUnsupportedMessage,
				[]message.Detail{{Name: message.DetailSupportedBinding, Value: fam.MessageBinding}},
				"%s %q does not include %s, the binding of the request", headerAccept, strings.Join(vs, " "), fam.MessageBinding)
		}
	}
	if a := r.Header.Values("Accept"); len(a) > 0 && !acceptsXML(strings.Join(a, ",")) {
		return http.StatusNotAcceptable, statusf(message.StatusUnsupportedMessage, supportedBindings(fam),
			"Accept %q excludes %s, the only media type of TAXII XML messages", strings.Join(a, ","), mediaTypeXML)
	}
	return 0, nil
}

// acceptsXML reports whether an Accept header admits application/xml.
func acceptsXML(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		mt, params, err := mime.ParseMediaType(part)
		if err != nil {
			continue
		}
		if q, ok := params["q"]; ok && strings.Trim(q, "0.") == "" {
			continue // q=0 refuses the range
		}
		switch mt {
		case mediaTypeXML, "application/*", "*/*":
			return true
		}
	}
	return false
}

// readBody reads the whole body, up to limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

// reply writes m as the answer, with the headers of Part 3 §2 and the family's identifiers.
func (ex *exchange) reply(code int, m message.Message) {
	s := ex.srv
	f := s.o.Faults
	h := m.Head()
	h.MessageID = uuid.NewString()
	if h.InResponseTo == "" {
		h.InResponseTo = ex.inResponseTo
	}
	m = ex.messageFaults(m)
	enc := message.Encoder{Family: ex.fam}
	if f.On(faults.T11WrongNamespace) {
		enc.Namespace = ex.fam.Other().Namespace
	}
	if f.On(faults.T11TimestampSevenDigits) {
		enc.TimestampLayout = "2006-01-02T15:04:05.0000000Z07:00"
	}
	if f.On(faults.T11NoInResponseTo) && m.Kind() == message.KindPollResponse {
		enc.OmitInResponseTo = true
	}
	body := s.replyBytesFaults(m, enc.Marshal(m), ex.fam.Prefix)
	hd := ex.w.Header()
	hd.Set("Content-Type", mediaTypeXML)
	if !f.On(faults.T11NoContentTypeHeader) {
		hd.Set(headerContentType, ex.fam.MessageBinding)
	}
	hd.Set(headerProtocol, ex.fam.Protocol(ex.tls))
	hd.Set(headerServices, ex.fam.Services)
	if f.On(faults.T11AcceptInResponse) {
		hd.Set(headerAccept, ex.fam.MessageBinding)
	}
	hd.Set("Cache-Control", "no-store")
	code, body = ex.outputFaults(code, m, body)
	ex.w.WriteHeader(code)
	_, _ = ex.w.Write(body)
	if st, ok := m.(*message.Status); ok {
		s.log.Debug("status", "path", ex.r.URL.Path, "status_type", st.Type, "message", st.Message)
	}
}
