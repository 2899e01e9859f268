// Package xsd11 validates TAXII 1.1 and 1.1.1 XML messages (Part 4, XML Message Binding;
// Part 5, Default Query) against XML Schemas the project wrote from the specification
// text, with libxml2.
//
// Schemas (xsd/, embedded): binding.xsd (every message type), query.xsd (Default_Query
// and Default_Query_Info) and xmldsig.xsd (the XML Signature structure a ds:Signature
// must have; extension points stay open wildcards). binding.xsd and query.xsd are written
// in the TAXII 1.1 namespaces; the 1.1.1 family is compiled from the same text with the
// OASIS namespaces substituted, because TAXII 1.1.1 changed identifiers and namespaces but
// no structure (Part 2 §1.4). The namespaces are those of the Part 2 CSD01 cover and the TC's
// schemas (…/taxii/xml/binding-1.1.1); the WD01 texts of Parts 4/5 spell the binding one
// …/taxii/xml-binding-1.1.1, and documents using that spelling get a violation saying so.
// Each family is parsed once per process (xsd.Parse with xsd.WithPath, from a temporary
// directory removed right after) through a small driver schema that imports the binding
// and the Default Query schema, so that a Default_Query inside a <Query> (a lax wildcard)
// is checked too.
//
// Documents from a remote party are parsed with network access off, without entity
// substitution, DTD loading or XInclude; a document type declaration stops the parser on
// the spot and is reported, so external entities and entity-expansion bombs never get
// read. Each call makes its own parser and validation contexts and frees them: a
// Validator is safe for concurrent use. Third-party content is assessed laxly as Part 4
// §2.2.2 wants: an xsi:type in it that names a type of a namespace the schemas do not
// define (STIX 1.x content is full of them) is not an error, although libxml2 reports it.
//
// Beyond the schema, the project's validator checks the co-occurrence rules of the spec
// text that XML Schema 1.0 cannot express (rules.go), e.g. the Status_Detail entries a
// PENDING status requires. Every violation names the catalog requirement
// (suites/requirements) that the broken rule encodes (requirements.go).
//
// LoadOfficial offers the same API over the official schemas of ../shared/spec/xsd, for
// tests that compare: the agreement test validates the corpus of fixtures/taxii11 and
// thousands of mutations of it with both, and lists each deliberate difference with its
// reason (agreement_test.go).
package xsd11
