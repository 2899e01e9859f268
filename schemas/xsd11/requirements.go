package xsd11

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Requirements the validator names (catalog IDs, suites/requirements/catalog). The
// mapping reads the broken rule's place — the element that owns the broken field and
// the field itself — and picks the most specific statement of Part 4 or Part 5 that
// defines that field; Part 2 entries are used only where Parts 4 and 5 say nothing.
const (
	// A document that is empty, not well-formed XML or carries a DTD has no readable
	// message body type (Part 2 §4.3; Part 4 has no statement of its own about XML
	// well-formedness).
	reqWellFormed = "T11S-4.3-02"
	// The root element is not one of the message types (Part 2 §4.3; Part 4 §2.1.1).
	reqRootElement = "T11S-4.3-03"
	// A Default Query document whose root is not one of its two structures.
	reqQueryStructure = "T11Q-3.1.1-01"

	reqOrder             = "T11X-3-01"     // children in table order
	reqFields            = "T11X-3-02"     // only the listed fields, within cardinality
	reqTimestampZone     = "T11X-2.2.1-01" // Timestamp Labels: dateTime with a zone
	reqTimestampFraction = "T11X-2.2.1-02" // at most six fractional digits
	reqIDIsURI           = "T11X-2.2.3-01" // IDs and names are URIs
	reqIDAuthority       = "T11X-2.2.3-02" // third-party IDs carry an authority
	reqNameIsURI         = "T11X-2.2.3-03" // collection names, subscription/result/message IDs are URIs
	reqPollChoice        = "T11X-3.8-02"   // exactly one of Subscription_ID and Poll_Parameters
)

// ownerRequirements maps the place of an element (a suffix of its path, local names
// without indexes) to the requirement that lists its fields. The longest matching suffix
// wins.
var ownerRequirements = map[string]string{
	"Extended_Headers": "T11X-3-03",
	"Extended_Header":  "T11X-3-03",

	"Status_Message":               "T11X-3.1-01",
	"Status_Message/Status_Detail": "T11X-3.1-06",
	"Status_Detail/Detail":         "T11X-3.1-06",

	"Discovery_Request": "T11X-3.2-01",

	"Discovery_Response":                           "T11X-3.3-01",
	"Service_Instance":                             "T11X-3.3-03",
	"Service_Instance/Supported_Query":             "T11X-3.3-08",
	"Service_Instance/Content_Binding":             "T11X-3.3-11",
	"Service_Instance/Content_Binding/Subtype":     "T11X-3.3-11",
	"Supported_Query/Default_Query_Info":           "T11Q-3.2.2-01",
	"Default_Query_Info":                           "T11Q-3.2.2-01",
	"Default_Query_Info/Targeting_Expression_Info": "T11Q-3.2.2-01",

	"Collection_Information_Request": "T11X-3.4-01",

	"Collection_Information_Response":                 "T11X-3.5-01",
	"Collection":                                      "T11X-3.5-02",
	"Collection/Content_Binding":                      "T11X-3.5-04",
	"Collection/Content_Binding/Subtype":              "T11X-3.5-04",
	"Collection/Push_Method":                          "T11X-3.5-05",
	"Collection/Polling_Service":                      "T11X-3.5-06",
	"Collection/Subscription_Service":                 "T11X-3.5-07",
	"Collection/Receiving_Inbox_Service":              "T11X-3.5-08",
	"Receiving_Inbox_Service/Content_Binding":         "T11X-3.5-08",
	"Receiving_Inbox_Service/Content_Binding/Subtype": "T11X-3.5-08",

	"Subscription_Management_Request":                                         "T11X-3.6-01",
	"Subscription_Management_Request/Subscription_Parameters":                 "T11X-3.6-08",
	"Subscription_Management_Request/Subscription_Parameters/Content_Binding": "T11X-3.6-08",
	"Subscription_Parameters/Content_Binding/Subtype":                         "T11X-3.6-08",
	"Subscription_Management_Request/Subscription_Parameters/Query":           "T11X-3.6-10",
	"Subscription_Management_Request/Push_Parameters":                         "T11X-3.6-13",

	"Subscription_Management_Response": "T11X-3.7-01",
	"Subscription":                     "T11X-3.7-03",
	// What a response echoes of the request (Subscription_Parameters, Push_Parameters)
	// has no entry of its own that binds the server's message: the general one applies.
	"Subscription/Subscription_Parameters":                         reqFields,
	"Subscription/Subscription_Parameters/Content_Binding":         reqFields,
	"Subscription/Subscription_Parameters/Content_Binding/Subtype": reqFields,
	"Subscription/Subscription_Parameters/Query":                   reqFields,
	"Subscription/Push_Parameters":                                 reqFields,
	"Subscription/Poll_Instance":                                   "T11X-3.7-07",

	"Poll_Request":                            "T11X-3.8-01",
	"Poll_Request/Poll_Parameters":            "T11X-3.8-03",
	"Poll_Parameters/Content_Binding":         "T11X-3.8-03",
	"Poll_Parameters/Content_Binding/Subtype": "T11X-3.8-03",
	"Poll_Parameters/Query":                   "T11X-3.8-05",
	"Poll_Parameters/Delivery_Parameters":     "T11X-3.8-06",

	"Poll_Response":                                       "T11X-3.9-01",
	"Poll_Response/Content_Block":                         "T11X-3.9-06",
	"Poll_Response/Content_Block/Content_Binding":         "T11X-3.9-06",
	"Poll_Response/Content_Block/Content_Binding/Subtype": "T11X-3.9-06",

	"Inbox_Message":                                       "T11X-3.10-01",
	"Source_Subscription":                                 "T11X-3.10-02",
	"Inbox_Message/Content_Block":                         "T11X-3.10-06",
	"Inbox_Message/Content_Block/Content_Binding":         "T11X-3.10-06",
	"Inbox_Message/Content_Block/Content_Binding/Subtype": "T11X-3.10-06",

	"Poll_Fulfillment": "T11X-3.11-01",

	// Part 5 structures, wherever they sit (inside <Query> or as a document of their own).
	"Default_Query":             "T11Q-3.1.1-01",
	"Criteria":                  "T11Q-3.1.1-03",
	"Criterion":                 "T11Q-3.1.1-04",
	"Criterion/Test":            "T11Q-3.1.1-05",
	"Test/Parameter":            "T11Q-3.1.1-05",
	"Targeting_Expression_Info": "T11Q-3.2.2-01",
}

