// Package blocks stores what the TAXII 1.1.1 reference server keeps: content blocks of Data
// Collections with their Timestamp Labels, subscriptions, and poll result sets.
//
// Everything is served from memory. Opened on a directory, the store also commits every write
// to a bbolt file (DIR/taxii11.db, fsync on commit) before it changes memory and returns, so a
// write that was acknowledged survives a crash (kill -9), and the file is loaded when the store
// is opened again.
package blocks

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FileName is the database file inside the data directory.
const FileName = "taxii11.db"

var (
	bucketBlocks  = []byte("blocks")
	bucketSubs    = []byte("subscriptions")
	bucketResults = []byte("results")
	bucketMeta    = []byte("meta")
	keySeeded     = []byte("seeded")
)

// ErrClosed is returned after Close.
var ErrClosed = errors.New("blocks: store is closed")

// Block is one stored content block. Blocks are immutable: callers must not change them.
type Block struct {
	Seq        uint64 // store-wide insertion order
	Collection string
	Binding    string
	Subtype    string
	Content    []byte // self-contained XML fragment
	Message    string
	Label      time.Time // Timestamp Label, UTC, microsecond precision
}

// NewBlock is a block to add. Label is normally zero (the store assigns one); seeding may give
// one, which must then be later than every label issued before.
type NewBlock struct {
	Collection string
	Binding    string
	Subtype    string
	Content    []byte
	Message    string
	Label      time.Time
}

// Store is safe for concurrent use.
type Store struct {
	mu      sync.RWMutex
	db      *bolt.DB
	closed  bool
	seq     uint64
	clock   atomic.Int64 // microseconds: latest label issued or upper bound reported
	colls   map[string][]*Block
	bySeq   map[uint64]*Block
	subs    map[string]*Subscription
	results map[string]*ResultSet
	seeded  bool
	now     func() time.Time
}

// Open opens a store; dir "" keeps everything in memory.
func Open(dir string) (*Store, error) {
	s := &Store{
		colls:   map[string][]*Block{},
		bySeq:   map[uint64]*Block{},
		subs:    map[string]*Subscription{},
		results: map[string]*ResultSet{},
		now:     time.Now,
	}
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("blocks: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("blocks: open %s: %w", filepath.Join(dir, FileName), err)
	}
	s.db = db
	if err := s.load(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) load() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketBlocks, bucketSubs, bucketResults, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		err := tx.Bucket(bucketBlocks).ForEach(func(k, v []byte) error {
			b, err := decodeBlock(k, v)
			if err != nil {
				return err
			}
			s.insert(b)
			return nil
		})
		if err != nil {
			return fmt.Errorf("blocks: loading content blocks: %w", err)
		}
		err = tx.Bucket(bucketSubs).ForEach(func(k, v []byte) error {
			var sub Subscription
			if err := json.Unmarshal(v, &sub); err != nil {
				return fmt.Errorf("subscription %q: %w", k, err)
			}
			s.subs[sub.ID] = &sub
			return nil
		})
		if err != nil {
			return fmt.Errorf("blocks: loading subscriptions: %w", err)
		}
		err = tx.Bucket(bucketResults).ForEach(func(k, v []byte) error {
			var rs ResultSet
			if err := json.Unmarshal(v, &rs); err != nil {
				return fmt.Errorf("result set %q: %w", k, err)
			}
			s.results[rs.ID] = &rs
			return nil
		})
		if err != nil {
			return fmt.Errorf("blocks: loading result sets: %w", err)
		}
		s.seeded = tx.Bucket(bucketMeta).Get(keySeeded) != nil
		return nil
	})
}

// insert adds a decoded or new block to memory; the caller holds the write lock (or is loading).
func (s *Store) insert(b *Block) {
	s.colls[b.Collection] = append(s.colls[b.Collection], b)
	s.bySeq[b.Seq] = b
	if b.Seq > s.seq {
		s.seq = b.Seq
	}
	if us := b.Label.UnixMicro(); us > s.clock.Load() {
		s.clock.Store(us)
	}
}

// Close releases the database file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.db != nil {
		return s.db.Close()
	}
	return nil
}

// update runs fn in a write transaction when the store is durable.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	if s.closed {
		return ErrClosed
	}
	if s.db == nil {
		return nil
	}
	return s.db.Update(fn)
}

// nextLabel returns a label later than every label issued and every bound reported.
func (s *Store) nextLabel() int64 {
	now := s.now().UnixMicro()
	for {
		c := s.clock.Load()
		next := max(now, c+1)
		if s.clock.CompareAndSwap(c, next) {
			return next
		}
	}
}

// advanceTo moves the clock to us if us is later; labels issued are never taken back (an
// unused label is harmless, a reused one is not).
func (s *Store) advanceTo(us int64) bool {
	for {
		c := s.clock.Load()
		if us <= c {
			return false
		}
		if s.clock.CompareAndSwap(c, us) {
			return true
		}
	}
}

// Clock returns a Timestamp Label T such that every label issued so far is at most T and every
// label issued later is greater than T: the upper bound a Poll Response reports when the request
// had none (Part 2 §5.2.2.2).
func (s *Store) Clock() time.Time {
	now := s.now().UnixMicro()
	for {
		c := s.clock.Load()
		if c >= now {
			return time.UnixMicro(c).UTC()
		}
		if s.clock.CompareAndSwap(c, now) {
			return time.UnixMicro(now).UTC()
		}
	}
}

// Add stores blocks atomically: all of them or none. Blocks without a label get consecutive
// labels later than any issued before; given labels must be increasing and later than that.
func (s *Store) Add(items []NewBlock) ([]*Block, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(items, false)
}

