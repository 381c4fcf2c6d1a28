package ui

import (
	"fyne.io/fyne/v2/lang"
	"image/png"
	"keycard/accounts"
	"keycard/locale"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/intake"
)

const salesforceAccounts = "../intake/testdata/salesforce_accounts.csv"

// readsAccounts is how many accounts the file holds by package intake's
// own reading, which the import must bring in whole.
func readsAccounts(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := intake.ReadAccountsCSV(f, intake.CSVOptions{Owner: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return len(res.Records)
}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportAccountsCSVThroughPreviewCancelThenImport(t *testing.T) {
	t.Setenv("USER", "")
	t.Setenv("USERNAME", "")
	w, s := emptyWindow(t)
	want := readsAccounts(t, salesforceAccounts)
	if want < 10 {
		t.Fatalf("the sample file should hold dozens of accounts, intake reads %d", want)
	}

	im := w.importFileFrom(intakeAccounts, salesforceAccounts, "", "")
	w.wait()
	if im.preview == nil {
		t.Fatalf("no preview; refused with %q", im.failed)
	}
	if im.counts.Text != lang.L("intake.counts", map[string]any{"Added": im.toAdd(), "Have": im.have, "Left": im.leftOut}) || im.toAdd() != want {
		t.Fatalf("preview counts %q, %d to add; want %d", im.counts.Text, im.toAdd(), want)
	}
	if im.owner == nil || im.owner.Text != "" {
		t.Fatal("the Salesforce file names no owner and Keycard knows none: the preview should ask for one")
	}
	test.Tap(im.cancel)
	w.wait()
	if n := len(summaries(t, s)); n != 0 {
		t.Fatalf("Cancel wrote %d accounts", n)
	}

	im = w.importFileFrom(intakeAccounts, salesforceAccounts, "", "")
	w.wait()
	im.owner.SetText("")
	test.Tap(im.confirm)
	w.wait()
	if im.status.Text == "" || len(summaries(t, s)) != 0 {
		t.Fatalf("an empty owner should be refused before writing; status %q", im.status.Text)
	}
	im.owner.SetText("Lena Wu")
	test.Tap(im.confirm)
	w.wait()
	got := summaries(t, s)
	if len(got) != want {
		t.Fatalf("imported %d accounts, want %d", len(got), want)
	}
	for _, sm := range got {
		if sm.Owner != "Lena Wu" {
			t.Fatalf("%s is owned by %q, want the owner typed in the preview", sm.Name, sm.Owner)
		}
	}
	if im.done != lang.L("intake.done.accounts", map[string]any{"N": want}) || w.portfolio.model.Len() != want {
		t.Errorf("sentence %q, portfolio shows %d accounts; want %d", im.done, w.portfolio.model.Len(), want)
	}

	// The same file again adds nothing and says why.
	again := w.importFileFrom(intakeAccounts, salesforceAccounts, "", "")
	w.wait()
	if again.toAdd() != 0 || again.have != want || !again.confirm.Disabled() {
		t.Fatalf("second import: %d to add, %d already there (want 0 and %d), Import enabled %v",
			again.toAdd(), again.have, want, !again.confirm.Disabled())
	}
	if again.owner.Text != "Lena Wu" {
		t.Errorf("the default owner should be the portfolio's most common one, got %q", again.owner.Text)
	}
}

func TestImportVCardIntoOpenAccountSkipsKnownPeople(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	before, err := s.Contacts(r.ID)
	if err != nil || len(before) == 0 {
		t.Fatalf("demo account has no contacts (%v)", err)
	}
	known := before[0].Name
	vcf := writeTemp(t, "team.vcf", strings.Join([]string{
		"BEGIN:VCARD", "VERSION:3.0", "FN:Ada Lovelace", "TITLE:CTO", "EMAIL;TYPE=work:ada@example.com", "BDAY:--1210", "END:VCARD",
		"BEGIN:VCARD", "VERSION:3.0", "FN:张伟", "ORG:Acme;采购部", "TEL;TYPE=cell:+86 138 0000 0000", "END:VCARD",
		"BEGIN:VCARD", "VERSION:3.0", "FN:" + known, "END:VCARD",
	}, "\r\n")+"\r\n")

	im := w.importFileFrom(intakeVCard, vcf, w.account.id, w.account.data.Account.Name)
	w.wait()
	if im.preview == nil {
		t.Fatalf("no preview; refused with %q", im.failed)
	}
	if im.toAdd() != 2 || im.have != 1 {
		t.Fatalf("preview: %d to add, %d known; want 2 and 1 (%s is already a contact)", im.toAdd(), im.have, known)
	}
	if len(im.probBox.Objects) != 1 || !strings.HasPrefix(im.probBox.Objects[0].(*widget.Label).Text, lang.L("intake.row", map[string]any{"Row": 1, "Message": ""})) {
		t.Errorf("the birthday without a year should be listed as a row-1 problem, got %d lines", len(im.probBox.Objects))
	}
	test.Tap(im.confirm)
	w.wait()
	after, err := s.Contacts(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+2 {
		t.Fatalf("%d contacts after the import, want %d", len(after), len(before)+2)
	}
	names := map[string]bool{}
	for _, c := range after {
		names[c.Name] = true
	}
	if !names["Ada Lovelace"] || !names["张伟"] {
		t.Errorf("the vCard's people are missing: %v", names)
	}
	if !strings.Contains(im.done, lang.L("intake.done.vcard", map[string]any{"N": 2, "Account": r.Name})) || !strings.Contains(im.done, lang.L("intake.done.have", map[string]any{"N": 1})) {
		t.Errorf("sentence %q", im.done)
	}
	if w.account == nil || w.account.data == nil || len(w.account.data.Contacts) != len(after) {
		t.Error("the open account should show the new contacts")
	}
}

func TestImportBadCSVShowsItsProblems(t *testing.T) {
	w, s := emptyWindow(t)
	bad := writeTemp(t, "bad.csv", "Name,Owner,Tier,Stage,Fax\n"+
		"Acme,Lena,platinum,growth,1\n"+
		",Lena,key,mature,2\n"+
		"Beta,Lena,key,mature,3\n"+
		"beta,Lena,key,mature,4\n")
	im := w.importFileFrom(intakeAccounts, bad, "", "")
	w.wait()
	if im.preview == nil {
		t.Fatalf("no preview; refused with %q", im.failed)
	}
	var lines []string
	for _, o := range im.probBox.Objects {
		lines = append(lines, o.(*widget.Label).Text)
	}
	text := strings.Join(lines, "\n")
	row := func(n int) string { return lang.L("intake.row", map[string]any{"Row": n, "Message": ""}) }
	for _, want := range []string{row(2), "platinum", row(3), row(5)} {
		if !strings.Contains(text, want) {
			t.Errorf("problems should mention %q:\n%s", want, text)
		}
	}
	if im.toAdd() != 2 || im.leftOut != 2 || im.counts.Text != lang.L("intake.counts", map[string]any{"Added": 2, "Have": 0, "Left": 2}) {
		t.Errorf("counts %q: %d to add, %d left out; want 2 and 2", im.counts.Text, im.toAdd(), im.leftOut)
	}
	if len(im.ignored) != 1 || im.ignored[0] != "Fax" {
		t.Errorf("ignored columns %v, want [Fax]", im.ignored)
	}
	test.Tap(im.cancel)

	// A file Keycard cannot read at all is refused with a sentence.
	noName := writeTemp(t, "noname.csv", "Fax,Owner\n1,Lena\n")
	im = w.importFileFrom(intakeAccounts, noName, "", "")
	w.wait()
	if im.preview != nil || im.failed != locale.Error(uiLang, accounts.Errorf(accounts.EINVALID, "intake.csv.no_account_name")) {
		t.Errorf("a file without a name column should be refused with a sentence, got %q", im.failed)
	}
	if n := len(summaries(t, s)); n != 0 {
		t.Errorf("bad files wrote %d accounts", n)
	}
}

// TestImportPreviewScreenshots writes captures of the preview to
// $KEYCARD_INTAKE_SHOTS for a person to look at; run it once with
// LANG=zh_CN.UTF-8 for the Chinese one.
func TestImportPreviewScreenshots(t *testing.T) {
	dir := os.Getenv("KEYCARD_INTAKE_SHOTS")
	if dir == "" {
		t.Skip("set KEYCARD_INTAKE_SHOTS to a folder to write the preview's screenshots")
	}
	w, _ := emptyWindow(t)
	w.win.Resize(fyne.NewSize(1280, 800))
	bad := writeTemp(t, "customers.csv", "客户名称,负责人,级别,阶段,传真,Annual Revenue\n"+
		"上海华东机电有限公司,,platinum,growth,1,12000\n"+
		",王芳,key,mature,2,\n"+
		"Beta Logistics GmbH,Lena,key,mature,3,abc\n"+
		"beta logistics gmbh,Lena,key,mature,4,\n")
	for name, path := range map[string]string{"salesforce": salesforceAccounts, "problems": bad} {
		im := w.importFileFrom(intakeAccounts, path, "", "")
		w.wait()
		if im.preview == nil {
			t.Fatalf("no preview: %q", im.failed)
		}
		f, err := os.Create(filepath.Join(dir, "intake-"+name+"-"+uiLang+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, w.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
		f.Close()
		im.preview.Hide()
	}
}

func TestImportCalendarAddsVisitsOnceToTheAttendeesAccount(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	cs, err := s.Contacts(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	email := ""
	for _, c := range cs {
		if c.Email != "" && c.Active() {
			email = c.Email
			break
		}
	}
	if email == "" {
		t.Skip("the demo account has no contact with an e-mail address")
	}
	before, _ := s.Visits(r.ID)
	ics := writeTemp(t, "cal.ics", strings.Join([]string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
		"BEGIN:VEVENT", "UID:1@test", "DTSTAMP:20261101T090000Z", "DTSTART:20261110T090000Z", "SUMMARY:Quarterly review",
		"ORGANIZER:mailto:me@ours.example", "ATTENDEE:mailto:" + email, "END:VEVENT",
		"BEGIN:VEVENT", "UID:2@test", "DTSTAMP:20261101T090000Z", "DTSTART:20261111T090000Z", "SUMMARY:Dentist", "END:VEVENT",
		"END:VCALENDAR"}, "\r\n")+"\r\n")
	im := w.importFileFrom(intakeCalendar, ics, "", "")
	w.wait()
	if im.preview == nil || im.toAdd() != 1 || im.leftOut != 1 {
		t.Fatalf("preview %v: %d to add, %d left out (want 1 and 1); refused %q", im.preview != nil, im.toAdd(), im.leftOut, im.failed)
	}
	test.Tap(im.confirm)
	w.wait()
	after, _ := s.Visits(r.ID)
	if len(after) != len(before)+1 || im.done != lang.L("intake.done.visits", map[string]any{"N": 1}) {
		t.Fatalf("%d visits after, want %d; sentence %q", len(after), len(before)+1, im.done)
	}
	again := w.importFileFrom(intakeCalendar, ics, "", "")
	w.wait()
	if again.toAdd() != 0 || again.have != 1 {
		t.Errorf("the same calendar again: %d to add, %d known; want 0 and 1", again.toAdd(), again.have)
	}
}
