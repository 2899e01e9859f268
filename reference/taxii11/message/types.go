package message

import "time"

// Kind is the name of a message's root element.
type Kind string

// The eleven message types of Part 4 §3.
const (
	KindStatus                 Kind = "Status_Message"
	KindDiscoveryRequest       Kind = "Discovery_Request"
	KindDiscoveryResponse      Kind = "Discovery_Response"
	KindCollectionInfoRequest  Kind = "Collection_Information_Request"
	KindCollectionInfoResponse Kind = "Collection_Information_Response"
	KindSubscriptionRequest    Kind = "Subscription_Management_Request"
	KindSubscriptionResponse   Kind = "Subscription_Management_Response"
	KindPollRequest            Kind = "Poll_Request"
	KindPollResponse           Kind = "Poll_Response"
	KindInbox                  Kind = "Inbox_Message"
	KindPollFulfillment        Kind = "Poll_Fulfillment"
)

// IsRequest reports whether clients send this kind to a server.
func (k Kind) IsRequest() bool {
	switch k {
	case KindDiscoveryRequest, KindCollectionInfoRequest, KindSubscriptionRequest,
		KindPollRequest, KindInbox, KindPollFulfillment:
		return true
	}
	return false
}

// Message is any of the eleven message types.
type Message interface {
	Kind() Kind
	Head() *Header
}

// Header holds the fields every message has (Part 2 §4.3).
type Header struct {
	MessageID    string
	InResponseTo string // responses only
	Extended     []ExtendedHeader
	// Signed is set by the parser when the message carried an enveloped ds:Signature. Signatures
	// are accepted and not verified; the encoder never writes one.
	Signed bool
}

// Head returns the header.
func (h *Header) Head() *Header { return h }

// ExtendedHeader is one third-party header; Value is a self-contained XML fragment (mixed content).
type ExtendedHeader struct {
	Name  string
	Value []byte
}

// Status types of Part 4 Table 2.
const (
	StatusAsynchronousPollError = "ASYNCHRONOUS_POLL_ERROR"
	StatusBadMessage            = "BAD_MESSAGE"
	StatusDenied                = "DENIED"
	StatusDestinationCollection = "DESTINATION_COLLECTION_ERROR"
	StatusFailure               = "FAILURE"
	StatusInvalidResponsePart   = "INVALID_RESPONSE_PART"
	StatusNetworkError          = "NETWORK_ERROR"
	StatusNotFound              = "NOT_FOUND"
	StatusPending               = "PENDING"
	StatusPollingUnsupported    = "POLLING_UNSUPPORTED"
	StatusRetry                 = "RETRY"
	StatusSuccess               = "SUCCESS"
	StatusUnauthorized          = "UNAUTHORIZED"
	StatusUnsupportedMessage    = "UNSUPPORTED_MESSAGE"
	StatusUnsupportedContent    = "UNSUPPORTED_CONTENT"
	StatusUnsupportedProtocol   = "UNSUPPORTED_PROTOCOL"
	StatusUnsupportedQuery      = "UNSUPPORTED_QUERY"
)

// Status detail names of Part 4 Table 3.
const (
	DetailAcceptableDestination = "ACCEPTABLE_DESTINATION"
	DetailMaxPartNumber         = "MAX_PART_NUMBER"
	DetailItem                  = "ITEM"
	DetailEstimatedWait         = "ESTIMATED_WAIT"
	DetailResultID              = "RESULT_ID"
	DetailWillPush              = "WILL_PUSH"
	DetailSupportedBinding      = "SUPPORTED_BINDING"
	DetailSupportedContent      = "SUPPORTED_CONTENT"
	DetailSupportedProtocol     = "SUPPORTED_PROTOCOL"
	DetailSupportedQuery        = "SUPPORTED_QUERY"
)

