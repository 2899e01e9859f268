package faults

// Faults of the TAXII 1.1.1 reference server in the HTTP binding (Part 3), the XML binding
// (Part 4), and the exchanges, message concepts, Status Messages, content blocks and content
// handling of Part 2 (§2, §3, §4.1-§4.5, §5). Add a constant and a table row together; the
// server checks the constant with Set.On.
const (
	T11NoAllowOn405           = "t11-405-without-allow"
	T11ContentTypeTextXML     = "t11-content-type-text-xml"
	T11ContentTypeUnknown     = "t11-content-type-unregistered"
	T11NoProtocolHeader       = "t11-no-x-taxii-protocol"
	T11ProtocolHeaderUnknown  = "t11-x-taxii-protocol-unknown"
	T11ProtocolOtherTransport = "t11-x-taxii-protocol-other-transport"
	T11NoServicesHeader       = "t11-no-x-taxii-services"
	T11ServicesHeaderUnknown  = "t11-x-taxii-services-unknown"
	T11GetAnsweredHTML        = "t11-get-answered-html"
	T11ErrorsAsHTTP400        = "t11-errors-as-http-400"

	T11ManagementRefusesAll  = "t11-collection-management-refuses-all"
	T11InboxEmptyAnswer      = "t11-inbox-empty-answer"
	T11PollRefusesAll        = "t11-poll-refuses-all"
	T11BadMessageAsSuccess   = "t11-bad-message-as-success"
	T11RefusalsEmpty200      = "t11-refusals-empty-200"
	T11NoCollectionsAsStatus = "t11-no-collections-as-status"
	T11ResumeActiveAsStatus  = "t11-resume-active-answers-status"
	T11RefusedChangeApplies  = "t11-refused-change-applies"
	T11UnknownResultNotFound = "t11-unknown-result-not-found"
	T11EarlyFulfillmentEmpty = "t11-fulfillment-early-empty"
	T11PartsCutRecords       = "t11-parts-cut-records"

	T11CustomMessageType     = "t11-custom-message-type"
	T11MessageIDNotURI       = "t11-message-id-not-uri"
	T11CollectionNameNotURI  = "t11-collection-name-not-uri"
	T11SubscriptionIDReused  = "t11-subscription-id-reused"
	T11ResultIDReused        = "t11-result-id-reused"
	T11ResultIDNotURI        = "t11-result-id-not-uri"
	T11LabelsSecondPrecision = "t11-labels-second-precision"
	T11TimestampWithoutZone  = "t11-timestamp-without-zone"
	T11LabelsNotIncreasing   = "t11-labels-not-increasing"
	T11NamesNotURIs          = "t11-names-not-uris"
	T11UnqualifiedNames      = "t11-unqualified-names"
	T11CustomServicesVersion = "t11-custom-services-version"
	T11NoMessageID           = "t11-no-message-id"
	T11Doctype               = "t11-doctype"
	T11ExtendedHeaderRefused = "t11-extended-headers-refused"
	T11StatusWithoutType     = "t11-status-without-type"
	T11StatusWithoutMessage  = "t11-status-without-message"
	T11StatusWithoutDetails  = "t11-status-without-details"
	T11InvalidPartNoMax      = "t11-invalid-part-without-max"
	T11BlockWithoutBinding   = "t11-block-without-binding"
	T11PaddingKept           = "t11-padding-kept"

	T11NoPushOnAdd            = "t11-no-push-on-add"
	T11PollStatesReturned     = "t11-poll-states-returned-span"
	T11FeedEndBeforeNewest    = "t11-feed-end-before-newest"
	T11FeedEndInFuture        = "t11-feed-end-in-future"
	T11PartsNotContiguous     = "t11-parts-not-contiguous"
	T11PartEndTooEarly        = "t11-part-end-too-early"
	T11FeedContentChanges     = "t11-feed-content-changes"
	T11SubtypeOnNested        = "t11-subtype-on-nested-binding"
	T11NestingOutsideBlocks   = "t11-nesting-in-collection-bindings"
	T11PollIgnoresBindings    = "t11-poll-ignores-bindings"
	T11PollIgnoresQuery       = "t11-poll-ignores-query"
	T11UnreadableWithheld     = "t11-unreadable-content-withheld"
	T11InboxRefusesNonSTIX    = "t11-inbox-refuses-non-stix"
	T11PushWhilePaused        = "t11-push-while-paused"
	T11ResumeDropsMissed      = "t11-resume-drops-missed"
	T11UnknownQueryFormatUsed = "t11-unknown-query-format-ignored"

	T11ElementsOutOfOrder      = "t11-elements-out-of-order"
	T11ExtendedHeaderUnnamed   = "t11-extended-header-unnamed"
	T11DetailUnnamed           = "t11-detail-unnamed"
	T11EstimatedWaitNotInteger = "t11-estimated-wait-not-integer"
	T11DiscoveryIncomplete     = "t11-discovery-incomplete"
	T11CollectionInfoBroken    = "t11-collection-info-incomplete"
	T11SubscribeUsesGivenID    = "t11-subscribe-uses-given-id"
	T11PushParamsOnOtherAction = "t11-push-parameters-applied-on-other-actions"
	T11SubscriptionRespBroken  = "t11-subscription-response-incomplete"
	T11SubscriptionListedTwice = "t11-subscription-listed-twice"
	T11SubscriptionParamsLost  = "t11-subscription-parameters-changed"
	T11PushParamsEchoWrong     = "t11-push-parameters-echo-wrong"
	T11PushIncomplete          = "t11-push-incomplete"
)

