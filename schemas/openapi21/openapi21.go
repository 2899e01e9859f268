// Package openapi21 holds the project's OpenAPI 3 document of the whole TAXII 2.1 API and checks
// recorded HTTP exchanges against it with kin-openapi: the request is routed onto the document
// (the API root, learnt from discovery, stripped first), its parameters and body validated, and the
// response's status, headers, media type and body checked. Bodies are validated by json21, whose
// schemas the document names by kind, so each resource has one schema.
//
// A Violation's Location names the part of the exchange: "request.url", "request.path.<name>",
// "request.query.<name>", "request.header.<name>", "request.body", "response.status",
// "response.header.<name>" and "response.body"; a body location is followed by "#" and the JSON
// pointer json21 reports (e.g. "response.body#/objects/0/id"). Rule names the operation and the
// part of the document ("getObjects/responses/200/headers/X-TAXII-Date-Added-First") or, for
// bodies, the json21 schema location.
package openapi21

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/schemas/json21"
)

//go:embed openapi.yaml
var document []byte

// Document returns the embedded OpenAPI document (YAML).
func Document() []byte { return append([]byte(nil), document...) }

// SchemaName is the Violation.Schema of violations found by the document (body violations carry
// their json21 kind instead).
const SchemaName = "openapi"

// Extension keywords of the document.
const (
	extRequirement     = "x-requirement"
	extRequirements    = "x-requirements"
	extJSON21          = "x-json21"
	extBodyOptional    = "x-body-optional"
	extContentIfBody   = "x-content-type-if-body"
	extOptionalIfEmpty = "x-optional-if-empty"
)

// The discovery path (section 4.1): the document's, and the default on the target.
const (
	discoveryDocPath = "/taxii2/"
	defaultDiscovery = "/taxii2/"
)

// Exchange is one recorded HTTP request and its response.
type Exchange struct {
	Method string
	// URL is the full request URL, query included.
	URL string
	// APIRoots are the API root URLs known for the target (from discovery), absolute or relative
	// to URL. A request under none of them (and not at the discovery URL) matches no endpoint.
	APIRoots []string
	// Discovery is the discovery URL, absolute or relative to URL; empty means /taxii2/ on URL's
	// host (section 4.1).
	Discovery      string
	RequestHeader  http.Header
	RequestBody    []byte
	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte
}

// FromHTTP builds an Exchange from a request a client sent (its URL absolute) and the response it
// received, whose bodies the caller has read (a Body can be read only once). The headers are
// shared, not copied.
func FromHTTP(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte, apiRoots []string) Exchange {
	x := Exchange{APIRoots: apiRoots, RequestBody: reqBody, ResponseBody: respBody}
	if req != nil {
		x.Method = req.Method
		if req.URL != nil {
			x.URL = req.URL.String()
		}
		x.RequestHeader = req.Header
	}
	if resp != nil {
		x.Status = resp.StatusCode
		x.ResponseHeader = resp.Header
	}
	return x
}

// Validator checks exchanges against the document. It is built once and safe for concurrent use.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

var registerOnce sync.Once

// registerDecoders makes kin-openapi parse TAXII and STIX bodies as JSON (numbers kept exact).
// The registry is global to kin-openapi, hence once per process.
func registerDecoders() {
	registerOnce.Do(func() {
		openapi3filter.RegisterBodyDecoder(MediaTAXII, openapi3filter.JSONBodyDecoder)
		openapi3filter.RegisterBodyDecoder(MediaSTIX, openapi3filter.JSONBodyDecoder)
	})
}

// New loads and checks the embedded document and builds its router.
func New() (*Validator, error) {
	registerDecoders()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(document)
	if err != nil {
		return nil, fmt.Errorf("openapi21: loading the document: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi21: the document is invalid: %w", err)
	}
	for _, k := range bodyKinds(doc) {
		if _, ok := json21.ParseKind(k); !ok {
			return nil, fmt.Errorf("openapi21: the document names an unknown json21 kind %q", k)
		}
	}
	// Route on paths alone: the validator maps each URL onto the document itself, because an API
	// root may be any URL and discovery sits at the server root.
	doc.Servers = nil
	for _, item := range doc.Paths.Map() {
		item.Servers = nil
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi21: building the router: %w", err)
	}
	return &Validator{doc: doc, router: router}, nil
}

