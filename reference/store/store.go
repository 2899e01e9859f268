// Package store keeps the TAXII 2.1 reference server's objects: every version of every STIX
// object per collection, in the order the collection received them, plus the status resources of
// Add Objects requests.
//
// Everything is served from memory: each collection holds a log of object versions ordered by
// date_added (microseconds, unique and strictly increasing per collection, so that paging by
// added_after can neither skip nor repeat) and an index by object id. Object JSON is kept as the
// compact bytes received and is written out again as is. With a data directory the store is
// also written to a bbolt file, and every write is synced to disk before the call returns, so
// an acknowledged write survives a crash; the file is read back into memory when opened.
package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/taxii-conform/taxii-conform/reference/taxii21/timestamp"
)

// Object is one version of one STIX object, as a client sent it.
type Object struct {
	ID          string
	Type        string
	SpecVersion string // "2.1", "2.0"
	// Version is the object's modified timestamp (created when it has none) exactly as written.
	// Empty means the object carries neither; the store then uses the time it was added.
	Version     string
	VersionTime time.Time // Version as an instant: versions compare by instant, not by spelling
	Raw         []byte    // the object's JSON, compact
}

// Record is a stored object version with the time its collection received it.
type Record struct {
	Object
	DateAdded int64 // microseconds since the Unix epoch
}

// VersionFilter selects versions of each object (TAXII 2.1 section 3.4.1, match[version]).
// The zero value selects the latest version.
type VersionFilter struct {
	All, First, Last bool
	Exact            []time.Time
}

func (v VersionFilter) zero() bool { return !v.All && !v.First && !v.Last && len(v.Exact) == 0 }

// Query selects records of one collection. The zero value selects the latest version, in its
// latest spec_version, of every object.
type Query struct {
	IDs   []string // match[id]; empty: any
	Types []string // match[type]; empty: any
	// SpecVersions is match[spec_version]; empty selects, per object, only the latest
	// spec_version it is stored in.
	SpecVersions []string
	Versions     VersionFilter
	// After keeps records added strictly after this many microseconds since the epoch.
	After int64
	// Limit caps the records returned; 0 means no cap.
	Limit int
	// DistinctVersions returns each version of an object once even when it is stored in
	// several spec_versions (the versions endpoint lists versions, not records).
	DistinctVersions bool
}

// Page is the result of a query: records in date_added order, and whether more match.
type Page struct {
	Records []Record
	More    bool
}

// Outcome says what became of one object handed to Add.
type Outcome struct {
	Version   string // the version recorded (for objects without one, derived from DateAdded)
	DateAdded int64
	// Duplicate: the same object (same id, version and spec_version, same JSON) was already
	// stored; nothing was added.
	Duplicate bool
	// Conflict: a different object with the same id, version and spec_version is stored; the
	// new one was refused.
	Conflict bool
}

// Batch is one write: objects, and optionally the status resource that reports on them and a
// seeding mark, all made durable together.
type Batch struct {
	Objects []Object
	// Status, when set, is called with the outcomes and returns a status resource (id and opaque
	// bytes) to keep with the objects.
	Status func([]Outcome) (id string, blob []byte)
	// Seed marks the collection as seeded; a seeding batch for a collection already seeded
	// (in an earlier run with the same data directory) is skipped, so that seed objects a
	// client deleted do not come back.
	Seed bool
}

// StatusTTL is how long status resources are kept (TAXII 2.1 section 4.3 asks for 24 hours).
const StatusTTL = 7 * 24 * time.Hour

// Store is every collection of one server.
type Store struct {
	db *bolt.DB // nil: memory only

	mu    sync.Mutex
	colls map[string]*Collection

	smu        sync.RWMutex
	statuses   map[string]status
	sinceprune int
}

type status struct {
	created int64 // microseconds since the epoch
	blob    []byte
}

// Collection is the objects of one TAXII collection.
type Collection struct {
	id    string
	store *Store

	wmu sync.Mutex // serialises writers; only writers change the fields below

	mu     sync.RWMutex // readers against the writer's publication
	log    []*entry     // by date_added; deleted entries stay until compaction
	dead   int          // deleted entries still in log
	objs   map[string]*object
	last   int64 // highest date_added ever assigned, deleted or not
	seeded bool
}

type entry struct {
	Record
	obj     *object
	deleted bool
}

