package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// TAXII 1.1.1 service types, as OpenTAXII's data configuration spells them.
const (
	Service11Discovery            = "discovery"
	Service11CollectionManagement = "collection_management"
	Service11Poll                 = "poll"
	Service11Inbox                = "inbox"
)

// Collection types.
const (
	DataFeed11 = "DATA_FEED"
	DataSet11  = "DATA_SET"
)

// Well-known Content Binding IDs (TAXII Content Binding Reference; Part 5 §4.2.1).
const (
	ContentSTIX111 = "urn:stix.mitre.org:xml:1.1.1"
	ContentSTIX12  = "urn:stix.mitre.org:xml:1.2"
	ContentSTIX121 = "urn:oasis:cti:stix:xml:1.2.1"
)

// TAXII11Prefix is the path every TAXII 1.1.1 service address lives under.
const TAXII11Prefix = "/taxii11/"

// TAXII11 configures the TAXII 1.1.1 part: its service instances, Data Collections and limits.
// A configuration file without a taxii11 section gets the defaults.
type TAXII11 struct {
	Services    []Service11    `yaml:"services"`
	Collections []Collection11 `yaml:"collections"`
	Limits      Limits11       `yaml:"limits,omitempty"`
	// Seed puts the built-in STIX 1.x content blocks into the collections named "default",
	// "public" and "drop-box" (when they exist) the first time the store is opened.
	Seed bool `yaml:"seed"`
}

// Service11 is one service instance.
type Service11 struct {
	ID   string `yaml:"id"`
	Type string `yaml:"type"` // discovery, collection_management, poll, inbox
	// Address is the URL path, under /taxii11/.
	Address     string `yaml:"address"`
	Description string `yaml:"description,omitempty"`
	// AuthenticationRequired makes the service answer UNAUTHORIZED to requests without valid
	// HTTP Basic credentials. Without it anonymous requests are served, with the rights of an
	// account allowed everything on the service's own collections.
	AuthenticationRequired bool `yaml:"authentication_required"`
	// Inbox: whether a Destination_Collection_Name is required, and which content is accepted
	// on top of what the destination collections accept.
	DestinationCollectionRequired bool        `yaml:"destination_collection_required,omitempty"`
	AcceptAllContent              bool        `yaml:"accept_all_content,omitempty"`
	SupportedContent              []Binding11 `yaml:"supported_content,omitempty"`
	// Poll: whether polls must name a subscription, and how many content blocks go in one
	// part of a result (0: the default, 100).
	SubscriptionRequired bool `yaml:"subscription_required,omitempty"`
	MaxResultCount       int  `yaml:"max_result_count,omitempty"`
	// Discovery: the services advertised (none listed: all), and whether only in the request's
	// version family. By default each is listed in both families, as the spec allows; but
	// libtaxii cannot read a Discovery Response that names a query format it does not know,
	// such as the TAXII 1.1.1 Default Query of the other family's instances.
	AdvertisedServices []string `yaml:"advertised_services,omitempty"`
	RequestFamilyOnly  bool     `yaml:"request_family_only,omitempty"`
}

// Collection11 is one Data Collection.
type Collection11 struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description,omitempty"`
	Type        string `yaml:"type"` // DATA_FEED or DATA_SET
	// Available false keeps the collection listed but refuses polls, subscriptions and content
	// (absent: true).
	Available        *bool       `yaml:"available,omitempty"`
	AcceptAllContent bool        `yaml:"accept_all_content"`
	SupportedContent []Binding11 `yaml:"supported_content,omitempty"`
	// ServiceIDs are the services (poll, inbox, collection management) that serve it.
	ServiceIDs []string `yaml:"service_ids"`
	// Volume is the advertised typical number of records added per day.
	Volume *uint64 `yaml:"volume,omitempty"`
}

// IsAvailable reports whether the collection may be used.
func (c *Collection11) IsAvailable() bool { return c.Available == nil || *c.Available }

// Binding11 is a Content Binding ID, optionally restricted to subtypes. In YAML it is either the
// ID alone or a mapping {binding: ID, subtypes: [...]}.
type Binding11 struct {
	Binding  string   `yaml:"binding"`
	Subtypes []string `yaml:"subtypes,omitempty"`
}

