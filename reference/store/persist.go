package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// File layout: bucket "objects/<collection id>" maps an 8-byte big-endian date_added to an
// encoded record; bucket "meta" holds the format mark, "last/<id>" (the highest date_added ever
// assigned, so that deletes never let date_added go backwards) and "seeded/<id>"; bucket
// "status" maps a status id to 8 bytes of creation time and the status resource.

func dateKey(us int64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(us))
	return k[:]
}

func readDateKey(k []byte) (int64, bool) {
	if len(k) != 8 {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(k)), true
}

// encodeRecord writes the parts of a record other than date_added (the key): four
// length-prefixed strings, the version instant, then the JSON.
func encodeRecord(r *Record) []byte {
	b := make([]byte, 0, 48+len(r.ID)+len(r.Type)+len(r.SpecVersion)+len(r.Version)+len(r.Raw))
	for _, s := range []string{r.ID, r.Type, r.SpecVersion, r.Version} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendVarint(b, r.VersionTime.Unix())
	b = binary.AppendUvarint(b, uint64(r.VersionTime.Nanosecond()))
	return append(b, r.Raw...)
}

var errCorrupt = errors.New("corrupt record")

// decodeRecord reads what encodeRecord wrote; damaged input is an error, never a panic.
func decodeRecord(b []byte, r *Record) error {
	var fields [4]string
	for i := range fields {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return errCorrupt
		}
		fields[i] = string(b[w : w+int(n)])
		b = b[w+int(n):]
	}
	sec, w := binary.Varint(b)
	if w <= 0 {
		return errCorrupt
	}
	b = b[w:]
	nsec, w := binary.Uvarint(b)
	if w <= 0 || nsec >= 1e9 {
		return errCorrupt
	}
	b = b[w:]
	if len(b) == 0 {
		return errCorrupt
	}
	r.ID, r.Type, r.SpecVersion, r.Version = fields[0], fields[1], fields[2], fields[3]
	r.VersionTime = time.Unix(sec, int64(nsec)).UTC()
	r.Raw = bytes.Clone(b) // bbolt's bytes are only valid inside the transaction
	return nil
}

// load reads the whole file into memory.
func (s *Store) load() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if f := meta.Get(formatKey); f == nil {
			if err := meta.Put(formatKey, formatValue); err != nil {
				return err
			}
		} else if !bytes.Equal(f, formatValue) {
			return fmt.Errorf("unknown file format %q", f)
		}
		_, err = tx.CreateBucketIfNotExists(bucketStatus)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		err := tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			id, ok := strings.CutPrefix(string(name), objPrefix)
			if !ok {
				return nil
			}
			c := s.Collection(id)
			err := bk.ForEach(func(k, v []byte) error {
				us, ok := readDateKey(k)
				if !ok {
					return fmt.Errorf("collection %s: bad key %x", id, k)
				}
				e := &entry{Record: Record{DateAdded: us}}
				if err := decodeRecord(v, &e.Record); err != nil {
					return fmt.Errorf("collection %s, record %d: %w", id, us, err)
				}
				c.insert(e)
				c.last = max(c.last, us)
				return nil
			})
			if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		err = meta.ForEach(func(k, v []byte) error {
			key := string(k)
			if id, ok := strings.CutPrefix(key, lastPrefix); ok {
				if us, ok := readDateKey(v); ok {
					c := s.Collection(id)
					c.last = max(c.last, us)
				}
			} else if id, ok := strings.CutPrefix(key, seededPrefix); ok {
				s.Collection(id).seeded = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketStatus).ForEach(func(k, v []byte) error {
			if created, ok := readDateKey(v[:min(8, len(v))]); ok {
				s.statuses[string(k)] = status{created: created, blob: bytes.Clone(v[8:])}
			}
			return nil
		})
	})
}