// SeedOnce adds items only the first time it is called on a store (across restarts of a durable
// store); it reports whether it added them.
func (s *Store) SeedOnce(items []NewBlock) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seeded {
		return false, nil
	}
	if _, err := s.add(items, true); err != nil {
		return false, err
	}
	s.seeded = true
	return true, nil
}

func (s *Store) add(items []NewBlock, seed bool) ([]*Block, error) {
	if s.closed {
		return nil, ErrClosed
	}
	seq := s.seq
	out := make([]*Block, 0, len(items))
	for _, it := range items {
		if it.Collection == "" {
			return nil, errors.New("blocks: block without collection")
		}
		var us int64
		if it.Label.IsZero() {
			us = s.nextLabel()
		} else {
			us = it.Label.UnixMicro()
			if !s.advanceTo(us) {
				return nil, fmt.Errorf("blocks: label %s is not later than labels already issued", it.Label.UTC().Format(time.RFC3339Nano))
			}
		}
		seq++
		out = append(out, &Block{Seq: seq, Collection: it.Collection, Binding: it.Binding, Subtype: it.Subtype,
			Content: it.Content, Message: it.Message, Label: time.UnixMicro(us).UTC()})
	}
	err := s.update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketBlocks)
		for _, b := range out {
			k, v := encodeBlock(b)
			if err := bk.Put(k, v); err != nil {
				return err
			}
		}
		if seed {
			return tx.Bucket(bucketMeta).Put(keySeeded, []byte{1})
		}
		return nil
	})
	if err != nil {
		// Labels handed out but not used are harmless; sequence numbers are not reused.
		return nil, fmt.Errorf("blocks: %w", err)
	}
	for _, b := range out {
		s.insert(b)
	}
	return out, nil
}

// Range returns the blocks of a collection with after < label ≤ until that keep accepts, in
// label order, and the upper bound used. A nil after means no lower bound; a nil until means
// "everything so far", and the bound returned is then Clock().
func (s *Store) Range(collection string, after, until *time.Time, keep func(*Block) bool) ([]*Block, time.Time) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var end time.Time
	if until != nil {
		end = until.UTC()
	} else {
		end = s.Clock()
	}
	list := s.colls[collection]
	lo := 0
	if after != nil {
		a := after.UnixMicro()
		lo = sort.Search(len(list), func(i int) bool { return list[i].Label.UnixMicro() > a })
	}
	e := end.UnixMicro()
	hi := sort.Search(len(list), func(i int) bool { return list[i].Label.UnixMicro() > e })
	var out []*Block
	for _, b := range list[lo:max(lo, hi)] {
		if keep == nil || keep(b) {
			out = append(out, b)
		}
	}
	return out, end
}

// Since returns up to limit blocks of a collection added after sequence number seq, in order,
// that keep accepts (limit ≤ 0: no limit), and the sequence number scanned up to.
func (s *Store) Since(collection string, seq uint64, limit int, keep func(*Block) bool) ([]*Block, uint64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	list := s.colls[collection]
	i := sort.Search(len(list), func(i int) bool { return list[i].Seq > seq })
	var out []*Block
	scanned := seq
	for ; i < len(list); i++ {
		if limit > 0 && len(out) == limit {
			break
		}
		b := list[i]
		scanned = b.Seq
		if keep == nil || keep(b) {
			out = append(out, b)
		}
	}
	return out, scanned
}

// Get returns blocks by sequence number, skipping unknown ones.
func (s *Store) Get(seqs []uint64) []*Block {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*Block, 0, len(seqs))
	for _, q := range seqs {
		if b, ok := s.bySeq[q]; ok {
			out = append(out, b)
		}
	}
	return out
}

// Count returns how many blocks a collection holds.
func (s *Store) Count(collection string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.colls[collection])
}

// LastSeq returns the highest sequence number issued.
func (s *Store) LastSeq() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.seq
}

// encodeBlock writes a block as key (sequence number, big-endian) and value (label in
// microseconds, then length-prefixed strings).
func encodeBlock(b *Block) ([]byte, []byte) {
	k := binary.BigEndian.AppendUint64(nil, b.Seq)
	v := make([]byte, 0, 32+len(b.Collection)+len(b.Binding)+len(b.Subtype)+len(b.Message)+len(b.Content))
	v = binary.AppendVarint(v, b.Label.UnixMicro())
	for _, f := range [][]byte{[]byte(b.Collection), []byte(b.Binding), []byte(b.Subtype), []byte(b.Message), b.Content} {
		v = binary.AppendUvarint(v, uint64(len(f)))
		v = append(v, f...)
	}
	return k, v
}

func decodeBlock(k, v []byte) (*Block, error) {
	if len(k) != 8 {
		return nil, fmt.Errorf("bad key length %d", len(k))
	}
	b := &Block{Seq: binary.BigEndian.Uint64(k)}
	us, n := binary.Varint(v)
	if n <= 0 {
		return nil, fmt.Errorf("block %d: bad label", b.Seq)
	}
	b.Label = time.UnixMicro(us).UTC()
	v = v[n:]
	fields := make([][]byte, 5)
	for i := range fields {
		l, n := binary.Uvarint(v)
		if n <= 0 || uint64(len(v)-n) < l {
			return nil, fmt.Errorf("block %d: truncated", b.Seq)
		}
		// Copy: bbolt's memory is only valid inside the transaction.
		fields[i] = append([]byte(nil), v[n:n+int(l)]...)
		v = v[n+int(l):]
	}
	b.Collection, b.Binding, b.Subtype, b.Message, b.Content = string(fields[0]), string(fields[1]), string(fields[2]), string(fields[3]), fields[4]
	return b, nil
}