// StandardStatusTypes lists the status types Part 4 Table 2 defines.
var StandardStatusTypes = []string{
	StatusAsynchronousPollError, StatusBadMessage, StatusDenied, StatusDestinationCollection,
	StatusFailure, StatusInvalidResponsePart, StatusNetworkError, StatusNotFound, StatusPending,
	StatusPollingUnsupported, StatusRetry, StatusSuccess, StatusUnauthorized,
	StatusUnsupportedMessage, StatusUnsupportedContent, StatusUnsupportedProtocol,
	StatusUnsupportedQuery,
}

// Status is the Status Message (Part 4 §3.1).
type Status struct {
	Header
	Type    string
	Details []Detail
	Message string
}

// Detail is one Status Detail name-value pair. Value is text; Raw, when set, is written
// instead of Value as a self-contained XML fragment.
type Detail struct {
	Name  string
	Value string
	Raw   []byte
}

// Detail returns the values of the named detail.
func (s *Status) Detail(name string) []string {
	var out []string
	for _, d := range s.Details {
		if d.Name == name {
			out = append(out, d.Value)
		}
	}
	return out
}

// DiscoveryRequest is the Discovery Request (Part 4 §3.2).
type DiscoveryRequest struct{ Header }

// Service types of Part 4 Table 6.
const (
	ServiceDiscovery            = "DISCOVERY"
	ServiceCollectionManagement = "COLLECTION_MANAGEMENT"
	ServiceInbox                = "INBOX"
	ServicePoll                 = "POLL"
)

// DiscoveryResponse is the Discovery Response (Part 4 §3.3).
type DiscoveryResponse struct {
	Header
	Services []ServiceInstance
}

// ServiceInstance is one advertised service instance.
type ServiceInstance struct {
	Type            string
	Version         string
	Available       *bool
	Protocol        string
	Address         string
	MessageBindings []string
	Queries         []SupportedQuery
	ContentBindings []ContentBinding // inbox only
	Message         string
}

// SupportedQuery advertises a query format; Body is a self-contained XML fragment.
type SupportedQuery struct {
	Format string
	Body   []byte
}

// ContentBinding is a Content Binding ID with the subtypes it is restricted to (none: all).
type ContentBinding struct {
	ID       string
	Subtypes []string
}

// CollectionInfoRequest is the Collection Information Request (Part 4 §3.4).
type CollectionInfoRequest struct{ Header }

// Collection types.
const (
	DataFeed = "DATA_FEED"
	DataSet  = "DATA_SET"
)

// CollectionInfoResponse is the Collection Information Response (Part 4 §3.5).
type CollectionInfoResponse struct {
	Header
	Collections []CollectionRecord
}

// CollectionRecord describes one Data Collection.
type CollectionRecord struct {
	Name                 string
	Type                 string // "" (feed by default), DataFeed or DataSet
	Available            *bool
	Description          string
	Volume               *uint64
	ContentBindings      []ContentBinding
	PushMethods          []PushMethod
	PollingServices      []ServiceContact
	SubscriptionServices []ServiceContact
	InboxServices        []InboxService
}

// PushMethod is a protocol and the message bindings content can be pushed with.
type PushMethod struct {
	Protocol        string
	MessageBindings []string
}

// ServiceContact is where and how to reach a service.
type ServiceContact struct {
	Protocol        string
	Address         string
	MessageBindings []string
}

// InboxService is a Receiving Inbox Service of a collection.
type InboxService struct {
	ServiceContact
	ContentBindings []ContentBinding
}

// Subscription management actions (Part 4 Table 10).
const (
	ActionSubscribe   = "SUBSCRIBE"
	ActionUnsubscribe = "UNSUBSCRIBE"
	ActionPause       = "PAUSE"
	ActionResume      = "RESUME"
	ActionStatus      = "STATUS"
)

// Subscription statuses.
const (
	SubscriptionActive       = "ACTIVE"
	SubscriptionPaused       = "PAUSED"
	SubscriptionUnsubscribed = "UNSUBSCRIBED"
)

// Response types.
const (
	ResponseFull      = "FULL"
	ResponseCountOnly = "COUNT_ONLY"
)