// Exchange checks the request and the response of x. Violations of the request are the client's
// (the harness's) doing: a spec that sends a bad request on purpose may prefer Response.
//
// A violation with an empty Requirement means that x could not be checked, and says why: x is
// unusable (no method, a URL that does not parse) or addresses no endpoint of the document (a
// URL under no known API root, a path or method TAXII does not define). It is not a finding
// against the server.
func (v *Validator) Exchange(x Exchange) []schemas.Violation {
	out, err := v.Check(x, true, true)
	if err != nil {
		return []schemas.Violation{inputViolation(err)}
	}
	return out
}

// Request checks only the request of x.
func (v *Validator) Request(x Exchange) []schemas.Violation {
	out, err := v.Check(x, true, false)
	if err != nil {
		return []schemas.Violation{inputViolation(err)}
	}
	return out
}

// Response checks only the response of x (routing still needs its method and URL).
func (v *Validator) Response(x Exchange) []schemas.Violation {
	out, err := v.Check(x, false, true)
	if err != nil {
		return []schemas.Violation{inputViolation(err)}
	}
	return out
}

func inputViolation(err error) schemas.Violation {
	return schemas.Violation{Schema: SchemaName, Rule: "exchange", Message: "cannot check the exchange: " + err.Error()}
}

// Check is Exchange with the two halves selectable and harness faults returned as an error.
func (v *Validator) Check(x Exchange, request, response bool) ([]schemas.Violation, error) {
	if x.Method == "" {
		return nil, errors.New("no method")
	}
	u, err := url.Parse(x.URL)
	if err != nil {
		return nil, fmt.Errorf("URL %q: %w", x.URL, err)
	}
	if !u.IsAbs() || u.Host == "" {
		return nil, fmt.Errorf("URL %q is not absolute", x.URL)
	}
	var out []schemas.Violation
	route, params, routed, vs := v.route(x, u)
	if route == nil {
		return vs, nil
	}
	if request {
		vs, err := checkRequest(x, routed, route, params)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	if response {
		vs, err := v.checkResponse(x, route)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	return schemas.Tidy(out), nil
}

// route maps x onto the document and finds its operation, returning also the URL as the
// document sees it; on failure it explains why.
func (v *Validator) route(x Exchange, u *url.URL) (*routers.Route, map[string]string, *url.URL, []schemas.Violation) {
	docPath, ok := mapPath(u, x.Discovery, x.APIRoots)
	if !ok {
		return nil, nil, nil, []schemas.Violation{{
			Schema: SchemaName, Location: "request.url", Rule: "paths",
			Message: fmt.Sprintf("not checked: %s is neither the discovery URL nor under a known API root", u.Redacted()),
		}}
	}
	routed := &url.URL{Path: mustUnescape(docPath), RawPath: docPath, RawQuery: u.RawQuery}
	req := &http.Request{Method: x.Method, URL: routed, Host: u.Host, Header: http.Header{}}
	route, params, err := v.router.FindRoute(req)
	if err == nil {
		return route, params, routed, nil
	}
	id, why := "", "not checked: no TAXII endpoint has this path"
	if errors.Is(err, routers.ErrMethodNotAllowed) {
		why = "not checked: the endpoint does not define method " + x.Method
	} else if !strings.HasSuffix(u.Path, "/") {
		id, why = ReqTrailingSlash, "the path does not end in \"/\""
	}
	return nil, nil, nil, []schemas.Violation{{
		Requirement: id, Schema: SchemaName, Location: "request.url", Rule: "paths",
		Message: fmt.Sprintf("%s %s: %s", x.Method, u.Redacted(), why),
	}}
}

func mustUnescape(p string) string {
	s, err := url.PathUnescape(p)
	if err != nil {
		return p
	}
	return s
}

// opRequirement is the requirement an operation names for a facet (see the document's
// description), or fallback.
func opRequirement(op *openapi3.Operation, facet, fallback string) string {
	if id := extFacet(op.Extensions, facet); id != "" {
		return id
	}
	return fallback
}

func opRule(route *routers.Route) string {
	return route.Operation.OperationID
}

// checkRequest validates parameters and body with kin-openapi, the body's resource with json21,
// and the Accept and Content-Type media types in Go.
func checkRequest(x Exchange, routed *url.URL, route *routers.Route, params map[string]string) ([]schemas.Violation, error) {
	var out []schemas.Violation
	op := route.Operation
	hdr := x.RequestHeader.Clone()
	if hdr == nil {
		hdr = http.Header{}
	}
	req := &http.Request{
		Method: x.Method,
		URL:    routed,
		Header: hdr,
		Body:   http.NoBody,
	}
	if len(x.RequestBody) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(x.RequestBody))
		req.ContentLength = int64(len(x.RequestBody))
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:         true,
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		},
	}
	bodyFailed := false
	if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
		for _, e := range flatten(err) {
			var re *openapi3filter.RequestError
			if !errors.As(e, &re) {
				// Security and other checks name no requirement of their own.
				out = append(out, schemas.Violation{
					Schema: SchemaName, Location: "request", Rule: opRule(route) + "/request", Message: e.Error(),
				})
				continue
			}
			switch {
			case re.Parameter != nil:
				p := re.Parameter
				id := extString(p.Extensions, extRequirement)
				out = append(out, schemas.Violation{
					Requirement: id, Schema: SchemaName,
					Location: "request." + p.In + "." + p.Name,
					Rule:     opRule(route) + "/parameters/" + p.Name, Message: requestMessage(re),
				})
			case re.RequestBody != nil:
				bodyFailed = true
				id := extString(re.RequestBody.Extensions, extRequirement)
				if strings.Contains(re.Error(), "Content-Type") {
					id = ReqRequestContentType
				}
				out = append(out, schemas.Violation{
					Requirement: id, Schema: SchemaName, Location: "request.body",
					Rule: opRule(route) + "/requestBody", Message: requestMessage(re),
				})
			default:
				out = append(out, schemas.Violation{
					Schema: SchemaName, Location: "request", Rule: opRule(route) + "/request", Message: requestMessage(re),
				})
			}
		}
	}
	out = append(out, checkAccept(x.RequestHeader, opRule(route))...)
	out = append(out, checkQuery(routed.Query(), opRule(route))...)
	if rb := op.RequestBody; rb != nil && rb.Value != nil && len(x.RequestBody) > 0 {
		if !bodyFailed {
			if kind := bodyKind(rb.Value.Content); kind != "" {
				vs, err := json21.Validate(kind, x.RequestBody)
				if err != nil {
					return nil, err
				}
				out = append(out, relocate(vs, "request.body")...)
			}
		}
	}
	return out, nil
}

