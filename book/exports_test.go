package book

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"keycard/accounts"
	"keycard/intake"
	"keycard/locale"
)

// richest is the demo account with the most contacts.
func richest(t *testing.T, b *Book) *accounts.AccountData {
	t.Helper()
	sums, err := b.Summaries()
	must(t, err)
	var best *accounts.AccountData
	for _, s := range sums {
		d, err := b.LoadAccount(s.ID)
		must(t, err)
		if best == nil || len(d.Contacts)+len(d.Visits) > len(best.Contacts)+len(best.Visits) {
			best = d
		}
	}
	return best
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	must(t, err)
	raw, ok := bytes.CutPrefix(raw, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("%s has no byte-order mark", path)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	must(t, err)
	return recs
}

// TestExportSheetEveryKind writes every table in both formats and both
// languages: headers are the translations of the columns, the rows are the
// ones the book holds, the file is the owner's only.
func TestExportSheetEveryKind(t *testing.T) {
	b := demoBook(t)
	d := richest(t, b)
	dir := t.TempDir()
	for _, what := range SheetKinds {
		for _, lang := range []string{locale.English, locale.Chinese} {
			o := SheetOptions{What: what, Format: FormatCSV, Lang: lang}
			if SheetNeedsAccount(what) || what == SheetFollowUps {
				o.Account = d.Account.ID
			}
			path := filepath.Join(dir, what+"-"+lang+".csv")
			n, err := b.ExportSheet(context.Background(), path, o)
			must(t, err)
			recs := readCSVFile(t, path)
			spec := tableSpecs[what]
			if len(recs) != n+1 || n == 0 {
				t.Errorf("%s %s: %d records for %d rows", what, lang, len(recs), n)
			}
			for j, c := range spec.cols {
				if want := locale.T(lang, "dataexport.col."+c.key, nil); recs[0][j] != want {
					t.Errorf("%s %s: header %d is %q, want %q", what, lang, j, recs[0][j], want)
				}
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v", path, fi.Mode())
			}
			o.Format = FormatXLSX
			xpath := strings.TrimSuffix(path, ".csv") + ".xlsx"
			if m, err := b.ExportSheet(context.Background(), xpath, o); err != nil || m != n {
				t.Errorf("%s xlsx: %d rows, %v", what, m, err)
			}
			if raw, _ := os.ReadFile(xpath); !bytes.HasPrefix(raw, []byte("PK")) {
				t.Errorf("%s is not a workbook", xpath)
			}
		}
	}
	checkCounts(t, b, d, dir)
}

// checkCounts: the rows are the records.
func checkCounts(t *testing.T, b *Book, d *accounts.AccountData, dir string) {
	t.Helper()
	sums, _ := b.Summaries()
	var contacts int
	for _, c := range d.Contacts {
		if !c.Placeholder {
			contacts++
		}
	}
	for what, want := range map[string]int{SheetPortfolio: len(sums), SheetContacts: contacts, SheetVisits: len(d.Visits)} {
		if got := len(readCSVFile(t, filepath.Join(dir, what+"-en.csv"))) - 1; got != want {
			t.Errorf("%s: %d rows, want %d", what, got, want)
		}
	}
	risk := readCSVFile(t, filepath.Join(dir, "risk-zh-Hans.csv"))
	if risk[0][0] != "排名" || risk[1][0] != "1" {
		t.Errorf("risk ranking starts %q %q", risk[0], risk[1])
	}
}

// TestExportSheetOwnerFilter: --owner keeps that owner's rows, matched as
// the route matches owners (case, spaces).
func TestExportSheetOwnerFilter(t *testing.T) {
	b := demoBook(t)
	owners, _ := b.Owners()
	owner := owners[0]
	want, _ := b.SummariesByOwner(owner)
	for _, what := range []string{SheetPortfolio, SheetPipeline, SheetRisk, SheetFollowUps} {
		path := filepath.Join(t.TempDir(), what+".csv")
		_, err := b.ExportSheet(context.Background(), path, SheetOptions{What: what, Format: FormatCSV, Owner: " " + strings.ToUpper(owner) + " ", Lang: "en"})
		must(t, err)
		recs := readCSVFile(t, path)
		oc := slices.Index(recs[0], "Owner")
		for _, r := range recs[1:] {
			if r[oc] != owner {
				t.Errorf("%s: a row of %q", what, r[oc])
			}
		}
		if what == SheetPortfolio && len(recs)-1 != len(want) {
			t.Errorf("portfolio of %s: %d rows, want %d", owner, len(recs)-1, len(want))
		}
	}
}

// TestExportSheetRefusals: a bad choice is a sentence and no file.
func TestExportSheetRefusals(t *testing.T) {
	b := demoBook(t)
	d := richest(t, b)
	other := ""
	owners, _ := b.Owners()
	for _, o := range owners {
		if o != d.Account.Owner {
			other = o
		}
	}
	for name, o := range map[string]SheetOptions{
		"kind":           {What: "invoices", Format: FormatCSV},
		"format":         {Format: "ods"},
		"no account":     {What: SheetContacts, Format: FormatXLSX},
		"unknown owner":  {Format: FormatXLSX, Owner: "Nobody"},
		"other's":        {What: SheetVisits, Format: FormatCSV, Owner: other, Account: d.Account.ID},
		"unknown acount": {What: SheetVisits, Format: FormatCSV, Account: accounts.NewID()},
	} {
		path := filepath.Join(t.TempDir(), "out")
		_, err := b.ExportSheet(context.Background(), path, o)
		if err == nil || accounts.ErrorCode(err) == accounts.EINTERNAL {
			t.Errorf("%s: %v", name, err)
		}
		if msg := locale.Error("en", err); strings.Contains(msg, "%!") || msg == "" {
			t.Errorf("%s: %q", name, msg)
		}
		if _, serr := os.Stat(path); serr == nil {
			t.Errorf("%s: a file was written", name)
		}
	}
}

// TestExportVCardsReadBack: the account's present contacts, read back by
// the vCard reader as they are.
func TestExportVCardsReadBack(t *testing.T) {
	b := demoBook(t)
	d := richest(t, b)
	for _, v := range []string{intake.VCard3, intake.VCard4} {
		path := filepath.Join(t.TempDir(), "c.vcf")
		n, err := b.ExportVCards(path, d.Account.ID, v)
		must(t, err)
		f, _ := os.Open(path)
		res, err := intake.ReadVCards(f, "")
		f.Close()
		must(t, err)
		if len(res.Records) != n || n == 0 {
			t.Fatalf("%s: read %d of %d", v, len(res.Records), n)
		}
		var want []string
		for _, c := range d.Contacts {
			if !c.Placeholder && c.Active() {
				want = append(want, c.Name+"|"+c.Email)
			}
		}
		for i, c := range res.Records {
			if c.Name+"|"+c.Email != want[i] || res.Refs[i] != d.Account.Name {
				t.Errorf("%s: contact %d is %q of %q", v, i, c.Name, res.Refs[i])
			}
		}
	}
	if _, err := b.ExportVCards(filepath.Join(t.TempDir(), "x.vcf"), d.Account.ID, "2.1"); accounts.ErrorCode(err) != accounts.EINVALID {
		t.Errorf("vCard 2.1: %v", err)
	}
}

// TestExportCalendar: the open follow-ups with a due day and the visits
// after now, parsed by go-ical with their reminders; a second export has
// the same UIDs, so a calendar updates instead of doubling.
func TestExportCalendar(t *testing.T) {
	b := demoBook(t)
	d := richest(t, b)
	planned := accounts.Visit{AccountID: d.Account.ID, At: b.Now().Add(72 * time.Hour), Kind: accounts.KindOnSite, Objective: "Renewal, terms; next year"}
	_, err := b.LogVisit(From("test"), &planned)
	must(t, err)
	fs, err := b.FollowUps(lastDay)
	must(t, err)
	due := 0
	for _, f := range fs {
		if !f.Step.Due.IsZero() {
			due++
		}
	}
	uids := func() []string {
		path := filepath.Join(t.TempDir(), "c.ics")
		n, err := b.ExportCalendar(path, "", "zh")
		must(t, err)
		raw, _ := os.ReadFile(path)
		cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
		must(t, err)
		var out []string
		for _, ev := range cal.Events() {
			uid, _ := ev.Props.Text(ical.PropUID)
			out = append(out, uid)
			if len(ev.Children) != 1 || ev.Children[0].Name != ical.CompAlarm {
				t.Errorf("%s has no reminder", uid)
			}
			if uid == "visit-"+string(planned.ID)+"@keycard" {
				if s, _ := ev.Props.Text(ical.PropSummary); !strings.Contains(s, d.Account.Name) {
					t.Errorf("visit summary %q", s)
				}
				if o, _ := ev.Props.Text(ical.PropDescription); o != planned.Objective {
					t.Errorf("visit description %q", o)
				}
			}
		}
		if n != len(out) || n != due+1 {
			t.Errorf("%d events written, %d read, want %d follow-ups and 1 visit", n, len(out), due)
		}
		return out
	}
	first := uids()
	if second := uids(); !slices.Equal(first, second) || !slices.Contains(first, "visit-"+string(planned.ID)+"@keycard") {
		t.Errorf("UIDs differ between exports or the planned visit is missing")
	}
	if _, err := b.ExportCalendar(filepath.Join(t.TempDir(), "x.ics"), "Nobody", "en"); accounts.ErrorCode(err) != accounts.ENOTFOUND {
		t.Errorf("unknown owner: %v", err)
	}
}
