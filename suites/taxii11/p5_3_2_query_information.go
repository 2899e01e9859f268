package taxii11

// Part 5 §3.2: the Default Query Information a service advertises in its Supported_Query
// (Discovery Response), with the vocabulary IDs of §4.2.2.

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// advertisedQueries returns every Supported_Query of the Discovery Response in either
// family's Default Query format; the spec ends unsupported when there is none.
func advertisedQueries() []*elem {
	r := send(as(standard), serviceURL(svcDiscovery), discoveryRequest())
	expectMessage(r, "Discovery_Response", "a Discovery Request")
	var out []*elem
	for _, si := range r.root.children("Service_Instance") {
		for _, sq := range si.children("Supported_Query") {
			format := strings.TrimSpace(sq.at("format_id"))
			if format != fam11.QueryFormat && format != fam111.QueryFormat {
				continue
			}
			out = append(out, sq)
		}
	}
	if len(out) == 0 {
		harness.Unsupported("no service instance advertises the Default Query")
	}
	return out
}

// advertisedQueryInfo returns the Default_Query_Info elements of advertisedQueries.
func advertisedQueryInfo() []*elem {
	var out []*elem
	for _, sq := range advertisedQueries() {
		out = append(out, sq.children("Default_Query_Info")...)
	}
	return out
}

var _ = Describe("Part 5 §3.2 Query Information Structure", func() {
	It("lists vocabularies with their scopes and capability modules, and nothing else",
		harness.Reqs("T11Q-3.2-01", "T11Q-3.2-02", "T11Q-3.2.2-01"), func() {
			for _, sq := range advertisedQueries() {
				harness.Soft("T11Q-3.2.2-01").Expect(strayKids(sq, "Default_Query_Info")).To(BeEmpty(), "a Default Query Supported_Query (line %d) holds other elements", sq.Line)
				harness.Soft("T11Q-3.2.2-01").Expect(sq.children("Default_Query_Info")).To(HaveLen(1),
					"a Supported_Query of format %s (line %d) should hold one Default_Query_Info", sq.at("format_id"), sq.Line)
			}
			for _, info := range advertisedQueryInfo() {
				where := fmt.Sprintf("Default_Query_Info at line %d", info.Line)
				teis := info.children("Targeting_Expression_Info")
				g1 := harness.Soft("T11Q-3.2-01")
				g1.Expect(teis).NotTo(BeEmpty(), "%s lists no Targeting_Expression_Info", where)
				g1.Expect(info.children("Capability_Module")).NotTo(BeEmpty(), "%s lists no Capability_Module", where)
				g := harness.Soft("T11Q-3.2.2-01")
				g.Expect(strayKids(info, "Targeting_Expression_Info", "Capability_Module")).To(BeEmpty(), "children of %s besides Targeting_Expression_Info and Capability_Module", where)
				g.Expect(strayAttrs(info)).To(BeEmpty(), "attributes of %s", where)
				seenModule := false
				for _, k := range info.Kids {
					switch k.Name {
					case "Capability_Module":
						seenModule = true
					case "Targeting_Expression_Info":
						g.Expect(seenModule).To(BeFalse(), "in %s a Targeting_Expression_Info follows a Capability_Module", where)
					}
				}
				for _, tei := range teis {
					tw := fmt.Sprintf("Targeting_Expression_Info at line %d", tei.Line)
					g1.Expect(tei.at("targeting_expression_id")).NotTo(BeEmpty(), "%s has no targeting_expression_id", tw)
					g.Expect(strayAttrs(tei, "targeting_expression_id")).To(BeEmpty(), "attributes of %s besides targeting_expression_id", tw)
					g.Expect(strayKids(tei, "Preferred_Scope", "Allowed_Scope")).To(BeEmpty(), "children of %s besides the scopes", tw)
					harness.Soft("T11Q-3.2-02").Expect(len(tei.children("Preferred_Scope"))+len(tei.children("Allowed_Scope"))).To(BeNumerically(">", 0),
						"%s has neither Preferred_Scope nor Allowed_Scope", tw)
				}
			}
		})

	It("gives valid targeting expressions as scopes", harness.Reqs("T11Q-3.2.1.1-01"), func() {
		for _, info := range advertisedQueryInfo() {
			for _, tei := range info.children("Targeting_Expression_Info") {
				for _, s := range append(tei.children("Preferred_Scope"), tei.children("Allowed_Scope")...) {
					harness.Soft("T11Q-3.2.1.1-01").Expect(targetProblem(s.text())).To(BeEmpty(),
						"%s %q of vocabulary %s (line %d) is not a targeting expression", s.Name, s.text(), tei.at("targeting_expression_id"), s.Line)
				}
			}
		}
	})

	It("names vocabularies by URIs", harness.Reqs("T11Q-4.2.2-02"), func() {
		for _, info := range advertisedQueryInfo() {
			for _, tei := range info.children("Targeting_Expression_Info") {
				id := strings.TrimSpace(tei.at("targeting_expression_id"))
				p := uriProblem(id)
				if p == "" && !strings.Contains(id, ":") {
					p = "it has no scheme"
				}
				harness.Soft("T11Q-4.2.2-02").Expect(p).To(BeEmpty(), "targeting_expression_id %q (line %d) is not a URI", id, tei.Line)
			}
		}
	})
})