// checkAccept holds the request's Accept header to section 3.1: at least one TAXII media range,
// which should carry the version parameter.
func checkAccept(h http.Header, rule string) []schemas.Violation {
	if len(h.Values("Accept")) == 0 {
		return []schemas.Violation{{
			Requirement: ReqAcceptPresent, Schema: SchemaName, Location: "request.header.Accept", Rule: rule + "/accept",
			Message: "the request has no Accept header",
		}}
	}
	ranges := parseAccept(h.Values("Accept"))
	var taxii []acceptRange
	for _, r := range ranges {
		if r.mediaType == MediaTAXII {
			taxii = append(taxii, r)
		}
	}
	if len(taxii) == 0 {
		return []schemas.Violation{{
			Requirement: ReqAccept, Schema: SchemaName, Location: "request.header.Accept", Rule: rule + "/accept",
			Message: fmt.Sprintf("Accept %q has no %s media range", strings.Join(h.Values("Accept"), ", "), MediaTAXII),
		}}
	}
	for _, r := range taxii {
		if _, ok := r.params["version"]; ok {
			return nil
		}
	}
	return []schemas.Violation{{
		Requirement: ReqAcceptVersion, Schema: SchemaName, Location: "request.header.Accept", Rule: rule + "/accept",
		Message: fmt.Sprintf("the %s media range in Accept has no version parameter", MediaTAXII),
	}}
}

