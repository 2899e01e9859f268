package taxii11

import (
	"math"
	"strconv"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// pollSpec is what a poll asks for, from Poll_Parameters or from a subscription.
type pollSpec struct {
	responseType   string
	bindings       []blocks.Binding
	query          *message.Query
	allowAsynch    bool
	delivery       *message.DeliveryParams
	subscriptionID string
}

// poll answers a Poll Request (Part 2 §3.6, §4.4.8, §4.4.9): an immediate Poll Response,
// the first part of a multi-part result (§3.6.1), or, when the requester allows it, a PENDING
// status for an asynchronous result (§3.6.2). Never a SUCCESS status.
func (s *Server) poll(ex *exchange, svc *service, req *message.PollRequest) message.Message {
	m := s.pollInner(ex, svc, req)
	if st, ok := m.(*message.Status); ok && st.Type != message.StatusPending && s.o.Faults.On(faults.T11PollErrorAsSuccess) {
		st.Type = message.StatusSuccess
		st.Details = nil
	}
	return m
}

func (s *Server) pollInner(ex *exchange, svc *service, req *message.PollRequest) message.Message {
	c, st := s.lookup(ex.id, svc, req.Collection, needRead)
	if st != nil {
		return st
	}
	var spec pollSpec
	if req.Params == nil {
		sub, ok := s.store.Subscription(req.SubscriptionID)
		if !ok || sub.Collection != c.cfg.Name || sub.Owner != ex.id.owner() {
			return statusf(message.StatusNotFound, []message.Detail{{Name: message.DetailItem, Value: req.SubscriptionID}},
				"no subscription %q of yours to collection %q", req.SubscriptionID, c.cfg.Name)
		}
		spec = pollSpec{responseType: sub.ResponseType, bindings: sub.Bindings, query: messageQuery(sub.Query), subscriptionID: sub.ID}
	} else {
		if svc.cfg.SubscriptionRequired {
			typ := message.StatusDenied
			if s.on(faults.T11SubscribersOnlyNoDenial) {
				typ = message.StatusUnauthorized
			}
			return statusf(typ, nil, "the Poll Service at %s serves subscriptions only: send a Subscription_ID", svc.cfg.Address)
		}
		p := req.Params
		spec = pollSpec{responseType: p.ResponseType, bindings: fromMessage(p.ContentBindings), query: p.Query,
			allowAsynch: p.AllowAsynch, delivery: p.Delivery}
	}
	if !overlaps(c, spec.bindings) && !s.on(faults.T11PollIgnoresContent) {
		return unsupportedContent(c.cfg.SupportedContent, "collection %q holds none of the requested content bindings", c.cfg.Name)
	}
	qm, st := s.queries.compile(spec.query, ex.fam)
	if st != nil {
		return st
	}
	wants := wantsFn(spec.bindings)
	keep := func(b *blocks.Block) bool { return wants(b) && qm.match(b) }
	if len(s.o.Faults) > 0 {
		keep = s.pollKeepFaults(wants, qm)
	}
	var after, until, stated *time.Time
	if c.feed() {
		after, until = req.Begin, req.End
		stated = after
		if s.o.Faults.On(faults.T11PollIgnoresBegin) {
			after = nil // the response still states the requested begin
		}
	}
	if !c.feed() && s.on(faults.T11DataSetHonoursRange) {
		after, until = req.Begin, req.End
	}
	list, end := s.store.Range(c.cfg.Name, after, until, keep)
	rs := &blocks.ResultSet{
		ID:             s.resultID(c.cfg.Name),
		Collection:     c.cfg.Name,
		Owner:          ex.id.owner(),
		Created:        s.now().UTC(),
		Feed:           c.feed(),
		Begin:          stated,
		End:            end,
		Total:          len(list),
		CountOnly:      spec.responseType == message.ResponseCountOnly,
		SubscriptionID: spec.subscriptionID,
	}
	rs.Expires = rs.Created.Add(s.limits.ResultTTL)
	rs.Parts = split(list, svc.cfg.PartSize(), end, rs.CountOnly)

	if spec.allowAsynch || (req.Params != nil && s.on(faults.T11PendingNotAllowed) && asynchUnstated(ex.body)) {
		return s.startAsync(ex, rs, spec.delivery)
	}
	if len(rs.Parts) > 1 {
		if err := s.store.PutResultSet(rs); err != nil {
			return s.failure(err)
		}
	}
	return s.part(rs, 0)
}

// split divides a result into parts of at most size blocks. For a Data Feed each part covers a
// contiguous range of labels ending at its last block, the last part ending at the bound of the
// whole result (Part 2 §5.2.2.3). A COUNT_ONLY result is one part without blocks.
func split(list []*blocks.Block, size int, end time.Time, countOnly bool) []blocks.Part {
	if countOnly || len(list) <= size {
		p := blocks.Part{End: end}
		if !countOnly {
			for _, b := range list {
				p.Seqs = append(p.Seqs, b.Seq)
			}
		}
		return []blocks.Part{p}
	}
	var parts []blocks.Part
	for i := 0; i < len(list); i += size {
		chunk := list[i:min(i+size, len(list))]
		p := blocks.Part{End: chunk[len(chunk)-1].Label}
		for _, b := range chunk {
			p.Seqs = append(p.Seqs, b.Seq)
		}
		parts = append(parts, p)
	}
	parts[len(parts)-1].End = end
	return parts
}

// part renders part i (0-based) of a result set as a Poll Response.
func (s *Server) part(rs *blocks.ResultSet, i int) *message.PollResponse {
	p := rs.Parts[i]
	resp := &message.PollResponse{
		Collection:     rs.Collection,
		SubscriptionID: rs.SubscriptionID,
		RecordCount:    &message.RecordCount{Count: uint64(rs.Total)},
	}
	if rs.Feed {
		resp.Begin = rs.PartBegin(i)
		end := p.End
		resp.End = &end
		if s.o.Faults.On(faults.T11FeedNoEndTimestamp) {
			resp.End = nil
		}
	}
	if len(rs.Parts) > 1 || rs.Async {
		resp.ResultID = rs.ID
		resp.PartNumber = i + 1
		resp.More = i+1 < len(rs.Parts)
		if s.o.Faults.On(faults.T11PartNumberOffByOne) {
			resp.PartNumber = i + 2
		}
		if s.o.Faults.On(faults.T11MoreWithoutResultID) && resp.More {
			resp.ResultID = ""
		}
	}
	for _, b := range s.store.Get(p.Seqs) {
		resp.Blocks = append(resp.Blocks, contentBlock(b, rs.Feed))
	}
	if s.o.Faults.On(faults.T11RecordCountTooSmall) && len(resp.Blocks) > 0 {
		resp.RecordCount.Count = uint64(len(resp.Blocks) - 1)
	}
	s.pollResponseFaults(rs, resp)
	return resp
}

// contentBlock renders a stored block for a message; only a Data Feed's blocks carry labels.
func contentBlock(b *blocks.Block, feed bool) message.ContentBlock {
	cb := message.ContentBlock{Binding: b.Binding, Subtype: b.Subtype, Content: b.Content, Message: b.Message}
	if feed {
		l := b.Label
		cb.Label = &l
	}
	return cb
}

// startAsync stores a result set to be collected later and answers PENDING (Part 2 §3.6.2).
// Results are pushed to the requester's Inbox Service when it asked for that and the delivery
// parameters are usable; otherwise WILL_PUSH is false and the requester pulls. Too many pending
// results per requester get RETRY.
func (s *Server) startAsync(ex *exchange, rs *blocks.ResultSet, delivery *message.DeliveryParams) message.Message {
	now := s.now()
	pending := s.store.ResultSets(func(r *blocks.ResultSet) bool {
		return r.Async && r.Owner == rs.Owner && r.ReadyAt.After(now)
	})
	if len(pending) >= s.limits.MaxPendingPolls {
		wait := pending[0].ReadyAt.Sub(now)
		return statusf(message.StatusRetry, []message.Detail{{Name: message.DetailEstimatedWait, Value: seconds(wait)}},
			"%d asynchronous polls of yours are still being prepared; retry later", len(pending))
	}
	rs.Async = true
	rs.ReadyAt = now.Add(s.limits.AsyncDelay)
	if delivery != nil && s.push.check(delivery) == nil {
		rs.Push = pushOf(delivery)
	}
	if err := s.store.PutResultSet(rs); err != nil {
		return s.failure(err)
	}
	s.kick()
	return s.pending(rs, "the result is being prepared")
}

// pending builds the PENDING status of a result set not yet ready.
func (s *Server) pending(rs *blocks.ResultSet, msg string) *message.Status {
	st := statusf(message.StatusPending, []message.Detail{
		{Name: message.DetailEstimatedWait, Value: seconds(rs.ReadyAt.Sub(s.now()))},
		{Name: message.DetailResultID, Value: rs.ID},
		{Name: message.DetailWillPush, Value: strconv.FormatBool(rs.Push != nil && !rs.Pushed)},
	}, "%s", msg)
	if s.o.Faults.On(faults.T11PendingNoDetails) {
		st.Details = nil
	}
	return st
}

// seconds renders a wait as a positive number of seconds, rounded up.
func seconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// fulfill answers a Poll Fulfillment Request (Part 2 §3.6.1, §3.6.2.1, §4.4.11).
func (s *Server) fulfill(ex *exchange, svc *service, req *message.PollFulfillment) message.Message {
	c, st := s.lookup(ex.id, svc, req.Collection, needRead)
	if st != nil {
		return st
	}
	rs, ok := s.store.ResultSet(req.ResultID)
	if !ok || rs.Collection != c.cfg.Name || rs.Owner != ex.id.owner() || rs.Expires.Before(s.now()) {
		return statusf(message.StatusAsynchronousPollError, nil,
			"no result set %q for collection %q is available to you (it never existed, expired, or belongs to another requester)", req.ResultID, c.cfg.Name)
	}
	if s.now().Before(rs.ReadyAt) {
		return s.pending(rs, "the result is not ready yet")
	}
	n := req.PartNumber
	if n == 0 {
		n = 1
	}
	if n > len(rs.Parts) {
		return statusf(message.StatusInvalidResponsePart,
			[]message.Detail{{Name: message.DetailMaxPartNumber, Value: strconv.Itoa(len(rs.Parts))}},
			"result %q has %d parts", rs.ID, len(rs.Parts))
	}
	return s.part(rs, n-1)
}
