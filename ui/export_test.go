package ui

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"keycard/accounts"
	"keycard/documents"
)

// pdfPageSize returns pdfinfo's "Page size" line, or "" without pdfinfo.
func pdfPageSize(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		return ""
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v\n%s", path, err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Page size:") {
			return l
		}
	}
	t.Fatalf("pdfinfo shows no page size:\n%s", out)
	return ""
}

func checkPDF(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the export wrote no file: %v", err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF: %q", path, b[:min(len(b), 16)])
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestExportWritesPlanAndBriefPDF(t *testing.T) {
	_, w, r := openDemoAccount(t, 0)

	f := w.openPDFExport(kindBrief)
	if f == nil {
		t.Fatal("no export dialog for the open account")
	}
	if f.private.Checked {
		t.Error("private remarks are included by default")
	}
	if !f.briefBox.Visible() {
		t.Error("the brief's attendee choice is hidden for a brief")
	}
	f.language.SetSelected("中文")
	f.paper.SetSelected(lang.L("export.paper.letter"))
	f.attendees.SetSelected(f.attendees.Options[:1])
	o := f.options()
	if o.Lang != "zh" || o.Paper != "Letter" || o.IncludePrivate || len(o.Attendees) != 1 || o.Attendees[0] != f.people[0] {
		t.Errorf("options from the dialog = %+v", o)
	}
	f.kind.SetSelected(f.kind.Options[0])
	if f.briefBox.Visible() || f.kindCode() != kindPlan || f.options().Attendees != nil {
		t.Error("switching to the plan keeps the attendee choice")
	}
	f.dialog.Hide()

	dir := t.TempDir()
	for _, c := range []struct {
		kind  string
		o     documents.Options
		paper string
	}{
		{kindPlan, documents.Options{Lang: "en", Paper: "A4", Now: testNow}, "(A4)"},
		{kindBrief, documents.Options{Lang: "zh", Paper: "Letter", Now: testNow, Attendees: o.Attendees}, "612 x 792"},
	} {
		path := filepath.Join(dir, documents.PlanFileName(w.account.data.Account, c.kind, testNow))
		var got error
		called := false
		w.exportTo(path, r.ID, c.kind, c.o, func(p string, err error) { called, got = true, err })
		w.wait()
		if !called || got != nil {
			t.Fatalf("%s export: called=%v err=%v", c.kind, called, got)
		}
		checkPDF(t, path)
		if ps := pdfPageSize(t, path); ps != "" && !strings.Contains(ps, c.paper) {
			t.Errorf("%s page size %q, want %s", c.kind, ps, c.paper)
		}
	}
}

func TestExportErrorIsASentenceAndWritesNothing(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	r, _ := w.portfolio.model.At(0)
	path := filepath.Join(t.TempDir(), "gone", "plan.pdf")
	var got error
	w.exportTo(path, r.ID, kindPlan, documents.Options{Now: testNow}, func(_ string, err error) { got = err })
	w.wait()
	if got == nil {
		t.Fatal("exporting into a missing folder reported success")
	}
	msg := pdfFailSentence(path, got)
	if !strings.Contains(msg, path) || strings.Contains(msg, "CreateTemp") || strings.Contains(msg, "no such file") {
		t.Errorf("the message is not a sentence naming the file: %q", msg)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Error("the failed export created something")
	}
	// An unknown account says so in words.
	w.exportTo(filepath.Join(t.TempDir(), "x.pdf"), accounts.NewID(), kindPlan, documents.Options{Now: testNow}, func(_ string, err error) { got = err })
	w.wait()
	if accounts.ErrorCode(got) != accounts.ENOTFOUND || pdfFailSentence("x.pdf", got) != errorSentence(got) {
		t.Errorf("exporting a deleted account: %v", got)
	}
}

func TestExportAllPlansOfOneOwner(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	owners, err := s.Owners()
	if err != nil || len(owners) == 0 {
		t.Fatal(owners, err)
	}
	mine, err := s.SummariesByOwner(owners[0])
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var n int
	w.exportAllTo(dir, owners[0], documents.Options{Lang: "en", Now: testNow}, func(_ string, k int, err error) {
		if err != nil {
			t.Errorf("export all: %v", err)
		}
		n = k
	})
	w.wait()
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if n != len(mine) || len(files) != len(mine) {
		t.Fatalf("printed %d, %d files, for %d accounts of %s", n, len(files), len(mine), owners[0])
	}
	checkPDF(t, files[0])
}

// File → Export holds the two documents and the batch; without an open
// account the dialog is not offered.
func TestExportMenuAndNoAccount(t *testing.T) {
	w := newTestWindow(t, demoStore(t))
	var export *fyne.MenuItem
	for _, it := range w.win.MainMenu().Items[0].Items {
		if it.ChildMenu != nil && it.Label == lang.L("menu.export.sub") {
			export = it
		}
	}
	if export == nil {
		t.Fatal("the File menu has no Export submenu")
	}
	var labels []string
	for _, it := range export.ChildMenu.Items {
		if !it.IsSeparator {
			labels = append(labels, it.Label)
		}
	}
	want := []string{lang.L("menu.export.plan"), lang.L("menu.export.brief"), lang.L("menu.export.all")}
	if strings.Join(labels, "|") != strings.Join(want, "|") {
		t.Errorf("Export submenu = %v, want %v", labels, want)
	}
	if w.account == nil && w.openPDFExport(kindPlan) != nil {
		t.Error("the export dialog opened without an account")
	}
}
