package faults

// Faults of the TAXII 2.1 reference server. Add a constant and a table row together; the
// server checks the constant with Set.On.
const (
	// T21ContentTypeNoVersion drops the version parameter from every TAXII Content-Type.
	T21ContentTypeNoVersion = "t21-content-type-no-version"
	// T21ContentTypeWrongVersion answers with version=2.0 in every TAXII Content-Type.
	T21ContentTypeWrongVersion = "t21-content-type-wrong-version"
	// T21ErrorNotTAXII sends errors as text/plain instead of TAXII error resources.
	T21ErrorNotTAXII = "t21-error-not-taxii"
	// T21NoAuthChallenge answers 401 without a WWW-Authenticate header.
	T21NoAuthChallenge = "t21-no-auth-challenge"
	// T21NoDateAddedLast leaves X-TAXII-Date-Added-Last out of paged responses.
	T21NoDateAddedLast = "t21-no-date-added-last"
	// T21DateAddedMillis writes date_added and the X-TAXII-Date-Added headers with three
	// fraction digits instead of six.
	T21DateAddedMillis = "t21-date-added-millis"
	// T21AddedAfterIgnored ignores added_after.
	T21AddedAfterIgnored = "t21-added-after-ignored"
	// T21LimitIgnored ignores the client's limit (the server's own page size still applies).
	T21LimitIgnored = "t21-limit-ignored"
	// T21NextRepeatsPage hands out a next value that returns the same page again.
	T21NextRepeatsPage = "t21-next-repeats-page"
	// T21MoreNeverSet never sets more, even when a page was cut short.
	T21MoreNeverSet = "t21-more-never-set"
	// T21SortNewestFirst lists objects and manifest records newest first.
	T21SortNewestFirst = "t21-sort-newest-first"
	// T21AllVersionsByDefault returns every version when match[version] is absent.
	T21AllVersionsByDefault = "t21-all-versions-by-default"
	// T21AllSpecVersionsByDefault returns every spec_version when match[spec_version] is absent.
	T21AllSpecVersionsByDefault = "t21-all-spec-versions-by-default"
	// T21TypeFilterIgnored ignores match[type].
	T21TypeFilterIgnored = "t21-type-filter-ignored"
	// T21BadFilterAccepted ignores malformed query parameters instead of answering 400.
	T21BadFilterAccepted = "t21-bad-filter-accepted"
	// T21EmptyListSent sends "objects": [] / "versions": [] for empty results.
	T21EmptyListSent = "t21-empty-list-sent"
	// T21CanWriteAlwaysTrue reports can_write true on every collection for every account.
	T21CanWriteAlwaysTrue = "t21-can-write-always-true"
	// T21DuplicateFails reports a re-sent identical object as a failure.
	T21DuplicateFails = "t21-duplicate-fails"
	// T21StatusTotalWrong reports total_count one higher than the objects sent.
	T21StatusTotalWrong = "t21-status-total-wrong"
	// T21MaxContentLengthIgnored accepts bodies above max_content_length.
	T21MaxContentLengthIgnored = "t21-max-content-length-ignored"
	// T21DeleteKeepsOlderVersions makes DELETE remove only the latest version.
	T21DeleteKeepsOlderVersions = "t21-delete-keeps-older-versions"
	// T21DeleteReadOnly404 answers 404 instead of 403 to a DELETE by a read-only account.
	T21DeleteReadOnly404 = "t21-delete-read-only-404"
)

const contentTypeOverBroad = "every endpoint's own Content-Type requirement (T21-4.1-03, T21-5.4-06, …) fails with it"

