package openapi21

// Requirements that the Go code of this package reports, rather than an annotation of the
// document. Annotations of the document ("x-requirement", "x-requirements") name the rest.
const (
	// ReqTrailingSlash: request paths end in "/" (section 3.1).
	ReqTrailingSlash = "T21-3.1-01"
	// ReqAcceptPresent: every request sends an Accept header (section 3.1).
	ReqAcceptPresent = "T21-3.1-04"
	// ReqAccept: the Accept header names a TAXII media range (section 3.1).
	ReqAccept = "T21-3.1-05"
	// ReqAcceptVersion: that media range carries the version parameter (section 3.1, SHOULD).
	ReqAcceptVersion = "T21-3.1-07"
	// ReqRequestContentType: POST requests send a valid Content-Type (section 3.1).
	ReqRequestContentType = "T21-3.1-16"
	// ReqContentType: responses state their endpoint's media type in Content-Type (section
	// 3.1); the fallback when the operation names no more precise requirement.
	ReqContentType = "T21-3.1-08"
	// ReqContentTypeVersion: the Content-Type of a response carries version=2.1 (section 3.1).
	ReqContentTypeVersion = "T21-3.1-09"
	// ReqResponseBody: a 2xx response carries its endpoint's resource (section 3.1); the
	// fallback when the operation names no more precise requirement.
	ReqResponseBody = "T21-3.1-02"
	// ReqHTTPStatusMatch: an error message's http_status equals the response status (3.6.1).
	ReqHTTPStatusMatch = "T21-3.6.1-02"
	// ReqAddedAfterOnce: added_after appears at most once in a request (section 3.4).
	ReqAddedAfterOnce = "T21-3.4-04"
	// ReqMatchOnce: each match[<field>] appears at most once in a request (section 3.4).
	ReqMatchOnce = "T21-3.4-15"
	// ReqVersionKeywordOnce: each keyword appears at most once in match[version] (3.4.1).
	ReqVersionKeywordOnce = "T21-3.4.1-09"
	// ReqVersionValueOnce: each specific version appears at most once in match[version] (3.4.1).
	ReqVersionValueOnce = "T21-3.4.1-10"
	// ReqVersionAllAlone: "all" is not combined with other match[version] values (3.4.1).
	ReqVersionAllAlone = "T21-3.4.1-15"
)

// GoRequirements lists the IDs the Go code of this package reports.
func GoRequirements() []string {
	return []string{ReqTrailingSlash, ReqAcceptPresent, ReqAccept, ReqAcceptVersion, ReqRequestContentType,
		ReqContentType, ReqContentTypeVersion, ReqResponseBody, ReqHTTPStatusMatch, ReqAddedAfterOnce,
		ReqMatchOnce, ReqVersionKeywordOnce, ReqVersionValueOnce, ReqVersionAllAlone}
}
