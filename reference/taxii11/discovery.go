package taxii11

import (
	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// address is the absolute URL of a service as the requester reached this server.
func (ex *exchange) address(svc *service) string {
	if ex.srv.on(faults.T11RelativeAddresses) {
		return svc.cfg.Address
	}
	scheme := "http"
	if ex.tls {
		scheme = "https"
	}
	return scheme + "://" + ex.r.Host + svc.cfg.Address
}

func ptr[T any](v T) *T { return &v }

// available tells whether the requester may use a service (Discovery Response @available).
func (s *Server) available(id identity, svc *service) bool {
	if id.acct == nil && svc.cfg.AuthenticationRequired {
		return false
	}
	switch svc.cfg.Type {
	case config.Service11Poll:
		for _, c := range svc.colls {
			if s.perm(id, svc, c).CanRead() {
				return true
			}
		}
		return false
	case config.Service11Inbox:
		for _, c := range svc.colls {
			if s.perm(id, svc, c).CanWrite() {
				return true
			}
		}
		return false
	}
	return true
}

// discovery answers a Discovery Request (Part 2 §3.3, §4.4.3): every advertised service
// instance, once per version family (the request's first; only that one with
// request_family_only), over the protocol of the connection.
func (s *Server) discovery(ex *exchange, svc *service) message.Message {
	if s.o.Faults.On(faults.T11DiscoveryAnswersStatus) {
		return statusf(message.StatusSuccess, nil, "services listed elsewhere")
	}
	list := s.ordered
	if len(svc.cfg.AdvertisedServices) > 0 {
		list = nil
		for _, id := range svc.cfg.AdvertisedServices {
			for _, x := range s.ordered {
				if x.cfg.ID == id {
					list = append(list, x)
				}
			}
		}
	}
	resp := &message.DiscoveryResponse{}
	families := []*message.Family{ex.fam, ex.fam.Other()}
	if svc.cfg.RequestFamilyOnly {
		families = families[:1]
	}
	for _, f := range families {
		for _, x := range list {
			si := message.ServiceInstance{
				Type:            serviceType(x.cfg.Type),
				Version:         f.Services,
				Available:       ptr(s.available(ex.id, x)),
				Protocol:        f.Protocol(ex.tls),
				Address:         ex.address(x),
				MessageBindings: []string{f.MessageBinding},
				Message:         x.cfg.Description,
			}
			switch x.cfg.Type {
			case config.Service11Poll, config.Service11CollectionManagement:
				si.Queries = s.queries.supported(f)
			case config.Service11Inbox:
				if !x.cfg.AcceptAllContent {
					si.ContentBindings = toMessageBindings(x.cfg.SupportedContent)
				}
			}
			s.discoveryFaults(&si, f)
			resp.Services = append(resp.Services, si)
		}
	}
	return resp
}

func serviceType(t string) string {
	switch t {
	case config.Service11Discovery:
		return message.ServiceDiscovery
	case config.Service11CollectionManagement:
		return message.ServiceCollectionManagement
	case config.Service11Inbox:
		return message.ServiceInbox
	}
	return message.ServicePoll
}

// contacts lists how to reach services in the response's family.
func (ex *exchange) contacts(list []*service) []message.ServiceContact {
	var out []message.ServiceContact
	for _, x := range list {
		out = append(out, message.ServiceContact{Protocol: ex.fam.Protocol(ex.tls), Address: ex.address(x), MessageBindings: []string{ex.fam.MessageBinding}})
	}
	return out
}

// collectionInfo answers a Collection Information Request (Part 2 §3.4, §4.4.5) with the
// collections the requester has a right on, served by this service.
func (s *Server) collectionInfo(ex *exchange, svc *service) message.Message {
	resp := &message.CollectionInfoResponse{}
	f := ex.fam
	for _, c := range svc.colls {
		p := s.perm(ex.id, svc, c)
		if p == "" {
			continue
		}
		rec := message.CollectionRecord{
			Name:        c.cfg.Name,
			Type:        c.cfg.Type,
			Available:   ptr(p.CanRead() && c.cfg.IsAvailable()),
			Description: c.cfg.Description,
			Volume:      c.cfg.Volume,
		}
		if !c.cfg.AcceptAllContent {
			rec.ContentBindings = toMessageBindings(c.cfg.SupportedContent)
		}
		// Content is pushed with either message binding over HTTP or HTTPS.
		for _, proto := range []string{f.ProtocolHTTP, f.ProtocolHTTPS} {
			rec.PushMethods = append(rec.PushMethods, message.PushMethod{Protocol: proto, MessageBindings: []string{f.MessageBinding, f.Other().MessageBinding}})
		}
		rec.PollingServices = ex.contacts(c.polls)
		rec.SubscriptionServices = ex.contacts(c.cms)
		for _, in := range c.inboxes {
			is := message.InboxService{ServiceContact: ex.contacts([]*service{in})[0]}
			if !in.cfg.AcceptAllContent {
				is.ContentBindings = toMessageBindings(in.cfg.SupportedContent)
			}
			rec.InboxServices = append(rec.InboxServices, is)
		}
		s.collectionFaults(&rec)
		resp.Collections = append(resp.Collections, rec)
	}
	return resp
}
