package xsd11

import (
	"encoding/xml"
	"fmt"
	"sync"
)

// childInfo says what the project's schema allows for one child name under one parent.
type childInfo struct {
	Multiple bool // maxOccurs > 1 somewhere for this name under this parent
	Optional bool // minOccurs 0, or inside an optional particle or a choice, somewhere
}

// contentModel maps an element's local name to the child element names its declaration(s)
// allow. Elements of the same name declared in several places (e.g. Content_Binding) get
// the union. It is read from the embedded XSDs, so the requirement mapping tells a
// misplaced field (ordering) from a field the table does not list, or from a required field
// that is absent, without a second, hand-kept copy of the structure.
type contentModel map[string]map[string]childInfo

var (
	modelOnce sync.Once
	model     contentModel
	modelErr  error
)

func loadContentModel() (contentModel, error) {
	modelOnce.Do(func() {
		model = contentModel{}
		for _, name := range []string{bindingFile, queryFile} {
			b, err := xsdFS.ReadFile("xsd/" + name)
			if err != nil {
				modelErr = err
				return
			}
			if err := model.add(b); err != nil {
				modelErr = fmt.Errorf("xsd11: reading %s: %w", name, err)
				return
			}
		}
	})
	return model, modelErr
}

// xsdNode is a generic view of a schema document.
type xsdNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []*xsdNode `xml:",any"`
}

func (n *xsdNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func localPart(qname string) string {
	for i := len(qname) - 1; i >= 0; i-- {
		if qname[i] == ':' {
			return qname[i+1:]
		}
	}
	return qname
}

func (m contentModel) add(doc []byte) error {
	var root xsdNode
	if err := xml.Unmarshal(doc, &root); err != nil {
		return err
	}
	types := map[string]*xsdNode{}
	groups := map[string]*xsdNode{}
	globals := map[string]*xsdNode{}
	for _, k := range root.Kids {
		switch k.XMLName.Local {
		case "complexType":
			types[k.attr("name")] = k
		case "group":
			groups[k.attr("name")] = k
		case "element":
			globals[k.attr("name")] = k
		}
	}
	// particles collects the child element declarations of a content model, following
	// group references and type extensions but not descending into child declarations.
	var particles func(n *xsdNode, multi, optional bool, out map[string]childInfo, decls map[string][]*xsdNode, seen map[*xsdNode]bool)
	particles = func(n *xsdNode, multi, optional bool, out map[string]childInfo, decls map[string][]*xsdNode, seen map[*xsdNode]bool) {
		if seen[n] {
			return
		}
		seen[n] = true
		defer delete(seen, n)
		if max := n.attr("maxOccurs"); max != "" && max != "1" && max != "0" {
			multi = true
		}
		if n.attr("minOccurs") == "0" {
			optional = true
		}
		switch n.XMLName.Local {
		case "element":
			decl, name := n, n.attr("name")
			if name == "" {
				name = localPart(n.attr("ref"))
				decl = globals[name]
			}
			info := out[name]
			info.Multiple = info.Multiple || multi
			info.Optional = info.Optional || optional
			out[name] = info
			if decl != nil {
				decls[name] = append(decls[name], decl)
			}
			return
		case "group":
			if ref := n.attr("ref"); ref != "" {
				if g, ok := groups[localPart(ref)]; ok {
					for _, k := range g.Kids {
						particles(k, multi, optional, out, decls, seen)
					}
				}
				return
			}
		case "choice":
			optional = true // each alternative may be absent
		case "extension", "restriction":
			if t, ok := types[localPart(n.attr("base"))]; ok {
				particles(t, multi, optional, out, decls, seen)
			}
		case "attribute", "attributeGroup", "any", "annotation", "simpleType":
			return
		}
		for _, k := range n.Kids {
			particles(k, multi, optional, out, decls, seen)
		}
	}
	// content computes what an element declaration allows inside.
	content := func(decl *xsdNode) (map[string]childInfo, map[string][]*xsdNode) {
		out, decls, seen := map[string]childInfo{}, map[string][]*xsdNode{}, map[*xsdNode]bool{}
		if t := decl.attr("type"); t != "" {
			if ct, ok := types[localPart(t)]; ok {
				for _, k := range ct.Kids {
					particles(k, false, false, out, decls, seen)
				}
			}
		}
		for _, k := range decl.Kids {
			if k.XMLName.Local == "complexType" {
				for _, kk := range k.Kids {
					particles(kk, false, false, out, decls, seen)
				}
			}
		}
		return out, decls
	}
	merge := func(key string, add map[string]childInfo) {
		if m[key] == nil {
			m[key] = map[string]childInfo{}
		}
		for name, info := range add {
			old := m[key][name]
			old.Multiple = old.Multiple || info.Multiple
			old.Optional = old.Optional || info.Optional
			m[key][name] = old
		}
	}
	// Every named element declaration, wherever it is, owns a content model; it is
	// recorded under its name and, for each of its children, under "Parent/Child" so that
	// same-named elements of different types (Content_Binding) can be told apart.
	var walk func(n *xsdNode)
	walk = func(n *xsdNode) {
		if n.XMLName.Local == "element" && n.attr("name") != "" {
			kids, decls := content(n)
			merge(n.attr("name"), kids)
			for name, ds := range decls {
				for _, d := range ds {
					sub, _ := content(d)
					merge(n.attr("name")+"/"+name, sub)
				}
			}
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(&root)
	return nil
}

// lookup says whether child may appear in owner, using the owner's parent to pick the
// right declaration when names are shared.
func (m contentModel) lookup(parent, owner, child string) (childInfo, bool) {
	if kids, ok := m[parent+"/"+owner]; ok && parent != "" {
		info, ok := kids[child]
		return info, ok
	}
	info, ok := m[owner][child]
	return info, ok
}
