package taxii21

import (
	"fmt"
	"os"
	"strings"

	"github.com/taxii-conform/taxii-conform/fixtures"
	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/store"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/envelope"
)

// seed puts a collection's seed objects into it, unless the store has seeded it before (a data
// directory from an earlier run). Seed files go through the same checks as POSTed envelopes,
// and any object refused there is a configuration error.
func seed(c *collection) error {
	if c.store.Seeded() {
		return nil // the store would skip the batch; spare reading the files
	}
	var objs []store.Object
	for _, name := range c.conf.Seed {
		raw, err := readSeed(name)
		if err != nil {
			return err
		}
		env, err := envelope.Decode(raw)
		if err != nil {
			return fmt.Errorf("seed %s: %w", name, err)
		}
		if len(env.Failures) > 0 {
			f := env.Failures[0]
			return fmt.Errorf("seed %s: object %d (%s): %s", name, f.Index, f.ID, f.Message)
		}
		objs = append(objs, env.Objects...)
	}
	if len(objs) == 0 {
		return nil
	}
	out, err := c.store.Add(store.Batch{Objects: objs, Seed: true})
	if err != nil {
		return err
	}
	for i, o := range out {
		if o.Conflict {
			return fmt.Errorf("seed: object %s, version %s, is given twice with different content", objs[i].ID, objs[i].Version)
		}
	}
	return nil
}

func readSeed(name string) ([]byte, error) {
	if builtin, ok := strings.CutPrefix(name, config.BuiltinSeed); ok {
		raw, err := fixtures.STIX21.ReadFile("stix21/" + builtin + ".json")
		if err != nil {
			return nil, fmt.Errorf("seed %s: no such built-in seed", name)
		}
		return raw, nil
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	return raw, nil
}
