package ui

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// runDataExport taps Export… in the dialog with the choices made by
// choose, answers the save dialog with a file in a temporary folder, waits
// for the background job and returns the path and the sentence shown.
func runDataExport(t *testing.T, w *MainWindow, choose func(f *dataExportForm)) (string, string) {
	t.Helper()
	f := w.openDataExport()
	choose(f)
	dir := t.TempDir()
	var path string
	f.save = func(name, ext string, then func(string)) {
		if !strings.HasSuffix(name, ext) || strings.ContainsAny(name, `/\:`) {
			t.Errorf("suggested file name %q for %s", name, ext)
		}
		path = filepath.Join(dir, name)
		then(path)
	}
	test.Tap(findButton(t, w.win.Canvas().Overlays().Top(), lang.L("dataexport.go")))
	w.wait()
	if path == "" {
		t.Fatal("Export… asked for no file")
	}
	return path, overlayText(w)
}

// overlayText is the text of the labels of the top dialog.
func overlayText(w *MainWindow) string {
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, c := range test.LaidOutObjects(top) {
		if l, ok := c.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// TestDataExportDialogWritesTheChosenFile: choosing the open account's
// contacts as CSV, the portfolio as Excel for one owner, the contacts as
// vCard and the calendar writes those files and says where they went.
func TestDataExportDialogWritesTheChosenFile(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	name := w.account.data.Account.Name

	path, said := runDataExport(t, w, func(f *dataExportForm) {
		f.what.SetSelected(lang.L("dataexport.choice.contacts", map[string]any{"Name": name}))
		f.format.SetSelected(lang.L("dataexport.format.csv"))
		if !f.owner.Disabled() {
			t.Error("the owner is offered for one account's contacts")
		}
	})
	raw, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(raw, []byte("\uFEFF")) || !strings.HasSuffix(path, ".csv") {
		t.Fatalf("%s: %v", path, err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	contacts, _ := s.Contacts(r.ID)
	if err != nil || len(recs) != len(contacts)+1 {
		t.Errorf("%d records for %d contacts: %v", len(recs), len(contacts), err)
	}
	if !strings.Contains(said, path) {
		t.Errorf("the dialog says %q", said)
	}

	owners, _ := s.Owners()
	path, _ = runDataExport(t, w, func(f *dataExportForm) {
		f.what.SetSelected(lang.L("dataexport.choice.portfolio"))
		f.format.SetSelected(lang.L("dataexport.format.xlsx"))
		f.owner.SetSelected(owners[0])
	})
	if raw, _ := os.ReadFile(path); !bytes.HasPrefix(raw, []byte("PK")) || !strings.Contains(filepath.Base(path), owners[0]) {
		t.Errorf("%s is not the owner's workbook", path)
	}

	path, _ = runDataExport(t, w, func(f *dataExportForm) {
		f.what.SetSelected(lang.L("dataexport.choice.vcard", map[string]any{"Name": name}))
		f.format.SetSelected(lang.L("dataexport.format.vcard4"))
	})
	if raw, _ := os.ReadFile(path); !strings.Contains(string(raw), "VERSION:4.0") {
		t.Errorf("%s is no vCard 4.0", path)
	}

	path, _ = runDataExport(t, w, func(f *dataExportForm) { f.what.SetSelected(lang.L("dataexport.choice.ics")) })
	if raw, _ := os.ReadFile(path); !strings.Contains(string(raw), "BEGIN:VALARM") || filepath.Ext(path) != ".ics" {
		t.Errorf("%s is no calendar with reminders", path)
	}
}

// TestDataExportWithoutAccount offers the portfolio-wide exports only, and
// a failure is a sentence with no file.
func TestDataExportWithoutAccount(t *testing.T) {
	w := newTestWindow(t, demoStore(t))
	f := w.openDataExport()
	for _, c := range f.choices {
		if c.account {
			t.Errorf("%q offered without an open account", c.label)
		}
	}
	f.dialog.Hide()
	var got error
	done := func(_ string, _ dataRequest, _ int, err error) { got = err }
	path := filepath.Join(t.TempDir(), "p.xlsx")
	w.exportDataTo(path, dataRequest{choice: f.choices[0], format: "dataexport.format.xlsx", owner: "Nobody"}, done)
	w.wait()
	if _, err := os.Stat(path); accounts.ErrorCode(got) != accounts.ENOTFOUND || err == nil {
		t.Errorf("an unknown owner: %v, file %v", got, err)
	}
	path = filepath.Join(t.TempDir(), "gone", "p.xlsx")
	w.exportDataTo(path, dataRequest{choice: f.choices[0], format: "dataexport.format.csv"}, done)
	w.wait()
	if msg := pdfFailSentence(path, got); got == nil || !strings.Contains(msg, path) {
		t.Errorf("exporting into a missing folder: %v, %q", got, msg)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Error("the failed export created something")
	}
	// An account without contacts has no address-book file, and says so.
	empty := accounts.Account{Name: "Empty Ltd", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if _, err := w.book.CreateAccount(book.CLI, &empty); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "c.vcf")
	w.exportDataTo(path, dataRequest{choice: dataChoice{what: whatVCard, account: true}, format: "dataexport.format.vcard3", account: &empty}, done)
	w.wait()
	if msg := dataFailSentence(path, got); !strings.Contains(msg, "Empty Ltd") {
		t.Errorf("vCards of an account without contacts: %q", msg)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a vCard file without contacts was written")
	}
}
