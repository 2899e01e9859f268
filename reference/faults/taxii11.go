package faults

// Faults of the TAXII 1.1.1 reference server. Add a constant and a table row together; the
// server checks the constant with Set.On.
const (
	// T11NoInResponseTo omits in_response_to from Poll Responses.
	T11NoInResponseTo = "t11-poll-response-no-in-response-to"
	// T11PollErrorAsSuccess answers failed Poll Requests with a SUCCESS Status Message.
	T11PollErrorAsSuccess = "t11-poll-error-as-success"
	// T11NoContentTypeHeader drops X-TAXII-Content-Type from responses.
	T11NoContentTypeHeader = "t11-no-x-taxii-content-type"
	// T11WrongNamespace writes TAXII 1.1 responses in the 1.1.1 namespace and the reverse.
	T11WrongNamespace = "t11-wrong-namespace"
	// T11PartNumberOffByOne numbers result parts from 2.
	T11PartNumberOffByOne = "t11-result-part-number-off-by-one"
	// T11MoreWithoutResultID sends more="true" without result_id.
	T11MoreWithoutResultID = "t11-more-without-result-id"
	// T11FeedNoEndTimestamp omits Inclusive_End_Timestamp from Poll Responses of Data Feeds.
	T11FeedNoEndTimestamp = "t11-feed-response-no-end-timestamp"
	// T11InboxKeepsRejected stores the acceptable blocks of an Inbox Message it rejects.
	T11InboxKeepsRejected = "t11-inbox-keeps-rejected-content"
	// T11PendingNoDetails sends PENDING without its required status details.
	T11PendingNoDetails = "t11-pending-without-details"
	// T11PendingNotAllowed answers PENDING to polls that leave allow_asynch out (it defaults to false).
	T11PendingNotAllowed = "t11-pending-without-allow-asynch"
	// T11DiscoveryAnswersStatus answers Discovery Requests with a SUCCESS Status Message.
	T11DiscoveryAnswersStatus = "t11-discovery-answers-status"
	// T11TimestampSevenDigits writes Timestamp Labels with seven fractional digits.
	T11TimestampSevenDigits = "t11-timestamp-seven-digits"
	// T11PollIgnoresBegin ignores Exclusive_Begin_Timestamp in Poll Requests.
	T11PollIgnoresBegin = "t11-poll-ignores-begin-timestamp"
	// T11RecordCountTooSmall reports fewer records than the Poll Response carries.
	T11RecordCountTooSmall = "t11-record-count-too-small"
	// T11AcceptInResponse adds X-TAXII-Accept to responses.
	T11AcceptInResponse = "t11-x-taxii-accept-in-response"
)

func init() {
	register(
		t11(T11NoInResponseTo, "Poll Responses lack the in_response_to attribute",
			"T11S-4.1.1-01", "T11X-3.9-01", "T11S-4.3-04", "T11S-4.2-01"),
		t11(T11PollErrorAsSuccess, "Poll Requests that fail (unknown collection, no rights …) get a SUCCESS Status Message",
			"T11S-3.6-04", "T11Q-3.1-03", "T11Q-3.1-06", "T11Q-3.1-08", "T11Q-3.3-01", "T11S-3.6-03", "T11S-4.4.8-09", "T11S-5.5-01", "T11S-5.5.2-01", "T11S-4.4.8-05"),
		broad(t11(T11NoContentTypeHeader, "responses carrying a TAXII message lack the X-TAXII-Content-Type header",
			"T11H-2.1.4-02", "T11H-4-01"),
			"every exchange observes it, so every response-header check fails"),
		broad(t11(T11WrongNamespace, "responses use the other version family's XML namespace",
			"T11H-2.1.4-01", "T11X-3-02", "T11H-4-01"),
			"every message is then invalid against its schema"),
		t11(T11PartNumberOffByOne, "Poll Responses number result parts from 2 instead of 1",
			"T11S-3.6.1-03"),
		t11(T11MoreWithoutResultID, "Poll Responses with more=\"true\" lack result_id",
			"T11S-4.4.9-07", "T11X-3.9-02"),
		t11(T11FeedNoEndTimestamp, "Poll Responses for Data Feeds lack Inclusive_End_Timestamp",
			"T11S-4.4.9-05", "T11X-3.9-04", "T11S-5.2.2.2-05", "T11S-5.2.2.2-06"),
		t11(T11InboxKeepsRejected, "an Inbox Message answered with an error status still has its acceptable blocks stored",
			"T11S-3.2-05", "T11S-3.2.1-02"),
		t11(T11PendingNoDetails, "PENDING Status Messages lack ESTIMATED_WAIT, RESULT_ID and WILL_PUSH",
			"T11S-4.4.1-09", "T11X-3.1-03", "T11X-3.1-05", "T11S-4.4.1-05"),
		t11(T11PendingNotAllowed, "Poll Requests whose Poll_Parameters leave allow_asynch out are taken to allow asynchronous polling and answered PENDING",
			"T11S-4.4.8-12"),
		t11(T11DiscoveryAnswersStatus, "Discovery Requests get a SUCCESS Status Message instead of a Discovery Response",
			"T11S-3.3-03", "T11S-4.4.1-06", "T11S-2.1.1-01"),
		t11(T11TimestampSevenDigits, "Timestamp Labels are written with seven fractional digits",
			"T11S-4.1.4-07", "T11X-2.2.1-02"),
		t11(T11PollIgnoresBegin, "Poll Requests' Exclusive_Begin_Timestamp is ignored: content before it is returned, although the response states the requested begin",
			"T11S-5.2.2.2-01", "T11S-5.2.2.2-02", "T11S-5.2.2.3-02"),
		t11(T11RecordCountTooSmall, "Record_Count is smaller than the number of content blocks in the Poll Response",
			"T11S-4.4.9-08"),
		t11(T11AcceptInResponse, "responses carry an X-TAXII-Accept header",
			"T11H-2.1.3-04", "T11H-4-01"),
	)
}
