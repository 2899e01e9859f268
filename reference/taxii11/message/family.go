// Package message is the TAXII 1.1 / 1.1.1 XML message binding (Part 4): the eleven message
// types as Go values, a parser that accepts only well-formed, namespace-correct messages (no
// DTDs, no entities beyond XML's five, nothing fetched), and an encoder that writes messages in
// either version family.
package message

import "github.com/taxii-conform/taxii-conform/reference/taxii11/query"

// Family is one of the two identifier sets under which the same protocol is published: TAXII
// 1.1 (MITRE identifiers, deployed servers) and TAXII 1.1.1 (OASIS identifiers).
type Family struct {
	// Name is "1.1" or "1.1.1".
	Name string
	// Services is the TAXII Services Version ID (Part 2 §1.1.1).
	Services string
	// MessageBinding is the XML Message Binding Version ID (Part 4 §1.1.1).
	MessageBinding string
	// ProtocolHTTP and ProtocolHTTPS are the HTTP Protocol Binding Version IDs (Part 3 §1.1.2).
	ProtocolHTTP, ProtocolHTTPS string
	// Namespace is the XML namespace of messages.
	Namespace string
	// QueryFormat is the Default Query format ID and QueryNamespace its XML namespace (Part 5 §1.1.1).
	QueryFormat, QueryNamespace string
	// CapabilityCore, CapabilityRegex and CapabilityTimestamp are the Default Query capability
	// module IDs (Part 5 §5).
	CapabilityCore, CapabilityRegex, CapabilityTimestamp string
	// Prefix is the namespace prefix the encoder uses.
	Prefix string
	// aliases are other namespace spellings accepted on input (never written).
	aliases []string
}

// V11 is TAXII 1.1 as published by MITRE.
var V11 = &Family{
	Name:                "1.1",
	Services:            "urn:taxii.mitre.org:services:1.1",
	MessageBinding:      "urn:taxii.mitre.org:message:xml:1.1",
	ProtocolHTTP:        "urn:taxii.mitre.org:protocol:http:1.0",
	ProtocolHTTPS:       "urn:taxii.mitre.org:protocol:https:1.0",
	Namespace:           "http://taxii.mitre.org/messages/taxii_xml_binding-1.1",
	QueryFormat:         query.FormatID11,
	QueryNamespace:      query.Namespace11,
	CapabilityCore:      query.CapabilityCore11,
	CapabilityRegex:     query.CapabilityRegex11,
	CapabilityTimestamp: query.CapabilityTimestamp11,
	Prefix:              "taxii_11",
}

// V111 is TAXII 1.1.1 as published by OASIS. The namespace is the one on the cover of Part 2
// CSD01 and in the TC's schema; the Working Draft of Part 4 spells it with "xml-binding", which
// is accepted on input.
var V111 = &Family{
	Name:                "1.1.1",
	Services:            "urn:oasis:cti:taxii:services:1.1.1",
	MessageBinding:      "urn:oasis:cti:taxii:xml:1.1.1",
	ProtocolHTTP:        "urn:oasis:cti:taxii:http:1.1.1",
	ProtocolHTTPS:       "urn:oasis:cti:taxii:https:1.1.1",
	Namespace:           "http://docs.oasis-open.org/cti/ns/taxii/xml/binding-1.1.1",
	QueryFormat:         query.FormatID111,
	QueryNamespace:      query.Namespace111,
	CapabilityCore:      query.CapabilityCore111,
	CapabilityRegex:     query.CapabilityRegex111,
	CapabilityTimestamp: query.CapabilityTimestamp111,
	Prefix:              "taxii_111",
	aliases:             []string{"http://docs.oasis-open.org/cti/ns/taxii/xml-binding-1.1.1"},
}

// Families lists both, TAXII 1.1.1 first.
var Families = []*Family{V111, V11}

// Other returns the other family.
func (f *Family) Other() *Family {
	if f == V11 {
		return V111
	}
	return V11
}

// Protocol returns the family's protocol binding ID for HTTPS (tls) or HTTP.
func (f *Family) Protocol(tls bool) string {
	if tls {
		return f.ProtocolHTTPS
	}
	return f.ProtocolHTTP
}

// ByNamespace finds the family of an XML namespace (nil when none).
func ByNamespace(ns string) *Family {
	for _, f := range Families {
		if ns == f.Namespace {
			return f
		}
		for _, a := range f.aliases {
			if ns == a {
				return f
			}
		}
	}
	return nil
}

// ByMessageBinding finds the family of a Message Binding Version ID.
func ByMessageBinding(id string) *Family {
	for _, f := range Families {
		if id == f.MessageBinding {
			return f
		}
	}
	return nil
}

// ByServices finds the family of a Services Version ID.
func ByServices(id string) *Family {
	for _, f := range Families {
		if id == f.Services {
			return f
		}
	}
	return nil
}

// ByProtocol finds the family of a Protocol Binding Version ID and whether it names HTTPS.
func ByProtocol(id string) (f *Family, tls bool) {
	for _, f := range Families {
		switch id {
		case f.ProtocolHTTP:
			return f, false
		case f.ProtocolHTTPS:
			return f, true
		}
	}
	return nil, false
}

// ByQueryFormat finds the family whose Default Query format ID is id.
func ByQueryFormat(id string) *Family {
	for _, f := range Families {
		if id == f.QueryFormat {
			return f
		}
	}
	return nil
}