// valueRequirements maps an owner and one of its fields ("Owner/@attr" or "Owner/Child")
// to the statement about that field's values, where one exists.
var valueRequirements = map[string]string{
	"Status_Message/@status_type":             "T11X-3.1-08",
	"Service_Instance/@service_type":          "T11X-3.3-04",
	"Collection/@collection_type":             "T11X-3.5-03",
	"Subscription_Management_Request/@action": "T11X-3.6-02",
	"Subscription/@status":                    "T11X-3.7-03",
	"Poll_Parameters/@allow_asynch":           "T11X-3.8-03",
	"Criteria/@operator":                      "T11Q-3.1.1-02",
}

// presenceRequirements maps an owner and a field to the statement about that field being
// there (missing or surplus), where it is more specific than the owner's own entry.
var presenceRequirements = map[string]string{
	"Poll_Request/Subscription_ID": reqPollChoice,
	"Poll_Request/Poll_Parameters": reqPollChoice,
}

// Fields whose values are Timestamp Labels (§2.2.1).
var timestampFields = []string{"Exclusive_Begin_Timestamp", "Inclusive_End_Timestamp", "Timestamp_Label"}

// Fields whose values are identifiers that must carry an authority (§2.2.3), checked by
// the AuthorityID type of binding.xsd.
var authorityFields = []string{"@binding_id", "@subtype_id", "@format_id", "Protocol_Binding", "Message_Binding", "@service_version", "@status_type"}

// Fields whose values are names needing no authority (§2.2.3, last paragraph).
var nameFields = []string{"@message_id", "@in_response_to", "@collection_name", "@result_id", "Subscription_ID", "Destination_Collection_Name"}

var (
	quotedName   = regexp.MustCompile(`'([^']*)'`)
	quotedValue  = regexp.MustCompile(`(?:value|The value) '([^']*)'`)
	expectedList = regexp.MustCompile(`Expected is(?: one of)? \( ([^)]*) \)`)
	indexSuffix  = regexp.MustCompile(`\[[0-9]+\]$`)
)

var attrInMessage = regexp.MustCompile(`^Element '[^']*', attribute '(?:\{[^}]*\})?([^']*)'`)

