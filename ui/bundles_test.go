package ui

import (
	"archive/zip"
	"bytes"
	"fyne.io/fyne/v2/lang"
	"io"
	"keycard/accounts"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/storage"
)

// exportOwner exports the accounts of owner through the Export bundle
// dialog (the portfolio's owner filter chooses them) and returns the path.
func exportOwner(t *testing.T, w *MainWindow, owner, pass string) (string, *bundleExport) {
	t.Helper()
	w.portfolio.owner.SetSelected(owner)
	var e *bundleExport
	w.openBundleExport(func(x *bundleExport) { e = x })
	w.wait()
	if e == nil {
		t.Fatal("the export dialog did not open")
	}
	if pass != "" {
		test.Type(e.pass, pass)
		test.Type(e.pass2, pass)
	}
	path := filepath.Join(t.TempDir(), "handover.keycard")
	e.exportTo(path, nil)
	w.wait()
	if e.done == "" {
		t.Fatalf("export failed: %q", e.status.Text)
	}
	return path, e
}

// emptyWindow is the main window on an empty store, past the first-start offer.
func emptyWindow(t *testing.T) (*MainWindow, *storage.Store) {
	t.Helper()
	s := openStore(t)
	w := newTestWindow(t, s)
	if w.firstStart != nil {
		w.firstStart.Hide()
	}
	return w, s
}

func TestBundleExportImportThroughPreviewGivesTheSameAccounts(t *testing.T) {
	src := demoStore(t)
	sw := newTestWindow(t, src)
	owner := busiestOwner(t, src)
	path, e := exportOwner(t, sw, owner, "correct horse battery")
	if !says(t, e.done, "bundle.exported.sealed") || !strings.Contains(e.done, lang.L("bundle.private.out")) {
		t.Errorf("export sentence %q should say it is sealed and without private remarks", e.done)
	}
	want, err := src.SummariesByOwner(owner)
	if err != nil {
		t.Fatal(err)
	}

	w, dst := emptyWindow(t)
	im := w.importBundleFrom(path)
	w.wait()
	if im.ask == nil {
		t.Fatal("a sealed bundle should ask for its passphrase")
	}
	test.Type(im.passIn, "wrong guess")
	test.Tap(im.passOK)
	w.wait()
	if im.passMsg.Text == "" || !says(t, im.passMsg.Text, "bundle.passphrase_wrong") || im.preview != nil {
		t.Fatalf("a wrong passphrase should be explained and asked again; message %q", im.passMsg.Text)
	}
	test.Type(im.passIn, "correct horse battery")
	test.Tap(im.passOK)
	w.wait()
	if im.preview == nil {
		t.Fatalf("no preview after the right passphrase; refused with %q", im.failed)
	}
	if len(im.accts) != len(want) || !says(t, im.counts.Text, "bundle.counts") || len(im.plan.Conflicts) != 0 {
		t.Fatalf("preview lists %d accounts (want %d), counts %q", len(im.accts), len(want), im.counts.Text)
	}
	if n := len(summaries(t, dst)); n != 0 {
		t.Fatalf("the preview wrote %d accounts", n)
	}
	test.Tap(im.confirm)
	w.wait()
	if !says(t, im.done, "bundle.imported") {
		t.Fatalf("import sentence %q", im.done)
	}
	got := summaries(t, dst)
	if len(got) != len(want) {
		t.Fatalf("imported %d accounts, want %d", len(got), len(want))
	}
	for _, sm := range want {
		a, err := src.LoadAccount(sm.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dst.LoadAccount(sm.ID)
		if err != nil {
			t.Fatalf("%s missing after import: %v", sm.Name, err)
		}
		if a.Account.Name != b.Account.Name || a.Account.Owner != b.Account.Owner ||
			len(a.Contacts) != len(b.Contacts) || len(a.Visits) != len(b.Visits) ||
			len(a.Warnings) != len(b.Warnings) || len(a.Links) != len(b.Links) || (a.Plan == nil) != (b.Plan == nil) {
			t.Errorf("%s differs after the round trip", sm.Name)
		}
	}
	if w.portfolio.model.Len() != len(want) {
		t.Errorf("the portfolio shows %d accounts after the import, want %d", w.portfolio.model.Len(), len(want))
	}

	// importing again changes nothing and says so
	again := w.importBundleFrom(path)
	w.wait()
	test.Type(again.passIn, "correct horse battery")
	test.Tap(again.passOK)
	w.wait()
	if again.preview == nil || again.plan.Changes() != 0 || !again.confirm.Disabled() {
		t.Fatalf("re-import should preview no changes with Import disabled; plan %d changes", again.plan.Changes())
	}
}

func TestTamperedBundleIsRefusedAndChangesNothing(t *testing.T) {
	src := demoStore(t)
	sw := newTestWindow(t, src)
	owner := busiestOwner(t, src)
	path, _ := exportOwner(t, sw, owner, "")
	mine, err := src.SummariesByOwner(owner)
	if err != nil {
		t.Fatal(err)
	}

	// Rewrite the accounts entry with one name changed, keeping the manifest
	// and its checksum: what a hand edit of the archive does.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "accounts.json" {
			name := []byte(`"name":"` + mine[0].Name + `"`)
			if !bytes.Contains(body, name) {
				t.Fatalf("the bundle does not hold %s", name)
			}
			body = bytes.Replace(body, name, []byte(`"name":"`+mine[0].Name+` X"`), 1)
		}
		fw, _ := zw.Create(f.Name)
		fw.Write(body)
	}
	zw.Close()
	bad := filepath.Join(t.TempDir(), "tampered.keycard")
	if err := os.WriteFile(bad, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	w, dst := emptyWindow(t)
	im := w.importBundleFrom(bad)
	w.wait()
	if !(says(t, im.failed, "bundle.damaged") || says(t, im.failed, "bundle.checksum") || says(t, im.failed, "bundle.counts_mismatch")) || im.preview != nil {
		t.Fatalf("tampered bundle: refusal %q, preview shown %v", im.failed, im.preview != nil)
	}
	if n := len(summaries(t, dst)); n != 0 {
		t.Fatalf("a refused bundle wrote %d accounts", n)
	}
}

