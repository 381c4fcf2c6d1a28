package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keycard/storage"
)

const intakeData = "../../intake/testdata/"

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func listNames(t *testing.T, db string) []string {
	t.Helper()
	var rows []listRow
	r := ctl(t, "--db", db, "list", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("list --json: %v (%s)", err, r.stderr)
	}
	var names []string
	for _, row := range rows {
		names = append(names, row.Name)
	}
	return names
}

func TestImportCSVAccounts(t *testing.T) {
	db := tempDB(t)
	file := intakeData + "salesforce_accounts.csv"

	// A file without an account name column is refused before the
	// database is opened, so it creates none.
	ctl(t, "--db", db, "import-csv", "accounts", writeTemp(t, "junk.csv", "junk\n")).oneLine(t, 1, "account name")
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a refused accounts file created the database (%v)", err)
	}

	r := ctl(t, "--db", db, "import-csv", "accounts", file, "--owner", "Ana", "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "Would add (dry run, nothing written): 50 accounts") || !strings.Contains(r.stdout, "+ Zoonoodle 37") {
		t.Fatalf("dry run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a dry run created the database (%v)", err)
	}

	r = ctl(t, "--db", db, "import-csv", "accounts", file, "--owner", "Ana")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Added: 50 accounts") || !strings.Contains(r.stdout, "NumberOfEmployees") {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(listNames(t, db)); n != 50 {
		t.Fatalf("%d accounts in the database, want 50", n)
	}

	r = ctl(t, "--db", db, "import-csv", "accounts", file, "--owner", "Ana")
	if r.code != 0 || !strings.Contains(r.stdout, "Added: 0 accounts; 50 already in Keycard, skipped") {
		t.Fatalf("second import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(listNames(t, db)); n != 50 {
		t.Fatalf("importing twice left %d accounts, want 50", n)
	}
}

func TestImportCSVAccountsProblemsAndErrors(t *testing.T) {
	db := tempDB(t)
	bad := writeTemp(t, "bad.csv", "\ufeff客户名称;负责人;阶段;网址\n华东精密;王芳;成熟期;https://hd.example\n;王芳;成长期;\n北方能源;王芳;未知;ftp://x\n")
	r := ctl(t, "--db", db, "import-csv", "accounts", bad)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Added: 1 account; 2 left out", "+ 华东精密", "row 3: the account needs a name", `row 4: "未知" is not a lifecycle stage`, "row 4: the website is not a web address"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output does not say %q:\n%s", want, r.stdout)
		}
	}
	if names := listNames(t, db); len(names) != 1 || names[0] != "华东精密" {
		t.Errorf("database holds %q, want only 华东精密", names)
	}

	ctl(t, "--db", db, "import-csv", "accounts", writeTemp(t, "noowner.csv", "Name\nAcme\n")).oneLine(t, exitError, "no Owner")
	ctl(t, "--db", db, "import-csv", "accounts", filepath.Join(t.TempDir(), "missing.csv")).oneLine(t, exitError, "Cannot open")
	ctl(t, "--db", db, "import-csv", "deals", bad).oneLine(t, exitUsage, "say accounts, contacts, opportunities, team or rates")
}

func TestImportContactsVCardAndCalendar(t *testing.T) {
	db := tempDB(t)
	accts := writeTemp(t, "a.csv", "Name,Owner\nIBM,Ana\nAcme,Ana\n")
	if r := ctl(t, "--db", db, "import-csv", "accounts", accts); r.code != 0 {
		t.Fatalf("accounts: %s%s", r.stdout, r.stderr)
	}

	contacts := writeTemp(t, "c.csv", "First Name,Last Name,Company,Email,Title\nAda,Lovelace,acme,ada@acme.example,CTO\nBob,Stone,Nowhere Ltd,bob@x.example,\n")
	r := ctl(t, "--db", db, "import-csv", "contacts", contacts, "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "Would add (dry run, nothing written): 1 contact; 1 left out") ||
		!strings.Contains(r.stdout, `row 3: there is no account "Nowhere Ltd"`) {
		t.Fatalf("contacts dry run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = ctl(t, "--db", db, "import-csv", "contacts", contacts)
	if r.code != 0 || !strings.Contains(r.stdout, "Added: 1 contact") {
		t.Fatalf("contacts: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = ctl(t, "--db", db, "import-vcard", "IBM", intakeData+"john_doe_iphone.vcf")
	if r.code != 0 || !strings.Contains(r.stdout, "Added: 1 contact") || !strings.Contains(r.stdout, "PHOTO") {
		t.Fatalf("vcard: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := ctl(t, "--db", db, "import-vcard", "IBM", intakeData+"john_doe_iphone.vcf"); !strings.Contains(r.stdout, "1 already in Keycard") {
		t.Errorf("second vCard import:\n%s%s", r.stdout, r.stderr)
	}

	ics := writeTemp(t, "cal.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"+
		"BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Asia/Shanghai:20260310T093000\r\nSUMMARY:Quarterly review\r\nLOCATION:IBM Beijing\r\n"+
		"ATTENDEE:mailto:JOHN.DOE@ibm.com\r\nATTENDEE:mailto:ada@acme.example\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:2\r\nDTSTART:20260311T010000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"+
		"END:VCALENDAR\r\n")
	r = ctl(t, "--db", db, "import-ics", ics)
	if r.code != 0 || !strings.Contains(r.stdout, "Added: 1 visit; 1 left out") || !strings.Contains(r.stdout, `row 2: event "Dentist" on 2026-03-11 matches no account`) {
		t.Fatalf("ics: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := ctl(t, "--db", db, "import-ics", ics); !strings.Contains(r.stdout, "Added: 0 visits; 1 already in Keycard") {
		t.Errorf("second calendar import:\n%s", r.stdout)
	}

	s, err := storage.Open(db, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ibm, err := s.FindAccount("IBM")
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Contacts(ibm.ID)
	vs, _ := s.Visits(ibm.ID)
	if len(cs) != 1 || cs[0].Email != "john.doe@ibm.com" || cs[0].Department != "Accounting" {
		t.Fatalf("IBM contacts %+v", cs)
	}
	if len(vs) != 1 || vs[0].Objective != "Quarterly review" || vs[0].Kind != "onsite" || len(vs[0].ContactIDs) != 1 || vs[0].ContactIDs[0] != cs[0].ID ||
		vs[0].At.UTC().Format("2006-01-02 15:04") != "2026-03-10 01:30" {
		t.Fatalf("IBM visits %+v", vs)
	}
}
