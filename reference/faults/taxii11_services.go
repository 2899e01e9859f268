package faults

// Faults of the TAXII 1.1.1 reference server in the messages of Part 2 §4.4.3–§4.4.10 (service
// and collection descriptions, subscriptions, polls, pushed content) and in the Default Query
// (Part 5). Add a constant and a table row together; the server checks the constant with Set.On.
const (
	T11DiscoveryInstanceIncomplete = "t11-discovery-instance-incomplete"
	T11DiscoveryInstanceBadIDs     = "t11-discovery-instance-bad-ids"
	T11RelativeAddresses           = "t11-relative-service-addresses"
	T11QueryOnDiscoveryInstance    = "t11-supported-query-on-discovery-instance"
	T11SupportedQueryRepeated      = "t11-supported-query-repeated"
	T11ContentBindingOnPoll        = "t11-content-binding-on-poll-instance"
	T11InboxAcceptedNotIDs         = "t11-inbox-accepted-content-not-ids"

	T11CollectionNoDescription  = "t11-collection-without-description"
	T11CollectionBindingsNotIDs = "t11-collection-bindings-not-ids"
	T11CollectionEndpointsBare  = "t11-collection-endpoints-without-binding"
	T11CollectionEndpointIDsBad = "t11-collection-endpoint-ids-malformed"

	T11SubscribeTakesID          = "t11-subscribe-takes-subscription-id"
	T11ManageAppliesParameters   = "t11-manage-applies-parameters"
	T11SubscribeIgnoresContent   = "t11-subscribe-ignores-content-binding"
	T11SubscribeAcceptsBadPush   = "t11-subscribe-accepts-unusable-push"
	T11SubscriptionChecksOrder   = "t11-subscription-checks-out-of-order"
	T11UnauthenticatedUnsub      = "t11-unauthenticated-unsubscribe"
	T11UnsubscribeUnknownMissing = "t11-unsubscribe-unknown-not-found"
	T11SubscribeDuplicates       = "t11-subscribe-duplicates"
	T11SubscribeRepeatRefused    = "t11-subscribe-repeat-refused"
	T11RepeatStateRefused        = "t11-repeat-pause-resume-refused"
	T11UnknownSubscriptionOK     = "t11-unknown-subscription-accepted"
	T11UnpollableSubscribeOK     = "t11-unpollable-poll-only-subscribe-accepted"

	T11UnsubscribeResponseBare = "t11-unsubscribe-response-incomplete"
	T11ResponseExtraInstance   = "t11-pause-response-two-instances"
	T11StatusNoParameters      = "t11-status-without-parameters"
	T11PollInstanceMalformed   = "t11-poll-instance-malformed"

	T11DataSetHonoursRange     = "t11-data-set-honours-range"
	T11SubscribersOnlyNoDenial = "t11-subscribers-only-poll-unauthorized"
	T11PollIgnoresContent      = "t11-poll-ignores-content-binding"
	T11PollResponseWrongName   = "t11-poll-response-wrong-collection"
	T11PollResponseTwoBegins   = "t11-poll-response-two-begin-labels"
	T11PollResponseInclusive   = "t11-poll-response-inclusive-begin"
	T11DataSetResponseLabels   = "t11-data-set-response-labels"
	T11PollResponseNoCount     = "t11-poll-response-no-record-count"
	T11PushNoSubscriptionID    = "t11-push-without-subscription-id"
	T11PushTwoBegins           = "t11-push-two-begin-labels"
	T11PushDataSetLabels       = "t11-push-data-set-labels"
	T11PushFeedNoEnd           = "t11-push-feed-no-end-label"
	T11PushRecordCountTooSmall = "t11-push-record-count-too-small"
	T11PushNoRecordCount       = "t11-push-no-record-count"
	T11PushInclusiveBegin      = "t11-push-inclusive-begin"

	T11QueryAndAsOr            = "t11-query-and-as-or"
	T11QueryIgnoresNegate      = "t11-query-ignores-negate"
	T11QueryEqualsAsContains   = "t11-query-equals-as-contains"
	T11QueryNotEqualsInverted  = "t11-query-not-equals-inverted"
	T11QueryNumericBounds      = "t11-query-numeric-bounds-swapped"
	T11QueryExistsInverted     = "t11-query-exists-inverted"
	T11QueryCaseDefaultFalse   = "t11-query-case-insensitive-default"
	T11QueryRegexIgnoresCase   = "t11-query-regex-ignores-case-flag"
	T11QueryTimestampAsText    = "t11-query-timestamp-equals-as-text"
	T11QueryTimestampBounds    = "t11-query-timestamp-bounds-swapped"
	T11QueryStarAsGlobstar     = "t11-query-star-as-globstar"
	T11QueryUnrootedTargets    = "t11-query-unrooted-targets"
	T11QueryAcceptsUnsupported = "t11-query-accepts-unsupported"
	T11QueryErrorDetailNames   = "t11-query-error-detail-names"
	T11QueryNoScopeDetails     = "t11-query-no-scope-details"
	T11QueryScopeDetailOrder   = "t11-query-scope-details-out-of-order"
	T11QueryInfoMalformed      = "t11-query-info-malformed"
	T11StatusQueryMalformed    = "t11-status-query-malformed"
)