func init() {
	register(
		Fault{Name: T21ContentTypeNoVersion, Protocol: "2.1", Requirements: []string{"T21-3.1-09"},
			Description: "responses carry application/taxii+json without ;version=2.1",
			OverBroad:   contentTypeOverBroad},
		Fault{Name: T21ContentTypeWrongVersion, Protocol: "2.1", Requirements: []string{"T21-3.1-09"},
			Description: "responses carry application/taxii+json;version=2.0",
			OverBroad:   contentTypeOverBroad},
		Fault{Name: T21ErrorNotTAXII, Protocol: "2.1", Requirements: []string{"T21-3.1-08"},
			Description: "error responses are text/plain, not TAXII error resources",
			OverBroad:   "every endpoint's error-answer requirement (T21-4.1-07, T21-5.4-09, …) fails with it"},
		Fault{Name: T21NoAuthChallenge, Protocol: "2.1", Requirements: []string{"T21-3.2-02"},
			Description: "401 responses lack the WWW-Authenticate header"},
		Fault{Name: T21NoDateAddedLast, Protocol: "2.1", Requirements: []string{"T21-3.2-08"},
			Description: "GET objects, object, manifest and versions omit X-TAXII-Date-Added-Last"},
		Fault{Name: T21DateAddedMillis, Protocol: "2.1", Requirements: []string{"T21-3.2-04", "T21-3.2-07", "T21-2-13"},
			Description: "date_added and the X-TAXII-Date-Added headers have millisecond, not microsecond, precision"},
		Fault{Name: T21AddedAfterIgnored, Protocol: "2.1", Requirements: []string{"T21-3.4-03"},
			Description: "added_after is ignored"},
		Fault{Name: T21LimitIgnored, Protocol: "2.1", Requirements: []string{"T21-3.4-08"},
			Description: "the client's limit is ignored; pages hold up to the server's page size"},
		Fault{Name: T21NextRepeatsPage, Protocol: "2.1", Requirements: []string{"T21-3.4-13"},
			Description: "the next value returns the same page again instead of the following one"},
		Fault{Name: T21MoreNeverSet, Protocol: "2.1", Requirements: []string{"T21-3.4-11", "T21-3.5-01"},
			Description: "more is never set, even when a page was cut short"},
		Fault{Name: T21SortNewestFirst, Protocol: "2.1", Requirements: []string{"T21-3.3-01"},
			Description: "objects and manifest records come newest first within a page"},
		Fault{Name: T21AllVersionsByDefault, Protocol: "2.1", Requirements: []string{"T21-3.4.1-07"},
			Description: "without match[version] every version is returned, not only the latest"},
		Fault{Name: T21AllSpecVersionsByDefault, Protocol: "2.1", Requirements: []string{"T21-3.4.1-03"},
			Description: "without match[spec_version] every spec_version is returned, not only the newest"},
		Fault{Name: T21TypeFilterIgnored, Protocol: "2.1", Requirements: []string{"T21-3.4.1-04"},
			Description: "match[type] is ignored"},
		Fault{Name: T21BadFilterAccepted, Protocol: "2.1", Requirements: []string{"T21-3.4-02"},
			Description: "malformed query parameters are ignored instead of answered with 400"},
		Fault{Name: T21EmptyListSent, Protocol: "2.1", Requirements: []string{"T21-2-08", "T21-5.3.1-01", "T21-5.8.1-02"},
			Description: `empty results carry "objects": [] or "versions": [] instead of leaving the key out`},
		Fault{Name: T21CanWriteAlwaysTrue, Protocol: "2.1", Requirements: []string{"T21-5.2.1-08"},
			Description: "collections report can_write true to every account"},
		Fault{Name: T21DuplicateFails, Protocol: "2.1", Requirements: []string{"T21-5.5-04"},
			Description: "an object sent again unchanged is reported as a failure"},
		Fault{Name: T21StatusTotalWrong, Protocol: "2.1", Requirements: []string{"T21-4.3.1-11"},
			Description: "status total_count is one more than the number of objects sent"},
		Fault{Name: T21MaxContentLengthIgnored, Protocol: "2.1", Requirements: []string{"T21-5.5-11"},
			Description: "POST bodies larger than max_content_length are accepted"},
		Fault{Name: T21DeleteKeepsOlderVersions, Protocol: "2.1", Requirements: []string{"T21-5.7-03", "T21-5.7-04"},
			Description: "DELETE without match[version] removes only the latest version"},
		Fault{Name: T21DeleteReadOnly404, Protocol: "2.1", Requirements: []string{"T21-5.7-09"},
			Description: "DELETE by an account that may read but not write is answered 404, not 403"},
	)
}
