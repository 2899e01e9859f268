package taxii11

import (
	"errors"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/query"
)

// querier adapts package query (Default Query, Part 5) to the services. Both query formats are
// accepted in either family; each family advertises its own.
type querier struct {
	infos map[*message.Family]query.Info
	// srv, when set, applies the server's Default Query faults.
	srv *Server
}

func newQuerier() *querier {
	return &querier{infos: map[*message.Family]query.Info{
		message.V11:  query.Supported(query.Family11),
		message.V111: query.Supported(query.Family111),
	}}
}

// supported returns the Supported_Query fields a Poll or Collection Management service
// advertises in family f: one, since the Supported_Query entries of a service instance must
// each name a different format (Part 2 §4.4.3), and the official schemas allow a single
// Targeting_Expression_Info in it, so only the family's first vocabulary is advertised
// (queries in the others are still run).
func (q *querier) supported(f *message.Family) []message.SupportedQuery {
	info := q.infos[f]
	bodies := info.DefaultQueryInfoXML()
	if len(bodies) == 0 {
		return nil
	}
	return []message.SupportedQuery{{Format: info.FormatID(), Body: bodies[0]}}
}

// matcher is a compiled query; nil matches everything. none matches nothing (a fault).
type matcher struct {
	m    *query.Matcher
	none bool
}

// match reports whether a block matches. Content that cannot be parsed as XML matches no query
// (Part 2 §5.4.1: only content known to match is sent).
func (m *matcher) match(b *blocks.Block) bool {
	if m == nil {
		return true
	}
	if m.none {
		return false
	}
	doc, err := query.ParseContent(b.Content)
	if err != nil {
		return false
	}
	return m.m.Match(doc)
}

// compile checks a query (Part 2 §5.5.2, Part 5 §3.3 step 1). Unsupported formats and
// features get the status Part 5 defines; malformed queries get BAD_MESSAGE.
func (q *querier) compile(mq *message.Query, reqFam *message.Family) (*matcher, *message.Status) {
	if mq == nil {
		return nil, nil
	}
	f := message.ByQueryFormat(mq.Format)
	if f == nil && q.srv != nil && q.srv.on(faults.T11UnknownQueryFormatUsed) {
		return nil, nil
	}
	if f == nil {
		return nil, statusf(message.StatusUnsupportedQuery, []message.Detail{
			{Name: message.DetailSupportedQuery, Value: reqFam.QueryFormat},
			{Name: message.DetailSupportedQuery, Value: reqFam.Other().QueryFormat},
		}, "query format %q is not supported", mq.Format)
	}
	parsed, err := query.Parse(mq.Body)
	if err == nil && parsed.Family != query.Family(f.Name) {
		return nil, statusf(message.StatusBadMessage, nil,
			"Query format_id %s is the TAXII %s Default Query but its Default_Query element is in the TAXII %s namespace", mq.Format, f.Name, parsed.Family)
	}
	var m *query.Matcher
	if err == nil {
		if q.srv != nil {
			q.srv.rewriteQuery(parsed)
		}
		m, err = parsed.Compile(q.infos[f])
	}
	var unsupported *query.UnsupportedError
	var invalid *query.InvalidError
	switch {
	case err == nil:
		return &matcher{m: m}, nil
	case errors.As(err, &unsupported):
		if q.srv != nil && unsupported.StatusType != query.StatusUnsupportedQuery && q.srv.on(faults.T11QueryAcceptsUnsupported) {
			return &matcher{none: true}, nil
		}
		st := statusf(unsupported.StatusType, nil, "%s", unsupported.Message)
		for _, d := range unsupported.Details {
			st.Details = append(st.Details, message.Detail{Name: d.Name, Value: d.Value})
		}
		if q.srv != nil {
			q.srv.queryStatusFaults(st)
		}
		return nil, st
	case errors.As(err, &invalid):
		return nil, statusf(message.StatusBadMessage, nil, "%v", invalid)
	}
	return nil, statusf(message.StatusFailure, nil, "query could not be evaluated: %v", err)
}

// storedQuery converts between message and store forms.
func storedQuery(q *message.Query) *blocks.Query {
	if q == nil {
		return nil
	}
	return &blocks.Query{Format: q.Format, Body: q.Body}
}

func messageQuery(q *blocks.Query) *message.Query {
	if q == nil {
		return nil
	}
	return &message.Query{Format: q.Format, Body: q.Body}
}
