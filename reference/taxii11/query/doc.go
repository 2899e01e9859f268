// Package query implements the TAXII Default Query (TAXII 1.1.1 Part 5) for the reference
// server: it parses queries in the TAXII 1.1 (MITRE) and 1.1.1 (OASIS) namespaces, checks
// them against what the server supports, and evaluates them over STIX 1.x content blocks.
//
// A server uses it like this:
//
//	info := query.Supported(query.Family111) // or its own Info; Validate it at start-up
//	// Supported_Query: one per element of info.DefaultQueryInfoXML(), format_id info.FormatID()
//	// Poll Request with <Query format_id=F>:
//	if err := info.CheckFormat(F); err != nil { /* *UnsupportedError: UNSUPPORTED_QUERY */ }
//	q, err := query.Parse(queryXML)   // the Query or Default_Query element, or ParseElement
//	m, err := q.Compile(info)         // *UnsupportedError → its status; *InvalidError → BAD_MESSAGE
//	doc, err := query.ParseContent(block) // cache doc per content block
//	if m.Match(doc) { /* include the block */ }
//
// Semantics that Part 5 leaves open are fixed here and documented where they are
// implemented: node selection (target.go), evaluation over several or no nodes (match.go),
// timestamps without zone or with coarse precision (timestamp.go).
//
// Targeting expressions (Part 5 §4): the first node names the content's root element; names
// are local names (prefixes and namespaces are ignored) compared case-sensitively; "*" is
// exactly one element or attribute; "**" is one or more nodes, so "**/@id" reaches the
// root's own id; attributes are leaves; namespace declarations are not attributes. Any STIX
// XML content binding is accepted as vocabulary; element names are not checked against
// the STIX schemas, so a name STIX lacks simply selects nothing.
//
// Regular expressions (Part 5 §5.2) are Go's RE2 syntax (regexp package), not the CybOX
// common subset the spec points to. Where they differ: RE2 has no backreferences, lookahead
// or lookbehind, atomic groups or possessive quantifiers (patterns using them are refused as
// invalid); "$" matches only at the very end of the value (not before a final newline);
// \d, \w, \s and \b are ASCII-only; case-insensitive matching uses Unicode simple folding.
// A pattern matches when it is found anywhere in the value; anchor it with ^ and $ to match
// the whole value. Patterns are limited to MaxPatternBytes, and RE2 runs in linear time.
//
// Untrusted input: queries and content are parsed with encoding/xml, which never fetches
// anything; a DOCTYPE is refused, so no entity can be declared, and only the predefined
// entities expand. Size, depth and attribute length are bounded (Limits for content; fixed
// bounds for queries). Only UTF-8 (or ASCII) input is accepted.
package query
