package taxii11

import (
	"slices"
	"strings"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// Content Bindings (Part 2 §4.1.7, §5.3). A list of supported bindings admits a block whose
// binding is listed (and, when the entry names subtypes, whose subtype is one of them), and a
// nesting expression "A|B|…" whose every part is listed or is the Content Block binding of a
// message binding (Part 2 §5.3.4). Subtypes may not accompany a nesting expression (§5.3.2).

// nested reports whether a Content Binding is a nesting expression.
func nested(binding string) bool { return strings.Contains(binding, "|") }

// isContentBlockBinding reports whether id names nested Content Blocks (any message binding ID).
func isContentBlockBinding(id string) bool { return message.ByMessageBinding(id) != nil }

// admits reports whether a supported list admits a block; acceptAll admits everything.
func admits(acceptAll bool, supported []config.Binding11, binding, subtype string) bool {
	if acceptAll {
		return true
	}
	if nested(binding) {
		for _, part := range strings.Split(binding, "|") {
			if isContentBlockBinding(part) {
				continue
			}
			if !slices.ContainsFunc(supported, func(b config.Binding11) bool { return b.Binding == part }) {
				return false
			}
		}
		return true
	}
	for _, b := range supported {
		if b.Binding != binding {
			continue
		}
		if len(b.Subtypes) == 0 || slices.Contains(b.Subtypes, subtype) {
			return true
		}
	}
	return false
}

// wantsFn returns whether a consumer's list of acceptable bindings (empty: all) admits a block.
// The list is converted once, not per block scanned under the store lock.
func wantsFn(list []blocks.Binding) func(*blocks.Block) bool {
	if len(list) == 0 {
		return func(*blocks.Block) bool { return true }
	}
	conf := make([]config.Binding11, len(list))
	for i, x := range list {
		conf[i] = config.Binding11{Binding: x.ID, Subtypes: x.Subtypes}
	}
	return func(b *blocks.Block) bool { return admits(false, conf, b.Binding, b.Subtype) }
}

// overlaps reports whether a collection can deliver any binding the consumer asked for
// (Part 2 §4.4.6, §4.4.8: none supported means UNSUPPORTED_CONTENT).
func overlaps(c *collection, asked []blocks.Binding) bool {
	if len(asked) == 0 || c.cfg.AcceptAllContent {
		return true
	}
	for _, a := range asked {
		for _, s := range c.cfg.SupportedContent {
			if a.ID != s.Binding {
				continue
			}
			if len(a.Subtypes) == 0 || len(s.Subtypes) == 0 {
				return true
			}
			for _, st := range a.Subtypes {
				if slices.Contains(s.Subtypes, st) {
					return true
				}
			}
		}
	}
	return false
}

// toMessageBindings converts configured bindings for a message.
func toMessageBindings(list []config.Binding11) []message.ContentBinding {
	out := make([]message.ContentBinding, 0, len(list))
	for _, b := range list {
		out = append(out, message.ContentBinding{ID: b.Binding, Subtypes: append([]string(nil), b.Subtypes...)})
	}
	return out
}

// fromMessage and toMessage convert a consumer's bindings between message and store forms.
func fromMessage(list []message.ContentBinding) []blocks.Binding {
	out := make([]blocks.Binding, 0, len(list))
	for _, b := range list {
		out = append(out, blocks.Binding{ID: b.ID, Subtypes: append([]string(nil), b.Subtypes...)})
	}
	return out
}

func toMessage(list []blocks.Binding) []message.ContentBinding {
	out := make([]message.ContentBinding, 0, len(list))
	for _, b := range list {
		out = append(out, message.ContentBinding{ID: b.ID, Subtypes: append([]string(nil), b.Subtypes...)})
	}
	return out
}

// unsupportedContent builds the UNSUPPORTED_CONTENT status listing what is supported: one
// SUPPORTED_CONTENT detail per Content Binding ID (Part 4 Table 3; subtype restrictions are
// spelled out in the message, since a detail holds one URI).
func unsupportedContent(supported []config.Binding11, format string, args ...any) *message.Status {
	var details []message.Detail
	var restricted []string
	for _, b := range supported {
		details = append(details, message.Detail{Name: message.DetailSupportedContent, Value: b.Binding})
		if len(b.Subtypes) > 0 {
			restricted = append(restricted, b.Binding+" (subtypes "+strings.Join(b.Subtypes, ", ")+")")
		}
	}
	st := statusf(message.StatusUnsupportedContent, details, format, args...)
	if len(restricted) > 0 {
		st.Message += "; restricted to subtypes: " + strings.Join(restricted, "; ")
	}
	return st
}
