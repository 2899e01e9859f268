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
	// Faults of the collection endpoints (section 5).

	// T21CollectionsAuthSkipped serves requests with failing credentials as an administrator.
	T21CollectionsAuthSkipped = "t21-collections-auth-skipped"
	// T21CollectionsSuccessCode answers 203 instead of 200 and 200 instead of 202.
	T21CollectionsSuccessCode = "t21-collections-success-code"
	// T21CollectionsJSONType sends successful answers as application/json.
	T21CollectionsJSONType = "t21-collections-json-type"
	// T21CollectionsBodyNotResource wraps the resources of GET answers in a JSON array.
	T21CollectionsBodyNotResource = "t21-collections-body-not-resource"
	// T21UnknownRootServed serves paths under an unknown API root from the default one.
	T21UnknownRootServed = "t21-unknown-api-root-served"
	// T21UnknownCollectionServed serves an unknown collection id from the root's first collection.
	T21UnknownCollectionServed = "t21-unknown-collection-served"
	// T21UnknownObjectEmpty answers requests about an object the collection lacks with success.
	T21UnknownObjectEmpty = "t21-unknown-object-empty"
	// T21NoRights401 answers 401 to authenticated accounts without rights.
	T21NoRights401 = "t21-no-rights-401"
	// T21WriteOnlyReadable lets accounts that may only write a collection read and delete too.
	T21WriteOnlyReadable = "t21-write-only-readable"
	// T21ReadOnlyWritable lets accounts that may only read a collection write and delete too.
	T21ReadOnlyWritable = "t21-read-only-writable"
	// T21CollectionPropsMissing leaves id, title, can_read and can_write out of collections.
	T21CollectionPropsMissing = "t21-collection-props-missing"
	// T21CollectionMediaTypesString sends media_types as one comma-separated string.
	T21CollectionMediaTypesString = "t21-collection-media-types-string"
	// T21CollectionDetailDiffers gives GET a collection another title than the list.
	T21CollectionDetailDiffers = "t21-collection-detail-differs"
	// T21AliasShared gives every listed collection the same alias.
	T21AliasShared = "t21-alias-shared"
	// T21CollectionsIDsOnly lists bare collection ids instead of collection resources.
	T21CollectionsIDsOnly = "t21-collections-ids-only"
	// T21ManifestRefusesSTIXAccept answers GET manifest with 406 when Accept names STIX.
	T21ManifestRefusesSTIXAccept = "t21-manifest-refuses-stix-accept"
	// T21ManifestOneRecordPerObject lists one manifest record per object, not per version.
	T21ManifestOneRecordPerObject = "t21-manifest-one-record-per-object"
	// T21ManifestVersionIsCreated gives the created timestamp as a record's version.
	T21ManifestVersionIsCreated = "t21-manifest-version-is-created"
	// T21ManifestMarkingVersionAdded gives date_added as the version of objects without modified.
	T21ManifestMarkingVersionAdded = "t21-manifest-marking-version-added"
	// T21UnstableSCOVersion gives objects without created or modified a new version on every read.
	T21UnstableSCOVersion = "t21-unstable-sco-version"
	// T21ManifestRecordIncomplete leaves id, date_added and version out of manifest records.
	T21ManifestRecordIncomplete = "t21-manifest-record-incomplete"
	// T21ManifestIDWithoutType gives manifest records the UUID part of the STIX id only.
	T21ManifestIDWithoutType = "t21-manifest-id-without-type"
	// T21ManifestForeignMediaType gives manifest records a media type the collection lacks.
	T21ManifestForeignMediaType = "t21-manifest-foreign-media-type"
	// T21ManifestDateAddedNotTimestamp writes date_added as a count of microseconds.
	T21ManifestDateAddedNotTimestamp = "t21-manifest-date-added-not-timestamp"
	// T21EmptyResult404 answers GET objects and GET an object with 404 when nothing matches.
	T21EmptyResult404 = "t21-empty-result-404"
	// T21StatusNotKept returns a status id that GET status does not know.
	T21StatusNotKept = "t21-status-not-kept"
	// T21StatusCountsInconsistent sets success_count to total_count whatever failed.
	T21StatusCountsInconsistent = "t21-status-counts-inconsistent"
	// T21UnsupportedType400 refuses an unsupported Content-Type with 400 instead of 415.
	T21UnsupportedType400 = "t21-unsupported-content-type-400"
	// T21UnprocessableAccepted answers bodies that are not envelopes with 202.
	T21UnprocessableAccepted = "t21-unprocessable-accepted"
	// T21GetObjectIgnoresID makes GET an object list every object of the collection.
	T21GetObjectIgnoresID = "t21-get-object-ignores-id"
	// T21DeleteNeedsUUID makes DELETE look objects up by the UUID part of their id only.
	T21DeleteNeedsUUID = "t21-delete-needs-uuid"
	// T21DeleteVersionFilterIgnored makes DELETE remove every version whatever the filters say.
	T21DeleteVersionFilterIgnored = "t21-delete-version-filter-ignored"
	// T21VersionsMarkingDateAdded lists date_added as the version of objects without modified.
	T21VersionsMarkingDateAdded = "t21-versions-marking-date-added"
	// T21VersionsLatestOnly lists only the latest version in GET object versions.
	T21VersionsLatestOnly = "t21-versions-latest-only"
	// T21VersionsMoreNotBoolean sends more as the string "false" in versions resources.
	T21VersionsMoreNotBoolean = "t21-versions-more-not-boolean"
)

