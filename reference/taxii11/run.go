package taxii11

import (
	"context"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// run is the background worker: it pushes asynchronous poll results when they are ready,
// delivers new content to push subscriptions (Part 2 §5.2.2.1, §5.4.2), retries failed
// deliveries after PushRetry, and drops expired result sets. It wakes on kick() and when
// the next piece of work is due.
func (s *Server) run(ctx context.Context) {
	defer close(s.done)
	retry := map[string]time.Time{} // subscription or result set id → next attempt
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		next := s.work(ctx, retry)
		wait := time.Hour
		if !next.IsZero() {
			wait = max(next.Sub(s.now()), 10*time.Millisecond)
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-timer.C:
		}
	}
}

// work does what is due and returns when something is due next (zero: nothing planned).
func (s *Server) work(ctx context.Context, retry map[string]time.Time) time.Time {
	now := s.now()
	var next time.Time
	later := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	if _, err := s.store.ExpireResultSets(now); err != nil {
		s.log.Error("expiring result sets", "err", err)
	}
	for _, rs := range s.store.ResultSets(func(r *blocks.ResultSet) bool { return r.Push != nil && !r.Pushed }) {
		later(rs.Expires)
		if ctx.Err() != nil {
			return next
		}
		if rs.ReadyAt.After(now) {
			later(rs.ReadyAt)
			continue
		}
		if t, ok := retry[rs.ID]; ok && t.After(now) {
			later(t)
			continue
		}
		if err := s.pushResult(ctx, rs); err != nil {
			s.log.Warn("pushing asynchronous poll result failed", "result_id", rs.ID, "address", rs.Push.Address, "err", err)
			retry[rs.ID] = now.Add(s.limits.PushRetry)
			later(retry[rs.ID])
			continue
		}
		delete(retry, rs.ID)
	}
	subs := s.store.Subscriptions(func(x *blocks.Subscription) bool {
		return x.Push != nil && (x.Status == message.SubscriptionActive || s.on(faults.T11PushWhilePaused))
	})
	if s.on(faults.T11NoPushOnAdd) {
		subs = nil
	}
	live := map[string]bool{}
	for _, sub := range subs {
		live[sub.ID] = true
		if ctx.Err() != nil {
			return next
		}
		if t, ok := retry[sub.ID]; ok && t.After(now) {
			later(t)
			continue
		}
		if err := s.deliver(ctx, sub); err != nil {
			s.log.Warn("subscription delivery failed", "subscription_id", sub.ID, "address", sub.Push.Address, "err", err)
			retry[sub.ID] = now.Add(s.limits.PushRetry)
			later(retry[sub.ID])
			continue
		}
		delete(retry, sub.ID)
	}
	for id := range retry {
		if _, ok := s.store.ResultSet(id); !ok && !live[id] {
			delete(retry, id)
		}
	}
	return next
}

// deliveryOf and pushOf convert delivery parameters between store and message forms.
func deliveryOf(p *blocks.Push) *message.DeliveryParams {
	return &message.DeliveryParams{Protocol: p.Protocol, Address: p.Address, MessageBinding: p.MessageBinding}
}

func pushOf(d *message.DeliveryParams) *blocks.Push {
	return &blocks.Push{Protocol: d.Protocol, Address: d.Address, MessageBinding: d.MessageBinding}
}

// pushResult delivers every part of an asynchronous result as its own Inbox Message carrying
// the Result ID (Part 2 §3.6.2.2), then records that it was pushed.
func (s *Server) pushResult(ctx context.Context, rs *blocks.ResultSet) error {
	for i := range rs.Parts {
		resp := s.part(rs, i)
		m := &message.Inbox{ResultID: rs.ID, RecordCount: resp.RecordCount, Blocks: resp.Blocks,
			Message: "asynchronous poll result for collection " + rs.Collection}
		pctx, cancel := s.pushContext(ctx)
		err := s.push.send(pctx, deliveryOf(rs.Push), m)
		cancel()
		if err != nil {
			return err
		}
	}
	done := *rs
	done.Pushed = true
	return s.store.PutResultSet(&done)
}

// deliver sends a push subscription the content added since its cursor, one Inbox Message per
// part-sized batch, moving the cursor after each acknowledged delivery.
func (s *Server) deliver(ctx context.Context, sub *blocks.Subscription) error {
	c := s.colls[sub.Collection]
	if c == nil {
		return nil // collection removed from the configuration
	}
	qm, st := s.queries.compile(messageQuery(sub.Query), message.V111)
	if st != nil {
		return nil // cannot happen for a stored subscription; nothing to deliver
	}
	size := config.DefaultMaxResultCount
	if len(c.polls) > 0 {
		size = c.polls[0].cfg.PartSize()
	}
	wants := wantsFn(sub.Bindings)
	keep := func(b *blocks.Block) bool { return wants(b) && qm.match(b) }
	for ctx.Err() == nil {
		list, scanned := s.store.Since(sub.Collection, sub.Cursor, size, keep)
		if scanned == sub.Cursor {
			return nil
		}
		// The subscription may have been paused or removed since it was listed: content
		// added after that must wait for RESUME (Part 2 §5.4.2), so look again now that the
		// content to send is known.
		if cur, ok := s.store.Subscription(sub.ID); !ok || (cur.Status != message.SubscriptionActive && !s.on(faults.T11PushWhilePaused)) {
			return nil
		}
		var endLabel time.Time
		if last := s.store.Get([]uint64{scanned}); len(last) == 1 {
			endLabel = last[0].Label
		}
		if len(list) > 0 {
			m := &message.Inbox{
				Source:      &message.SourceSubscription{Collection: sub.Collection, SubscriptionID: sub.ID},
				RecordCount: &message.RecordCount{Count: uint64(len(list))},
			}
			if c.feed() {
				begin, end := sub.CursorLabel, endLabel
				m.Source.Begin, m.Source.End = &begin, &end
			}
			if sub.ResponseType != message.ResponseCountOnly {
				for _, b := range list {
					m.Blocks = append(m.Blocks, contentBlock(b, c.feed()))
				}
			}
			s.pushFaults(m, c.feed(), sub.CursorLabel, endLabel)
			pctx, cancel := s.pushContext(ctx)
			err := s.push.send(pctx, deliveryOf(sub.Push), m)
			cancel()
			if err != nil {
				return err
			}
		}
		// With nothing sent, the label bound stays put: the next message's range then starts
		// where the last one ended and also covers the records filtered out here.
		if len(list) == 0 {
			endLabel = sub.CursorLabel
		}
		more, err := s.advance(sub.ID, scanned, endLabel)
		if err != nil || !more {
			return err
		}
		sub.Cursor, sub.CursorLabel = scanned, endLabel
	}
	return nil
}

// advance moves a subscription's cursor and reports whether delivery may go on: not when the
// subscription was removed or paused meanwhile.
func (s *Server) advance(id string, seq uint64, label time.Time) (bool, error) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	cur, ok := s.store.Subscription(id)
	if !ok {
		return false, nil
	}
	if cur.Cursor < seq {
		cur.Cursor, cur.CursorLabel = seq, label
		if err := s.store.PutSubscription(cur); err != nil {
			return false, err
		}
	}
	return cur.Status == message.SubscriptionActive, nil
}
