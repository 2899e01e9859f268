package taxii11

// Building the messages the harness sends. A message is a tree of nodes written in the family
// under test: elements of the XML binding get the binding's namespace (prefix "taxii"),
// Default Query elements the query namespace (prefix "tdq"), and third-party XML (content,
// extended header values) goes in verbatim. Every text and attribute value is escaped; every
// message gets a fresh message_id.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/fixtures/stix1"
)

// Content Binding IDs the specs use (TAXII Content Binding Reference).
const (
	bindingSTIX111 = stix1.BindingSTIX111
	bindingSTIX12  = stix1.BindingSTIX12
)

// node is an element to write.
type node struct {
	name  string
	query bool // in the Default Query namespace rather than the binding's
	attrs []attr
	kids  []node
	text  string
	raw   string
}

// attr is one attribute to write; an empty name is dropped (see optAt).
type attr struct{ name, value string }

// rawXML is third-party XML put into a message unchanged; it must be well-formed on its own.
type rawXML string

// el builds an element of the XML binding. Parts may be attr, node, []node, string (text) and
// rawXML, in document order; nil parts are ignored.
func el(name string, parts ...any) node {
	n := node{name: name}
	for _, p := range parts {
		switch v := p.(type) {
		case nil:
		case attr:
			if v.name != "" {
				n.attrs = append(n.attrs, v)
			}
		case []attr:
			for _, a := range v {
				if a.name != "" {
					n.attrs = append(n.attrs, a)
				}
			}
		case node:
			if v.name != "" {
				n.kids = append(n.kids, v)
			}
		case []node:
			for _, k := range v {
				if k.name != "" {
					n.kids = append(n.kids, k)
				}
			}
		case string:
			n.text += v
		case rawXML:
			n.raw += string(v)
		default:
			panic(fmt.Sprintf("taxii11: el(%s): part of type %T", name, p))
		}
	}
	return n
}

// qel builds an element of the Default Query structure.
func qel(name string, parts ...any) node {
	n := el(name, parts...)
	n.query = true
	return n
}

// at is an attribute.
func at(name, value string) attr { return attr{name, value} }

// optAt is an attribute only when value is not empty.
func optAt(name, value string) attr {
	if value == "" {
		return attr{}
	}
	return attr{name, value}
}

// Prefixes the messages use.
const (
	prefixBinding = "taxii"
	prefixQuery   = "tdq"
)

// marshal writes a message in the family's namespaces.
func (f *family) marshal(root node) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	root.write(&b, f, true)
	return b.Bytes()
}

func (n node) write(b *bytes.Buffer, f *family, top bool) {
	prefix := prefixBinding
	if n.query {
		prefix = prefixQuery
	}
	b.WriteString("<" + prefix + ":" + n.name)
	if top {
		fmt.Fprintf(b, ` xmlns:%s="%s" xmlns:%s="%s"`, prefixBinding, f.Namespace, prefixQuery, f.QueryNamespace)
	}
	for _, a := range n.attrs {
		b.WriteString(" " + a.name + `="`)
		escape(b, a.value)
		b.WriteString(`"`)
	}
	if len(n.kids) == 0 && n.text == "" && n.raw == "" {
		b.WriteString("/>")
		return
	}
	b.WriteString(">")
	escape(b, n.text)
	b.WriteString(n.raw)
	for _, k := range n.kids {
		k.write(b, f, false)
	}
	b.WriteString("</" + prefix + ":" + n.name + ">")
}

func escape(b *bytes.Buffer, s string) {
	if err := xml.EscapeText(b, []byte(s)); err != nil {
		panic(err) // bytes.Buffer writes do not fail
	}
}

// newMessageID returns a fresh message ID (a URI reference, Part 2 §4.1.1).
func newMessageID() string { return "urn:uuid:" + uuid.NewString() }

// withID puts a fresh message_id first on a request message.
func withID(name string, parts ...any) node {
	return el(name, append([]any{at("message_id", newMessageID())}, parts...)...)
}

// Request messages (Part 4 §3.2, §3.4, §3.6, §3.8, §3.10, §3.11). Extra parts are appended.

func discoveryRequest(parts ...any) node { return withID("Discovery_Request", parts...) }