func TestExportRefusesDifferentPassphrases(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	var e *bundleExport
	w.openBundleExport(func(x *bundleExport) { e = x })
	w.wait()
	test.Type(e.pass, "one")
	test.Type(e.pass2, "two")
	path := filepath.Join(t.TempDir(), "x.keycard")
	e.exportTo(path, nil)
	w.wait()
	if e.status.Text != lang.L("bundle.err.passmismatch") {
		t.Fatalf("status %q", e.status.Text)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a bundle was written although the passphrases differ")
	}
}

// TestImportPreviewScreenshot saves the preview of a bundle imported into a
// database that has newer edits (so it shows conflicts) to $KEYCARD_SHOTS.
func TestImportPreviewScreenshot(t *testing.T) {
	out := os.Getenv("KEYCARD_SHOTS")
	if out == "" {
		t.Skip("set KEYCARD_SHOTS to a folder to save screenshots")
	}
	s := demoStore(t)
	w := newTestWindow(t, s)
	owner := busiestOwner(t, s)
	w.portfolio.owner.SetSelected(owner)
	var e *bundleExport
	w.openBundleExport(func(x *bundleExport) { e = x })
	w.wait()
	savePNG(t, filepath.Join(out, "bundle-export.png"), w.win.Canvas().Capture())
	path := filepath.Join(t.TempDir(), "b.keycard")
	e.exportTo(path, nil)
	w.wait()
	w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())
	// newer edits here make conflicts
	mine, _ := s.SummariesByOwner(owner)
	for i, sm := range mine[:2] {
		a, _ := s.Account(sm.ID)
		a.Notes = "edited here " + string(rune('A'+i))
		if err := s.UpdateAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	im := w.importBundleFrom(path)
	w.wait()
	savePNG(t, filepath.Join(out, "bundle-preview.png"), w.win.Canvas().Capture())
	_ = im
}

