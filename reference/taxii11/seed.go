package taxii11

import (
	"time"

	"github.com/taxii-conform/taxii-conform/fixtures/stix1"
	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// SeedBase is the Timestamp Label of the first seeded block; the others follow one hour apart,
// collection after collection (default, public, drop-box), packages in name order, skipping
// those a collection does not accept.
var SeedBase = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// seed fills the default collections with the STIX 1.x fixtures, once per store.
func (s *Server) seed() error {
	if !s.cfg.Seed || s.store.LastSeq() > 0 {
		return nil // seeded before, or content arrived first: labels must only grow
	}
	var items []blocks.NewBlock
	n := 0
	for _, name := range []string{config.C11Default, config.C11Public, config.C11DropBox} {
		c := s.colls[name]
		if c == nil {
			continue
		}
		for _, p := range stix1.All() {
			if !admits(c.cfg.AcceptAllContent, c.cfg.SupportedContent, p.Binding, "") {
				continue
			}
			frag, err := message.Fragment(p.XML)
			if err != nil {
				return err
			}
			items = append(items, blocks.NewBlock{Collection: name, Binding: p.Binding, Content: frag,
				Message: "seed: " + p.Name, Label: SeedBase.Add(time.Duration(n) * time.Hour)})
			n++
		}
	}
	if len(items) == 0 {
		return nil
	}
	_, err := s.store.SeedOnce(items)
	return err
}
