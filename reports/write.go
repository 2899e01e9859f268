package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File names WriteDir writes.
const (
	FileJSON     = "report.json"
	FileJUnit    = "junit.xml"
	FileHTML     = "report.html"
	FileMarkdown = "summary.md"
)

// WriteDir writes report.json, junit.xml, report.html and summary.md into dir (created if
// needed). Everything is rendered before anything is written, and each file is replaced
// atomically, so a failure never leaves a half-written report behind.
func (rep *Report) WriteDir(dir string) error {
	return writeRendered(dir, []rendering{
		{FileJSON, rep.WriteJSON},
		{FileJUnit, rep.WriteJUnit},
		{FileHTML, rep.WriteHTML},
		{FileMarkdown, rep.WriteMarkdown},
	})
}

// rendering is one file of a set and how to render it.
type rendering struct {
	name   string
	render func(io.Writer) error
}

// writeRendered renders every file before writing any, then creates dir and replaces each
// file atomically, in order: a failure never leaves a half-written file behind.
func writeRendered(dir string, renders []rendering) error {
	out := make([][]byte, len(renders))
	for i, r := range renders {
		var b bytes.Buffer
		if err := r.render(&b); err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
		out[i] = b.Bytes()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report directory: %w", err)
	}
	for i, r := range renders {
		if err := writeAtomic(filepath.Join(dir, r.name), out[i]); err != nil {
			return err
		}
	}
	return nil
}

// writeIndentedJSON encodes v indented by two spaces, HTML characters left as they are.
func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeAtomic writes data to a temporary file beside path and renames it into place.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
