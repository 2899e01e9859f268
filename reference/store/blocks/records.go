package blocks

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Binding is a Content Binding ID and the subtypes it is restricted to (none: all).
type Binding struct {
	ID       string   `json:"id"`
	Subtypes []string `json:"subtypes,omitempty"`
}

// Query is a stored query expression (a self-contained XML fragment and its format ID).
type Query struct {
	Format string `json:"format"`
	Body   []byte `json:"body"`
}

// Push names an Inbox Service content is delivered to.
type Push struct {
	Protocol       string `json:"protocol"`
	Address        string `json:"address"`
	MessageBinding string `json:"message_binding"`
}

// Subscription is one subscription to a Data Collection.
type Subscription struct {
	ID           string    `json:"id"`
	Collection   string    `json:"collection"`
	Owner        string    `json:"owner"`
	Status       string    `json:"status"` // ACTIVE or PAUSED
	ResponseType string    `json:"response_type,omitempty"`
	Bindings     []Binding `json:"bindings,omitempty"`
	Query        *Query    `json:"query,omitempty"`
	Push         *Push     `json:"push,omitempty"`
	Created      time.Time `json:"created"`
	// Cursor is the sequence number of the last block considered for delivery, CursorLabel the
	// Timestamp Label bound of that delivery (the next delivery's exclusive begin).
	Cursor      uint64    `json:"cursor"`
	CursorLabel time.Time `json:"cursor_label"`
}

// ResultSet is the result of a Poll Request kept for Poll Fulfillment: multi-part results and
// asynchronous polls.
type ResultSet struct {
	ID         string     `json:"id"`
	Collection string     `json:"collection"`
	Owner      string     `json:"owner"`
	Created    time.Time  `json:"created"`
	ReadyAt    time.Time  `json:"ready_at"` // asynchronous polls: when the result may be collected
	Expires    time.Time  `json:"expires"`
	Feed       bool       `json:"feed"`
	Begin      *time.Time `json:"begin,omitempty"` // the request's exclusive begin
	End        time.Time  `json:"end"`             // inclusive end considered
	Parts      []Part     `json:"parts"`
	Total      int        `json:"total"`
	CountOnly  bool       `json:"count_only,omitempty"`
	// SubscriptionID is set when the poll named a subscription.
	SubscriptionID string `json:"subscription_id,omitempty"`
	// Push, when set, is where an asynchronous result is delivered; Pushed records that it was.
	Push   *Push `json:"push,omitempty"`
	Pushed bool  `json:"pushed,omitempty"`
	// Async marks a result set announced with a PENDING status.
	Async bool `json:"async,omitempty"`
}

// Part is one part of a result set: its blocks and, for a Data Feed, the inclusive end label of
// the range it covers (its exclusive begin is the previous part's end, or the set's Begin).
type Part struct {
	Seqs []uint64  `json:"seqs"`
	End  time.Time `json:"end"`
}

// PartBegin returns the exclusive begin of part i (0-based).
func (r *ResultSet) PartBegin(i int) *time.Time {
	if i == 0 {
		return r.Begin
	}
	e := r.Parts[i-1].End
	return &e
}

func cloneSub(s *Subscription) *Subscription {
	c := *s
	c.Bindings = append([]Binding(nil), s.Bindings...)
	if s.Query != nil {
		q := *s.Query
		c.Query = &q
	}
	if s.Push != nil {
		p := *s.Push
		c.Push = &p
	}
	return &c
}

// PutSubscription creates or replaces a subscription.
func (s *Store) PutSubscription(sub *Subscription) error {
	if sub.ID == "" {
		return fmt.Errorf("blocks: subscription without id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := cloneSub(sub)
	err := s.update(func(tx *bolt.Tx) error {
		v, err := json.Marshal(c)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketSubs).Put([]byte(c.ID), v)
	})
	if err != nil {
		return fmt.Errorf("blocks: %w", err)
	}
	s.subs[c.ID] = c
	return nil
}

// DeleteSubscription removes a subscription; removing an unknown one is not an error.
func (s *Store) DeleteSubscription(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSubs).Delete([]byte(id)) })
	if err != nil {
		return fmt.Errorf("blocks: %w", err)
	}
	delete(s.subs, id)
	return nil
}

// Subscription returns a copy of a subscription.
func (s *Store) Subscription(id string) (*Subscription, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sub, ok := s.subs[id]
	if !ok {
		return nil, false
	}
	return cloneSub(sub), true
}

// Subscriptions returns copies of the subscriptions match accepts, ordered by creation.
func (s *Store) Subscriptions(match func(*Subscription) bool) []*Subscription {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*Subscription
	for _, sub := range s.subs {
		if match == nil || match(sub) {
			out = append(out, cloneSub(sub))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// PutResultSet creates or replaces a result set. The caller must not change it afterwards.
func (s *Store) PutResultSet(rs *ResultSet) error {
	if rs.ID == "" {
		return fmt.Errorf("blocks: result set without id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.update(func(tx *bolt.Tx) error {
		v, err := json.Marshal(rs)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketResults).Put([]byte(rs.ID), v)
	})
	if err != nil {
		return fmt.Errorf("blocks: %w", err)
	}
	s.results[rs.ID] = rs
	return nil
}

// ResultSet returns a result set (shared: do not change it; use PutResultSet with a copy).
func (s *Store) ResultSet(id string) (*ResultSet, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rs, ok := s.results[id]
	return rs, ok
}

// ResultSets returns the result sets match accepts.
func (s *Store) ResultSets(match func(*ResultSet) bool) []*ResultSet {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*ResultSet
	for _, rs := range s.results {
		if match == nil || match(rs) {
			out = append(out, rs)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out
}

// ExpireResultSets deletes result sets whose expiry is before now and returns how many.
func (s *Store) ExpireResultSets(now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, rs := range s.results {
		if rs.Expires.Before(now) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketResults)
		for _, id := range ids {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("blocks: %w", err)
	}
	for _, id := range ids {
		delete(s.results, id)
	}
	return len(ids), nil
}