// requirementFor names the requirement one schema error breaks. message is the root's
// local name, path the location libxml2 reported (local names, e.g.
// /Poll_Response/Content_Block[2]/Timestamp_Label), msg libxml2's cleaned text, and doc
// gives the document's element tree when the mapping needs to look (nil: it cannot).
// missing is set when libxml2's complaint about an element out of place is in truth about a
// required element that is absent (see unexpectedRequirement).
func requirementFor(message, path string, code int, msg string, doc func() *element) (req string, missing bool) {
	segs := splitPath(path)
	if len(segs) == 0 {
		return reqForMessage(message), false
	}
	// Signatures follow XML Signature, not a TAXII table: the general statement applies.
	for _, s := range segs {
		if s.name == "Signature" {
			return reqFields, false
		}
	}
	if code == codeXSITypeUnresolved {
		return reqFields, false // an xsi:type the message's schema does not define
	}
	last := segs[len(segs)-1]
	owner, field := segs, ""
	var expected []string
	switch {
	case attrInMessage.MatchString(msg):
		// libxml2 reports attribute problems on the owning element.
		field = "@" + attrInMessage.FindStringSubmatch(msg)[1]
	case strings.Contains(msg, "The attribute '"):
		if m := quotedName.FindAllStringSubmatch(msg, -1); len(m) >= 2 {
			field = "@" + localPart(m[1][1])
		}
	case strings.Contains(msg, "Missing child element(s)"):
		if m := expectedList.FindStringSubmatch(msg); m != nil {
			for _, n := range strings.Split(m[1], ",") {
				expected = append(expected, localPart(strings.TrimSpace(n)))
			}
		}
	default:
		// The element itself is misplaced, surplus or has a bad value: its parent owns it.
		owner, field = segs[:len(segs)-1], last.name
	}
	if len(owner) == 0 {
		return reqForMessage(message), false
	}
	ownerName := owner[len(owner)-1].name

	if strings.Contains(msg, "is not a valid value") || strings.Contains(msg, "[facet ") {
		if r := valueRequirement(ownerName, field, msg); r != "" {
			return r, false
		}
	}
	for _, name := range append([]string{field}, expected...) {
		if r, ok := presenceRequirements[ownerName+"/"+name]; ok {
			return r, false
		}
	}
	if strings.Contains(msg, "This element is not expected") {
		return unexpectedRequirement(owner, last, msg, doc)
	}
	if strings.Contains(msg, "is not allowed") || strings.Contains(msg, "Character content") ||
		strings.Contains(msg, "has no content") || strings.Contains(msg, "must be empty") {
		// A field the table does not list.
		if r := ownerRequirement(owner); strings.HasPrefix(r, "T11Q-") {
			return r, false
		}
		return reqFields, false
	}
	if r := ownerRequirement(owner); r != "" {
		return r, false
	}
	return reqFields, false
}

// valueRequirement handles a field whose value the schema refused.
func valueRequirement(owner, field, msg string) string {
	if r, ok := valueRequirements[owner+"/"+field]; ok {
		return r
	}
	if slices.Contains(timestampFields, field) {
		if m := quotedValue.FindStringSubmatch(msg); m != nil && fractionDigits(m[1]) > 6 {
			return reqTimestampFraction
		}
		return reqTimestampZone
	}
	if slices.Contains(authorityFields, field) {
		if strings.Contains(msg, "[facet 'pattern']") {
			return reqIDAuthority
		}
		return reqIDIsURI
	}
	if slices.Contains(nameFields, field) {
		return reqNameIsURI
	}
	if field == "@name" && (owner == "Extended_Header" || owner == "Detail") {
		return reqIDIsURI
	}
	return ""
}

