package taxii11

import (
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// inbox answers an Inbox Message (Part 2 §3.2, §3.2.1, §4.4.10, §5.2.3). Content goes to the
// named destination collections, or, when the service does not require names, to every
// collection of the service the requester may write to. Either every block is stored in every
// destination, and the answer is SUCCESS, or nothing is stored and the answer says why.
func (s *Server) inbox(ex *exchange, svc *service, req *message.Inbox) message.Message {
	dests, st := s.destinations(ex, svc, req)
	if st != nil {
		return st
	}
	var items []blocks.NewBlock
	var refused *message.Status
	for i, b := range req.Blocks {
		if nested(b.Binding) && b.Subtype != "" {
			return statusf(message.StatusBadMessage, nil,
				"content block %d: a nesting expression (%s) cannot carry a Subtype (Part 2 §5.3.2)", i+1, b.Binding)
		}
		if st := s.inboxContentFaults(b); st != nil {
			return st
		}
		ok := true
		if !admits(svc.cfg.AcceptAllContent, svc.cfg.SupportedContent, b.Binding, b.Subtype) {
			refused = unsupportedContent(svc.cfg.SupportedContent,
				"content block %d (%s) is not accepted by the Inbox Service at %s", i+1, describeBinding(b), svc.cfg.Address)
			ok = false
		}
		for _, c := range dests {
			if !ok {
				break
			}
			if !admits(c.cfg.AcceptAllContent, c.cfg.SupportedContent, b.Binding, b.Subtype) {
				refused = unsupportedContent(c.cfg.SupportedContent,
					"content block %d (%s) is not accepted by collection %q", i+1, describeBinding(b), c.cfg.Name)
				ok = false
			}
		}
		if !ok {
			if s.o.Faults.On(faults.T11InboxKeepsRejected) {
				continue
			}
			return refused
		}
		for _, c := range dests {
			items = append(items, blocks.NewBlock{Collection: c.cfg.Name, Binding: b.Binding, Subtype: b.Subtype, Content: s.storedContent(b), Message: b.Message})
		}
	}
	if len(items) > 0 {
		if _, err := s.store.Add(items); err != nil {
			return s.failure(err)
		}
		s.kick()
	}
	if refused != nil {
		return refused
	}
	return statusf(message.StatusSuccess, nil, "%d content blocks received", len(req.Blocks))
}

func describeBinding(b message.ContentBlock) string {
	if b.Subtype == "" {
		return b.Binding
	}
	return b.Binding + ", subtype " + b.Subtype
}

// destinations resolves where content goes. Names the requester cannot write to, or that are
// not collections of this service, get DESTINATION_COLLECTION_ERROR listing the acceptable
// ones; a collection it sees but may not write to gets UNAUTHORIZED.
func (s *Server) destinations(ex *exchange, svc *service, req *message.Inbox) ([]*collection, *message.Status) {
	var writable []*collection
	for _, c := range svc.colls {
		if s.perm(ex.id, svc, c).CanWrite() && c.cfg.IsAvailable() {
			writable = append(writable, c)
		}
	}
	acceptable := func(format string, args ...any) *message.Status {
		var d []message.Detail
		for _, c := range writable {
			d = append(d, message.Detail{Name: message.DetailAcceptableDestination, Value: c.cfg.Name})
		}
		return statusf(message.StatusDestinationCollection, d, format, args...)
	}
	if len(req.Destinations) == 0 {
		if svc.cfg.DestinationCollectionRequired {
			return nil, acceptable("the Inbox Service at %s requires a Destination_Collection_Name", svc.cfg.Address)
		}
		if len(writable) == 0 {
			return nil, statusf(message.StatusUnauthorized, nil, "%s may write to no collection through %s", who(ex.id), svc.cfg.Address)
		}
		return writable, nil
	}
	var out []*collection
	seen := map[string]bool{}
	for _, name := range req.Destinations {
		if seen[name] {
			continue
		}
		seen[name] = true
		c, st := s.lookup(ex.id, svc, name, needWrite)
		if st != nil && st.Type == message.StatusNotFound {
			return nil, acceptable("%q is not a collection you can send content to through %s", name, svc.cfg.Address)
		}
		if st != nil {
			return nil, st
		}
		out = append(out, c)
	}
	return out, nil
}