// everyContentType are the requirements that name the TAXII 2.1 media type for an answer: one
// per endpoint for its success and its error answers, the answer to an unversioned Accept, and
// valid responses at large. A wrong TAXII Content-Type on every answer breaks each of them.
var everyContentType = []string{
	"T21-3.1-10", "T21-4.1-03", "T21-4.1-07", "T21-4.2-05", "T21-4.2-10", "T21-4.3-05", "T21-4.3-10",
	"T21-5.1-03", "T21-5.1-07", "T21-5.2-03", "T21-5.2-07", "T21-5.3-07", "T21-5.3-10", "T21-5.4-06",
	"T21-5.4-09", "T21-5.5-08", "T21-5.5-14", "T21-5.6-07", "T21-5.6-10", "T21-5.7-12", "T21-5.7-14",
	"T21-5.8-06", "T21-5.8-09", "T21-8.2.1-06",
}

// everyErrorAnswer are the requirements, one per endpoint, that its error answers carry an error
// resource when they carry a body.
var everyErrorAnswer = []string{
	"T21-4.1-07", "T21-4.2-10", "T21-4.3-10", "T21-5.1-07", "T21-5.2-07", "T21-5.3-10", "T21-5.4-09",
	"T21-5.5-14", "T21-5.6-10", "T21-5.7-14", "T21-5.8-09",
}

