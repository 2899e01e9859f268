// Package taxii21 holds the TAXII 2.1 conformance specs, one file per section of the
// specification (s2_data_types.go, s3_1_endpoints.go, …, s5_8_…, s7_…, s8_…, sB_…). Specs
// register at package level, so that `go test` and the taxii-conform CLI run the same ones;
// each carries its requirement IDs as labels (harness.Reqs), and specs that POST or DELETE
// carry harness.Writes, so that --read-only leaves them out.
//
// # What the specs learn, and what they are told
//
// The target is a discovery URL (/taxii2/) or an API root. Discovery is read once per run:
// the API root under test is the profile's taxii21.api_root, else discovery's default, else
// its first API root. Every exchange is validated against the project's OpenAPI document and
// JSON Schemas (validate.go); a violation fails the running spec when it names one of the
// spec's requirements and is kept in the report otherwise.
//
// The profile names the collections (taxii21.collections: read_write, read_only,
// write_only; without them the specs pick one with the right can_read/can_write for the
// identity, or are disabled) and the identities: "default" (the run's credentials),
// "writer" (may read and write the read-write collection), "reader" (may read it, not write
// it), "nobody" (authenticates but may use no collection). A spec that needs an identity the
// profile lacks is disabled with the reason.
//
// Every spec adds the objects it needs, with fresh ids, and never relies on data it did not
// add, on another spec, or on the order specs run in. Specs about the order of date_added add
// each object in a request of its own and end in error if the server gives two requests the
// same date_added (their order is then undefined, not wrong).
//
// A spec judges its own requirements and no others. What it merely relies on is checked as
// preparation, and a server that breaks that ends the spec in error, not in failure: a filter
// or paging spec first reads the listing it narrows down or pages through and requires that it
// shows what the spec added (view.settle), that its items say what they stand for, and that a
// first page starts with the oldest item; a spec needing an empty result asks with filters
// that each select nothing. The requirement that was really broken fails in its own spec.
//
// # Profile features (taxii21.features)
//
//   - no-authentication: the server runs without authentication (§8.2.2 allows it); the specs
//     that expect 401 are disabled.
//
// What a profile does not claim is learnt from the server's answers, where the specification
// allows either: a server that serves discovery, an API root or a status to every
// authenticated client (instead of 403/404), that never hands out next values, that keeps no
// per-object details in its status, or that takes no STIX 2.0 objects makes the specs that
// need it end "unsupported" with the reason.
//
// # Self-test
//
// `go test ./suites/taxii21/` runs every spec against the reference server, in process over
// HTTPS on loopback, and checks traceability to the catalog. TAXII_CONFORM_FAULTS=name,...
// switches reference-server faults on and requires that each fault's requirements fail;
// TAXII_CONFORM_FOCUS=<regex> narrows the run as --focus does.
package taxii21

import "github.com/taxii-conform/taxii-conform/suites/harness"

var _ = harness.Install()
