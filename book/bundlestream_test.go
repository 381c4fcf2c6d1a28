package book

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keycard/accounts"
	"keycard/locale"
)

// rewriteManifest rewrites the bundle at path with edit applied to its
// manifest, the accounts as they are.
func rewriteManifest(t *testing.T, path string, edit func(m map[string]any)) {
	t.Helper()
	raw, err := os.ReadFile(path)
	must(t, err)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	must(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		must(t, err)
		body, err := io.ReadAll(rc)
		must(t, err)
		if f.Name == "manifest.json" {
			var m map[string]any
			must(t, json.Unmarshal(body, &m))
			edit(m)
			body, _ = json.Marshal(m)
		}
		w, err := zw.Create(f.Name)
		must(t, err)
		_, err = w.Write(body)
		must(t, err)
	}
	must(t, zw.Close())
	must(t, os.WriteFile(path, out.Bytes(), 0o600))
}

// The import of a bundle file streams it into one transaction: a bundle
// whose checksum only fails once every account was read and merged
// leaves the database as it was, and so does a file changed since its
// preview.
func TestImportBundleFileIsAllOrNothing(t *testing.T) {
	src := newBook(t, Options{})
	var ids []accounts.ID
	for _, name := range []string{"Acme", "Globex", "Initech"} {
		ids = append(ids, mkAccount(t, src, name).ID)
	}
	path := filepath.Join(t.TempDir(), "three"+BundleExt)
	m, err := src.WriteBundle(path, ids, BundleOptions{CreatedBy: "Li Wei", Now: t0})
	must(t, err)

	open := func(path string) *BundleFile {
		t.Helper()
		f, err := OpenBundle(path, "")
		must(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	dst := newBook(t, Options{})
	f := open(path)
	plan, err := dst.PlanBundle(f)
	must(t, err)
	if f.Manifest().ContentSHA256 != m.ContentSHA256 || len(plan.Added) != 3 {
		t.Fatalf("preview: %+v, %d added", f.Manifest(), len(plan.Added))
	}
	if _, _, err := dst.ImportBundle(From("bundle"), f, strings.Repeat("0", 64)); accounts.ErrorCode(err) != accounts.ECONFLICT {
		t.Fatalf("a bundle changed since the preview: %v", err)
	}

	tampered := filepath.Join(t.TempDir(), "tampered"+BundleExt)
	raw, err := os.ReadFile(path)
	must(t, err)
	must(t, os.WriteFile(tampered, raw, 0o600))
	rewriteManifest(t, tampered, func(m map[string]any) { m["content_sha256"] = strings.Repeat("ab", 32) })
	if _, _, err := dst.ImportBundle(From("bundle"), open(tampered), ""); accounts.ErrorCode(err) != accounts.EFORMAT || !strings.Contains(locale.Error(locale.English, err), "checksum") {
		t.Fatalf("a bundle whose checksum fails: %v", err)
	}
	if sums, err := dst.Summaries(); err != nil || len(sums) != 0 {
		t.Fatalf("a refused import left %d accounts (%v)", len(sums), err)
	}

	p, ch, err := dst.ImportBundle(From("bundle"), f, m.ContentSHA256)
	must(t, err)
	if len(p.Added) != 3 || !ch.Touches(ids[2]) || ch.Source.Origin != Import {
		t.Fatalf("import: %d added, change %+v", len(p.Added), ch)
	}
	if p, ch, err := dst.ImportBundle(From("bundle"), open(path), ""); err != nil || p.Changes() != 0 || !ch.Empty() {
		t.Fatalf("the second import: %d changes, %+v, %v", p.Changes(), ch, err)
	}
}