// checkResponse checks the response's status against the endpoint, its documented headers, its
// media type and its body. It reads kin-openapi's model of the document directly, rather than
// calling openapi3filter.ValidateResponse, which stops at the first header that fails and
// matches media types without the parameter rules of RFC 7231.
func (v *Validator) checkResponse(x Exchange, route *routers.Route) ([]schemas.Violation, error) {
	op := route.Operation
	rule := opRule(route) + "/responses/"
	if x.Method == http.MethodHead {
		return nil, nil
	}
	if x.Status < 100 || x.Status > 599 {
		return nil, fmt.Errorf("status %d is not an HTTP status code", x.Status)
	}
	ref := op.Responses.Status(x.Status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return []schemas.Violation{{
			Requirement: opRequirement(op, "status", ""), Schema: SchemaName, Location: "response.status",
			Rule:    rule + strconv.Itoa(x.Status),
			Message: fmt.Sprintf("status %d is not one the endpoint defines (%s)", x.Status, strings.Join(documented(op), ", ")),
		}}, nil
	}
	resp := ref.Value
	key := statusKey(op, x.Status)
	rule += key
	var out []schemas.Violation
	out = append(out, checkHeaders(resp, x.ResponseHeader, rule, x.ResponseBody)...)

	if len(resp.Content) == 0 {
		return out, nil
	}
	hasBody := len(bytes.TrimSpace(x.ResponseBody)) > 0
	isError := x.Status >= 400
	if hasBody || !extBool(resp.Extensions, extContentIfBody) {
		if p, versionOnly := mediaProblem(x.ResponseHeader.Get("Content-Type"), MediaTAXII, Version); p != "" {
			id := opRequirement(op, "content-type", ReqContentType)
			if isError {
				id = opRequirement(op, "errors", ReqContentType)
			}
			if versionOnly {
				id = ReqContentTypeVersion
			}
			out = append(out, schemas.Violation{
				Requirement: id, Schema: SchemaName, Location: "response.header.Content-Type", Rule: rule + "/content", Message: p,
			})
		}
	}
	kind := bodyKind(resp.Content)
	if kind == "" {
		return out, nil
	}
	if !hasBody {
		if !extBool(resp.Extensions, extBodyOptional) {
			out = append(out, schemas.Violation{
				Requirement: opRequirement(op, "body", ReqResponseBody), Schema: string(kind), Location: "response.body", Rule: rule + "/content",
				Message: fmt.Sprintf("status %d needs a %s body, the response has none", x.Status, kind),
			})
		}
		return out, nil
	}
	val, bad := json21.Decode(x.ResponseBody)
	if bad != nil {
		bad[0].Schema = string(kind)
		bad[0].Rule = rule + "/content"
		if bad[0].Requirement == "" {
			// Not JSON at all: the response lacks the resource its status calls for.
			bad[0].Requirement = opRequirement(op, "body", ReqResponseBody)
			if isError {
				bad[0].Requirement = opRequirement(op, "errors", "")
			}
		}
		return append(out, relocate(bad, "response.body")...), nil
	}
	vs, err := json21.ValidateValue(kind, val)
	if err != nil {
		return nil, err
	}
	out = append(out, relocate(vs, "response.body")...)
	if kind == json21.Error {
		out = append(out, checkHTTPStatus(val, x.Status, rule)...)
	}
	return out, nil
}