// BenchmarkImportPreview58k builds the preview of a plan with 58,000
// records (2,000 accounts' contacts and visits, 8,000 of them conflicts):
// counts for everything, rows for the accounts and the first 200 conflicts.
func BenchmarkImportPreview58k(b *testing.B) {
	w := newTestWindow(b, openStore(b))
	var p storage.ImportPlan
	for i := 0; i < 58_000; i++ {
		it := storage.ImportItem{Kind: []string{"contact", "visit", "warning", "link"}[i%4], ID: strconv.Itoa(i), Name: accounts.Say("import.name.plain", "Name", "record "+strconv.Itoa(i)), Reason: accounts.Say("import.reason.both", "Ours", 2, "OursAt", "2026-11-20 10:00", "Theirs", 3, "TheirsAt", "2026-11-21 10:00")}
		switch {
		case i < 2_000:
			it.Kind = "account"
			p.Added = append(p.Added, it)
		case i < 10_000:
			p.Conflicts = append(p.Conflicts, it)
		default:
			p.Skipped = append(p.Skipped, it)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		im := &bundleImport{w: w.shell, path: "big.keycard", plan: p}
		im.showPreview()
		if len(im.conflicts) != previewRows || len(im.accts) != 2_000 {
			b.Fatalf("%d conflict rows, %d account rows", len(im.conflicts), len(im.accts))
		}
		im.preview.Hide()
	}
}

// A large bundle's plan lists its accounts and the first records of
// each kind and counts the rest (storage.ImportPlan.More): the preview's
// counts and its conflicts by kind include those not listed.
func TestImportPreviewCountsTheRecordsNotListed(t *testing.T) {
	w := newTestWindow(t, openStore(t))
	p := storage.ImportPlan{More: map[string]map[string]int{
		storage.PlanAdded:     {"visit": 249_000, "contact": 36_500},
		storage.PlanConflicts: {"visit": 40},
	}}
	for i := range 3 {
		p.Added = append(p.Added, storage.ImportItem{Kind: "account", ID: strconv.Itoa(i), Name: accounts.Say("import.name.plain", "Name", "Account "+strconv.Itoa(i))})
	}
	for i := range 1000 {
		p.Added = append(p.Added, storage.ImportItem{Kind: "visit", ID: "v" + strconv.Itoa(i), Name: accounts.Say("import.name.plain", "Name", "visit")})
	}
	p.Conflicts = append(p.Conflicts, storage.ImportItem{Kind: "contact", ID: "c1", Name: accounts.Say("import.name.plain", "Name", "Li Wei")})
	im := &bundleImport{w: w.shell, path: "big.keycard", plan: p}
	im.showPreview()
	defer im.preview.Hide()
	if want := lang.L("bundle.counts", map[string]any{"Added": 286503, "Updated": 0, "Skipped": 0, "Conflicts": 41}); im.counts.Text != want {
		t.Fatalf("counts %q, want %q", im.counts.Text, want)
	}
	if len(im.accts) != 3 || len(im.conflicts) != 1 {
		t.Fatalf("%d account rows, %d conflict rows", len(im.accts), len(im.conflicts))
	}
	head := shownTexts(w.win.Canvas().Overlays().Top())
	if !strings.Contains(head, lang.L("bundle.conflicts", map[string]any{"N": 41})) ||
		!strings.Contains(head, lang.L("bundle.kindcount", map[string]any{"Kind": kindLabel("visit"), "N": 40})) {
		t.Fatalf("the conflicts' head does not count those not listed:\n%s", head)
	}
	if out := os.Getenv("KEYCARD_SHOTS"); out != "" {
		savePNG(t, filepath.Join(out, "bundle-preview-large.png"), w.win.Canvas().Capture())
	}
}

// shownTexts joins the text of every label drawn under o, inside widgets
// too.
func shownTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	walk(o)
	return b.String()
}

// The preview keeps no accounts: the import reads the file again, and a
// file replaced since the preview is refused, changing nothing.
func TestImportRefusesABundleChangedSinceItsPreview(t *testing.T) {
	src := demoStore(t)
	sw := newTestWindow(t, src)
	owner := busiestOwner(t, src)
	path, _ := exportOwner(t, sw, owner, "")

	w, dst := emptyWindow(t)
	im := w.importBundleFrom(path)
	w.wait()
	if im.preview == nil {
		t.Fatalf("no preview; refused with %q", im.failed)
	}
	// Another export of other accounts lands on the same file.
	var other string
	for _, sm := range summaries(t, src) {
		if sm.Owner != owner {
			other = sm.Owner
			break
		}
	}
	again, _ := exportOwner(t, sw, other, "")
	raw, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	test.Tap(im.confirm)
	w.wait()
	if !says(t, im.failed, "bundle.changed_since_preview") || im.done != "" {
		t.Fatalf("refusal %q, done %q", im.failed, im.done)
	}
	if n := len(summaries(t, dst)); n != 0 {
		t.Fatalf("a refused import wrote %d accounts", n)
	}
}