// UnmarshalYAML accepts a plain string or the mapping form.
func (b *Binding11) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		b.Binding = n.Value
		b.Subtypes = nil
		return nil
	}
	type plain Binding11
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*b = Binding11(p)
	return nil
}

// MarshalYAML writes the short form when there are no subtypes.
func (b Binding11) MarshalYAML() (any, error) {
	if len(b.Subtypes) == 0 {
		return b.Binding, nil
	}
	type plain Binding11
	return plain(b), nil
}

// Limits11 bound what requests may cost. Zero values mean the defaults given per field.
type Limits11 struct {
	// MaxBodyBytes caps request bodies (default 64 MiB).
	MaxBodyBytes int64 `yaml:"max_body_bytes,omitempty"`
	// AsyncDelay is how long an asynchronous poll result takes to become ready (default 1s).
	AsyncDelay time.Duration `yaml:"async_delay,omitempty"`
	// MaxPendingPolls caps asynchronous polls not yet ready per account; beyond it polls get a
	// RETRY status (default 16).
	MaxPendingPolls int `yaml:"max_pending_polls,omitempty"`
	// ResultTTL is how long result sets stay collectable (default 1h).
	ResultTTL time.Duration `yaml:"result_ttl,omitempty"`
	// MaxSubscriptions caps subscriptions per account and collection; beyond it SUBSCRIBE is
	// DENIED (default 64).
	MaxSubscriptions int `yaml:"max_subscriptions,omitempty"`
	// PushTimeout bounds one delivery to a subscriber's Inbox Service (default 10s).
	PushTimeout time.Duration `yaml:"push_timeout,omitempty"`
	// PushRetry is the wait before retrying a failed delivery (default 5s).
	PushRetry time.Duration `yaml:"push_retry,omitempty"`
	// PushToAnyHost allows pushing content to Inbox Services that are not on a loopback
	// address. Off by default: a subscription must not turn the server into a client of
	// arbitrary hosts.
	PushToAnyHost bool `yaml:"push_to_any_host,omitempty"`
}

// Defaults applied to zero limits.
const (
	DefaultMaxBodyBytes     = 64 << 20
	DefaultAsyncDelay       = time.Second
	DefaultMaxPendingPolls  = 16
	DefaultResultTTL        = time.Hour
	DefaultMaxSubscriptions = 64
	DefaultPushTimeout      = 10 * time.Second
	DefaultPushRetry        = 5 * time.Second
	DefaultMaxResultCount   = 100
)

// WithDefaults returns the limits with every zero field set to its default.
func (l Limits11) WithDefaults() Limits11 {
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.AsyncDelay <= 0 {
		l.AsyncDelay = DefaultAsyncDelay
	}
	if l.MaxPendingPolls <= 0 {
		l.MaxPendingPolls = DefaultMaxPendingPolls
	}
	if l.ResultTTL <= 0 {
		l.ResultTTL = DefaultResultTTL
	}
	if l.MaxSubscriptions <= 0 {
		l.MaxSubscriptions = DefaultMaxSubscriptions
	}
	if l.PushTimeout <= 0 {
		l.PushTimeout = DefaultPushTimeout
	}
	if l.PushRetry <= 0 {
		l.PushRetry = DefaultPushRetry
	}
	return l
}

// PartSize returns how many content blocks go in one result part.
func (s *Service11) PartSize() int {
	if s.MaxResultCount > 0 {
		return s.MaxResultCount
	}
	return DefaultMaxResultCount
}

// Service finds a service by id.
func (t *TAXII11) Service(id string) *Service11 {
	for i := range t.Services {
		if t.Services[i].ID == id {
			return &t.Services[i]
		}
	}
	return nil
}

// Collection finds a collection by name.
func (t *TAXII11) Collection(name string) *Collection11 {
	for i := range t.Collections {
		if t.Collections[i].Name == name {
			return &t.Collections[i]
		}
	}
	return nil
}

// The default collections' descriptions, shared with the OpenTAXII fixture test.
const (
	descDefault     = "Read-write Data Feed of STIX 1.x content (reader reads, writer writes)."
	descPublic      = "Read-only Data Feed of STIX 1.1.1 and 1.2 content."
	descDropBox     = "Write-only Data Set for submissions of STIX 1.2 content."
	descPushOnly    = "Data Feed without a Poll Service: subscribers have its content pushed to them."
	descSubscribers = "Data Feed whose Poll Service serves only polls that name a subscription."
)

