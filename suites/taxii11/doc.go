// Package taxii11 holds the TAXII 1.1.1 conformance specs (Parts 2-5), one file per section
// of the specification: p2_… for Part 2 (Services), p3_… for Part 3 (HTTP Protocol Binding),
// p4_… for Part 4 (XML Message Binding), p5_… for Part 5 (Default Query). Specs register at
// package level, so that `go test` and the taxii-conform CLI run the same ones; each carries
// its requirement IDs as labels (harness.Reqs), and specs that change server state (Inbox
// Messages, SUBSCRIBE, UNSUBSCRIBE, PAUSE, RESUME) carry harness.Writes, so that --read-only
// leaves them out. Polls and discovery are reads.
//
// # What the specs learn, and what they are told
//
// The target is a Discovery Service (or the profile's taxii11.discovery names one). Before
// the first spec that needs it, the harness sends a Discovery Request in each version family
// — TAXII 1.1.1 (OASIS identifiers and namespaces) and TAXII 1.1 (MITRE ones, what deployed
// servers speak) — and tests the family whose request got a Discovery Response: TAXII 1.1.1
// when both do, unless the profile claims the feature family-1.1. The family is recorded for
// the report. Service addresses come from that Discovery Response (instances of the family,
// over the Discovery Service's transport first); a collection's Polling, Subscription and
// Receiving Inbox services come from the Collection Information Response.
//
// The profile names the collections (taxii11.collections: read_write, read_only, write_only,
// by collection name) and the identities: "default", "writer" (may poll and send content to
// the read-write collection), "reader" (may poll it, not write it), "nobody" (authenticates
// but may use no collection). Without collection names the specs pick a collection with the
// services they need where the answers allow it, and are disabled otherwise.
//
// Every spec makes its own content (STIX 1.x packages with fresh ids), subscriptions it
// removes again, and never relies on another spec or on the order specs run in.
//
// # Validation
//
// Every request and response is checked (validate.go): against the project's XML Schemas and
// rules (schemas/xsd11), against the Part 2 rules one message shows (URI syntax, authorities,
// Timestamp Labels, required status details, nesting expressions, in_response_to), and, for
// responses, against the HTTP binding (a TAXII message in every 200 answer; X-TAXII-Content-Type,
// X-TAXII-Protocol, X-TAXII-Services and Content-Type around every TAXII message; no
// X-TAXII-Accept). A violation fails the running spec when it names one of the spec's
// requirements and is kept in the report otherwise.
//
// # Profile features (taxii11.features)
//
//   - family-1.1, family-1.1.1: which family to test when the server speaks both.
//   - no-authentication: the server runs without authentication; specs that expect
//     UNAUTHORIZED are disabled.
//   - no-push: the server pushes no content; specs that need pushed content are disabled.
//
// The harness's own Inbox Service, for pushed content, listens on taxii11.inbox_listen
// (default 127.0.0.1:0) and is announced as taxii11.inbox_address when that is set.
//
// # Self-test
//
// `go test ./suites/taxii11/` runs every spec against the reference server twice, TAXII 1.1.1
// over HTTPS and TAXII 1.1 over plain HTTP, each run in a child process, and checks
// traceability to the catalogs. TAXII_CONFORM_FAULTS=name,... switches reference-server
// faults on and requires that each fault's requirements fail; TAXII_CONFORM_FOCUS=<regex>
// narrows the run as --focus does; TAXII_CONFORM_FAMILY=1.1 or 1.1.1 runs one family.
package taxii11

import "github.com/taxii-conform/taxii-conform/suites/harness"

var _ = harness.Install()
