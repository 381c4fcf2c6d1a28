package book

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"keycard/accounts"
)

func isPDF(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no file: %v", err)
	}
	if !bytes.HasPrefix(raw, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF", path)
	}
}

// The demo portfolio comes in as one import that moves the portfolio.
func TestLoadDemo(t *testing.T) {
	b := newBook(t, Options{})
	ch, err := b.LoadDemo(From("firststart"))
	must(t, err)
	sums, err := b.Summaries()
	must(t, err)
	if len(sums) != 30 || len(ch.Accounts) != 30 || !ch.Portfolio || ch.Source.Origin != Import {
		t.Errorf("%d accounts, change %+v", len(sums), ch)
	}
}

// The PDF exports: one document, every plan (two accounts of the same name
// do not overwrite each other), handover dossiers.
func TestExports(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	mkAccount(t, b, "Acme")
	mkAccount(t, b, "Globex")
	o := DocumentOptions{Lang: "en", Paper: "A4", Now: t0}
	dir := t.TempDir()

	one := filepath.Join(dir, "brief.pdf")
	must(t, b.ExportDocument(one, a.ID, KindBrief, o))
	isPDF(t, one)
	if err := b.ExportDocument(filepath.Join(dir, "x.pdf"), accounts.NewID(), KindPlan, o); accounts.ErrorCode(err) != accounts.ENOTFOUND {
		t.Errorf("a missing account: %v", err)
	}

	all := t.TempDir()
	n, failed, err := b.ExportPlans(all, "", o)
	must(t, err)
	files, _ := filepath.Glob(filepath.Join(all, "*.pdf"))
	if n != 3 || len(files) != 3 || failed != "" {
		t.Errorf("wrote %d (%v), failed %q; want 3 files", n, files, failed)
	}
	if n, _, err := b.ExportPlans(t.TempDir(), "Nobody", o); err != nil || n != 0 {
		t.Errorf("an owner without accounts: %d, %v", n, err)
	}

	d, err := b.LoadAccount(a.ID)
	must(t, err)
	h := accounts.Handover{From: "Li Wei", Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Wang Fang"}}}
	if _, err := ExportDossiers(filepath.Join(dir, "missing"), []*accounts.AccountData{d}, h, o); accounts.ErrorCode(err) != accounts.ENOTFOUND {
		t.Errorf("a missing folder: %v", err)
	}
	paths, err := ExportDossiers(dir, []*accounts.AccountData{d}, h, o)
	must(t, err)
	if len(paths) != 1 || !strings.Contains(filepath.Base(paths[0]), "dossier") {
		t.Fatalf("dossiers %v", paths)
	}
	isPDF(t, paths[0])
	if fi, _ := os.Stat(paths[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("a dossier carries customer data; mode %v, want owner-only", fi.Mode().Perm())
	}
}

// A sealed bundle written by the book reads back with its passphrase only.
func TestBundleRoundTrip(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	path := filepath.Join(t.TempDir(), "acme"+BundleExt)
	m, err := b.WriteBundle(path, []accounts.ID{a.ID}, BundleOptions{CreatedBy: "Li Wei", Now: t0, Passphrase: "correct horse"})
	must(t, err)
	if !m.Sealed || m.Counts.Accounts != 1 || !IsSealedBundle(path) {
		t.Fatalf("manifest %+v, sealed %v", m, IsSealedBundle(path))
	}
	if _, _, err := ReadBundle(path, "wrong"); accounts.ErrorCode(err) != EPASSPHRASE {
		t.Errorf("a wrong passphrase: %v", err)
	}
	_, data, err := ReadBundle(path, "correct horse")
	must(t, err)
	if len(data) != 1 || data[0].Account.ID != a.ID {
		t.Errorf("read back %d accounts", len(data))
	}
	if _, err := b.WriteBundle(t.TempDir(), []accounts.ID{a.ID}, BundleOptions{Now: t0}); accounts.ErrorCode(err) != accounts.EINVALID {
		t.Errorf("writing over a folder: %v, want EINVALID", err)
	}
	if IsSealedBundle(filepath.Join(t.TempDir(), "none")) {
		t.Error("a missing file is not sealed")
	}
}

// The import previews leave out what Keycard has.
func TestFilePlans(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	raw, err := ReadImportFile(strings.NewReader("Name,Owner,Tier,Stage\nAcme,Ana,key,growth\nGlobex,,key,growth\n"))
	must(t, err)
	p, err := b.PlanAccountsCSV(raw, "Zhou Min")
	must(t, err)
	if len(p.Add) != 1 || p.Add[0].Name != "Globex" || p.Add[0].Owner != "Zhou Min" || p.Have != 1 {
		t.Errorf("accounts plan %+v", p)
	}
	cp, err := b.PlanContactsCSV(strings.NewReader("Name,Company,Email\nAda,Acme,ada@acme.example\nBo,Nowhere,bo@x.example\n"))
	must(t, err)
	if len(cp.Add) != 1 || cp.Add[0].AccountID != a.ID || len(cp.Problems) == 0 {
		t.Errorf("contacts plan %+v", cp)
	}
	c := accounts.Contact{AccountID: a.ID, Name: "Ada", Email: "ada@acme.example", Influence: 3}
	must(t, errOf(b.CreateContact(CLI, &c)))
	vc := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEMAIL:ada@acme.example\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy\r\nEND:VCARD\r\n"
	vp, err := b.PlanVCards(strings.NewReader(vc), a.ID)
	must(t, err)
	if len(vp.Add) != 1 || vp.Add[0].Name != "Cy" || vp.Have != 1 {
		t.Errorf("vCard plan %+v", vp)
	}
}

// A failed write keeps the old file and leaves no temporary one, and says
// what failed; a finished one replaces the file. keycardctl and the app
// write every plan, brief, dossier and bundle this way.
func TestWriteFileKeepsTheOldFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.pdf")
	os.WriteFile(p, []byte("the previous plan"), 0o600)
	boom := errors.New("renderer failed")
	failed := accounts.Say("file.print_failed", "Kind", accounts.Phrase{Key: "file.kind.plan"}, "Name", "Acme")
	err := writeFile(p, 0o600, failed, func(w io.Writer) error {
		w.Write([]byte("%PDF-1.7 half a docu"))
		return boom
	})
	if !errors.Is(err, boom) || accounts.ErrorPhrase(err).Key != "file.print_failed" {
		t.Fatalf("got %v, want the renderer's error worded as a failed print", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "the previous plan" {
		t.Errorf("a failed write changed the file to %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := writeFile(p, 0o600, failed, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("a finished write left %q", b)
	}
}

// keycardctl's needs of the print use cases: briefs as well as plans, a
// folder created when there is something to print, owner-only files and a
// call per file written.
func TestPrintAllBriefsOwnerOnly(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	o := DocumentOptions{Lang: "en", Paper: "A4", Now: t0}
	dir := filepath.Join(t.TempDir(), "new", "briefs")
	if n, _, err := b.PrintAll(dir, "Nobody", Print{Kind: KindBrief}, o); err != nil || n != 0 {
		t.Fatalf("an owner without accounts: %d, %v", n, err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("printing nothing created the folder")
	}
	var wrote []string
	n, _, err := b.PrintAll(dir, "", Print{Kind: KindBrief, OwnerOnly: true, Wrote: func(p string) { wrote = append(wrote, p) }}, o)
	must(t, err)
	want := filepath.Join(dir, PlanFileName(a, KindBrief, o))
	if n != 1 || len(wrote) != 1 || wrote[0] != want {
		t.Fatalf("wrote %d, reported %v, want %s", n, wrote, want)
	}
	isPDF(t, want)
	if fi, _ := os.Stat(want); fi.Mode().Perm() != 0o600 {
		t.Errorf("an owner-only brief has mode %v", fi.Mode().Perm())
	}
	one := filepath.Join(t.TempDir(), "plan.pdf")
	must(t, b.ExportDocument(one, a.ID, KindPlan, o))
	if fi, _ := os.Stat(one); fi.Mode().Perm() != 0o644 {
		t.Errorf("a plan to share has mode %v", fi.Mode().Perm())
	}
	err = b.PrintAccount(filepath.Join(t.TempDir(), "gone", "x.pdf"), a.ID, Print{}, o)
	if accounts.ErrorPhrase(err).Key != "file.no_folder" {
		t.Errorf("printing into a missing folder: %v", err)
	}
}

// The generated data sets come in batches, each reported, and count what
// they hold; the same seed gives the same accounts.
func TestGenerateDemo(t *testing.T) {
	b := newBook(t, Options{})
	var calls []DemoCount
	n, ch, err := b.GenerateDemo(CLI, DemoOptions{Seed: 7, Accounts: DemoBatch + 3}, func(c DemoCount) { calls = append(calls, c) })
	must(t, err)
	if n.Accounts != DemoBatch+3 || n.Contacts == 0 || n.Visits == 0 || len(ch.Accounts) != n.Accounts || !ch.Portfolio {
		t.Fatalf("count %+v, change of %d accounts", n, len(ch.Accounts))
	}
	if len(calls) != 2 || calls[0].Accounts != DemoBatch || calls[1] != n {
		t.Errorf("progress %+v", calls)
	}
	sums, err := b.Summaries()
	must(t, err)
	if len(sums) != n.Accounts {
		t.Errorf("%d accounts stored, %d generated", len(sums), n.Accounts)
	}
}

// On NTFS and APFS "ACME" and "Acme" are one file, and so are "Café"
// typed precomposed and decomposed: an export of every plan, and the
// handover dossiers, give each account a file of its own there too.
func TestExportNamesDifferWhereCaseAndNormalisationAreIgnored(t *testing.T) {
	b := newBook(t, Options{})
	var data []*accounts.AccountData
	for _, name := range []string{"ACME", "Acme", "Caf\u00e9", "Cafe\u0301"} {
		a := mkAccount(t, b, name)
		d, err := b.LoadAccount(a.ID)
		must(t, err)
		data = append(data, d)
	}
	o := DocumentOptions{Lang: "en", Paper: "A4", Now: t0}
	folded := func(paths []string) map[string]bool {
		seen := map[string]bool{}
		for _, p := range paths {
			k := strings.ToLower(norm.NFC.String(filepath.Base(p)))
			if seen[k] {
				t.Errorf("%s is the same file as another on a case-insensitive disk: %v", filepath.Base(p), paths)
			}
			seen[k] = true
		}
		return seen
	}
	var wrote []string
	n, _, err := b.PrintAll(filepath.Join(t.TempDir(), "plans"), "", Print{Kind: KindPlan, Wrote: func(p string) { wrote = append(wrote, p) }}, o)
	must(t, err)
	if n != 4 || len(folded(wrote)) != 4 {
		t.Errorf("wrote %d plans: %v", n, wrote)
	}
	h := accounts.Handover{From: "Li Wei"}
	for _, d := range data {
		h.Accounts = append(h.Accounts, accounts.HandoverAccount{AccountID: d.Account.ID, To: "Zhang Min"})
	}
	paths, err := ExportDossiers(t.TempDir(), data, h, o)
	must(t, err)
	if len(folded(paths)) != 4 {
		t.Errorf("dossiers: %v", paths)
	}
}