func init() {
	register(
		t21(T21ContentTypeNoVersion, "responses carry application/taxii+json without ;version=2.1",
			append([]string{"T21-3.1-09"}, everyContentType...)...),
		t21(T21ContentTypeWrongVersion, "responses carry application/taxii+json;version=2.0",
			append([]string{"T21-3.1-09"}, everyContentType...)...),
		t21(T21ErrorNotTAXII, "error responses are text/plain, not TAXII error resources",
			append([]string{"T21-3.1-08", "T21-3.6.1-01", "T21-3.6.1-04", "T21-8.2.1-06", "T21-8.2.1-07"}, everyErrorAnswer...)...),
		t21(T21NoAuthChallenge, "401 responses lack the WWW-Authenticate header",
			"T21-3.2-02", "T21-8.2.1-06", "T21-8.2.2-06"),
		t21(T21NoDateAddedLast, "GET objects, object, manifest and versions omit X-TAXII-Date-Added-Last",
			"T21-3.2-08", "T21-8.2.1-06"),
		t21(T21DateAddedMillis, "date_added and the X-TAXII-Date-Added headers have millisecond, not microsecond, precision",
			"T21-3.2-04", "T21-3.2-07", "T21-2-13", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21AddedAfterIgnored, "added_after is ignored",
			"T21-3.4-03", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04", "T21-5.8-04", "T21-3.1-17"),
		t21(T21LimitIgnored, "the client's limit is ignored; pages hold up to the server's page size",
			"T21-3.4-08", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04", "T21-5.8-04", "T21-3.1-17"),
		t21(T21NextRepeatsPage, "the next value returns the same page again instead of the following one",
			"T21-3.4-13", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04", "T21-5.8-04"),
		t21(T21MoreNeverSet, "more is never set, even when a page was cut short",
			"T21-3.4-11", "T21-3.5-01", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04", "T21-5.8-04"),
		t21(T21SortNewestFirst, "objects and manifest records come newest first within a page",
			"T21-3.3-01"),
		t21(T21AllVersionsByDefault, "without match[version] every version is returned, not only the latest",
			"T21-3.4.1-07", "T21-5.6-08", "T21-3.1-17", "T21-3.4-01"),
		t21(T21AllSpecVersionsByDefault, "without match[spec_version] every spec_version is returned, not only the newest",
			"T21-3.4.1-03"),
		t21(T21TypeFilterIgnored, "match[type] is ignored",
			"T21-3.4.1-04", "T21-5.3-03", "T21-5.3-04", "T21-5.4-03", "T21-3.1-17"),
		t21(T21BadFilterAccepted, "malformed query parameters are ignored instead of answered with 400",
			"T21-3.4-02"),
		t21(T21EmptyListSent, `empty results carry "objects": [], "versions": [] or "collections": [] instead of leaving the key out`,
			"T21-2-08", "T21-5.3.1-01", "T21-5.8.1-02", "T21-5.1.1-01", "T21-2-07", "T21-3.7-04", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21CanWriteAlwaysTrue, "collections report can_write true to every account",
			"T21-5.2.1-08"),
		t21(T21DuplicateFails, "an object sent again unchanged is reported as a failure",
			"T21-5.5-04"),
		t21(T21StatusTotalWrong, "status total_count is one more than the number of objects sent",
			"T21-4.3.1-11", "T21-5.5-09"),
		t21(T21MaxContentLengthIgnored, "POST bodies larger than max_content_length are accepted",
			"T21-5.5-11"),
		t21(T21DeleteKeepsOlderVersions, "DELETE without match[version] removes only the latest version",
			"T21-5.7-03", "T21-5.7-04"),
		t21(T21DeleteReadOnly404, "DELETE by an account that may read but not write is answered 404, not 403",
			"T21-5.7-09"),
		// Faults of the collection endpoints (section 5).
		t21(T21CollectionsAuthSkipped, "the collection endpoints serve requests whose credentials fail as if an administrator sent them",
			"T21-5.1-01", "T21-5.2-01", "T21-5.3-01", "T21-5.4-01", "T21-5.5-01", "T21-5.6-02", "T21-5.7-07", "T21-5.8-02"),
		t21(T21CollectionsSuccessCode, "the collection endpoints answer 203 where 200 is due and 200 where 202 is due",
			"T21-5.1-02", "T21-5.2-02", "T21-5.3-06", "T21-5.4-05", "T21-5.5-07", "T21-5.6-06", "T21-5.7-11", "T21-5.8-05"),
		t21(T21CollectionsJSONType, "successful answers of the collection endpoints carry Content-Type application/json",
			"T21-5.1-03", "T21-5.2-03", "T21-5.3-07", "T21-5.4-06", "T21-5.5-08", "T21-5.6-07", "T21-5.7-12", "T21-5.8-06", "T21-3.1-08", "T21-8.2.1-06"),
		t21(T21CollectionsBodyNotResource, "GET answers of the collection endpoints wrap their resource in a JSON array",
			"T21-5.1-04", "T21-5.2-04", "T21-5.3-08", "T21-5.4-07", "T21-5.6-08", "T21-5.8-07", "T21-3.1-02",
			"T21-3.7-01", "T21-5.1.1-02", "T21-5.4-04", "T21-5.6-05", "T21-5.8.1-03", "T21-8.2.1-06", "T21-8.2.1-07",
			"T21-3.7-04", "T21-5.2.1-10", "T21-5.3.1-12"),
		t21(T21UnknownRootServed, "a path under an API root the server does not host is served by the default API root",
			"T21-5.1-06", "T21-5.2-06", "T21-5.3-09", "T21-5.4-08", "T21-5.5-10", "T21-5.6-09", "T21-5.7-13", "T21-5.8-08", "T21-4.2-09", "T21-4.3-09"),
		t21(T21UnknownCollectionServed, "an unknown collection id is served by the API root's first collection",
			"T21-5.2-06", "T21-5.3-09", "T21-5.4-08", "T21-5.5-10", "T21-5.6-09", "T21-5.7-13", "T21-5.8-08"),
		t21(T21UnknownObjectEmpty, "GET an object and GET object versions answer an unknown object with an empty 200, DELETE with 200",
			"T21-5.6-09", "T21-5.7-13", "T21-5.8-08", "T21-5.7-03"),
		t21(T21NoRights401, "an authenticated account is answered 401 on a collection it has no right on, and on GET collections when it sees none",
			"T21-5.1-05", "T21-5.2-05", "T21-5.7-08"),
		t21(T21WriteOnlyReadable, "an account that may only write a collection may also read it and delete from it",
			"T21-5.2.1-06", "T21-5.3-02", "T21-5.4-02", "T21-5.6-03", "T21-5.8-03", "T21-5.7-10"),
		t21(T21ReadOnlyWritable, "an account that may only read a collection may also add objects to it and delete from it",
			"T21-5.2.1-08", "T21-5.5-02", "T21-5.7-09"),
		t21(T21CollectionPropsMissing, "collection resources lack id, title, can_read and can_write",
			"T21-5.2.1-01", "T21-5.2.1-03", "T21-5.2.1-05", "T21-5.2.1-07", "T21-3.1-02", "T21-3.8-03", "T21-5.1-04",
			"T21-5.1.1-02", "T21-5.2-04", "T21-5.2.1-02", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21CollectionMediaTypesString, "collection media_types is a comma-separated string instead of a list",
			"T21-5.2.1-10", "T21-2-06", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21CollectionDetailDiffers, "GET a collection gives another title than GET collections does",
			"T21-5.2.1-02"),
		t21(T21AliasShared, "every collection GET collections lists carries the same alias",
			"T21-5.2.1-04"),
		t21(T21CollectionsIDsOnly, "GET collections lists bare collection ids instead of collection resources",
			"T21-5.1-04", "T21-5.1.1-02", "T21-2-06", "T21-8.2.1-06", "T21-8.2.1-07", "T21-5.2.1-10"),
		t21(T21ManifestRefusesSTIXAccept, "GET manifest answers 406 when Accept names application/stix+json beside the TAXII type",
			"T21-5.3-05"),
		t21(T21ManifestOneRecordPerObject, "the manifest lists one record per object however many of its versions are selected",
			"T21-5.3.1-02", "T21-5.3-04", "T21-3.4.1-14", "T21-3.4.1-16", "T21-3.4-20"),
		t21(T21ManifestVersionIsCreated, "manifest records give the object's created timestamp as its version",
			"T21-5.3.1-08"),
		t21(T21ManifestMarkingVersionAdded, "manifest records of objects without modified give date_added as the version",
			"T21-5.3.1-09"),
		t21(T21UnstableSCOVersion, "manifest records of objects with neither created nor modified get a new version on every read",
			"T21-5.3.1-10", "T21-4.3.1-24"),
		t21(T21ManifestRecordIncomplete, "manifest records lack id, date_added and version",
			"T21-5.3.1-03", "T21-5.3.1-06", "T21-5.3.1-07", "T21-3.8-03", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21ManifestIDWithoutType, "manifest records carry only the UUID part of the STIX id",
			"T21-5.3.1-04"),
		t21(T21ManifestForeignMediaType, "manifest records name application/json, a media type the collection does not list",
			"T21-5.3.1-11"),
		t21(T21ManifestDateAddedNotTimestamp, "manifest records give date_added as a count of microseconds instead of a timestamp",
			"T21-5.3.1-12", "T21-2-12", "T21-2-13", "T21-2-15", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21EmptyResult404, "GET objects and GET an object answer 404 instead of an empty envelope when nothing matches",
			"T21-5.4-04", "T21-5.6-05"),
		t21(T21StatusNotKept, "POST objects returns a status id that GET status does not know",
			"T21-5.5-03"),
		t21(T21StatusCountsInconsistent, "status success_count equals total_count even when objects failed",
			"T21-5.5-09"),
		t21(T21UnsupportedType400, "POST objects refuses a Content-Type it does not support with 400 instead of 415",
			"T21-5.5-12"),
		t21(T21UnprocessableAccepted, "POST objects answers a body that is not an envelope with 202 and an empty status",
			"T21-5.5-13"),
		t21(T21GetObjectIgnoresID, "GET an object lists every object of the collection, not only the one in its path",
			"T21-5.6-01", "T21-5.6-08"),
		t21(T21DeleteNeedsUUID, "DELETE looks objects up by the UUID part of their id, so a STIX id is answered 404",
			"T21-5.7-01"),
		t21(T21DeleteVersionFilterIgnored, "DELETE removes every version of the object whatever match[version] and match[spec_version] say",
			"T21-5.7-02"),
		t21(T21VersionsMarkingDateAdded, "GET object versions lists date_added as the version of objects without modified",
			"T21-5.8-01"),
		t21(T21VersionsLatestOnly, "GET object versions lists only the latest version",
			"T21-5.8.1-01"),
		t21(T21VersionsMoreNotBoolean, `versions resources carry "more": "false", a string`,
			"T21-5.8.1-03", "T21-2-01", "T21-8.2.1-06", "T21-8.2.1-07"),
	)
}

// Faults of the core concepts and server information (sections 2, 3, 4, 7, 8 and Appendix B).
const (
	T21BooleanAsString          = "t21-boolean-as-string"
	T21StatusIDNotV4            = "t21-status-id-not-v4"
	T21IntegerTooLarge          = "t21-integer-too-large"
	T21ListElementNotString     = "t21-list-element-not-string"
	T21InvalidUTF8              = "t21-invalid-utf8"
	T21TimestampOffset          = "t21-timestamp-offset"
	T21TimestampLocal           = "t21-timestamp-local"
	T21TimestampSpace           = "t21-timestamp-space"
	T21AcceptExact              = "t21-accept-exact"
	T21UnversionedAccept406     = "t21-unversioned-accept-406"
	T21ContentTypeExact         = "t21-content-type-exact"
	T21CollectionBodyEmpty      = "t21-collection-body-empty"
	T21DateAddedSwapped         = "t21-date-added-swapped"
	T21NoDateAddedFirst         = "t21-no-date-added-first"
	T21CollectionsOrderUnstable = "t21-collections-order-unstable"
	T21AddedAfterInclusive      = "t21-added-after-inclusive"
	T21MatchIDOverridesType     = "t21-match-id-overrides-type"
	T21MatchListFirstOnly       = "t21-match-list-first-only"
	T21NewestPageFirst          = "t21-newest-page-first"
	T21ShortPageNoMore          = "t21-short-page-no-more"
	T21MatchIDIgnored           = "t21-match-id-ignored"
	T21SpecVersionFilterIgnored = "t21-spec-version-filter-ignored"
	T21UnstoredType400          = "t21-unstored-type-400"
	T21CreatedNotVersion        = "t21-created-not-version"
	T21VersionLastAsFirst       = "t21-version-last-as-first"
	T21VersionFirstAsLast       = "t21-version-first-as-last"
	T21VersionAllLatestOnly     = "t21-version-all-latest-only"
	T21VersionExactIgnored      = "t21-version-exact-ignored"
	T21ErrorNoTitle             = "t21-error-no-title"
	T21ErrorHTTPStatusWrong     = "t21-error-http-status-wrong"
	T21ErrorDetailsString       = "t21-error-details-string"
	T21EnvelopeAsBundle         = "t21-envelope-as-bundle"
	T21EnvelopeDropsSpecVersion = "t21-envelope-drops-spec-version"
	T21EnvelopeMoreString       = "t21-envelope-more-string"
	T21PropertyNameCase         = "t21-property-name-case"
	T21StatusLiteralCase        = "t21-status-literal-case"
	T21DiscoveryNoTitle         = "t21-discovery-no-title"
	T21DiscoveryDefaultUnlisted = "t21-discovery-default-unlisted"
	T21DiscoveryHTTPRoot        = "t21-discovery-http-root"
	T21DiscoveryRelativeNoSlash = "t21-discovery-relative-no-slash"
	T21DiscoveryNetworkPath     = "t21-discovery-network-path"
	T21DiscoveryRootQuery       = "t21-discovery-root-query"
	T21DiscoveryDuplicateRoot   = "t21-discovery-duplicate-root"
	T21Anonymous403             = "t21-anonymous-403"
	T21Forbidden401             = "t21-forbidden-401"
	T21UnknownRootInfoServed    = "t21-unknown-root-info-served"
	T21VersionsUnversioned      = "t21-api-root-versions-unversioned"
	T21VersionsNot21            = "t21-api-root-versions-not-21"
	T21VersionsNotTAXII         = "t21-api-root-versions-not-taxii"
	T21MaxContentLengthZero     = "t21-max-content-length-zero"
	T21TooLargeBelowLimit       = "t21-too-large-below-limit"
	T21StatusUnknown200         = "t21-status-unknown-200"
	T21StatusIDMismatch         = "t21-status-id-mismatch"
	T21StatusChanges            = "t21-status-changes"
	T21StatusVersionReceived    = "t21-status-version-received"
	T21SCOVersionUnstable       = "t21-status-sco-version-unstable"
	T21StatusNoPendingCount     = "t21-status-no-pending-count"
	T21CustomNameBadChars       = "t21-custom-name-bad-chars"
	T21CustomNameNonASCII       = "t21-custom-name-non-ascii"
	T21CustomNameShort          = "t21-custom-name-short"
	T21CustomNameLong           = "t21-custom-name-long"
	T21CustomNameUnprefixed     = "t21-custom-name-unprefixed"
	T21UserAgentRequired        = "t21-user-agent-required"
	T21ChallengeNotBasic        = "t21-challenge-not-basic"
	T21TLSWeakSuites            = "t21-tls-weak-suites"
	T21TLS12Refused             = "t21-tls12-refused"
	T21TLS13Refused             = "t21-tls13-refused"
	T21NextTrusted              = "t21-next-trusted"
)

func init() {
	register(
		t21(T21BooleanAsString, `collections carry can_read and can_write as the strings "true" and "false"`,
			"T21-2-01", "T21-5.2.1-10", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21StatusIDNotV4, "status ids are time-based (version 1) UUIDs",
			"T21-2-03", "T21-4.3.1-25", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21IntegerTooLarge, "the API root advertises a max_content_length of 2^60, beyond the I-JSON range",
			"T21-2-04", "T21-4.2.1-09", "T21-4.2.1-08", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21ListElementNotString, "collection media_types lists a number among its strings",
			"T21-2-06", "T21-5.2.1-10", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21InvalidUTF8, "error titles carry a raw Latin-1 byte, so error bodies are not UTF-8",
			"T21-2-11", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21TimestampOffset, "status request_timestamp marks UTC with +00:00 instead of Z",
			"T21-2-15", "T21-4.3.1-25", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21TimestampLocal, "status request_timestamp is in local time (+02:00)",
			"T21-2-14", "T21-2-15", "T21-4.3.1-25", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21TimestampSpace, "status request_timestamp separates date and time with a space, not T",
			"T21-2-12", "T21-4.3.1-25", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21AcceptExact, "406 unless an Accept range is spelled exactly application/taxii+json;version=2.1",
			"T21-3.1-11", "T21-3.1-10"),
		t21(T21UnversionedAccept406, "406 to an Accept of application/taxii+json without version",
			"T21-3.1-10"),
		t21(T21ContentTypeExact, "415 unless Content-Type is spelled exactly application/taxii+json;version=2.1",
			"T21-3.1-12"),
		t21(T21CollectionBodyEmpty, "GET a collection answers 200 with no body",
			"T21-3.1-02", "T21-5.2-04", "T21-5.2.1-02"),
		t21(T21DateAddedSwapped, "X-TAXII-Date-Added-First and -Last are swapped",
			"T21-3.2-03", "T21-3.2-06"),
		t21(T21NoDateAddedFirst, "GET objects, object, manifest and versions omit X-TAXII-Date-Added-First",
			"T21-3.2-05", "T21-8.2.1-06"),
		t21(T21CollectionsOrderUnstable, "every other GET collections lists the collections in reverse order",
			"T21-3.3-02"),
		t21(T21AddedAfterInclusive, "added_after also returns what was added at exactly that time",
			"T21-3.4-03", "T21-3.1-17", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04", "T21-5.8-04"),
		t21(T21MatchIDOverridesType, "match[type] is ignored when match[id] is given, instead of both applying",
			"T21-3.4-16", "T21-3.1-17", "T21-3.4.1-04", "T21-5.3-03", "T21-5.3-04", "T21-5.4-03"),
		t21(T21MatchListFirstOnly, "a comma-separated match list is cut to its first value",
			"T21-3.4-20", "T21-5.3-04", "T21-5.4-03"),
		t21(T21NewestPageFirst, "a limited request without added_after starts from the newest records, not the oldest",
			"T21-3.4-06", "T21-3.1-17"),
		t21(T21ShortPageNoMore, "a limited request whose results fit drops the last item, without setting more",
			"T21-3.4-09", "T21-3.4-11", "T21-3.5-01"),
		t21(T21MatchIDIgnored, "match[id] is ignored on GET objects and GET manifest",
			"T21-3.4.1-01", "T21-5.3-04", "T21-5.4-03"),
		t21(T21SpecVersionFilterIgnored, "match[spec_version] is ignored",
			"T21-3.4.1-02", "T21-3.1-17", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04", "T21-5.8-04"),
		t21(T21UnstoredType400, "match[type] naming a type the server holds none of is answered 400",
			"T21-3.4.1-05"),
		t21(T21CreatedNotVersion, "objects without modified never match first, last or a specific match[version]",
			"T21-3.4.1-08"),
		t21(T21VersionLastAsFirst, "match[version]=last returns the earliest version",
			"T21-3.4.1-12", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04"),
		t21(T21VersionFirstAsLast, "match[version]=first returns the latest version",
			"T21-3.4.1-13", "T21-3.1-17", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04"),
		t21(T21VersionAllLatestOnly, "match[version]=all returns only the latest version",
			"T21-3.4.1-14", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04"),
		t21(T21VersionExactIgnored, "a specific match[version] returns every version instead",
			"T21-3.4.1-16", "T21-5.3-04", "T21-5.4-03", "T21-5.6-04"),
		t21(T21ErrorNoTitle, "error resources have no title",
			append([]string{"T21-3.6.1-01", "T21-3.8-03", "T21-8.2.1-06", "T21-8.2.1-07"}, everyErrorAnswer...)...),
		t21(T21ErrorHTTPStatusWrong, `error resources say "http_status": "200"`,
			"T21-3.6.1-02", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21ErrorDetailsString, "error resources carry details as a string, not a dictionary",
			"T21-3.6.1-04", "T21-2-02", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21EnvelopeAsBundle, "GET objects answers with a STIX bundle (type and id added to the envelope)",
			"T21-3.7-01", "T21-7.1.1-04", "T21-7.1.1-05", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21EnvelopeDropsSpecVersion, "objects in envelopes lose their spec_version, so STIX 2.1 objects read as STIX 2.0",
			"T21-3.7-03", "T21-3.4.1-02", "T21-3.4.1-03"),
		t21(T21EnvelopeMoreString, `envelopes carry more as the string "true" or "false"`,
			"T21-3.7-04", "T21-2-01", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21PropertyNameCase, "discovery spells contact as Contact",
			"T21-3.8-01", "T21-7.1.1-03", "T21-7.1.1-04", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21StatusLiteralCase, `GET status spells the status value "Complete"`,
			"T21-3.8-02", "T21-4.3.1-05", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21DiscoveryNoTitle, "discovery has no title",
			"T21-4.1.1-01", "T21-4.1-04", "T21-3.8-03", "T21-3.1-02", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21DiscoveryDefaultUnlisted, "discovery lists its API roots as absolute URLs but gives default as a relative one",
			"T21-4.1.1-03", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21DiscoveryHTTPRoot, "discovery lists an API root as an absolute http:// URL",
			"T21-4.1.1-05", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21DiscoveryRelativeNoSlash, "discovery lists a relative API root that does not start with /",
			"T21-4.1.1-06", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21DiscoveryNetworkPath, "discovery lists an API root starting with //",
			"T21-4.1.1-07", "T21-4.1.1-06", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21DiscoveryRootQuery, "discovery lists an API root URL with a query",
			"T21-4.1.1-08", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21DiscoveryDuplicateRoot, "discovery lists the same API root twice",
			"T21-4.2-02"),
		t21(T21Anonymous403, "discovery, API root information and status answer 403 to requests without credentials",
			"T21-4.1-05", "T21-4.2-07", "T21-4.3-07"),
		t21(T21Forbidden401, "discovery and API root information answer 401 to an authenticated account without rights",
			"T21-4.1-06", "T21-4.2-08"),
		t21(T21UnknownRootInfoServed, "GET on a one-segment path that is no API root answers with the default API root's information",
			"T21-4.2-09"),
		t21(T21VersionsUnversioned, "api-root versions also lists application/taxii+json without a version parameter",
			"T21-4.2.1-04", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21VersionsNot21, "api-root versions lists only application/taxii+json;version=2.0",
			"T21-4.2.1-05", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21VersionsNotTAXII, "api-root versions also lists application/json;version=2.1",
			"T21-4.2.1-03", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21MaxContentLengthZero, "api-root max_content_length is 0",
			"T21-4.2.1-07", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21TooLargeBelowLimit, "POST bodies above half of max_content_length are refused with 413",
			"T21-4.2.1-08"),
		t21(T21StatusUnknown200, "GET status of an unknown id answers 200 with an empty pending status",
			"T21-4.3-09"),
		t21(T21StatusIDMismatch, "GET status answers with a status whose id is not the one asked for",
			"T21-4.3.1-03"),
		t21(T21StatusChanges, "every read of a complete status gets a new request_timestamp",
			"T21-4.3.1-06"),
		t21(T21StatusVersionReceived, "status-details give the time of the request as the version, not modified or created",
			"T21-4.3.1-22", "T21-4.3.1-23"),
		t21(T21SCOVersionUnstable, "status-details of observables get a new version on every request",
			"T21-4.3.1-24"),
		t21(T21StatusNoPendingCount, "status resources have no pending_count",
			"T21-4.3.1-16", "T21-3.8-03", "T21-3.1-02", "T21-4.3-06", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21CustomNameBadChars, "discovery carries a custom property x-Vendor.Note",
			"T21-7.1.1-03", "T21-7.1.1-04", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21CustomNameNonASCII, "discovery carries a custom property whose name is not ASCII",
			"T21-7.1.1-02", "T21-7.1.1-03", "T21-7.1.1-04", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21CustomNameShort, "discovery carries a custom property of two characters",
			"T21-7.1.1-05", "T21-7.1.1-04", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21CustomNameLong, "discovery carries a custom property of 251 characters",
			"T21-7.1.1-06", "T21-7.1.1-04", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21CustomNameUnprefixed, "discovery carries a custom property without the x_ prefix",
			"T21-7.1.1-04", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21UserAgentRequired, "requests without User-Agent are answered 400",
			"T21-8.2.1-08"),
		t21(T21ChallengeNotBasic, "401 answers challenge with Bearer only (Basic credentials still work)",
			"T21-8.2.2-06"),
		t21(T21TLSWeakSuites, "TLS 1.2 accepts the cipher suites RFC 7540 Appendix A blacklists (taxii21.TLSConfig)",
			"T21-8.2.2-05"),
		t21(T21TLS12Refused, "TLS 1.2 handshakes are refused; only TLS 1.3 is spoken (taxii21.TLSConfig)",
			"T21-8.2.2-02"),
		t21(T21TLS13Refused, "TLS 1.3 handshakes are refused; only TLS 1.2 is spoken (taxii21.TLSConfig)",
			"T21-8.2.2-03"),
		t21(T21NextTrusted, "next values carry their query, and the server answers that query instead of the request's",
			"T21-B-02"),
	)
}

// More faults of the server information endpoints (section 4) and of lists (section 2).
const (
	T21APIRootVersionsMissing  = "t21-api-root-versions-missing"
	T21APIRootVersionsEmpty    = "t21-api-root-versions-empty"
	T21APIRootNoTitle          = "t21-api-root-no-title"
	T21APIRootNoMaxLength      = "t21-api-root-no-max-content-length"
	T21MatchVersionUnsupported = "t21-match-version-unsupported"
	T21UnfilteredDropsNewest   = "t21-unfiltered-drops-newest"
	T21InfoJSONType            = "t21-info-json-type"
	T21InfoErrorsPlain         = "t21-info-errors-plain"
	T21InfoSuccess203          = "t21-info-success-203"
	T21InfoBodyList            = "t21-info-body-list"
	T21StatusPropsMissing      = "t21-status-props-missing"
	T21StatusCountsNegative    = "t21-status-counts-negative"
	T21StatusDetailsBare       = "t21-status-details-bare"
	T21StatusDetailsIDUUID     = "t21-status-details-id-uuid"
	T21StatusOther401          = "t21-status-other-401"
	T21DiscoveryDescriptionNum = "t21-discovery-description-number"
	T21DiscoverySuccess203     = "t21-discovery-success-203"
	T21DiscoveryRootsUnserved  = "t21-discovery-roots-unserved"
)

func init() {
	register(
		t21(T21APIRootVersionsMissing, "the api-root resource has no versions",
			"T21-2-09", "T21-4.2.1-02", "T21-3.8-03", "T21-3.1-02", "T21-4.2-06", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21APIRootVersionsEmpty, "the api-root resource has versions: []",
			"T21-2-10", "T21-2-07", "T21-4.2.1-05", "T21-4.2.1-09", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21APIRootNoTitle, "the api-root resource has no title",
			"T21-4.2.1-01", "T21-3.8-03", "T21-3.1-02", "T21-4.2-06", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21APIRootNoMaxLength, "the api-root resource has no max_content_length",
			"T21-4.2.1-06", "T21-3.8-03", "T21-3.1-02", "T21-4.2-06", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21MatchVersionUnsupported, "GET objects and GET manifest answer 400 to match[version]",
			"T21-3.4-14", "T21-5.3-04", "T21-5.4-03"),
		t21(T21UnfilteredDropsNewest, "GET objects and GET manifest without any parameter leave out the most recently added record",
			"T21-3.4-01"),
		t21(T21InfoJSONType, "discovery, API root information and status answer 200 with Content-Type application/json",
			"T21-4.1-03", "T21-4.2-05", "T21-4.3-05", "T21-3.1-08", "T21-8.2.1-06"),
		t21(T21InfoErrorsPlain, "error answers of discovery, API root information and status are text/plain",
			"T21-4.1-07", "T21-4.2-10", "T21-4.3-10", "T21-3.6.1-01"),
		t21(T21InfoSuccess203, "API root information and GET status answer 203 instead of 200",
			"T21-4.2-04", "T21-4.3-04"),
		t21(T21InfoBodyList, "API root information and GET status wrap their resource in a JSON array",
			"T21-4.2-06", "T21-4.3-06", "T21-3.1-02", "T21-8.2.1-06", "T21-8.2.1-07", "T21-4.2.1-09", "T21-4.3.1-25"),
		t21(T21StatusPropsMissing, "GET status answers without id, status, total_count, success_count and failure_count",
			"T21-4.3.1-02", "T21-4.3.1-04", "T21-4.3.1-09", "T21-4.3.1-12", "T21-4.3.1-14", "T21-3.1-02", "T21-3.8-03", "T21-4.3-06", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21StatusCountsNegative, "GET status gives every count as -1",
			"T21-4.3.1-10", "T21-4.3.1-13", "T21-4.3.1-15", "T21-4.3.1-17", "T21-8.2.1-06", "T21-8.2.1-07", "T21-4.3.1-11"),
		t21(T21StatusDetailsBare, "status-details read back at GET status have neither id nor version",
			"T21-4.3.1-18", "T21-4.3.1-21", "T21-3.8-03", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21StatusDetailsIDUUID, "status-details give the UUID part of a STIX id instead of the id",
			"T21-4.3.1-19"),
		t21(T21StatusOther401, "GET status of another account's request answers 401",
			"T21-4.3-08"),
		t21(T21DiscoveryDescriptionNum, "discovery gives its description as a number",
			"T21-4.1.1-09", "T21-2-11", "T21-8.2.1-06", "T21-8.2.1-07"),
		t21(T21DiscoverySuccess203, "discovery answers 203 instead of 200",
			"T21-4.1-02"),
		t21(T21DiscoveryRootsUnserved, "discovery lists only API roots the server does not serve; its default stays the one it serves, so it is no longer listed",
			"T21-8.2.1-03", "T21-4.1.1-03", "T21-8.2.1-06", "T21-8.2.1-07"),
	)
}