func defaultTAXII11() TAXII11 {
	return TAXII11{
		Seed: true,
		Services: []Service11{
			// Listed, though none listed means all here: OpenTAXII advertises only what is listed,
			// and its copy of this configuration (fixtures/opentaxii) must say the same.
			{ID: "discovery", Type: Service11Discovery, Address: "/taxii11/discovery/",
				Description:        "Discovery Service: lists every service instance, in both version families.",
				AdvertisedServices: []string{"discovery", "collection-management", "poll", "inbox", "inbox-drop-box", "poll-subscribers"}},
			{ID: "collection-management", Type: Service11CollectionManagement, Address: "/taxii11/collection-management/",
				Description: "Collection Management Service: collection information and subscriptions.", AuthenticationRequired: true},
			{ID: "poll", Type: Service11Poll, Address: "/taxii11/poll/",
				Description: "Poll Service: polling, result parts, asynchronous polling.", AuthenticationRequired: true, MaxResultCount: 20},
			{ID: "inbox", Type: Service11Inbox, Address: "/taxii11/inbox/",
				Description: "Inbox Service: content into the named destination collections.", AuthenticationRequired: true,
				DestinationCollectionRequired: true, AcceptAllContent: true},
			{ID: "inbox-drop-box", Type: Service11Inbox, Address: "/taxii11/inbox/drop-box/",
				Description: "Inbox Service bound to the drop-box collection; STIX 1.2 only.", AuthenticationRequired: true,
				SupportedContent: []Binding11{{Binding: ContentSTIX12}, {Binding: ContentSTIX121}}},
			{ID: "poll-subscribers", Type: Service11Poll, Address: "/taxii11/poll/subscribers/",
				Description: "Poll Service for subscribers: every Poll Request must name a subscription.", AuthenticationRequired: true,
				SubscriptionRequired: true, MaxResultCount: 20},
		},
		Collections: []Collection11{
			{Name: C11Default, Description: descDefault, Type: DataFeed11, AcceptAllContent: true,
				ServiceIDs: []string{"collection-management", "poll", "inbox"}},
			{Name: C11Public, Description: descPublic, Type: DataFeed11,
				SupportedContent: []Binding11{{Binding: ContentSTIX111}, {Binding: ContentSTIX12}, {Binding: ContentSTIX121}},
				ServiceIDs:       []string{"collection-management", "poll", "inbox"}},
			{Name: C11DropBox, Description: descDropBox, Type: DataSet11,
				SupportedContent: []Binding11{{Binding: ContentSTIX12}, {Binding: ContentSTIX121}},
				ServiceIDs:       []string{"collection-management", "poll", "inbox", "inbox-drop-box"}},
			// Two feeds that exist for what the others cannot show: a collection no Poll Service
			// serves (a poll-only SUBSCRIBE gets POLLING_UNSUPPORTED, Part 2 §4.4.6) and one whose
			// Poll Service denies polls without a subscription (§4.4.8).
			{Name: C11PushOnly, Description: descPushOnly, Type: DataFeed11, AcceptAllContent: true,
				ServiceIDs: []string{"collection-management", "inbox"}},
			{Name: C11Subscribers, Description: descSubscribers, Type: DataFeed11, AcceptAllContent: true,
				ServiceIDs: []string{"collection-management", "poll-subscribers", "inbox"}},
		},
	}
}

