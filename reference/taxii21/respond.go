package taxii21

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/mediatype"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/timestamp"
)

// acceptable applies the Accept header.
func acceptable(r *http.Request) bool { return mediatype.Acceptable(r.Header.Values("Accept")) }

// contentType is the Content-Type of every TAXII response (unless a fault bends it).
func (s *Server) contentType() string {
	switch {
	case s.faults.On(faults.T21ContentTypeNoVersion):
		return mediatype.TAXII
	case s.faults.On(faults.T21ContentTypeWrongVersion):
		return mediatype.TAXII + ";version=2.0"
	}
	return mediatype.ContentType
}

// writeBody sends a TAXII resource already encoded.
func (s *Server) writeBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", s.contentType())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeJSON encodes and sends a TAXII resource.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // only our own types are encoded here
		s.log.Error("taxii21: encoding a response", "err", err)
		s.fail(w, http.StatusInternalServerError, "Internal error", "")
		return
	}
	s.writeBody(w, status, body)
}

// taxiiError is the error resource of section 3.6.1.
type taxiiError struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	HTTPStatus  string `json:"http_status"`
}

// fail sends an error resource.
func (s *Server) fail(w http.ResponseWriter, status int, title, description string) {
	if s.faults.On(faults.T21ErrorNotTAXII) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(title + "\n"))
		return
	}
	body, _ := json.Marshal(taxiiError{Title: title, Description: description, HTTPStatus: strconv.Itoa(status)})
	s.writeBody(w, status, s.bentError(body))
}

// formatAdded writes a date_added value.
func (s *Server) formatAdded(us int64) string {
	if s.faults.On(faults.T21DateAddedMillis) {
		return time.UnixMicro(us).UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return timestamp.FormatMicros(us)
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 8<<20 { // do not pin huge buffers
		buffers.Put(b)
	}
}

// appendString appends s as a JSON string.
func appendString(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			enc, _ := json.Marshal(s)
			b.Write(enc)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return strconv.Quote(s)
}