func init() {
	register(
		t11(T11DiscoveryInstanceIncomplete, "the Discovery Service's own Service_Instance lists no Message_Binding", "T11S-4.4.3-02", "T11X-3.3-03", "T11S-4.2-01"),
		t11(T11DiscoveryInstanceBadIDs, "the Discovery Service's own Service_Instance has a made-up services version and bare words for its protocol and message bindings",
			"T11S-4.4.3-03", "T11S-4.4.3-04", "T11S-4.4.3-06", "T11S-4.1.7-01", "T11S-4.1.7-04", "T11X-2.2.3-02"),
		t11(T11RelativeAddresses, "service addresses in Discovery, Collection Information and subscription answers are paths without scheme and host",
			"T11S-4.4.3-05", "T11S-4.4.5-12", "T11S-4.4.5-16", "T11S-4.4.5-22", "T11S-4.4.7-08"),
		t11(T11QueryOnDiscoveryInstance, "the Discovery Service's own Service_Instance lists Supported_Query", "T11S-4.4.3-07"),
		t11(T11SupportedQueryRepeated, "the Collection Management instance lists the Default Query twice and a Supported_Query with an empty format_id",
			"T11S-4.4.3-10", "T11S-4.4.3-11", "T11S-4.2-01", "T11X-3.3-08"),
		t11(T11ContentBindingOnPoll, "Poll Service instances list accepted content bindings", "T11S-4.4.3-12", "T11X-3.3-09"),
		t11(T11InboxAcceptedNotIDs, "Inbox instances that list accepted content add a binding and subtype that are bare words, not IDs",
			"T11S-4.4.3-14", "T11S-4.4.3-15", "T11S-4.1.7-04", "T11X-2.2.3-02"),

		t11(T11CollectionNoDescription, "Collection Information records lack Description", "T11S-4.4.5-02", "T11X-3.5-02", "T11S-4.2-01"),
		t11(T11CollectionBindingsNotIDs, "collections and their Receiving Inbox Services that list content bindings add one (with a subtype) that is a bare word",
			"T11S-4.4.5-03", "T11S-4.4.5-04", "T11S-4.4.5-24", "T11S-4.4.5-25", "T11S-4.1.7-02", "T11S-4.1.7-04", "T11X-2.2.3-01", "T11X-2.2.3-02"),
		t11(T11CollectionEndpointsBare, "Push Methods, Polling, Subscription and Receiving Inbox Services of collections list no message binding",
			"T11S-4.4.5-06", "T11S-4.4.5-10", "T11S-4.4.5-14", "T11S-4.4.5-20", "T11S-4.2-01", "T11X-3.5-05", "T11X-3.5-06", "T11X-3.5-07", "T11X-3.5-08"),
		t11(T11CollectionEndpointIDsBad, "the endpoints of collections name their protocol and message bindings with bare words",
			"T11S-4.4.5-07", "T11S-4.4.5-08", "T11S-4.4.5-11", "T11S-4.4.5-13", "T11S-4.4.5-15", "T11S-4.4.5-17", "T11S-4.4.5-21", "T11S-4.4.5-23", "T11S-4.1.7-04", "T11X-2.2.3-02"),

		t11(T11SubscribeTakesID, "a SUBSCRIBE naming an existing Subscription_ID rewrites that subscription instead of creating one", "T11S-4.4.6-04"),
		t11(T11ManageAppliesParameters, "PAUSE and RESUME apply Subscription_Parameters they carry to the subscription", "T11S-4.4.6-07"),
		t11(T11SubscribeIgnoresContent, "SUBSCRIBE naming only content bindings the collection lacks is accepted", "T11S-4.4.6-10", "T11S-4.4.6-24"),
		t11(T11SubscribeAcceptsBadPush, "SUBSCRIBE with push parameters the server cannot use is accepted",
			"T11S-4.4.6-15", "T11S-4.4.6-18", "T11S-4.4.6-24"),
		t11(T11SubscriptionChecksOrder, "SUBSCRIBE judges its push parameters before the collection it names", "T11S-4.4.6-20"),
		t11(T11UnauthenticatedUnsub, "an unauthenticated UNSUBSCRIBE is refused but still removes the subscription", "T11S-4.4.6-21"),
		t11(T11UnsubscribeUnknownMissing, "UNSUBSCRIBE of an unknown subscription gets NOT_FOUND", "T11S-4.4.6-23"),
		t11(T11SubscribeDuplicates, "a SUBSCRIBE identical to an existing subscription creates another", "T11S-4.4.6-25", "T11S-4.4.6-26"),
		t11(T11SubscribeRepeatRefused, "a SUBSCRIBE identical to an existing subscription is refused with DENIED", "T11S-4.4.6-27", "T11S-4.4.6-25"),
		t11(T11RepeatStateRefused, "PAUSE of a paused and RESUME of an active subscription are refused with DENIED", "T11S-4.4.6-28", "T11S-4.4.6-29", "T11S-3.5-02"),
		t11(T11UnknownSubscriptionOK, "PAUSE, RESUME and STATUS of an unknown subscription are answered as if it existed", "T11S-4.4.6-30"),
		t11(T11UnpollableSubscribeOK, "a SUBSCRIBE without delivery parameters to a collection no Poll Service serves makes a subscription nobody can poll, instead of getting POLLING_UNSUPPORTED", "T11S-4.4.6-13"),

		t11(T11UnsubscribeResponseBare, "answers to UNSUBSCRIBE name no collection and give the subscription an empty ID", "T11S-4.4.7-01", "T11S-4.4.7-03", "T11S-4.1.3-03", "T11S-4.2-01", "T11X-2.2.3-03", "T11X-3.7-01"),
		t11(T11ResponseExtraInstance, "answers to PAUSE and RESUME list the subscription twice", "T11S-4.4.7-02", "T11X-3.7-02"),
		t11(T11StatusNoParameters, "answers to STATUS leave out each subscription's Subscription_Parameters", "T11S-4.4.7-04", "T11X-3.7-04"),
		t11(T11PollInstanceMalformed, "Poll Instances of subscriptions name their bindings with bare words, and one lists no message binding",
			"T11S-4.4.7-06", "T11S-4.4.7-07", "T11S-4.4.7-09", "T11S-4.1.7-04", "T11S-4.2-01", "T11X-2.2.3-02", "T11X-3.7-07"),

		t11(T11DataSetHonoursRange, "polls of a Data Set apply the requested Timestamp Label range", "T11S-4.4.8-02", "T11S-4.4.8-03"),
		t11(T11SubscribersOnlyNoDenial, "a Poll Service that serves subscribers only answers polls without a Subscription ID with UNAUTHORIZED instead of DENIED", "T11S-4.4.8-05"),
		t11(T11PollIgnoresContent, "polls naming only content bindings the collection lacks get an empty Poll Response", "T11S-4.4.8-09"),
		t11(T11PollResponseWrongName, "Poll Responses name another collection than the one polled", "T11S-4.4.9-02"),
		t11(T11PollResponseTwoBegins, "Poll Responses that state a lower bound add an Inclusive_Begin_Timestamp beside Exclusive_Begin_Timestamp",
			"T11S-4.4.9-03", "T11S-4.4.9-11", "T11X-3-02"),
		t11(T11PollResponseInclusive, "Poll Responses state their lower bound with the deprecated Inclusive_Begin_Timestamp", "T11S-4.4.9-13", "T11X-3-02", "T11S-5.2.2.2-02"),
		t11(T11DataSetResponseLabels, "Poll Responses for Data Sets carry a begin and an end Timestamp Label", "T11S-4.4.9-04", "T11S-4.4.9-06", "T11X-3.9-03", "T11X-3.9-05"),
		t11(T11PollResponseNoCount, "Poll Responses carry no Record_Count", "T11S-4.4.9-09"),
		t11(T11PushNoSubscriptionID, "Inbox Messages pushed for subscriptions carry an empty Subscription_ID", "T11S-4.4.10-01", "T11X-3.10-02"),
		t11(T11PushTwoBegins, "pushed Inbox Messages add an Inclusive_Begin_Timestamp beside Exclusive_Begin_Timestamp", "T11S-4.4.10-02"),
		t11(T11PushDataSetLabels, "Inbox Messages pushed for Data Set subscriptions carry Timestamp Labels of range", "T11S-4.4.10-03", "T11S-4.4.10-05", "T11X-3.10-03", "T11X-3.10-05"),
		t11(T11PushFeedNoEnd, "Inbox Messages pushed for Data Feed subscriptions lack Inclusive_End_Timestamp", "T11S-4.4.10-04", "T11X-3.10-04"),
		t11(T11PushRecordCountTooSmall, "pushed Inbox Messages count fewer records than they carry", "T11S-4.4.10-06"),
		t11(T11PushNoRecordCount, "pushed Inbox Messages carry no Record_Count", "T11S-4.4.10-07"),
		t11(T11PushInclusiveBegin, "pushed Inbox Messages state their lower bound with Inclusive_Begin_Timestamp", "T11S-4.4.10-09"),

		t11(T11QueryAndAsOr, "Default Queries evaluate AND as OR", "T11Q-3.3-02", "T11Q-3.3-03"),
		t11(T11QueryIgnoresNegate, "Default Queries ignore negate", "T11Q-3.3-03"),
		t11(T11QueryEqualsAsContains, "core equals on strings is evaluated as contains", "T11Q-5.1.1-01"),
		t11(T11QueryNotEqualsInverted, "core not_equals is evaluated as equals", "T11Q-5.1.2-01"),
		t11(T11QueryNumericBounds, "core greater_than and less_than include the bound, greater_than_or_equal and less_than_or_equal exclude it",
			"T11Q-5.1.3-01", "T11Q-5.1.4-01", "T11Q-5.1.5-01", "T11Q-5.1.6-01"),
		t11(T11QueryExistsInverted, "core exists and does_not_exist are swapped", "T11Q-5.1.7-01", "T11Q-5.1.8-01"),
		t11(T11QueryCaseDefaultFalse, "core begins_with, ends_with and contains ignore case when case_sensitive is absent",
			"T11Q-5.1.9-01", "T11Q-5.1.10-01", "T11Q-5.1.11-01"),
		t11(T11QueryRegexIgnoresCase, "regex matches always ignores case", "T11Q-5.2.1-01"),
		t11(T11QueryTimestampAsText, "timestamp equals compares the texts, not the instants", "T11Q-5.3.1-01"),
		t11(T11QueryTimestampBounds, "timestamp greater_than and less_than include the bound, the _or_equals forms exclude it",
			"T11Q-5.3.2-01", "T11Q-5.3.3-01", "T11Q-5.3.4-01", "T11Q-5.3.5-01"),
		t11(T11QueryStarAsGlobstar, "'*' in targeting expressions matches any run of nodes", "T11Q-4.1-01"),
		t11(T11QueryUnrootedTargets, "targets not starting at the STIX root element match anywhere in the content", "T11Q-4.2.1-01"),
		t11(T11QueryAcceptsUnsupported, "queries with unsupported vocabularies, targets or capability modules are run and match nothing",
			"T11Q-3.1-03", "T11Q-3.1-06", "T11Q-3.1-08", "T11Q-3.3-01"),
		t11(T11QueryErrorDetailNames, "Default Query error statuses name their details SUPPORTED_CAPABILITY_MODULE and SUPPORTED_TARGETING_EXPRESSION_ID",
			"T11Q-2-01", "T11Q-2-02", "T11Q-2-03", "T11S-4.1.5-04"),
		t11(T11QueryNoScopeDetails, "UNSUPPORTED_TARGETING_EXPRESSION carries no scope detail", "T11Q-2-04"),
		t11(T11QueryScopeDetailOrder, "UNSUPPORTED_TARGETING_EXPRESSION lists an ALLOWED_SCOPE detail before the PREFERRED_SCOPE ones", "T11Q-2-06"),
		t11(T11QueryInfoMalformed, "the Collection Management instance advertises a Default_Query_Info without capability modules, with a vocabulary ID that is no URI, a vocabulary without scopes, an invalid scope and a stray element",
			"T11Q-3.2-01", "T11Q-3.2-02", "T11Q-3.2.1.1-01", "T11Q-3.2.2-01", "T11Q-4.2.2-02", "T11S-4.2-01"),
		t11(T11StatusQueryMalformed, "answers reporting a subscription's Default Query write it with stray attributes and elements, a lower-case operator and children out of order",
			"T11Q-3.1.1-01", "T11Q-3.1.1-02", "T11Q-3.1.1-03", "T11Q-3.1.1-04", "T11Q-3.1.1-05"),
	)
}