// object is every stored version of one object id, in date_added order.
type object struct {
	entries []*entry
	// latestSpec is the highest spec_version among entries (by specLess, in entries order),
	// kept so that queries need not scan every version of the object for each record.
	latestSpec string
}

// setLatestSpec recomputes latestSpec from entries.
func (o *object) setLatestSpec() {
	o.latestSpec = ""
	for _, x := range o.entries {
		o.noteSpec(x.SpecVersion)
	}
}

func (o *object) noteSpec(spec string) {
	if o.latestSpec == "" || specLess(o.latestSpec, spec) {
		o.latestSpec = spec
	}
}

// Bucket and key names in the bbolt file.
var (
	bucketMeta   = []byte("meta")
	bucketStatus = []byte("status")
	objPrefix    = "objects/"
	lastPrefix   = "last/"
	seededPrefix = "seeded/"
	formatKey    = []byte("format")
	formatValue  = []byte("taxii21-store-1")
)

// FileName is the bbolt file inside the data directory.
const FileName = "taxii21.db"

// Open opens a store. An empty dir keeps everything in memory; otherwise dir (created if
// absent) holds the bbolt file FileName, created if absent, whose contents are loaded.
func Open(dir string) (*Store, error) {
	s := &Store{colls: map[string]*Collection{}, statuses: map[string]status{}}
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("store: %s is in use by another process", path)
		}
		return nil, fmt.Errorf("store: %w", err)
	}
	s.db = db
	if err := s.load(); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}

// Close closes the file of a durable store.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// Collection returns the collection with the given id, creating it empty if needed.
func (s *Store) Collection(id string) *Collection {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.colls[id]
	if c == nil {
		c = &Collection{id: id, store: s, objs: map[string]*object{}}
		s.colls[id] = c
	}
	return c
}

// Status returns a status resource kept by Add, if it is still there.
func (s *Store) Status(id string) ([]byte, bool) {
	s.smu.RLock()
	defer s.smu.RUnlock()
	st, ok := s.statuses[id]
	return st.blob, ok
}

func nowMicros() int64 { return time.Now().UnixMicro() }

