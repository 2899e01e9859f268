package xsd11

import (
	"sort"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// Every requirement the mapping or the rules can name exists in the catalog.
func TestRequirementIDsExistInCatalog(t *testing.T) {
	cat, err := requirements.Load()
	if err != nil {
		t.Fatalf("loading the catalog: %v", err)
	}
	n := 0
	for _, r := range cat.All() {
		if r.Doc == "T11X" {
			n++
		}
	}
	if n == 0 {
		t.Skip("the T11X catalog (suites/requirements/catalog/t11x.yaml) has no entries yet")
	}
	ids := allRequirementIDs()
	sort.Strings(ids)
	for _, id := range ids {
		r, ok := cat.Get(id)
		if !ok {
			t.Errorf("%s is named by the validator but not in the catalog", id)
			continue
		}
		// A schema violation is a property of the message: the statement must be one
		// about messages (or both parties), and binding.
		if !r.Level.Mandatory() {
			t.Errorf("%s is %s: the validator only reports MUST and MUST NOT statements", id, r.Level)
		}
	}
}

// The mapping picks the statement of the field that is wrong.
func TestRequirementMapping(t *testing.T) {
	cases := []struct {
		message, path, msg string
		code               int
		want               string
	}{
		{"Poll_Response", "/Poll_Response", "Element 'Poll_Response': The attribute 'collection_name' is required but missing.", 1868, "T11X-3.9-01"},
		{"Poll_Response", "/Poll_Response/Content_Block[2]/Timestamp_Label", "Element 'Timestamp_Label': [facet 'pattern'] The value '2015-01-01T00:00:00.1234567Z' is not accepted by the pattern 'x'.", 1839, reqTimestampFraction},
		{"Poll_Response", "/Poll_Response/Content_Block[2]/Timestamp_Label", "Element 'Timestamp_Label': [facet 'pattern'] The value '2015-01-01T00:00:00' is not accepted by the pattern 'x'.", 1839, reqTimestampZone},
		{"Discovery_Response", "/Discovery_Response/Service_Instance[3]", "Element 'Service_Instance', attribute 'service_type': [facet 'enumeration'] The value 'X' is not an element of the set {'POLL'}.", 1840, "T11X-3.3-04"},
		{"Discovery_Response", "/Discovery_Response/Service_Instance/Content_Binding", "Element 'Content_Binding', attribute 'binding_id': [facet 'pattern'] The value 'STIX' is not accepted by the pattern 'x'.", 1839, reqIDAuthority},
		{"Discovery_Response", "/Discovery_Response/Service_Instance/Content_Binding", "Element 'Content_Binding': The attribute 'binding_id' is required but missing.", 1868, "T11X-3.3-11"},
		{"Collection_Information_Response", "/Collection_Information_Response/Collection/Receiving_Inbox_Service/Content_Binding/Subtype", "Element 'Subtype': The attribute 'subtype_id' is required but missing.", 1868, "T11X-3.5-08"},
		{"Collection_Information_Response", "/Collection_Information_Response/Collection/Content_Binding/Subtype", "Element 'Subtype': The attribute 'subtype_id' is required but missing.", 1868, "T11X-3.5-04"},
		{"Poll_Request", "/Poll_Request", "Element 'Poll_Request': Missing child element(s). Expected is one of ( Extended_Headers, Subscription_ID, Poll_Parameters ).", 1871, reqPollChoice},
		{"Poll_Request", "/Poll_Request/Poll_Parameters", "Element 'Poll_Parameters': This element is not expected. Expected is ( ds:Signature ).", 1871, reqPollChoice},
		{"Poll_Response", "/Poll_Response/Message[2]", "Element 'Message': This element is not expected.", 1871, reqFields},
		{"Poll_Response", "/Poll_Response/Record_Count", "Element 'Record_Count': This element is not expected.", 1871, reqOrder},
		{"Poll_Response", "/Poll_Response/Content_Block/Content_Binding/Subtype[2]", "Element 'Subtype': This element is not expected.", 1871, reqFields},
		{"Inbox_Message", "/Inbox_Message/Content_Block/Content_Binding/Subtype[2]", "Element 'Subtype': This element is not expected.", 1871, reqFields},
		{"Discovery_Response", "/Discovery_Response/Service_Instance/Content_Binding/Subtype[2]", "Element 'Subtype': This element is not expected.", 1871, reqOrder},
		{"Poll_Response", "/Poll_Response/Bogus", "Element 'Bogus': This element is not expected.", 1871, reqFields},
		{"Poll_Response", "/Poll_Response/Message", "Element '{urn:x}Message': This element is not expected.", 1871, reqFields},
		{"Status_Message", "/Status_Message", "Element 'Status_Message': The attribute 'status_type' is required but missing.", 1868, "T11X-3.1-01"},
		{"Status_Message", "/Status_Message", "Element 'Status_Message', attribute 'status_type': 'X' is not a valid value of the union type 'StatusType'.", 1826, "T11X-3.1-08"},
		{"Status_Message", "/Status_Message", "Element 'Status_Message', attribute 'message_id': 'a b%' is not a valid value of the atomic type 'xs:anyURI'.", 1824, reqNameIsURI},
		{"Discovery_Request", "/Discovery_Request/Extended_Headers/Extended_Header", "Element 'Extended_Header': The attribute 'name' is required but missing.", 1868, "T11X-3-03"},
		{"Discovery_Request", "/Discovery_Request/Signature/SignedInfo", "Element 'ds:SignedInfo': Missing child element(s).", 1871, reqFields},
		{"Poll_Request", "/Poll_Request/Poll_Parameters/Query/Default_Query/Criteria", "Element 'tdq:Criteria', attribute 'operator': [facet 'enumeration'] The value 'X' is not an element of the set {'AND', 'OR'}.", 1840, "T11Q-3.1.1-02"},
		{"Poll_Request", "/Poll_Request/Poll_Parameters/Query/Default_Query/Criteria/Criteria", "Element 'tdq:Criteria': This element is not expected.", 1871, "T11Q-3.1.1-03"},
		{"Default_Query", "/Default_Query", "Element 'tdq:Default_Query': Missing child element(s). Expected is ( tdq:Criteria ).", 1871, "T11Q-3.1.1-01"},
		{"Poll_Request", "/Poll_Request/Poll_Parameters/Query/Default_Query/Criteria/Criterion/Test/Parameter", "Element 'tdq:Parameter': The attribute 'name' is required but missing.", 1868, "T11Q-3.1.1-05"},
		{"Discovery_Response", "/Discovery_Response/Service_Instance/Supported_Query/Default_Query_Info/Targeting_Expression_Info", "Element 'tdq:Targeting_Expression_Info': Missing child element(s).", 1871, "T11Q-3.2.2-01"},
		{"Poll_Response", "/Poll_Response/Content_Block/Content/x", "Element 'x', attribute 'type': The QName value 'y' of the xsi:type attribute does not resolve to a type definition.", codeXSITypeUnresolved, reqFields},
	}
	for _, c := range cases {
		if got, _ := requirementFor(c.message, c.path, c.code, c.msg, nil); got != c.want {
			t.Errorf("%s %s %q: %s, want %s", c.message, c.path, c.msg, got, c.want)
		}
	}
}

// Every place in the binding that owns fields maps to a statement of its own or, by
// design, to the general one.
func TestEveryOwnerHasARequirement(t *testing.T) {
	m, err := loadContentModel()
	if err != nil {
		t.Fatal(err)
	}
	generic := map[string]bool{
		// Leaves and containers whose only statements are the general ones of §3.
		"Address": true, "Protocol_Binding": true, "Message_Binding": true, "Message": true,
		"Description": true, "Collection_Volume": true, "Subscription_ID": true, "Record_Count": true,
		"Response_Type": true, "Padding": true, "Timestamp_Label": true, "Exclusive_Begin_Timestamp": true,
		"Inclusive_End_Timestamp": true, "Destination_Collection_Name": true, "Content": true, "Query": true,
		"Content_Binding": true, "Subtype": true, "Push_Parameters": true, "Subscription_Parameters": true,
		"Target": true, "Preferred_Scope": true, "Allowed_Scope": true, "Capability_Module": true,
		"Status_Detail": true, "Detail": true, "Content_Block": true, "Supported_Query": true,
		"Push_Method": true, "Polling_Service": true, "Subscription_Service": true, "Receiving_Inbox_Service": true,
		"Poll_Instance": true, "Delivery_Parameters": true, "Poll_Parameters": true, "Test": true, "Parameter": true,
	}
	for owner := range m {
		if strings.Contains(owner, "/") || generic[owner] {
			continue
		}
		if ownerRequirement([]pathSeg{{name: owner}}) == "" {
			t.Errorf("%s has no requirement in ownerRequirements", owner)
		}
	}
}

// libxml2 words a required element that is absent as the next element being out of place.
// The mapping names that after the parent's table (the general cardinality rule when the
// parent has none) and marks it as a missing field; an element that is there but misplaced,
// or one after which only optional elements could come, stays an order violation.
func TestMissingElementIsNamedAfterItsTable(t *testing.T) {
	v := project(t)
	const (
		pb   = `<Protocol_Binding>urn:taxii.mitre.org:protocol:https:1.0</Protocol_Binding>`
		addr = `<Address>https://example.com/x/</Address>`
		mb   = `<Message_Binding>urn:taxii.mitre.org:message:xml:1.1</Message_Binding>`
		cb   = `<Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>`
	)
	discovery := func(inner string) string {
		return `<Discovery_Response xmlns="` + ns11 + `" message_id="1" in_response_to="2"><Service_Instance service_type="POLL" service_version="urn:taxii.mitre.org:services:1.1">` +
			inner + `</Service_Instance></Discovery_Response>`
	}
	cases := []struct {
		name, doc, at, want string
		missing             bool
	}{
		{"Address absent", discovery(pb + mb), "/Discovery_Response/Service_Instance/Message_Binding", "T11X-3.3-03", true},
		{"Protocol_Binding absent", discovery(addr + mb), "/Discovery_Response/Service_Instance/Address", "T11X-3.3-03", true},
		{"Address before Protocol_Binding", discovery(addr + pb + mb), "/Discovery_Response/Service_Instance/Address", reqOrder, false},
		{"poll block without binding", `<Poll_Response xmlns="` + ns11 + `" message_id="1" in_response_to="2" collection_name="c"><Content_Block><Content>x</Content></Content_Block></Poll_Response>`,
			"/Poll_Response/Content_Block/Content", "T11X-3.9-06", true},
		{"inbox block without binding", `<Inbox_Message xmlns="` + ns11 + `" message_id="1"><Content_Block><Content>x</Content></Content_Block></Inbox_Message>`,
			"/Inbox_Message/Content_Block/Content", "T11X-3.10-06", true},
		{"echoed push parameters without address", `<Subscription_Management_Response xmlns="` + ns11 + `" message_id="1" in_response_to="2" collection_name="c"><Subscription status="ACTIVE"><Subscription_ID>s</Subscription_ID><Push_Parameters>` +
			pb + mb + `</Push_Parameters></Subscription></Subscription_Management_Response>`,
			"/Subscription_Management_Response/Subscription/Push_Parameters/Message_Binding", reqFields, true},
		{"block with binding after content", `<Poll_Response xmlns="` + ns11 + `" message_id="1" in_response_to="2" collection_name="c"><Content_Block><Content>x</Content>` + cb + `</Content_Block></Poll_Response>`,
			"/Poll_Response/Content_Block/Content", reqOrder, false},
		{"extended headers after the body", `<Status_Message xmlns="` + ns11 + `" message_id="1" in_response_to="2" status_type="SUCCESS"><Message>m</Message><Extended_Headers><Extended_Header name="urn:x:y">v</Extended_Header></Extended_Headers></Status_Message>`,
			"/Status_Message/Extended_Headers", reqOrder, false},
	}
	for _, c := range cases {
		r := validate(t, v, c.doc)
		found := false
		for _, vi := range r.Violations {
			if !strings.HasSuffix(vi.Location, " "+c.at) {
				continue
			}
			found = true
			if vi.Requirement != c.want || MissingField(vi) != c.missing {
				t.Errorf("%s: %s, missing field %v; want %s, %v (%s)", c.name, vi.Requirement, MissingField(vi), c.want, c.missing, vi.Message)
			}
		}
		if !found {
			t.Errorf("%s: no violation at %s: %v", c.name, c.at, r.Violations)
		}
	}
	// Without the document the mapping cannot tell, and keeps libxml2's reading.
	msg := "Element 'Message_Binding': This element is not expected. Expected is ( Address )."
	if got, missing := requirementFor("Discovery_Response", "/Discovery_Response/Service_Instance/Message_Binding", 1871, msg, nil); got != reqOrder || missing {
		t.Errorf("without a document: %s, %v", got, missing)
	}
}

func TestMissingField(t *testing.T) {
	for msg, want := range map[string]bool{
		"Element 'Status_Message': The attribute 'status_type' is required but missing.":                           true,
		"Element 'Default_Query': Missing child element(s). Expected is ( tdq:Criteria ).":                         true,
		"Element 'Address': This element is not expected. Expected is ( Protocol_Binding ). " + missingElementNote: true,
		"Element 'Address': This element is not expected. Expected is ( Protocol_Binding ).":                       false,
		"Element 'Record_Count': This element is not expected.":                                                    false,
	} {
		if got := MissingField(schemas.Violation{Message: msg}); got != want {
			t.Errorf("MissingField(%q) = %v", msg, got)
		}
	}
}