// checkHeaders checks every header the response documents: present when required, one value,
// and matching its schema. A required header marked x-optional-if-empty may be absent when body
// is a listing with no items (see the document). The body is decoded only for such a header,
// and at most once.
func checkHeaders(resp *openapi3.Response, h http.Header, rule string, body []byte) []schemas.Violation {
	empty := sync.OnceValue(func() bool { return emptyListing(body) })
	names := make([]string, 0, len(resp.Headers))
	for name := range resp.Headers {
		if !strings.EqualFold(name, "Content-Type") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []schemas.Violation
	for _, name := range names {
		ref := resp.Headers[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		hd := ref.Value
		loc := "response.header." + name
		values := h.Values(name)
		switch {
		case len(values) == 0:
			if hd.Required && !(extBool(hd.Extensions, extOptionalIfEmpty) && empty()) {
				out = append(out, schemas.Violation{
					Requirement: headerRequirement(hd, "required"), Schema: SchemaName, Location: loc,
					Rule: rule + "/headers/" + name, Message: "required header " + name + " is missing",
				})
			}
		case len(values) > 1:
			out = append(out, schemas.Violation{
				Requirement: headerRequirement(hd, "schema"), Schema: SchemaName, Location: loc,
				Rule: rule + "/headers/" + name, Message: fmt.Sprintf("header %s is repeated (%d values), one is allowed", name, len(values)),
			})
		case hd.Schema != nil && hd.Schema.Value != nil:
			if err := hd.Schema.Value.VisitJSON(values[0], openapi3.MultiErrors()); err != nil {
				out = append(out, schemas.Violation{
					Requirement: headerRequirement(hd, "schema"), Schema: SchemaName, Location: loc,
					Rule:    rule + "/headers/" + name,
					Message: fmt.Sprintf("header %s value %q: %s", name, values[0], schemaMessage(err)),
				})
			}
		}
	}
	return out
}

// emptyListing reports whether a body is a listing (envelope, manifest, versions) with no items.
func emptyListing(body []byte) bool {
	val, bad := json21.Decode(body)
	if bad != nil {
		return false
	}
	m, ok := val.(map[string]any)
	if !ok {
		return false
	}
	for _, key := range []string{"objects", "versions"} {
		if items, ok := m[key].([]any); ok && len(items) > 0 {
			return false
		}
	}
	return true
}

func headerRequirement(h *openapi3.Header, facet string) string {
	if id := extFacet(h.Extensions, facet); id != "" {
		return id
	}
	return extString(h.Extensions, extRequirement)
}

// checkHTTPStatus holds an error message's http_status to the response's status (section 3.6.1).
func checkHTTPStatus(body any, status int, rule string) []schemas.Violation {
	m, _ := body.(map[string]any)
	s, ok := m["http_status"].(string)
	if !ok || s == strconv.Itoa(status) {
		return nil
	}
	return []schemas.Violation{{
		Requirement: ReqHTTPStatusMatch, Schema: string(json21.Error), Location: "response.body#/http_status",
		Rule: rule + "/http_status", Message: fmt.Sprintf("http_status is %q but the response status is %d", s, status),
	}}
}

// schemaMessage shortens kin-openapi's schema errors to their reasons (its Error() prints the
// whole schema and value).
func schemaMessage(err error) string {
	var msgs []string
	for _, e := range flatten(err) {
		var se *openapi3.SchemaError
		if errors.As(e, &se) {
			msgs = append(msgs, se.Reason)
		} else {
			msgs = append(msgs, e.Error())
		}
	}
	return strings.Join(msgs, "; ")
}

// requestMessage words a RequestError without kin-openapi's schema dumps.
func requestMessage(re *openapi3filter.RequestError) string {
	var b strings.Builder
	switch {
	case re.Parameter != nil:
		fmt.Fprintf(&b, "%s parameter %q", re.Parameter.In, re.Parameter.Name)
	case re.RequestBody != nil:
		b.WriteString("request body")
	default:
		b.WriteString("request")
	}
	reason := re.Reason
	if re.Err != nil {
		if reason != "" {
			reason += ": "
		}
		reason += schemaMessage(re.Err)
	}
	if reason != "" {
		b.WriteString(": " + reason)
	}
	return b.String()
}

// flatten unpacks kin-openapi's MultiError (possibly nested) into single errors; errors that
// wrap a MultiError (a RequestError, say) stay whole.
func flatten(err error) []error {
	if me, ok := err.(openapi3.MultiError); ok {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// relocate prefixes body violations' JSON pointers with the part of the exchange they are in.
func relocate(vs []schemas.Violation, part string) []schemas.Violation {
	for i := range vs {
		vs[i].Location = part + "#" + vs[i].Location
	}
	return vs
}

// bodyKind is the json21 kind the (single) documented media type's schema names.
func bodyKind(content openapi3.Content) json21.Kind {
	for _, mt := range content {
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
			continue
		}
		if k, ok := json21.ParseKind(extString(mt.Schema.Value.Extensions, extJSON21)); ok {
			return k
		}
	}
	return ""
}

// bodyKinds lists every x-json21 value the document's component schemas carry.
func bodyKinds(doc *openapi3.T) []string {
	var out []string
	for _, s := range doc.Components.Schemas {
		if s.Value != nil {
			if k := extString(s.Value.Extensions, extJSON21); k != "" {
				out = append(out, k)
			}
		}
	}
	return out
}

// statusKey is the key of the responses entry status falls under ("200", "4XX" or "default").
func statusKey(op *openapi3.Operation, status int) string {
	s := strconv.Itoa(status)
	if op.Responses.Value(s) != nil {
		return s
	}
	if r := s[:1] + "XX"; op.Responses.Value(r) != nil {
		return r
	}
	return "default"
}

// documented lists the status keys an operation defines, sorted.
func documented(op *openapi3.Operation) []string {
	var keys []string
	for k := range op.Responses.Map() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func extString(ext map[string]any, key string) string {
	s, _ := ext[key].(string)
	return s
}

func extBool(ext map[string]any, key string) bool {
	b, _ := ext[key].(bool)
	return b
}

func extFacet(ext map[string]any, facet string) string {
	m, _ := ext[extRequirements].(map[string]any)
	s, _ := m[facet].(string)
	return s
}
