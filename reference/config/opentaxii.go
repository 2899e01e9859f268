package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// OpenTAXII (EclecticIQ's TAXII server) is provisioned with a "data configuration" YAML file:
// top-level services, collections and accounts. Reading it here lets the reference server be set
// up exactly like an OpenTAXII peer. Mapping:
//
//   - services: id, type, address (moved under /taxii11/ when outside it), description,
//     authentication_required, destination_collection_required, accept_all_content,
//     supported_content, subscription_required, max_result_count (content blocks per result
//     part), advertised_services. protocol_bindings and max_result_size are accepted and
//     ignored: the listener decides between HTTP and HTTPS, and parts are sized by count.
//   - collections: name, description, type, available, accept_all_content, supported_content,
//     service_ids, volume; id is ignored.
//   - accounts: username, password, is_admin, permissions. Permissions map a collection name to
//     read or modify, either directly or under taxii1: (TAXII 1.x collection names) and
//     taxii2: (API root, then collection id or alias: the inner keys become permission keys).
//
// The TAXII 2.1 part keeps its defaults. Unknown keys and permission values are errors.

type otConfig struct {
	Services    []otService    `yaml:"services"`
	Collections []otCollection `yaml:"collections"`
	Accounts    []otAccount    `yaml:"accounts"`
}

type otService struct {
	ID                            string      `yaml:"id"`
	Type                          string      `yaml:"type"`
	Address                       string      `yaml:"address"`
	Description                   string      `yaml:"description"`
	AuthenticationRequired        bool        `yaml:"authentication_required"`
	DestinationCollectionRequired bool        `yaml:"destination_collection_required"`
	AcceptAllContent              bool        `yaml:"accept_all_content"`
	SupportedContent              []Binding11 `yaml:"supported_content"`
	SubscriptionRequired          bool        `yaml:"subscription_required"`
	MaxResultCount                int         `yaml:"max_result_count"`
	MaxResultSize                 int         `yaml:"max_result_size"`
	AdvertisedServices            []string    `yaml:"advertised_services"`
	ProtocolBindings              []string    `yaml:"protocol_bindings"`
}

// otCollection is Collection11 plus OpenTAXII's id, which is accepted and ignored.
type otCollection struct {
	ID           any `yaml:"id"`
	Collection11 `yaml:",inline"`
}

type otAccount struct {
	Username    string               `yaml:"username"`
	Password    string               `yaml:"password"`
	IsAdmin     bool                 `yaml:"is_admin"`
	Permissions map[string]yaml.Node `yaml:"permissions"`
}

// isOpenTAXII reports whether raw looks like OpenTAXII's data configuration: top-level services
// or collections, or accounts whose permissions are split into taxii1/taxii2.
func isOpenTAXII(raw []byte) bool {
	var top map[string]yaml.Node
	if err := yaml.Unmarshal(raw, &top); err != nil {
		return false
	}
	if _, ok := top["services"]; ok {
		return true
	}
	if _, ok := top["collections"]; ok {
		return true
	}
	acc, ok := top["accounts"]
	if !ok || len(top) != 1 {
		return false
	}
	var accounts []otAccount
	if err := acc.Decode(&accounts); err != nil {
		return false
	}
	for _, a := range accounts {
		for k, v := range a.Permissions {
			if (k == "taxii1" || k == "taxii2") && v.Kind == yaml.MappingNode {
				return true
			}
		}
	}
	return false
}

func parseOpenTAXII(raw []byte) (*Config, error) {
	var ot otConfig
	if err := decodeStrict(raw, &ot); err != nil {
		return nil, fmt.Errorf("config: OpenTAXII data configuration: %w", err)
	}
	c := &Config{TAXII21: defaultTAXII21()}
	for _, s := range ot.Services {
		c.TAXII11.Services = append(c.TAXII11.Services, Service11{
			ID: s.ID, Type: s.Type, Address: s.Address, Description: s.Description,
			AuthenticationRequired:        s.AuthenticationRequired,
			DestinationCollectionRequired: s.DestinationCollectionRequired,
			AcceptAllContent:              s.AcceptAllContent,
			SupportedContent:              s.SupportedContent,
			SubscriptionRequired:          s.SubscriptionRequired,
			MaxResultCount:                s.MaxResultCount,
			AdvertisedServices:            s.AdvertisedServices,
		})
	}
	for _, col := range ot.Collections {
		c.TAXII11.Collections = append(c.TAXII11.Collections, col.Collection11)
	}
	// OpenTAXII files carry no content; seed only if the collections the seed is made for exist.
	c.TAXII11.Seed = c.TAXII11.Collection(C11Default) != nil || c.TAXII11.Collection(C11Public) != nil || c.TAXII11.Collection(C11DropBox) != nil
	for _, a := range ot.Accounts {
		acc := Account{Username: a.Username, Password: a.Password, Admin: a.IsAdmin}
		if len(a.Permissions) > 0 {
			acc.Permissions = map[string]Permission{}
		}
		for key, node := range a.Permissions {
			if err := otPermissions(acc.Permissions, key, node); err != nil {
				return nil, fmt.Errorf("config: OpenTAXII account %q: %w", a.Username, err)
			}
		}
		c.Accounts = append(c.Accounts, acc)
	}
	// No services and no collections: TAXII11.validate puts the defaults in.
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// otPermissions adds one permissions entry: collection: read|modify, or the nested taxii1 /
// taxii2 forms.
func otPermissions(out map[string]Permission, key string, node yaml.Node) error {
	switch {
	case key == "taxii1" && node.Kind == yaml.MappingNode:
		var m map[string]string
		if err := node.Decode(&m); err != nil {
			return fmt.Errorf("permissions.taxii1: %w", err)
		}
		for coll, p := range m {
			if err := otPermission(out, coll, p); err != nil {
				return err
			}
		}
		return nil
	case key == "taxii2" && node.Kind == yaml.MappingNode:
		var m map[string]map[string]string
		if err := node.Decode(&m); err != nil {
			return fmt.Errorf("permissions.taxii2: %w", err)
		}
		for _, colls := range m {
			for coll, p := range colls {
				if err := otPermission(out, coll, p); err != nil {
					return err
				}
			}
		}
		return nil
	case node.Kind == yaml.ScalarNode:
		return otPermission(out, key, node.Value)
	}
	return fmt.Errorf("permissions.%s: expected read or modify", key)
}

func otPermission(out map[string]Permission, coll, p string) error {
	switch Permission(p) {
	// Write is not an OpenTAXII value, but this server's own write-only permission reads the same.
	case Read, ReadWrite, Write:
		out[coll] = Permission(p)
		return nil
	}
	return fmt.Errorf("permission %q on %q: OpenTAXII knows read and modify", p, coll)
}