// unexpectedRequirement tells an element out of its table's order from one its parent
// does not list at all (or in another namespace), or one repeated beyond its cardinality.
// libxml2 also reports a required element that is absent as its next sibling being
// unexpected: when libxml2 expected a required element there and the parent in the document
// holds none of the elements it expected, the fault is a missing field, which breaks the
// parent's table (its row, or the general cardinality rule when it has none) rather than the
// order of the fields.
func unexpectedRequirement(owner []pathSeg, el pathSeg, msg string, doc func() *element) (string, bool) {
	if r := ownerRequirement(owner); strings.HasPrefix(r, "T11Q-") {
		return r, false // Part 5 has one statement per structure covering all of this
	}
	if strings.HasPrefix(msg, "Element '{") {
		return reqFields, false // a namespace other than the message's
	}
	m, err := loadContentModel()
	if err != nil {
		return reqFields, false
	}
	parent := ""
	if len(owner) > 1 {
		parent = owner[len(owner)-2].name
	}
	ownerName := owner[len(owner)-1].name
	info, known := m.lookup(parent, ownerName, el.name)
	switch {
	case !known:
		return reqFields, false
	case el.index > 1 && !info.Multiple:
		return reqFields, false
	case requiredAbsent(owner, msg, doc, func(name string) bool {
		info, known := m.lookup(parent, ownerName, name)
		return known && !info.Optional
	}):
		if r := ownerRequirement(owner); r != "" {
			return r, true
		}
		return reqFields, true
	default:
		return reqOrder, false
	}
}

// requiredAbsent reports whether libxml2's message expected a required element (one that
// required accepts) and the owner element in the document holds none of the elements the
// message expected; false when that cannot be told.
func requiredAbsent(owner []pathSeg, msg string, doc func() *element, required func(name string) bool) bool {
	m := expectedList.FindStringSubmatch(msg)
	if m == nil || doc == nil {
		return false
	}
	e := elementAt(doc(), owner)
	if e == nil {
		return false
	}
	needed := false
	for _, name := range strings.Split(m[1], ",") {
		name = localPart(strings.TrimSpace(name))
		if e.child(name) != nil {
			return false // it is there, later: a true order violation
		}
		needed = needed || required(name)
	}
	return needed
}

// elementAt follows a path from the root of a document's tree; nil when a step is missing.
func elementAt(root *element, path []pathSeg) *element {
	if root == nil || len(path) == 0 || path[0].name != root.Name || path[0].index != 1 {
		return nil
	}
	e := root
	for _, s := range path[1:] {
		kids := e.children(s.name)
		if s.index < 1 || s.index > len(kids) {
			return nil
		}
		e = kids[s.index-1]
	}
	return e
}

// ownerRequirement finds the longest entry of ownerRequirements matching the end of the
// owner's path.
func ownerRequirement(owner []pathSeg) string {
	names := make([]string, len(owner))
	for i, s := range owner {
		names[i] = s.name
	}
	for n := len(names); n >= 1; n-- {
		key := strings.Join(names[len(names)-n:], "/")
		if r, ok := ownerRequirements[key]; ok {
			return r
		}
	}
	return ""
}

// reqForMessage is the statement that lists a message type's own fields.
func reqForMessage(message string) string {
	if r, ok := ownerRequirements[message]; ok {
		return r
	}
	return reqFields
}

type pathSeg struct {
	name  string
	index int
}

func splitPath(path string) []pathSeg {
	var out []pathSeg
	for _, p := range strings.Split(path, "/") {
		if p == "" || p == "..." {
			continue
		}
		s := pathSeg{name: p, index: 1}
		if loc := indexSuffix.FindStringIndex(p); loc != nil {
			s.name = p[:loc[0]]
			if n, err := strconv.Atoi(p[loc[0]+1 : loc[1]-1]); err == nil {
				s.index = n
			}
		}
		out = append(out, s)
	}
	return out
}

// fractionDigits counts the digits after the seconds' decimal point of a date-time.
func fractionDigits(v string) int {
	i := strings.IndexByte(v, '.')
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range v[i+1:] {
		if c < '0' || c > '9' {
			break
		}
		n++
	}
	return n
}

// allRequirementIDs lists every ID the mapping and the rules can emit, for the test that
// checks them against the catalog.
func allRequirementIDs() []string {
	ids := map[string]bool{
		reqWellFormed: true, reqRootElement: true, reqQueryStructure: true, reqOrder: true,
		reqFields: true, reqTimestampZone: true, reqTimestampFraction: true, reqIDIsURI: true,
		reqIDAuthority: true, reqNameIsURI: true, reqPollChoice: true,
	}
	for _, r := range ownerRequirements {
		ids[r] = true
	}
	for _, r := range valueRequirements {
		ids[r] = true
	}
	for _, r := range presenceRequirements {
		ids[r] = true
	}
	for _, r := range ruleRequirements {
		ids[r] = true
	}
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	return out
}