// Add stores a batch. Outcomes are in the order of b.Objects. On error nothing was stored.
func (c *Collection) Add(b Batch) ([]Outcome, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if b.Seed && c.seeded {
		return nil, nil
	}
	next := max(nowMicros(), c.last+1)
	outcomes := make([]Outcome, len(b.Objects))
	fresh := make([]*entry, 0, len(b.Objects))
	var batch map[string][]*entry // entries of this batch by id, for duplicates within it
	for i, o := range b.Objects {
		if prev := c.same(o, c.objs[o.ID], batch[o.ID]); prev != nil {
			outcomes[i] = Outcome{Version: prev.Version, DateAdded: prev.DateAdded}
			if sameJSON(prev.Raw, o.Raw) {
				outcomes[i].Duplicate = true
			} else {
				outcomes[i].Conflict = true
			}
			continue
		}
		e := &entry{Record: Record{Object: o, DateAdded: next}}
		if e.Version == "" {
			e.VersionTime = time.UnixMicro(next).UTC()
			e.Version = timestamp.FormatMicros(next)
		}
		next++
		fresh = append(fresh, e)
		if batch == nil {
			batch = map[string][]*entry{}
		}
		batch[o.ID] = append(batch[o.ID], e)
		outcomes[i] = Outcome{Version: e.Version, DateAdded: e.DateAdded}
	}
	var sid string
	var sblob []byte
	if b.Status != nil {
		sid, sblob = b.Status(outcomes)
	}
	created := nowMicros()
	if c.store.db != nil {
		err := c.store.db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte(objPrefix + c.id))
			if err != nil {
				return err
			}
			for _, e := range fresh {
				if err := bk.Put(dateKey(e.DateAdded), encodeRecord(&e.Record)); err != nil {
					return err
				}
			}
			meta := tx.Bucket(bucketMeta)
			if len(fresh) > 0 {
				if err := meta.Put([]byte(lastPrefix+c.id), dateKey(next-1)); err != nil {
					return err
				}
			}
			if b.Seed {
				if err := meta.Put([]byte(seededPrefix+c.id), []byte{1}); err != nil {
					return err
				}
			}
			if sid != "" {
				return c.store.putStatusTx(tx, sid, created, sblob)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	c.mu.Lock()
	for _, e := range fresh {
		c.insert(e)
	}
	if len(fresh) > 0 {
		c.last = next - 1
	}
	if b.Seed {
		c.seeded = true
	}
	c.mu.Unlock()
	if sid != "" {
		c.store.putStatus(sid, created, sblob)
	}
	return outcomes, nil
}

// insert adds a new entry, the latest by date_added, to memory; the caller holds c.mu (or is
// loading).
func (c *Collection) insert(e *entry) {
	o := c.objs[e.ID]
	if o == nil {
		o = &object{}
		c.objs[e.ID] = o
	}
	e.obj = o
	o.entries = append(o.entries, e)
	o.noteSpec(e.SpecVersion)
	c.log = append(c.log, e)
}

// same finds a stored or batched entry with o's id, version and spec_version. Objects without a
// version have no identity beyond their content: only identical JSON counts as the same.
func (c *Collection) same(o Object, stored *object, batched []*entry) *entry {
	match := func(e *entry) bool {
		if e.SpecVersion != o.SpecVersion {
			return false
		}
		if o.Version == "" {
			return sameJSON(e.Raw, o.Raw)
		}
		return e.VersionTime.Equal(o.VersionTime)
	}
	if stored != nil {
		for _, e := range stored.entries {
			if match(e) {
				return e
			}
		}
	}
	for _, e := range batched {
		if match(e) {
			return e
		}
	}
	return nil
}

// sameJSON compares two JSON texts as values (member order and spacing do not matter).
func sameJSON(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var va, vb any
	da := json.NewDecoder(bytes.NewReader(a))
	da.UseNumber()
	db := json.NewDecoder(bytes.NewReader(b))
	db.UseNumber()
	if da.Decode(&va) != nil || db.Decode(&vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// Query returns the records q selects, oldest first.
func (c *Collection) Query(q Query) Page {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var page Page
	take := func(e *entry) bool { // false stops the scan
		if e.deleted || e.DateAdded <= q.After || !q.selects(e) {
			return true
		}
		if q.Limit > 0 && len(page.Records) == q.Limit {
			page.More = true
			return false
		}
		page.Records = append(page.Records, e.Record)
		return true
	}
	if len(q.IDs) > 0 {
		for _, e := range c.byIDs(q.IDs) {
			if !take(e) {
				break
			}
		}
		return page
	}
	start := sort.Search(len(c.log), func(i int) bool { return c.log[i].DateAdded > q.After })
	for _, e := range c.log[start:] {
		if !take(e) {
			break
		}
	}
	return page
}

// byIDs gathers the entries of the given ids in date_added order.
func (c *Collection) byIDs(ids []string) []*entry {
	var out []*entry
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if o := c.objs[id]; o != nil {
			out = append(out, o.entries...)
		}
	}
	if len(seen) > 1 {
		sort.Slice(out, func(i, j int) bool { return out[i].DateAdded < out[j].DateAdded })
	}
	return out
}

// selects applies the type, spec_version and version filters to one live entry.
func (q *Query) selects(e *entry) bool {
	if len(q.Types) > 0 && !slices.Contains(q.Types, e.Type) {
		return false
	}
	return selectVersion(e, q.SpecVersions, false, q.Versions) &&
		(!q.DistinctVersions || !q.shadowed(e))
}

// shadowed reports whether an earlier-added entry of the same object, also selected, has the
// same version.
func (q *Query) shadowed(e *entry) bool {
	for _, o := range e.obj.entries {
		if o == e {
			return false
		}
		if o.VersionTime.Equal(e.VersionTime) && selectVersion(o, q.SpecVersions, false, q.Versions) {
			return true
		}
	}
	return false
}

// selectVersion decides whether e passes the spec_version filter (specs; empty means the
// object's latest spec_version, or every spec_version when allSpecs) and the version filter,
// whose first and last are taken among the versions that pass the spec_version filter.
func selectVersion(e *entry, specs []string, allSpecs bool, v VersionFilter) bool {
	o := e.obj
	passes := func(x *entry) bool {
		switch {
		case len(specs) > 0:
			return slices.Contains(specs, x.SpecVersion)
		case allSpecs:
			return true
		default:
			return x.SpecVersion == o.latestSpec
		}
	}
	if !passes(e) {
		return false
	}
	if v.All {
		return true
	}
	for _, t := range v.Exact {
		if e.VersionTime.Equal(t) {
			return true
		}
	}
	first, last := v.First, v.Last || v.zero()
	if !first && !last {
		return false
	}
	var lo, hi time.Time
	seen := false
	for _, x := range o.entries {
		if !passes(x) {
			continue
		}
		if !seen || x.VersionTime.Before(lo) {
			lo = x.VersionTime
		}
		if !seen || x.VersionTime.After(hi) {
			hi = x.VersionTime
		}
		seen = true
	}
	return (first && e.VersionTime.Equal(lo)) || (last && e.VersionTime.Equal(hi))
}

// specLess orders spec_version strings of the form major.minor numerically.
func specLess(a, b string) bool {
	amaj, amin := splitSpec(a)
	bmaj, bmin := splitSpec(b)
	if amaj != bmaj {
		return amaj < bmaj
	}
	if amin != bmin {
		return amin < bmin
	}
	return a < b
}

func splitSpec(s string) (major, minor int) {
	n, i := 0, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 1e6; i++ {
		n = n*10 + int(s[i]-'0')
	}
	major = n
	if i < len(s) && s[i] == '.' {
		n = 0
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 1e6; i++ {
			n = n*10 + int(s[i]-'0')
		}
		minor = n
	}
	return major, minor
}

// Delete removes versions of one object: those of the given spec_versions (empty: all) that
// the version filter selects. It returns how many records it removed.
func (c *Collection) Delete(id string, specs []string, v VersionFilter) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	o := c.objs[id]
	if o == nil {
		return 0, nil
	}
	var doomed []*entry
	for _, e := range o.entries {
		if selectVersion(e, specs, true, v) {
			doomed = append(doomed, e)
		}
	}
	if len(doomed) == 0 {
		return 0, nil
	}
	if c.store.db != nil {
		err := c.store.db.Update(func(tx *bolt.Tx) error {
			bk := tx.Bucket([]byte(objPrefix + c.id))
			if bk == nil {
				return nil
			}
			for _, e := range doomed {
				if err := bk.Delete(dateKey(e.DateAdded)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("store: %w", err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Marked only now that the file no longer holds them.
	for _, e := range doomed {
		e.deleted = true
	}
	keep := o.entries[:0:0]
	for _, e := range o.entries {
		if !e.deleted {
			keep = append(keep, e)
		}
	}
	o.entries = keep
	o.setLatestSpec()
	if len(keep) == 0 {
		delete(c.objs, id)
	}
	c.dead += len(doomed)
	if c.dead > 1024 && c.dead > len(c.log)/2 {
		live := make([]*entry, 0, len(c.log)-c.dead)
		for _, e := range c.log {
			if !e.deleted {
				live = append(live, e)
			}
		}
		c.log, c.dead = live, 0
	}
	return len(doomed), nil
}

// Seeded reports whether a seeding batch was stored in the collection (in this run or an
// earlier one with the same data directory); a further one would be skipped.
func (c *Collection) Seeded() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.seeded
}

// Has reports whether any version of the object is stored.
func (c *Collection) Has(id string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.objs[id] != nil
}

// Len reports how many object versions the collection holds.
func (c *Collection) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.log) - c.dead
}

func (s *Store) putStatus(id string, created int64, blob []byte) {
	s.smu.Lock()
	defer s.smu.Unlock()
	s.statuses[id] = status{created: created, blob: blob}
	s.sinceprune++
	if s.sinceprune < 1024 {
		return
	}
	s.sinceprune = 0
	cutoff := nowMicros() - StatusTTL.Microseconds()
	var old [][]byte
	for k, st := range s.statuses {
		if st.created < cutoff {
			delete(s.statuses, k)
			old = append(old, []byte(k))
		}
	}
	if s.db != nil && len(old) > 0 {
		// Losing this clean-up in a crash only means the old statuses are pruned next time.
		_ = s.db.Update(func(tx *bolt.Tx) error {
			bk := tx.Bucket(bucketStatus)
			for _, k := range old {
				if err := bk.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

func (s *Store) putStatusTx(tx *bolt.Tx, id string, created int64, blob []byte) error {
	v := make([]byte, 8, 8+len(blob))
	copy(v, dateKey(created))
	return tx.Bucket(bucketStatus).Put([]byte(id), append(v, blob...))
}
