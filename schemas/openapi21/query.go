package openapi21

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/taxii-conform/taxii-conform/schemas"
)

// checkQuery holds a request's URL parameters to the repetition rules of sections 3.4 and
// 3.4.1, which a parameter schema cannot express: added_after and each match[<field>] at most
// once, and in match[version] no keyword or version twice and "all" alone.
func checkQuery(q url.Values, rule string) []schemas.Violation {
	var out []schemas.Violation
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		n := len(q[name])
		switch {
		case name == "added_after" && n > 1:
			out = append(out, schemas.Violation{
				Requirement: ReqAddedAfterOnce, Schema: SchemaName, Location: "request.query." + name,
				Rule: rule + "/parameters/" + name, Message: fmt.Sprintf("added_after appears %d times", n),
			})
		case strings.HasPrefix(name, "match[") && n > 1:
			out = append(out, schemas.Violation{
				Requirement: ReqMatchOnce, Schema: SchemaName, Location: "request.query." + name,
				Rule: rule + "/parameters/" + name, Message: fmt.Sprintf("%s appears %d times", name, n),
			})
		}
	}
	var values []string
	for _, v := range q["match[version]"] {
		values = append(values, strings.Split(v, ",")...)
	}
	seen := map[string]bool{}
	loc, vrule := "request.query.match[version]", rule+"/parameters/match[version]"
	for _, v := range values {
		if seen[v] {
			id := ReqVersionValueOnce
			if v == "all" || v == "first" || v == "last" {
				id = ReqVersionKeywordOnce
			}
			out = append(out, schemas.Violation{
				Requirement: id, Schema: SchemaName, Location: loc, Rule: vrule,
				Message: fmt.Sprintf("match[version] names %q more than once", v),
			})
		}
		seen[v] = true
	}
	if seen["all"] && len(seen) > 1 {
		out = append(out, schemas.Violation{
			Requirement: ReqVersionAllAlone, Schema: SchemaName, Location: loc, Rule: vrule,
			Message: "match[version] combines \"all\" with other values",
		})
	}
	return out
}
