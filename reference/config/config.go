// Package config holds the reference server's configuration: accounts shared by both
// protocols, the TAXII 2.1 API roots and collections, and the TAXII 1.1.1 services and
// collections. Zero configuration gives Default(); --config reads YAML over it.
package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Config is the whole configuration of one reference server.
type Config struct {
	// Accounts are the HTTP Basic identities, used by both protocols.
	Accounts []Account `yaml:"accounts"`
	// TAXII21 configures the TAXII 2.1 part (discovery, API roots, collections, seed data).
	TAXII21 TAXII21 `yaml:"taxii21"`
	// TAXII11 configures the TAXII 1.1.1 part (services, collections, seed content).
	TAXII11 TAXII11 `yaml:"taxii11"`
}

// Permission is what an account may do in one collection.
type Permission string

// Permissions. "modify" is OpenTAXII's word for read and write.
const (
	Read      Permission = "read"
	Write     Permission = "write"
	ReadWrite Permission = "modify"
)

// CanRead reports whether the permission includes reading.
func (p Permission) CanRead() bool { return p == Read || p == ReadWrite }

// CanWrite reports whether the permission includes writing.
func (p Permission) CanWrite() bool { return p == Write || p == ReadWrite }

// Account is one HTTP Basic identity.
type Account struct {
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	// Admin may read and write every collection.
	Admin bool `yaml:"is_admin"`
	// Permissions maps a collection (TAXII 2.1 collection id or TAXII 1.1 collection name)
	// to what the account may do in it. Collections not listed are invisible to the account.
	Permissions map[string]Permission `yaml:"permissions"`
}

// Can returns the account's permission on a collection ("" when none).
func (a *Account) Can(collection string) Permission {
	if a == nil {
		return ""
	}
	if a.Admin {
		return ReadWrite
	}
	return a.Permissions[collection]
}

// Account finds an account by user name.
func (c *Config) Account(username string) *Account {
	for i := range c.Accounts {
		if c.Accounts[i].Username == username {
			return &c.Accounts[i]
		}
	}
	return nil
}

// Default is the zero-configuration setup documented in the README.
func Default() *Config {
	return &Config{
		Accounts: defaultAccounts(),
		TAXII21:  defaultTAXII21(),
		TAXII11:  defaultTAXII11(),
	}
}

// Load reads a configuration file. A file in OpenTAXII's data-configuration format
// (top-level services/collections/accounts) is recognised and converted.
func Load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(raw)
	if err != nil {
		return nil, err
	}
	c.TAXII21.resolveSeeds(filepath.Dir(path))
	return c, nil
}

// Parse reads configuration YAML; unknown fields are errors so that typos do not pass silently.
func Parse(raw []byte) (*Config, error) {
	if isOpenTAXII(raw) {
		return parseOpenTAXII(raw)
	}
	var c Config
	if err := decodeStrict(raw, &c); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// decodeStrict decodes YAML into v; unknown fields are errors.
func decodeStrict(raw []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// Validate checks the parts of the configuration that do not depend on a protocol.
func (c *Config) Validate() error {
	seen := map[string]bool{}
	for _, a := range c.Accounts {
		if a.Username == "" {
			return fmt.Errorf("config: account without username")
		}
		if seen[a.Username] {
			return fmt.Errorf("config: duplicate account %q", a.Username)
		}
		seen[a.Username] = true
		for coll, p := range a.Permissions {
			switch p {
			case Read, Write, ReadWrite:
			default:
				return fmt.Errorf("config: account %q: permission %q on %q (read, write or modify)", a.Username, p, coll)
			}
		}
	}
	if err := c.TAXII21.validate(); err != nil {
		return fmt.Errorf("config: taxii21: %w", err)
	}
	if err := c.TAXII11.validate(); err != nil {
		return fmt.Errorf("config: taxii11: %w", err)
	}
	return nil
}

// YAML renders the effective configuration (for --print-config). Passwords are included:
// it is the operator's own file.
func (c *Config) YAML() ([]byte, error) { return yaml.Marshal(c) }
