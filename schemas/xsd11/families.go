package xsd11

// XML namespaces of the two families the validator knows.
const (
	// NSBinding11 is the TAXII 1.1 XML Message Binding namespace (MITRE era), the one
	// deployed servers and clients speak.
	NSBinding11 = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
	// NSQuery11 is the TAXII Default Query 1.1 namespace.
	NSQuery11 = "http://taxii.mitre.org/query/taxii_default_query-1"
	// NSBinding111 is the TAXII 1.1.1 XML Message Binding namespace as declared on the
	// Part 2 CSD01 cover and used by the TC's schema. The Part 4 WD01 text spells it
	// ".../taxii/xml-binding-1.1.1" (see NSBinding111Draft).
	NSBinding111 = "http://docs.oasis-open.org/cti/ns/taxii/xml/binding-1.1.1"
	// NSQuery111 is the TAXII 1.1.1 Default Query namespace (Part 5 §3.1.1).
	NSQuery111 = "http://docs.oasis-open.org/cti/ns/taxii/default-query-1.1.1"
	// NSBinding111Draft is the spelling of the 1.1.1 binding namespace in the WD01 texts
	// of Parts 2–5. It was changed before publication; documents that use it get a
	// violation that names the published one.
	NSBinding111Draft = "http://docs.oasis-open.org/cti/ns/taxii/xml-binding-1.1.1"
	// NSXMLDSig is the XML Signature namespace of ds:Signature.
	NSXMLDSig = "http://www.w3.org/2000/09/xmldsig#"
)

// Family names, as Result.Family reports them.
const (
	Family11  = "1.1"
	Family111 = "1.1.1"
)

// family ties a protocol family to its namespaces.
type family struct {
	Name      string
	BindingNS string
	QueryNS   string
}

var families = []family{
	{Name: Family11, BindingNS: NSBinding11, QueryNS: NSQuery11},
	{Name: Family111, BindingNS: NSBinding111, QueryNS: NSQuery111},
}

// Messages lists the local names of the TAXII message elements (Part 4 §3), the only
// elements a message document may have as its root (Part 4 §2.1.1).
var Messages = []string{
	"Status_Message",
	"Discovery_Request",
	"Discovery_Response",
	"Collection_Information_Request",
	"Collection_Information_Response",
	"Subscription_Management_Request",
	"Subscription_Management_Response",
	"Poll_Request",
	"Poll_Response",
	"Inbox_Message",
	"Poll_Fulfillment",
}

// Query structures (Part 5 §3.1.1, §3.2.1) may be validated on their own as well.
var queryRoots = []string{"Default_Query", "Default_Query_Info"}
