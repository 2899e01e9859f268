package requirements

import (
	"testing"
	"testing/fstest"
)

func TestEmbeddedCatalogLoads(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.All() {
		if r.Protocol() == "" {
			t.Errorf("%s: no protocol", r.ID)
		}
	}
}

func TestLoadRejectsBadEntries(t *testing.T) {
	cases := map[string]string{
		"bad id":          "doc: T21\nrequirements:\n- {id: T21-x-01, section: x, level: MUST, subject: server, testable: remote, summary: s}\n",
		"section differs": "doc: T21\nrequirements:\n- {id: T21-3.1-01, section: '3.2', level: MUST, subject: server, testable: remote, summary: s}\n",
		"wrong doc":       "doc: T21\nrequirements:\n- {id: T11S-3.1-01, section: '3.1', level: MUST, subject: server, testable: remote, summary: s}\n",
		"level":           "doc: T21\nrequirements:\n- {id: T21-3.1-01, section: '3.1', level: MUSTN'T, subject: server, testable: remote, summary: s}\n",
		"subject":         "doc: T21\nrequirements:\n- {id: T21-3.1-01, section: '3.1', level: MUST, subject: peer, testable: remote, summary: s}\n",
		"no summary":      "doc: T21\nrequirements:\n- {id: T21-3.1-01, section: '3.1', level: MUST, subject: server, testable: remote, summary: ''}\n",
		"unknown field":   "doc: T21\nrequirements:\n- {id: T21-3.1-01, section: '3.1', level: MUST, subject: server, testable: remote, summary: s, extra: 1}\n",
		"duplicate":       "doc: T21\nrequirements:\n- {id: T21-3.1-01, section: '3.1', level: MUST, subject: server, testable: remote, summary: s}\n- {id: T21-3.1-01, section: '3.1', level: MUST, subject: server, testable: remote, summary: s}\n",
		"unknown doc":     "doc: T99\nrequirements: []\n",
	}
	for name, body := range cases {
		fsys := fstest.MapFS{"c/a.yaml": {Data: []byte(body)}}
		if _, err := LoadFS(fsys, "c"); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
}

func TestTraceFindsGaps(t *testing.T) {
	body := "doc: T21\nrequirements:\n" +
		"- {id: T21-3.1-01, section: '3.1', level: MUST, subject: server, testable: remote, summary: a}\n" +
		"- {id: T21-3.1-02, section: '3.1', level: SHOULD, subject: server, testable: remote, summary: b}\n" +
		"- {id: T21-3.1-03, section: '3.1', level: MUST, subject: client, testable: client only, summary: c}\n" +
		"- {id: T21-3.1-04, section: '3.1', level: MAY, subject: server, testable: remote, summary: d}\n"
	c, err := LoadFS(fstest.MapFS{"c/t21.yaml": {Data: []byte(body)}}, "c")
	if err != nil {
		t.Fatal(err)
	}
	tr := c.TraceSpecs(TAXII21, []Spec{
		{Name: "one", Labels: []string{"T21-3.1-01", "MUST", "taxii2.1"}},
		{Name: "ghost", Labels: []string{"T21-9.9-01"}},
		{Name: "bare", Labels: []string{"MUST"}},
	})
	if len(tr.Missing) != 1 || tr.Missing[0].ID != "T21-3.1-02" {
		t.Errorf("missing = %v, want only T21-3.1-02", tr.Missing)
	}
	if len(tr.Unknown) != 1 || len(tr.NoRequirement) != 1 {
		t.Errorf("unknown = %v, no requirement = %v", tr.Unknown, tr.NoRequirement)
	}
	if tr.Err() == nil {
		t.Error("Err() is nil despite gaps")
	}
	ok := c.TraceSpecs(TAXII21, []Spec{{Name: "a", Labels: []string{"T21-3.1-01"}}, {Name: "b", Labels: []string{"T21-3.1-02"}}})
	if err := ok.Err(); err != nil {
		t.Errorf("complete trace: %v", err)
	}
}