func collectionInfoRequest(parts ...any) node {
	return withID("Collection_Information_Request", parts...)
}

// subscriptionRequest is a Manage Collection Subscription Request; parts follow the
// attributes (Subscription_ID, Subscription_Parameters, Push_Parameters, in that order).
func subscriptionRequest(action, collection string, parts ...any) node {
	return withID("Subscription_Management_Request", append([]any{at("action", action), at("collection_name", collection)}, parts...)...)
}

// pollRequest is a Poll Request; parts are the time bounds and either Subscription_ID or
// Poll_Parameters, in that order.
func pollRequest(collection string, parts ...any) node {
	return withID("Poll_Request", append([]any{at("collection_name", collection)}, parts...)...)
}

// pollParameters asks for everything, in FULL, synchronously, unless parts say otherwise.
func pollParameters(parts ...any) node {
	return el("Poll_Parameters", append([]any{at("allow_asynch", "false")}, parts...)...)
}

// pollAll is a Poll Request for the whole collection (or the given label range, nil for none).
func pollAll(collection string, begin, end *time.Time) node {
	return pollRequest(collection, beginEl(begin), endEl(end), pollParameters(el("Response_Type", "FULL")))
}

func beginEl(t *time.Time) node {
	if t == nil {
		return node{}
	}
	return el("Exclusive_Begin_Timestamp", label(*t))
}

func endEl(t *time.Time) node {
	if t == nil {
		return node{}
	}
	return el("Inclusive_End_Timestamp", label(*t))
}

// label writes a Timestamp Label with microseconds in UTC (Part 4 §2.2.1 allows up to six digits).
func label(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") }

func pollFulfillment(collection, resultID string, part int, parts ...any) node {
	return withID("Poll_Fulfillment", append([]any{at("collection_name", collection), at("result_id", resultID),
		at("result_part_number", fmt.Sprint(part))}, parts...)...)
}

// inboxMessage is an Inbox Message to the destination collections (none: leave the routing
// to the service) with the given content blocks.
func inboxMessage(dests []string, blocks ...node) node {
	var ds []node
	for _, d := range dests {
		ds = append(ds, el("Destination_Collection_Name", d))
	}
	return withID("Inbox_Message", ds, blocks)
}

// contentBlock is a Content_Block; extra parts (Subtype goes in Content_Binding; Timestamp_Label,
// Message, Padding after Content) come from the block options.
func contentBlock(binding, subtype string, content []byte, after ...node) node {
	var sub node
	if subtype != "" {
		sub = el("Subtype", at("subtype_id", subtype))
	}
	return el("Content_Block", el("Content_Binding", at("binding_id", binding), sub), el("Content", rawXML(content)), after)
}

// stixBlock is a Content_Block holding a fresh STIX package of the given version binding.
func stixBlock(binding string) (node, stixPkg) {
	p := newSTIX(binding)
	return contentBlock(binding, "", p.XML), p
}

// stixPkg is a STIX 1.x package the harness made, findable by its unique id.
type stixPkg struct {
	ID, Title, Binding string
	XML                []byte
}

// newSTIX returns a minimal STIX package (1.2, or 1.1.1 for that binding) with a fresh id and
// title, so that a spec can find exactly its own content in a poll result.
func newSTIX(binding string) stixPkg {
	version := "1.2"
	if binding == bindingSTIX111 {
		version = "1.1.1"
	}
	u := uuid.NewString()
	p := stixPkg{ID: "taxii-conform:Package-" + u, Title: "taxii-conform test package " + u, Binding: binding}
	p.XML = []byte(fmt.Sprintf(`<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:taxii-conform="https://github.com/taxii-conform/taxii-conform" id="%s" version="%s" timestamp="%s"><stix:STIX_Header><stix:Title>%s</stix:Title></stix:STIX_Header></stix:STIX_Package>`,
		p.ID, version, time.Now().UTC().Format(time.RFC3339), p.Title))
	return p
}

// holds reports whether a content block carries the package (by its unique id).
func (p stixPkg) in(block *elem) bool {
	return bytes.Contains(block.child("Content").innerXML(), []byte(`"`+p.ID+`"`))
}

// joinIDs is for messages: the ids of packages.
func joinIDs(ps []stixPkg) string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}