// validate checks the TAXII 1.1.1 part. An empty part (a configuration file without a taxii11
// section) is replaced by the defaults here, since Parse decodes files onto a zero Config.
func (t *TAXII11) validate() error {
	if len(t.Services) == 0 && len(t.Collections) == 0 {
		limits := t.Limits
		*t = defaultTAXII11()
		t.Limits = limits
	}
	ids := map[string]*Service11{}
	addrs := map[string]string{}
	discovery := 0
	for i := range t.Services {
		s := &t.Services[i]
		if s.ID == "" {
			return fmt.Errorf("service %d has no id", i+1)
		}
		if ids[s.ID] != nil {
			return fmt.Errorf("duplicate service id %q", s.ID)
		}
		ids[s.ID] = s
		switch s.Type {
		case Service11Discovery:
			discovery++
		case Service11CollectionManagement, Service11Poll, Service11Inbox:
		default:
			return fmt.Errorf("service %q: type %q (discovery, collection_management, poll or inbox)", s.ID, s.Type)
		}
		p, err := normalizeAddress(s.Address)
		if err != nil {
			return fmt.Errorf("service %q: %w", s.ID, err)
		}
		s.Address = p
		if other, dup := addrs[p]; dup {
			return fmt.Errorf("services %q and %q share the address %s", other, s.ID, p)
		}
		addrs[p] = s.ID
		if s.MaxResultCount < 0 {
			return fmt.Errorf("service %q: max_result_count must not be negative", s.ID)
		}
		if err := validBindings(s.SupportedContent); err != nil {
			return fmt.Errorf("service %q: %w", s.ID, err)
		}
	}
	if discovery == 0 && len(t.Services) > 0 {
		return fmt.Errorf("no discovery service")
	}
	for _, s := range t.Services {
		for _, a := range s.AdvertisedServices {
			if ids[a] == nil {
				return fmt.Errorf("service %q advertises unknown service %q", s.ID, a)
			}
		}
	}
	names := map[string]bool{}
	for i := range t.Collections {
		c := &t.Collections[i]
		if c.Name == "" {
			return fmt.Errorf("collection %d has no name", i+1)
		}
		if !message.IsURI(c.Name) {
			return fmt.Errorf("collection name %q is not a URI (Part 2 §4.1.2)", c.Name)
		}
		if names[c.Name] {
			return fmt.Errorf("duplicate collection %q", c.Name)
		}
		names[c.Name] = true
		if c.IsAvailable() {
			c.Available = nil // absent and true mean the same; keep one form
		}
		switch c.Type {
		case "":
			c.Type = DataFeed11
		case DataFeed11, DataSet11:
		default:
			return fmt.Errorf("collection %q: type %q (DATA_FEED or DATA_SET)", c.Name, c.Type)
		}
		for _, id := range c.ServiceIDs {
			s := ids[id]
			if s == nil {
				return fmt.Errorf("collection %q: unknown service %q", c.Name, id)
			}
			if s.Type == Service11Discovery {
				return fmt.Errorf("collection %q: service %q is a discovery service", c.Name, id)
			}
		}
		if err := validBindings(c.SupportedContent); err != nil {
			return fmt.Errorf("collection %q: %w", c.Name, err)
		}
	}
	if t.Limits.MaxBodyBytes < 0 || t.Limits.AsyncDelay < 0 || t.Limits.ResultTTL < 0 ||
		t.Limits.MaxSubscriptions < 0 || t.Limits.PushTimeout < 0 || t.Limits.PushRetry < 0 || t.Limits.MaxPendingPolls < 0 {
		return fmt.Errorf("limits must not be negative")
	}
	return nil
}

func validBindings(list []Binding11) error {
	for _, b := range list {
		if !message.IsURI(b.Binding) {
			return fmt.Errorf("content binding %q is not a Content Binding ID (no nesting expressions here, Part 2 §5.3.4)", b.Binding)
		}
		for _, st := range b.Subtypes {
			if !message.IsURI(st) {
				return fmt.Errorf("content binding %q: subtype %q is not a URI", b.Binding, st)
			}
		}
	}
	return nil
}

// normalizeAddress turns a service address into a path under /taxii11/ ending in "/". Absolute
// URLs keep their path; paths outside /taxii11/ are moved under it (OpenTAXII uses
// /services/...).
func normalizeAddress(a string) (string, error) {
	if a == "" {
		return "", fmt.Errorf("no address")
	}
	if strings.Contains(a, "://") {
		u, err := url.Parse(a)
		if err != nil {
			return "", fmt.Errorf("address %q: %v", a, err)
		}
		a = u.Path
	}
	if strings.ContainsAny(a, "?# \t\r\n") {
		return "", fmt.Errorf("address %q is not a plain path", a)
	}
	if !strings.HasPrefix(a, "/") {
		a = "/" + a
	}
	if !strings.HasPrefix(a, TAXII11Prefix) {
		a = strings.TrimSuffix(TAXII11Prefix, "/") + a
	}
	if !strings.HasSuffix(a, "/") {
		a += "/"
	}
	if a == TAXII11Prefix {
		return "", fmt.Errorf("address %q leaves no path under %s", a, TAXII11Prefix)
	}
	return a, nil
}