// SubscriptionRequest is the Manage Collection Subscription Request (Part 4 §3.6).
type SubscriptionRequest struct {
	Header
	Action         string
	Collection     string
	SubscriptionID string
	Params         *SubscriptionParams
	Push           *DeliveryParams
}

// SubscriptionParams are what a subscription delivers.
type SubscriptionParams struct {
	ResponseType    string // "" means FULL
	ContentBindings []ContentBinding
	Query           *Query
}

// Query is a query expression; Body is a self-contained XML fragment.
type Query struct {
	Format string
	Body   []byte
}

// DeliveryParams name an Inbox Service content is pushed to (Push_Parameters,
// Delivery_Parameters).
type DeliveryParams struct {
	Protocol       string
	Address        string
	MessageBinding string
}

// SubscriptionResponse is the Manage Collection Subscription Response (Part 4 §3.7).
type SubscriptionResponse struct {
	Header
	Collection    string
	Message       string
	Subscriptions []SubscriptionRecord
}

// SubscriptionRecord reports one subscription.
type SubscriptionRecord struct {
	Status        string // "" means ACTIVE
	ID            string
	Params        *SubscriptionParams
	Push          *DeliveryParams
	PollInstances []ServiceContact
}

// PollRequest is the Poll Request (Part 4 §3.8). Exactly one of SubscriptionID and Params is set.
type PollRequest struct {
	Header
	Collection     string
	Begin, End     *time.Time
	SubscriptionID string
	Params         *PollParams
}

// PollParams are the Poll Parameters.
type PollParams struct {
	AllowAsynch     bool
	ResponseType    string // "" means FULL
	ContentBindings []ContentBinding
	Query           *Query
	Delivery        *DeliveryParams
}

// PollResponse is the Poll Response (Part 4 §3.9).
type PollResponse struct {
	Header
	Collection     string
	More           bool
	ResultID       string
	PartNumber     int // 0: attribute omitted (means 1)
	SubscriptionID string
	Begin, End     *time.Time
	RecordCount    *RecordCount
	Message        string
	Blocks         []ContentBlock
}

// RecordCount is a count of records and whether it is a lower bound.
type RecordCount struct {
	Count   uint64
	Partial bool
}

// ContentBlock is one piece of content (Part 2 §4.5). Content is a self-contained XML fragment
// (mixed content).
type ContentBlock struct {
	Binding string
	Subtype string
	Content []byte
	Label   *time.Time
	Message string
	Padding string
	Signed  bool
}

// Inbox is the Inbox Message (Part 4 §3.10).
type Inbox struct {
	Header
	ResultID     string
	Destinations []string
	Message      string
	Source       *SourceSubscription
	RecordCount  *RecordCount
	Blocks       []ContentBlock
}

// SourceSubscription says which subscription an Inbox Message fulfils.
type SourceSubscription struct {
	Collection     string
	SubscriptionID string
	Begin, End     *time.Time
}

// PollFulfillment is the Poll Fulfillment Request (Part 4 §3.11).
type PollFulfillment struct {
	Header
	Collection string
	ResultID   string
	PartNumber int // 0 when absent
}

// Kind implementations.

func (*Status) Kind() Kind                 { return KindStatus }
func (*DiscoveryRequest) Kind() Kind       { return KindDiscoveryRequest }
func (*DiscoveryResponse) Kind() Kind      { return KindDiscoveryResponse }
func (*CollectionInfoRequest) Kind() Kind  { return KindCollectionInfoRequest }
func (*CollectionInfoResponse) Kind() Kind { return KindCollectionInfoResponse }
func (*SubscriptionRequest) Kind() Kind    { return KindSubscriptionRequest }
func (*SubscriptionResponse) Kind() Kind   { return KindSubscriptionResponse }
func (*PollRequest) Kind() Kind            { return KindPollRequest }
func (*PollResponse) Kind() Kind           { return KindPollResponse }
func (*Inbox) Kind() Kind                  { return KindInbox }
func (*PollFulfillment) Kind() Kind        { return KindPollFulfillment }
