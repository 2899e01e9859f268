package taxii21

// Every exchange of a TAXII 2.1 run goes through validate: the request and the response are
// checked against the project's OpenAPI document of the API (schemas/openapi21), whose bodies
// are the project's JSON Schemas (schemas/json21). An exchange the document cannot route (a
// path under no API root, such as the made-up URLs of the 404 specs) still has its error body
// and its media type checked.

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/schemas/json21"
	"github.com/taxii-conform/taxii-conform/schemas/openapi21"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

func init() { harness.RegisterValidator(requirements.TAXII21, validate) }

var (
	documentOnce sync.Once
	document     *openapi21.Validator
	documentErr  error
)

// openAPI is the OpenAPI validator, built once per process.
func openAPI() (*openapi21.Validator, error) {
	documentOnce.Do(func() { document, documentErr = openapi21.New() })
	return document, documentErr
}

// Requirements the validator itself names when the document cannot.
const (
	reqResponsesValid  = "T21-8.2.1-06" // a response is valid TAXII (the catch-all)
	reqContentType     = "T21-3.1-08"   // the endpoint's media type in Content-Type
	reqContentVersion  = "T21-3.1-09"   // with version=2.1
	reqHTTPStatusMatch = "T21-3.6.1-02" // error.http_status equals the response status
)

// ruleRouting is the Rule of the document's violations that say a URL matches no endpoint.
const ruleRouting = "paths"

func validate(x *harness.Exchange) []harness.ExchangeViolation {
	v, err := openAPI()
	if err != nil {
		// The embedded document does not load: the harness, not the target, is broken.
		return []harness.ExchangeViolation{{InRequest: true, Violation: schemas.Violation{
			Schema: openapi21.SchemaName, Rule: "load", Message: err.Error()}}}
	}
	ox := openapi21.Exchange{
		Method:         x.Request.Method,
		URL:            x.URL.String(),
		RequestHeader:  x.Request.Header,
		RequestBody:    x.Request.Body,
		Status:         x.Status,
		ResponseHeader: x.Header,
		ResponseBody:   x.Body,
	}
	if s := learnt(); s != nil {
		ox.APIRoots = s.apiRoots
		ox.Discovery = s.discoveryURL
	}
	var out []harness.ExchangeViolation
	if !x.Request.Deliberate {
		for _, vi := range v.Request(ox) {
			// A URL outside every API root is a request a spec means to make (a 404 spec);
			// only a request the document routes can be at fault.
			// Path segments are ids the server handed out or the spec made up on purpose
			// (a status id of the wrong form is the server's fault, reported on its answer).
			if vi.Rule == ruleRouting || strings.HasPrefix(vi.Location, "request.path.") {
				continue
			}
			out = append(out, harness.ExchangeViolation{Violation: vi, InRequest: true})
		}
	}
	routed := true
	for _, vi := range v.Response(ox) {
		if vi.Rule == ruleRouting || strings.HasPrefix(vi.Location, "request") {
			routed = false
			continue
		}
		out = append(out, harness.ExchangeViolation{Violation: vi})
	}
	if !routed && x.Request.Method != http.MethodHead {
		for _, vi := range unrouted(x) {
			out = append(out, harness.ExchangeViolation{Violation: vi})
		}
	}
	for i := range out {
		out[i].Requirement = catalogID(out[i].Requirement, out[i].InRequest)
	}
	return out
}

// learnt is what discovery taught the run, or nil when it has not been (or cannot be) learnt;
// validation then routes only /taxii2/.
func learnt() *server {
	run := harness.Current()
	if run == nil {
		return nil
	}
	s, err := run.Memo("taxii21.server", func() (any, error) { return learn(run) })
	if err != nil {
		return nil
	}
	return s.(*server)
}

// unrouted checks what every TAXII response must be, whatever its URL: an error answer with a
// body is an error resource in the TAXII media type (§3.1, §3.6.1).
func unrouted(x *harness.Exchange) []schemas.Violation {
	if x.Status < 400 || len(bytes.TrimSpace(x.Body)) == 0 {
		return nil
	}
	var out []schemas.Violation
	ct := x.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	switch {
	case err != nil || mt != openapi21.MediaTAXII:
		out = append(out, schemas.Violation{Requirement: reqContentType, Schema: openapi21.SchemaName,
			Location: "response.header.Content-Type", Rule: "error/content",
			Message: "the error answer's Content-Type is " + quote(ct) + ", not " + MediaTAXII})
	case params["version"] != openapi21.Version:
		out = append(out, schemas.Violation{Requirement: reqContentVersion, Schema: openapi21.SchemaName,
			Location: "response.header.Content-Type", Rule: "error/content",
			Message: "the error answer's Content-Type " + quote(ct) + " lacks version=2.1"})
	}
	vs, err := json21.Validate(json21.Error, x.Body)
	if err != nil {
		return append(out, schemas.Violation{Schema: string(json21.Error), Message: "internal: " + err.Error()})
	}
	for _, vi := range vs {
		vi.Location = "response.body#" + vi.Location
		out = append(out, vi)
	}
	if len(vs) == 0 {
		var body struct {
			HTTPStatus any `json:"http_status"`
		}
		if x.Decode(&body) == nil {
			if s, ok := body.HTTPStatus.(string); ok && s != strconv.Itoa(x.Status) {
				out = append(out, schemas.Violation{Requirement: reqHTTPStatusMatch, Schema: string(json21.Error),
					Location: "response.body#/http_status", Rule: "error/http_status",
					Message: "http_status is " + quote(s) + " but the response status is " + strconv.Itoa(x.Status)})
			}
		}
	}
	return out
}

// catalogID returns the requirement a violation names, or, for a response violation that names
// none (e.g. a body that is not JSON where a resource was due), the catch-all that responses
// are valid TAXII.
func catalogID(id string, inRequest bool) string {
	if id == "" && !inRequest {
		return reqResponsesValid
	}
	return id
}

func quote(s string) string { return `"` + s + `"` }