func init() {
	register(
		t11(T11NoAllowOn405, "requests with a method other than POST get 405 without an Allow header", "T11H-1.1.1-01"),
		t11(T11ContentTypeTextXML, "TAXII messages are sent as text/xml", "T11H-2.1.2-01", "T11H-4-01"),
		t11(T11ContentTypeUnknown, "TAXII messages are sent as application/taxii-xml, a subtype IANA does not know and that is not xml", "T11H-2.1.2-02", "T11H-2.1.2-03", "T11H-4-01"),
		t11(T11NoProtocolHeader, "responses carrying a TAXII message lack X-TAXII-Protocol", "T11H-2.1.5-02", "T11H-4-01"),
		t11(T11ProtocolHeaderUnknown, "X-TAXII-Protocol names a protocol binding that does not exist", "T11H-2.1.5-01", "T11H-4-01"),
		t11(T11ProtocolOtherTransport, "X-TAXII-Protocol names HTTPS over plain HTTP and HTTP over HTTPS", "T11H-2.1.5-03", "T11H-4-01"),
		t11(T11NoServicesHeader, "responses carrying a TAXII message lack X-TAXII-Services", "T11H-2.1.6-02", "T11H-4-01"),
		t11(T11ServicesHeaderUnknown, "X-TAXII-Services names a services version that does not exist", "T11H-2.1.6-01", "T11H-4-01"),
		t11(T11GetAnsweredHTML, "GET requests to a service get HTTP 200 with an HTML page", "T11H-4-02", "T11S-4.3-03"),
		t11(T11ErrorsAsHTTP400, "Status Messages of error types are sent with HTTP 400 instead of 200", "T11H-4-03"),

		t11(T11ManagementRefusesAll, "the Collection Management Service answers every request with FAILURE", "T11S-2.1.2-01", "T11S-3.4-03"),
		t11(T11InboxEmptyAnswer, "the Inbox Service acknowledges every Inbox Message with an empty HTTP 200", "T11S-2.1.3-01", "T11S-3.2-03", "T11H-4-02"),
		t11(T11PollRefusesAll, "the Poll Service answers every Poll Request it could serve with DENIED", "T11S-2.1.4-01"),
		t11(T11BadMessageAsSuccess, "malformed requests get SUCCESS instead of BAD_MESSAGE",
			"T11S-3.2-02", "T11S-3.3-01", "T11S-3.4-01", "T11S-3.5-01", "T11S-3.6-02", "T11X-2.1.4-01", "T11S-3.6-04", "T11S-3.6.1-02", "T11S-3.6.2.1-01"),
		broad(t11(T11RefusalsEmpty200, "every Status Message of an error type is replaced by an empty HTTP 200",
			"T11S-3.2-03", "T11S-3.3-02", "T11S-3.4-02", "T11S-3.5-03", "T11S-3.6-03", "T11S-3.6.1-02", "T11S-3.6.2.1-01"),
			"error answers carry no TAXII message at all, so every check that reads one fails"),
		t11(T11NoCollectionsAsStatus, "a Collection Information Request from a requester who sees no collection gets SUCCESS instead of an empty response", "T11S-3.4-03"),
		t11(T11ResumeActiveAsStatus, "RESUME of an active subscription gets SUCCESS instead of a Manage Collection Subscription Response", "T11S-3.5-02", "T11S-3.5-04", "T11S-4.4.6-29"),
		t11(T11RefusedChangeApplies, "a refused PAUSE or UNSUBSCRIBE naming an existing subscription still removes it", "T11S-3.5-05"),
		t11(T11UnknownResultNotFound, "Poll Fulfillment Requests for unknown results get NOT_FOUND instead of ASYNCHRONOUS_POLL_ERROR", "T11S-3.6.2.1-02"),
		t11(T11EarlyFulfillmentEmpty, "Poll Fulfillment Requests for results not ready yet get an empty Poll Response instead of PENDING", "T11S-3.6.2.1-03"),
		t11(T11PartsCutRecords, "in a result of several parts, the last record of each part but the last is cut in half", "T11S-3.6.1-01", "T11S-5.2.2.3-02"),

		t11(T11CustomMessageType, "NOT_FOUND is reported in a Not_Found_Message element, a message type TAXII does not define",
			"T11S-4-01", "T11S-4.3-03", "T11S-3.5-03", "T11S-3.6-03", "T11S-3.6.2.1-01", "T11S-4.4.6-22", "T11S-4.4.6-30"),
		t11(T11MessageIDNotURI, "message IDs contain a space", "T11S-4.1.1-03", "T11X-2.2.3-03"),
		t11(T11CollectionNameNotURI, "Collection Information Responses list an extra, unavailable collection whose name has a space", "T11S-4.1.2-01", "T11X-2.2.3-03"),
		t11(T11SubscriptionIDReused, "every subscription of a requester to a collection gets the same ID", "T11S-4.1.3-01"),
		t11(T11ResultIDReused, "every result set of a collection gets the same Result ID", "T11S-4.1.3-02"),
		t11(T11ResultIDNotURI, "Result IDs contain a space", "T11S-4.1.3-03", "T11X-2.2.3-03"),
		broad(t11(T11LabelsSecondPrecision, "content blocks show their Timestamp Label cut to the second, so items added within one second share it", "T11S-4.1.4-01"),
			"within one second the cut labels also fall behind the newest label and outside the (uncut) ranges the responses state; past a second boundary they do not"),
		t11(T11TimestampWithoutZone, "Timestamp Labels are written without a time zone", "T11S-4.1.4-02", "T11X-2.2.1-01"),
		t11(T11LabelsNotIncreasing, "content blocks show Timestamp Labels that run backwards: newer content is labelled earlier", "T11S-4.1.4-04", "T11S-4.1.4-05", "T11S-5.2.2.3-02"),
		t11(T11NamesNotURIs, "answers carry an extended header, a status detail, a query format, a status type (for NOT_FOUND), a content subtype and a push protocol whose names contain spaces",
			"T11S-4.1.5-01", "T11S-4.1.5-03", "T11S-4.1.6-02", "T11S-4.4.1.1-04", "T11S-4.5-02", "T11S-4.1.7-02",
			"T11X-2.2.3-01", "T11X-2.2.3-02", "T11X-3.1-08", "T11S-4.4.5-07", "T11S-4.4.6-30"),
		t11(T11UnqualifiedNames, "answers carry an extended header, a status detail, a query format, a status type (for NOT_FOUND) and a push protocol named without an authority",
			"T11S-4.1.5-02", "T11S-4.1.5-04", "T11S-4.1.6-03", "T11S-4.4.1.1-05", "T11S-4.1.7-04", "T11X-2.2.3-02", "T11S-4.4.5-07", "T11S-4.4.6-30", "T11X-3.1-08"),
		t11(T11CustomServicesVersion, "the Discovery Response lists a service under a services version of its own making", "T11S-4.1.7-01", "T11S-4.4.3-03"),
		broad(t11(T11NoMessageID, "answers carry no message_id", "T11S-4.3-01", "T11X-3.1-01", "T11X-3.3-01", "T11X-3.5-01", "T11S-4.2-01", "T11X-3.7-01", "T11X-3.9-01"),
			"every message type then lacks a required field"),
		t11(T11Doctype, "answers start with a document type declaration", "T11S-4.3-02", "T11H-4-02", "T11S-2.1.1-01", "T11S-3.3-03"),
		t11(T11ExtendedHeaderRefused, "requests carrying Extended_Headers get BAD_MESSAGE", "T11S-4.3-06"),
		broad(t11(T11StatusWithoutType, "Status Messages carry no status_type", "T11S-4.4.1-01", "T11S-4.2-01", "T11X-3.1-01"),
			"every Status Message then lacks its type, so every check of the type an answer must have fails"),
		t11(T11StatusWithoutMessage, "Status Messages of error types carry no Message", "T11S-4.4.1-03"),
		t11(T11StatusWithoutDetails, "Status Messages leave out the details Table 2 suggests for their type",
			"T11S-4.4.1-04", "T11S-4.4.1-10", "T11S-4.4.1-11", "T11S-4.4.1-12", "T11S-4.4.1-13", "T11S-4.4.1-14", "T11S-4.4.1-15", "T11S-4.4.1-16", "T11X-3.1-07"),
		t11(T11InvalidPartNoMax, "INVALID_RESPONSE_PART carries no MAX_PART_NUMBER", "T11S-4.4.1-08", "T11S-4.4.1-05", "T11X-3.1-03"),
		t11(T11BlockWithoutBinding, "content blocks of Poll Responses lack Content_Binding", "T11S-4.5-01", "T11X-3.9-06", "T11S-4.2-01"),
		t11(T11PaddingKept, "the Padding of a content block sent to the Inbox Service is stored as part of its content", "T11S-4.5-03"),

		t11(T11NoPushOnAdd, "content added to a collection is not pushed to its subscriptions", "T11S-5.2.2.1-01", "T11S-5.4.2-02", "T11X-3.7-06"),
		t11(T11PollStatesReturned, "Poll Responses state the label of their first item as lower bound instead of the requested one", "T11S-5.2.2.2-03", "T11S-5.2.2.2-02", "T11S-5.2.2.3-02"),
		t11(T11FeedEndBeforeNewest, "Poll Responses of Data Feeds state an upper bound an hour before the end they considered", "T11S-5.2.2.2-06", "T11S-5.2.2.2-02", "T11S-5.2.2.3-02"),
		t11(T11FeedEndInFuture, "Poll Responses of Data Feeds state an upper bound an hour after the end they considered", "T11S-5.2.2.2-07"),
		t11(T11PartsNotContiguous, "parts of a Data Feed result after the first begin a second after the previous part ended", "T11S-5.2.2.3-01"),
		t11(T11PartEndTooEarly, "parts of a Data Feed result that more parts follow state an upper bound before their last item", "T11S-5.2.2.3-02"),
		t11(T11FeedContentChanges, "every poll returns Data Feed content with a different comment appended", "T11S-5.2.2.4-01"),
		t11(T11SubtypeOnNested, "content blocks whose binding is a nesting expression get a Subtype", "T11S-5.3.2-01"),
		t11(T11NestingOutsideBlocks, "collections that list their content bindings add a nesting expression to the list", "T11S-5.3.4-01", "T11S-4.4.5-03"),
		t11(T11PollIgnoresBindings, "polls return content of every binding and subtype, whatever the request asked for", "T11S-5.4.1-01", "T11S-5.4.1-02"),
		t11(T11PollIgnoresQuery, "polls return every record, whatever their query",
			"T11S-5.4.1-03", "T11S-5.4.1-04", "T11Q-3.3-02", "T11Q-3.3-03", "T11Q-4.1-01", "T11Q-4.2.1-01", "T11Q-5.1.1-01", "T11Q-5.1.2-01", "T11Q-5.1.3-01",
			"T11Q-5.1.4-01", "T11Q-5.1.5-01", "T11Q-5.1.6-01", "T11Q-5.1.7-01", "T11Q-5.1.8-01", "T11Q-5.1.9-01", "T11Q-5.1.10-01", "T11Q-5.1.11-01",
			"T11Q-5.2.1-01", "T11Q-5.3.1-01", "T11Q-5.3.2-01", "T11Q-5.3.3-01", "T11Q-5.3.4-01", "T11Q-5.3.5-01"),
		t11(T11UnreadableWithheld, "polls without a query leave out content that is not XML", "T11S-5.4.1-05"),
		t11(T11InboxRefusesNonSTIX, "the Inbox Service answers UNSUPPORTED_CONTENT for STIX-bound content that is not a STIX package", "T11S-5.4.1-06"),
		t11(T11PushWhilePaused, "paused subscriptions are still pushed content", "T11S-5.4.2-01"),
		t11(T11ResumeDropsMissed, "RESUME skips the content added while the subscription was paused", "T11S-5.4.2-02"),
		t11(T11UnknownQueryFormatUsed, "queries in unknown formats are ignored: polls return everything and subscriptions are made",
			"T11S-5.5-01", "T11S-5.5-02", "T11S-5.5.2-01", "T11Q-3.3-01", "T11S-4.4.6-24"),

		t11(T11ElementsOutOfOrder, "Service_Instance elements list Address before Protocol_Binding", "T11X-3-01"),
		t11(T11ExtendedHeaderUnnamed, "answers carry an Extended_Header without a name", "T11X-3-03", "T11S-4.2-01"),
		t11(T11DetailUnnamed, "Detail entries of Status Messages have no name",
			"T11X-3.1-06", "T11Q-2-01", "T11Q-2-02", "T11Q-2-03", "T11Q-2-04", "T11S-4.2-01", "T11S-4.4.1-04", "T11S-4.4.1-05", "T11S-4.4.1-08",
			"T11S-4.4.1-09", "T11S-4.4.1-10", "T11S-4.4.1-11", "T11S-4.4.1-12", "T11S-4.4.1-13", "T11S-4.4.1-14", "T11S-4.4.1-15", "T11S-4.4.1-16",
			"T11X-3.1-05", "T11X-3.1-07"),
		t11(T11EstimatedWaitNotInteger, "PENDING gives its ESTIMATED_WAIT as a word", "T11X-3.1-09", "T11S-4.4.1-09"),
		t11(T11DiscoveryIncomplete, "the Discovery Response adds service instances that each break one rule of Table 5: an unknown type, no Address, a repeated binding, a query body of the wrong structure, a query without format, a content binding without ID, and content bindings on a Poll Service",
			"T11X-3.3-03", "T11X-3.3-04", "T11X-3.3-05", "T11X-3.3-07", "T11X-3.3-08", "T11X-3.3-09", "T11X-3.3-11", "T11Q-3.2.2-01", "T11S-4.2-01", "T11S-4.4.3-02", "T11S-4.4.3-11", "T11S-4.4.3-12", "T11S-4.4.3-14"),
		t11(T11CollectionInfoBroken, "the Collection Information Response adds collections that each break one rule of Table 8",
			"T11X-3.5-02", "T11X-3.5-03", "T11X-3.5-04", "T11X-3.5-05", "T11X-3.5-06", "T11X-3.5-07", "T11X-3.5-08", "T11S-4.2-01", "T11S-4.4.5-02", "T11S-4.4.5-03", "T11S-4.4.5-06", "T11S-4.4.5-10", "T11S-4.4.5-20"),
		t11(T11SubscribeUsesGivenID, "a SUBSCRIBE carrying a Subscription_ID gives the new subscription that ID", "T11X-3.6-05", "T11S-4.4.6-04"),
		t11(T11PushParamsOnOtherAction, "Push_Parameters sent with STATUS, PAUSE or RESUME are applied to the subscription", "T11X-3.6-12"),
		t11(T11SubscriptionRespBroken, "Manage Collection Subscription Responses lack collection_name, give subscriptions the status RUNNING and Poll Instances without Address",
			"T11X-3.7-01", "T11X-3.7-03", "T11X-3.7-07", "T11S-4.2-01", "T11S-4.4.7-01", "T11S-4.4.7-06"),
		t11(T11SubscriptionListedTwice, "answers to SUBSCRIBE, PAUSE, RESUME and UNSUBSCRIBE list the subscription twice", "T11X-3.7-02", "T11S-4.4.7-02"),
		t11(T11SubscriptionParamsLost, "answers report every subscription as FULL for every content binding, whatever was asked", "T11X-3.7-04", "T11S-4.4.7-04"),
		t11(T11PushParamsEchoWrong, "answers report Push_Parameters with another address than the one the subscription pushes to", "T11X-3.7-06"),
		t11(T11PushIncomplete, "pushed Inbox Messages carry no message_id and content blocks without Content_Binding", "T11X-3.10-01", "T11X-3.10-06"),
	)
}
