package taxii11

import (
	"bytes"
	"slices"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// manageSubscription answers a Manage Collection Subscription Request (Part 2 §3.5, §4.4.6,
// §4.4.7), applying the criteria of §4.4.6 in order: authentication (already checked), the
// collection, then the action. A Status Message never comes with a change.
func (s *Server) manageSubscription(ex *exchange, svc *service, req *message.SubscriptionRequest) message.Message {
	n := needSee
	if req.Action == message.ActionSubscribe {
		n = needRead
	}
	if req.Push != nil && req.Action == message.ActionSubscribe && s.on(faults.T11SubscriptionChecksOrder) {
		if st := s.push.check(req.Push); st != nil {
			return st
		}
	}
	c, st := s.lookup(ex.id, svc, req.Collection, n)
	if st != nil {
		return st
	}
	s.subMu.Lock()
	defer s.subMu.Unlock()
	owner := ex.id.owner()
	resp := &message.SubscriptionResponse{Collection: c.cfg.Name}
	find := func() (*blocks.Subscription, *message.Status) {
		sub, ok := s.store.Subscription(req.SubscriptionID)
		if !ok || sub.Collection != c.cfg.Name || sub.Owner != owner {
			return nil, statusf(message.StatusNotFound, []message.Detail{{Name: message.DetailItem, Value: req.SubscriptionID}},
				"no subscription %q of yours to collection %q", req.SubscriptionID, c.cfg.Name)
		}
		return sub, nil
	}
	if req.Action != message.ActionSubscribe && req.Action != message.ActionStatus && req.SubscriptionID == "" {
		return statusf(message.StatusBadMessage, nil, "%s needs a Subscription_ID (Part 2 §4.4.6)", req.Action)
	}
	switch req.Action {
	case message.ActionSubscribe:
		return s.subscribe(ex, c, req)
	case message.ActionUnsubscribe:
		// Unknown subscriptions count as unsubscribed (§4.4.6 criterion 3).
		if sub, st := find(); st == nil {
			if err := s.store.DeleteSubscription(sub.ID); err != nil {
				return s.failure(err)
			}
		} else if s.on(faults.T11UnsubscribeUnknownMissing) {
			return st
		}
		resp.Subscriptions = []message.SubscriptionRecord{{Status: message.SubscriptionUnsubscribed, ID: req.SubscriptionID}}
		if s.on(faults.T11UnsubscribeResponseBare) {
			resp.Collection, resp.Subscriptions[0].ID = "", ""
		}
		return resp
	case message.ActionPause, message.ActionResume:
		want := message.SubscriptionPaused
		if req.Action == message.ActionResume {
			want = message.SubscriptionActive
		}
		sub, st := find()
		if st != nil {
			if s.on(faults.T11UnknownSubscriptionOK) {
				resp.Subscriptions = []message.SubscriptionRecord{{Status: want, ID: req.SubscriptionID}}
				return resp
			}
			return st
		}
		if sub.Status == want && want == message.SubscriptionActive && s.on(faults.T11ResumeActiveAsStatus) {
			return statusf(message.StatusSuccess, nil, "subscription %q is active", sub.ID)
		}
		if sub.Status == want && s.on(faults.T11RepeatStateRefused) {
			return statusf(message.StatusDenied, nil, "subscription %q is %s already", sub.ID, want)
		}
		if req.Params != nil && s.on(faults.T11ManageAppliesParameters) {
			sub.ResponseType, sub.Bindings = req.Params.ResponseType, fromMessage(req.Params.ContentBindings)
			if err := s.store.PutSubscription(sub); err != nil {
				return s.failure(err)
			}
		}
		if sub.Status != want {
			if want == message.SubscriptionActive && s.on(faults.T11ResumeDropsMissed) {
				sub.Cursor, sub.CursorLabel = s.store.LastSeq(), s.store.Clock()
			}
			sub.Status = want
			if err := s.store.PutSubscription(sub); err != nil {
				return s.failure(err)
			}
			s.kick()
		}
		resp.Subscriptions = []message.SubscriptionRecord{s.record(ex, c, sub)}
		if s.on(faults.T11ResponseExtraInstance) {
			resp.Subscriptions = append(resp.Subscriptions, resp.Subscriptions[0])
		}
		return resp
	default: // STATUS
		var subs []*blocks.Subscription
		if req.SubscriptionID != "" {
			sub, st := find()
			if st != nil {
				if s.on(faults.T11UnknownSubscriptionOK) {
					return resp
				}
				return st
			}
			subs = []*blocks.Subscription{sub}
		} else {
			subs = s.store.Subscriptions(func(x *blocks.Subscription) bool { return x.Collection == c.cfg.Name && x.Owner == owner })
		}
		for _, sub := range subs {
			rec := s.record(ex, c, sub)
			if s.on(faults.T11StatusNoParameters) {
				rec.Params = nil
			}
			resp.Subscriptions = append(resp.Subscriptions, rec)
		}
		return resp
	}
}

// subscribe creates a subscription or returns the identical one that exists (§4.4.6
// criteria 4 and 5).
func (s *Server) subscribe(ex *exchange, c *collection, req *message.SubscriptionRequest) message.Message {
	if req.Params == nil {
		return statusf(message.StatusBadMessage, nil, "SUBSCRIBE needs Subscription_Parameters (Part 2 §4.4.6)")
	}
	bindings := fromMessage(req.Params.ContentBindings)
	if !overlaps(c, bindings) && !s.on(faults.T11SubscribeIgnoresContent) {
		return unsupportedContent(c.cfg.SupportedContent, "collection %q holds none of the requested content bindings", c.cfg.Name)
	}
	if _, st := s.queries.compile(req.Params.Query, ex.fam); st != nil {
		return st
	}
	var push *blocks.Push
	if req.Push != nil {
		if st := s.push.check(req.Push); st != nil && !s.on(faults.T11SubscribeAcceptsBadPush) {
			return st
		}
		push = pushOf(req.Push)
	} else if len(c.polls) == 0 && !s.on(faults.T11UnpollableSubscribeOK) {
		return statusf(message.StatusPollingUnsupported, nil,
			"collection %q cannot be polled; subscribe with Push_Parameters instead", c.cfg.Name)
	}
	owner := ex.id.owner()
	sub := &blocks.Subscription{
		Collection:   c.cfg.Name,
		Owner:        owner,
		Status:       message.SubscriptionActive,
		ResponseType: req.Params.ResponseType,
		Bindings:     bindings,
		Query:        storedQuery(req.Params.Query),
		Push:         push,
	}
	existing := s.store.Subscriptions(func(x *blocks.Subscription) bool { return x.Collection == c.cfg.Name && x.Owner == owner })
	if old, ok := s.store.Subscription(req.SubscriptionID); ok && old.Owner == owner && old.Collection == c.cfg.Name && s.on(faults.T11SubscribeTakesID) {
		sub.ID, sub.Created, sub.Cursor, sub.CursorLabel = old.ID, old.Created, old.Cursor, old.CursorLabel
		if err := s.store.PutSubscription(sub); err != nil {
			return s.failure(err)
		}
		return &message.SubscriptionResponse{Collection: c.cfg.Name, Subscriptions: []message.SubscriptionRecord{s.record(ex, c, sub)}}
	}
	for _, x := range existing {
		if sameSubscription(x, sub) && s.on(faults.T11SubscribeRepeatRefused) {
			return statusf(message.StatusDenied, nil, "an identical subscription exists")
		}
		if sameSubscription(x, sub) && !s.on(faults.T11SubscribeDuplicates) {
			return &message.SubscriptionResponse{Collection: c.cfg.Name, Message: "an identical subscription exists",
				Subscriptions: []message.SubscriptionRecord{s.record(ex, c, x)}}
		}
	}
	if len(existing) >= s.limits.MaxSubscriptions {
		return statusf(message.StatusDenied, nil, "you have %d subscriptions to collection %q, the most allowed", len(existing), c.cfg.Name)
	}
	sub.ID = s.subscriptionID(req, owner, c.cfg.Name)
	sub.Created = s.now().UTC()
	// Deliver what is added from now on (Part 2 §5.2.2.1).
	sub.Cursor = s.store.LastSeq()
	sub.CursorLabel = s.store.Clock()
	if err := s.store.PutSubscription(sub); err != nil {
		return s.failure(err)
	}
	s.kick()
	return &message.SubscriptionResponse{Collection: c.cfg.Name, Subscriptions: []message.SubscriptionRecord{s.record(ex, c, sub)}}
}

func sameSubscription(a, b *blocks.Subscription) bool {
	rt := func(s string) string {
		if s == "" {
			return message.ResponseFull
		}
		return s
	}
	if rt(a.ResponseType) != rt(b.ResponseType) || (a.Push == nil) != (b.Push == nil) || (a.Query == nil) != (b.Query == nil) {
		return false
	}
	if a.Push != nil && *a.Push != *b.Push {
		return false
	}
	if a.Query != nil && (a.Query.Format != b.Query.Format || !bytes.Equal(a.Query.Body, b.Query.Body)) {
		return false
	}
	return slices.EqualFunc(a.Bindings, b.Bindings, func(x, y blocks.Binding) bool {
		return x.ID == y.ID && slices.Equal(x.Subtypes, y.Subtypes)
	})
}

// record describes a subscription in a response: its parameters (always, as STATUS requires),
// its delivery parameters when content is pushed, and the Poll Services that serve it.
func (s *Server) record(ex *exchange, c *collection, sub *blocks.Subscription) message.SubscriptionRecord {
	rec := message.SubscriptionRecord{
		Status: sub.Status,
		ID:     sub.ID,
		Params: &message.SubscriptionParams{
			ResponseType:    sub.ResponseType,
			ContentBindings: toMessage(sub.Bindings),
			Query:           messageQuery(sub.Query),
		},
		PollInstances: ex.contacts(c.polls),
	}
	if sub.Push != nil {
		rec.Push = deliveryOf(sub.Push)
	}
	s.subscriptionRecordFaults(&rec)
	return rec
}
