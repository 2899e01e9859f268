package taxii21

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
)

// Benchmark sizes: with -benchtime 1x (make bench) one iteration is the whole run.
const (
	benchObjects  = 100_000
	benchEnvelope = 100  // objects per POST
	benchPage     = 1000 // objects per GET
	benchWriters  = 4    // concurrent POSTs
	benchColl     = "7d0a8c4e-5b1f-4c3a-9e2d-6f8b1a0c3e5d"
)

func benchConfig() *config.Config {
	c := config.Default()
	c.TAXII21.APIRoots = []config.APIRoot21{{Name: "bench", Title: "Benchmark", Collections: []config.Collection21{
		{ID: benchColl, Title: "Benchmark collection"}}}}
	c.TAXII21.Default = ""
	c.TAXII21.MaxPageSize = benchPage
	return c
}

type benchServer struct {
	url    string
	client *http.Client
	close  func()
}

func startBench(b *testing.B, dataDir string) *benchServer {
	s, err := New(Options{Config: benchConfig(), DataDir: dataDir})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(s)
	tr := &http.Transport{MaxIdleConnsPerHost: benchWriters}
	return &benchServer{url: hs.URL + "/bench/collections/" + benchColl + "/objects/", client: &http.Client{Transport: tr},
		close: func() { tr.CloseIdleConnections(); hs.Close(); _ = s.Close() }}
}

// envelopes builds the POST bodies: benchObjects distinct indicators (about 450 bytes each).
func envelopes(run int) [][]byte {
	var out [][]byte
	for e := 0; e < benchObjects/benchEnvelope; e++ {
		var buf bytes.Buffer
		buf.WriteString(`{"objects":[`)
		for i := range benchEnvelope {
			if i > 0 {
				buf.WriteByte(',')
			}
			fmt.Fprintf(&buf, `{"type":"indicator","spec_version":"2.1","id":"indicator--%08x-0000-4000-8000-%012x",`+
				`"created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Benchmark indicator %d",`+
				`"description":"An indicator made up for the ingest benchmark of the reference server.",`+
				`"indicator_types":["malicious-activity"],"pattern":"[ipv4-addr:value = '10.%d.%d.%d']",`+
				`"pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}`,
				run, e*benchEnvelope+i, e*benchEnvelope+i, e%256, i, run%256)
		}
		buf.WriteString(`]}`)
		out = append(out, buf.Bytes())
	}
	return out
}

func (s *benchServer) do(b *testing.B, method, url string, body []byte) []byte {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Accept", taxiiCT)
	if body != nil {
		req.Header.Set("Content-Type", taxiiCT)
	}
	req.SetBasicAuth("admin", "admin-pw")
	resp, err := s.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode >= 300 {
		b.Fatalf("%s: %d %v %.200s", method, resp.StatusCode, err, out)
	}
	return out
}

// ingest POSTs every envelope, benchWriters at a time, and checks each status.
func (s *benchServer) ingest(b *testing.B, bodies [][]byte) {
	var wg sync.WaitGroup
	work := make(chan []byte)
	for range benchWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for body := range work {
				var st statusResource
				if err := json.Unmarshal(s.do(b, http.MethodPost, s.url, body), &st); err != nil || st.SuccessCount != benchEnvelope {
					b.Errorf("status %+v %v", st, err)
				}
			}
		}()
	}
	for _, body := range bodies {
		work <- body
	}
	close(work)
	wg.Wait()
}

// readAll pages through the collection by next and returns how many objects it saw.
func (s *benchServer) readAll(b *testing.B) int {
	n, next := 0, ""
	for {
		url := fmt.Sprintf("%s?limit=%d", s.url, benchPage)
		if next != "" {
			url += "&next=" + next
		}
		var e page21
		if err := json.Unmarshal(s.do(b, http.MethodGet, url, nil), &e); err != nil {
			b.Fatal(err)
		}
		n += len(e.Objects)
		if !e.More {
			return n
		}
		next = e.Next
	}
}

func benchModes(b *testing.B, fn func(b *testing.B, dataDir func() string)) {
	b.Run("memory", func(b *testing.B) { fn(b, func() string { return "" }) })
	b.Run("data-dir", func(b *testing.B) { fn(b, b.TempDir) })
}

// BenchmarkAddObjects ingests 100k objects in envelopes of 100 over HTTP on loopback.
func BenchmarkAddObjects(b *testing.B) {
	benchModes(b, func(b *testing.B, dataDir func() string) {
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			bodies := envelopes(i)
			s := startBench(b, dataDir())
			b.StartTimer()
			t0 := time.Now()
			s.ingest(b, bodies)
			elapsed += time.Since(t0)
			b.StopTimer()
			s.close()
		}
		b.ReportMetric(float64(benchObjects*b.N)/elapsed.Seconds(), "objects/s")
	})
}

// BenchmarkGetObjectsPaged reads 100k objects back in pages of 1000 over HTTP on loopback.
func BenchmarkGetObjectsPaged(b *testing.B) {
	benchModes(b, func(b *testing.B, dataDir func() string) {
		s := startBench(b, dataDir())
		defer s.close()
		s.ingest(b, envelopes(0))
		b.ResetTimer()
		t0 := time.Now()
		for i := 0; i < b.N; i++ {
			if n := s.readAll(b); n != benchObjects {
				b.Fatalf("read %d objects", n)
			}
		}
		b.ReportMetric(float64(benchObjects*b.N)/time.Since(t0).Seconds(), "objects/s")
	})
}
