package taxii11

// Part 2 §5.2: Data Feeds and Data Sets — delivery to subscriptions, polling ranges, parts of
// a Data Feed result, and immutable feed content.

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// span is the range of Timestamp Labels a Poll Response states: (begin, end], begin nil
// meaning the start of the feed; [begin, end] when the response states its lower bound with
// the deprecated Inclusive Begin Timestamp Label (Part 2 §4.4.9).
type span struct {
	begin, end *time.Time
	inclusive  bool
}

func (s span) holds(t time.Time) bool {
	after := s.begin == nil || t.After(*s.begin) || (s.inclusive && t.Equal(*s.begin))
	return after && (s.end == nil || !t.After(*s.end))
}

func (s span) String() string {
	f := func(t *time.Time) string {
		if t == nil {
			return "…"
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	open := "("
	if s.inclusive {
		open = "["
	}
	return open + f(s.begin) + ", " + f(s.end) + "]"
}

// stated reads the range a Poll Response states. The lower bound is the Exclusive Begin
// Timestamp Label, or the Inclusive one where only that is given: either states the range (the
// specs of §4.4.9 judge which field is used).
func stated(r *reply) span {
	var s span
	read := func(name string) *time.Time {
		if e := r.root.child(name); e != nil {
			if t, err := parseLabel(e.text()); err == nil {
				return &t
			}
		}
		return nil
	}
	s.begin, s.end = read("Exclusive_Begin_Timestamp"), read("Inclusive_End_Timestamp")
	if s.begin == nil {
		s.begin = read("Inclusive_Begin_Timestamp")
		s.inclusive = s.begin != nil
	}
	return s
}

// labelledPackages adds n packages to a feed, each in its own Inbox Message, and returns
// them with their labels, oldest first, and the feed's mark before them.
func labelledPackages(coll string, n int) (time.Time, []stixPkg, []time.Time) {
	mark := feedMark(writer, coll)
	var pkgs []stixPkg
	for i := 0; i < n; i++ {
		pkgs = append(pkgs, addPackages(coll, 1)...)
	}
	p := pollSince(writer, coll, mark, el("Response_Type", "FULL"))
	labels := make([]time.Time, n)
	for i, pkg := range pkgs {
		b := p.blockOf(pkg)
		harness.Setup().Expect(b).NotTo(BeNil(), "package %s is not in feed %s after %s", pkg.ID, coll, label(mark))
		labels[i] = labelOf(b)
	}
	for i := 1; i < n; i++ {
		harness.Setup().Expect(labels[i].After(labels[i-1])).To(BeTrue(), "packages added one after another got labels out of order")
	}
	return mark, pkgs, labels
}

var _ = Describe("Part 2 §5.2.2.1 Subscriptions", func() {
	It("offers content to subscriptions when it is added", harness.Reqs("T11S-5.2.2.1-01"), harness.Writes(), func() {
		coll, in, s := pushedSubscription()
		pkgs := addPackages(coll, 1)
		_, err := awaitPackages(in, pkgs...)
		harness.For("T11S-5.2.2.1-01").Expect(err).NotTo(HaveOccurred(), "package %s was added but not delivered to subscription %s", pkgs[0].ID, s.ID)
	})
})

var _ = Describe("Part 2 §5.2.2.2 Polling Ranges", func() {
	It("returns exactly the content of the range it states, honouring the range asked for",
		harness.Reqs("T11S-5.2.2.2-01", "T11S-5.2.2.2-02", "T11S-5.2.2.2-04"), harness.Writes(), func() {
			coll := feedCollection()
			_, pkgs, labels := labelledPackages(coll, 3)
			begin, end := labels[0], labels[1]
			p := poll(writer, coll, pollAll(coll, &begin, &end))
			first := p.answers[0]
			expectMessage(first, "Poll_Response", "polling "+coll+" for "+span{begin: &begin, end: &end}.String())
			// The range of the whole result: from the first part's begin to the last part's end.
			whole := stated(first)
			whole.end = stated(p.answers[len(p.answers)-1]).end
			harness.Soft("T11S-5.2.2.2-01").Expect(p.has(pkgs[0], pkgs[2])).To(BeEmpty(), "asked for %s, got items outside it", span{begin: &begin, end: &end})
			harness.Soft("T11S-5.2.2.2-01").Expect(p.has(pkgs[1])).To(HaveLen(1), "asked for %s, the item labelled %s is missing", span{begin: &begin, end: &end}, label(labels[1]))
			for i, pkg := range pkgs {
				in := p.blockOf(pkg) != nil
				harness.Soft("T11S-5.2.2.2-02").Expect(in).To(Equal(whole.holds(labels[i])),
					"package %s labelled %s; the response states the range %s", pkg.ID, label(labels[i]), whole)
			}
		})

	It("states the range it considered, not the span of what it returned", harness.Reqs("T11S-5.2.2.2-03"), harness.Writes(), func() {
		coll := feedCollection()
		_, _, labels := labelledPackages(coll, 2)
		// A lower bound between two items: no item carries it.
		x := labels[0].Add(labels[1].Sub(labels[0]) / 2).Truncate(time.Microsecond)
		r := send(as(writer), pollURL(coll), pollAll(coll, &x, nil))
		expectMessage(r, "Poll_Response", "polling "+coll)
		s := stated(r)
		harness.For("T11S-5.2.2.2-03").Expect(s.begin).NotTo(BeNil(), "asked from %s, the response states no lower bound", label(x))
		harness.For("T11S-5.2.2.2-03").Expect(s.begin.Equal(x)).To(BeTrue(), "asked from %s, the response states %s", label(x), label(*s.begin))
	})

	It("always states an upper bound for a Data Feed", harness.Reqs("T11S-5.2.2.2-05"), func() {
		coll := readableFeed()
		for _, req := range []node{pollAll(coll, nil, nil), pollRequest(coll, pollParameters(el("Response_Type", "COUNT_ONLY")))} {
			r := send(as(standard), pollURL(coll), req)
			expectMessage(r, "Poll_Response", "polling "+coll)
			harness.For("T11S-5.2.2.2-05").Expect(r.root.child("Inclusive_End_Timestamp")).NotTo(BeNil(), "a poll without upper bound: %s", r.describe())
		}
	})

	It("ends a response holding the newest item at or after its label and before the next one",
		harness.Reqs("T11S-5.2.2.2-06", "T11S-5.2.2.2-07"), harness.Writes(), func() {
			// The whole feed is read here rather than after a mark, so that a wrong upper bound
			// cannot hide the items from the spec itself.
			coll := feedCollection()
			pkgs := addPackages(coll, 1)
			b := pollCollection(writer, coll).blockOf(pkgs[0])
			harness.Setup().Expect(b).NotTo(BeNil(), "package %s is not in feed %s", pkgs[0].ID, coll)
			labels := []time.Time{labelOf(b)}
			from := labels[0].Add(-time.Microsecond)
			p := poll(writer, coll, pollAll(coll, &from, nil))
			last := p.answers[len(p.answers)-1]
			expectMessage(last, "Poll_Response", "polling "+coll)
			harness.Setup().Expect(p.has(pkgs[0])).To(HaveLen(1), "the newest item is not in the response")
			end := stated(last).end
			harness.For("T11S-5.2.2.2-06").Expect(end).NotTo(BeNil(), "no upper bound: %s", last.describe())
			harness.For("T11S-5.2.2.2-06").Expect(end.Before(labels[0])).To(BeFalse(), "upper bound %s is before the newest label %s", label(*end), label(labels[0]))
			next := addPackages(coll, 1)
			got := poll(writer, coll, pollAll(coll, end, nil))
			harness.For("T11S-5.2.2.2-07").Expect(got.has(next...)).To(HaveLen(1),
				"the item added after a response ending at %s is not found after that bound", label(*end))
		})
})

var _ = Describe("Part 2 §5.2.2.3 Data Feeds and Multi-Part Results", func() {
	It("gives each part of a Data Feed result one contiguous range holding all its records",
		harness.Reqs("T11S-5.2.2.3-01", "T11S-5.2.2.3-02"), harness.Writes(), func() {
			_, pkgs, p := multipart(25)
			// Disables on a Data Set, after multipart so that its Unsupported (one part) comes first.
			feedCollection()
			var prev *time.Time
			for i, r := range p.answers {
				s := stated(r)
				harness.For("T11S-5.2.2.3-01").Expect(s.end).NotTo(BeNil(), "part %d states no upper bound", i+1)
				if i > 0 {
					harness.For("T11S-5.2.2.3-01").Expect(s.begin).NotTo(BeNil(), "part %d states no lower bound", i+1)
					harness.For("T11S-5.2.2.3-01").Expect(s.begin.Equal(*prev)).To(BeTrue(),
						"part %d begins at %s, but part %d ended at %s", i+1, label(*s.begin), i, label(*prev))
				}
				prev = s.end
				for _, b := range r.root.children("Content_Block") {
					l := labelOf(b)
					harness.For("T11S-5.2.2.3-02").Expect(s.holds(l)).To(BeTrue(), "part %d states %s but holds an item labelled %s", i+1, s, label(l))
				}
			}
			harness.For("T11S-5.2.2.3-02").Expect(p.has(pkgs...)).To(HaveLen(len(pkgs)), "the parts together miss some of the %d packages added", len(pkgs))
		})
})

var _ = Describe("Part 2 §5.2.2.4 Content is Immutable within a Data Feed", func() {
	It("returns the same content for the same range every time", harness.Reqs("T11S-5.2.2.4-01", "T11S-5.2.2.4-02"), harness.Writes(), func() {
		coll := feedCollection()
		mark, pkgs, labels := labelledPackages(coll, 2)
		end := labels[1]
		a := poll(writer, coll, pollAll(coll, &mark, &end))
		b := poll(writer, coll, pollAll(coll, &mark, &end))
		for _, pkg := range pkgs {
			x, y := a.blockOf(pkg), b.blockOf(pkg)
			harness.Setup().Expect(x).NotTo(BeNil(), "package %s missing from the first poll", pkg.ID)
			if y == nil {
				harness.Note("package %s was removed between two polls (allowed)", pkg.ID)
				continue
			}
			harness.For("T11S-5.2.2.4-01").Expect(string(y.child("Content").innerXML())).To(Equal(string(x.child("Content").innerXML())), "package %s changed", pkg.ID)
			harness.For("T11S-5.2.2.4-01").Expect(labelOf(y).Equal(labelOf(x))).To(BeTrue(), "package %s got another Timestamp Label", pkg.ID)
		}
	})
})
