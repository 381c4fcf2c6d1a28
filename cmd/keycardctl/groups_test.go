package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

const crmData = intakeData + "crm/"

// TestImportGroupsAndOpportunities imports the made-up CRM exports: a group
// of three levels from subsidiary_of (subsidiaries before their parent),
// revenue in millions of USD, the 8,800-row pipeline (rows without an
// account, or of an account Keycard lacks, listed and left out) twice,
// the sales team, and checks stats and list --json.
func TestImportGroupsAndOpportunities(t *testing.T) {
	db := tempDB(t)
	r := ctl(t, "--db", db, "import-csv", "accounts", crmData+"accounts_groups.csv", "--owner", "Anna Snelling", "--currency", "USD", "--unit", "million")
	if r.code != 0 || !strings.Contains(r.stdout, "Amounts are read in millions of USD") || !strings.Contains(r.stdout, "Added: 83 accounts") {
		t.Fatalf("accounts: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var rows []listRow
	if err := json.Unmarshal([]byte(ctl(t, "--db", db, "list", "--json").stdout), &rows); err != nil {
		t.Fatal(err)
	}
	byName, byID := map[string]listRow{}, map[accounts.ID]listRow{}
	for _, row := range rows {
		byName[row.Name], byID[row.ID] = row, row
	}
	plant := byName["Acme Shenzhen Plant"]
	if byID[plant.ParentID].Name != "Acme Asia" || byID[byID[plant.ParentID].ParentID].Name != "Acme Corporation" || byName["Acme Corporation"].ParentID != "" {
		t.Fatalf("group: plant under %q", byID[plant.ParentID].Name)
	}
	if rev := byName["Acme Asia"].Revenue; rev.Currency != "USD" || rev.Minor != 21398000000 {
		t.Errorf("revenue of Acme Asia %v, want USD 213.98 million", rev)
	}

	start := time.Now()
	r = ctl(t, "--db", db, "import-csv", "opportunities", crmData+"sales_pipeline.csv", "--currency", "USD")
	took := time.Since(start)
	if r.code != 0 || !strings.Contains(r.stdout, "Added: 7572 opportunities; 1228 left out") ||
		!strings.Contains(r.stdout, `there is no account "Unknown Holdings 7" in Keycard`) {
		t.Fatalf("opportunities: exit %d\n%.600s%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("8,800-row pipeline imported in %s", took)
	r = ctl(t, "--db", db, "import-csv", "opportunities", crmData+"sales_pipeline.csv", "--currency", "USD")
	if r.code != 0 || !strings.Contains(r.stdout, "Added: 0 opportunities; 7572 already in Keycard, skipped; 1228 left out") {
		t.Fatalf("second run: exit %d\n%.600s%s", r.code, r.stdout, r.stderr)
	}
	r = ctl(t, "--db", db, "stats", "--json")
	var st struct {
		Opportunities int `json:"opportunities"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.Opportunities != 7572 {
		t.Fatalf("stats: %v %s", err, r.stdout)
	}
	if r := ctl(t, "--db", db, "stats"); !strings.Contains(r.stdout, "Opportunities") {
		t.Errorf("stats table: %s", r.stdout)
	}

	r = ctl(t, "--db", db, "import-csv", "team", crmData+"sales_teams.csv")
	if r.code != 0 || !strings.Contains(r.stdout, "Added: 35 people") || !strings.Contains(r.stdout, "reports to") {
		t.Fatalf("team: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := ctl(t, "--db", db, "import-csv", "team", crmData+"sales_teams.csv"); !strings.Contains(r.stdout, "Added: 0 people; 35 already") {
		t.Fatalf("team twice: %s", r.stdout)
	}
}

// TestImportSalesforceGroup reads Salesforce's ParentId and AccountId.
func TestImportSalesforceGroup(t *testing.T) {
	db := tempDB(t)
	if r := ctl(t, "--db", db, "import-csv", "accounts", crmData+"sf_accounts.csv"); r.code != 0 {
		t.Fatalf("accounts: %s%s", r.stdout, r.stderr)
	}
	var rows []listRow
	if err := json.Unmarshal([]byte(ctl(t, "--db", db, "list", "--json").stdout), &rows); err != nil {
		t.Fatal(err)
	}
	byID := map[accounts.ID]string{}
	for _, row := range rows {
		byID[row.ID] = row.Name
	}
	for _, row := range rows {
		if row.Name == "华润三九医药" && byID[row.ParentID] != "华润医药" {
			t.Errorf("华润三九医药 under %q", byID[row.ParentID])
		}
	}
	r := ctl(t, "--db", db, "import-csv", "opportunities", crmData+"sf_opportunities.csv", "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "Would add (dry run, nothing written): 2392 opportunities; 8 left out") {
		t.Fatalf("dry run: %.500s%s", r.stdout, r.stderr)
	}
	if r := ctl(t, "--db", db, "stats", "--json"); !strings.Contains(r.stdout, `"opportunities": 0`) {
		t.Errorf("a dry run wrote: %s", r.stdout)
	}
}

func TestImportCSVOptionErrors(t *testing.T) {
	db := tempDB(t)
	r := ctl(t, "--db", db, "import-csv", "accounts", crmData+"accounts_groups.csv", "--owner", "A", "--unit", "billion")
	if r.code != 1 || !strings.Contains(r.stderr, "not a unit") {
		t.Errorf("bad unit: %d %s", r.code, r.stderr)
	}
	r = ctl(t, "--db", db, "import-csv", "opportunities", crmData+"sales_pipeline.csv", "--currency", "dollars")
	if r.code != 1 || !strings.Contains(r.stderr, "not a currency code") {
		t.Errorf("bad currency: %d %s", r.code, r.stderr)
	}
	r = ctl(t, "--db", db, "import-csv", "accounts", crmData+"accounts_groups.csv", "--owner", "A", "--parent-column", "Mother")
	if r.code != 1 || !strings.Contains(r.stderr, `no column "Mother"`) {
		t.Errorf("bad parent column: %d %s", r.code, r.stderr)
	}
}

// TestImportICSAccount puts events without known attendees on an account.
func TestImportICSAccount(t *testing.T) {
	db := tempDB(t)
	ctl(t, "--db", db, "import-csv", "accounts", writeTemp(t, "a.csv", "Name,Owner\nAcme,Ana\n"))
	ics := writeTemp(t, "cal.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t\r\nBEGIN:VEVENT\r\nUID:1@t\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\nDTEND:20260105T100000Z\r\nSUMMARY:Quarterly review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	r := ctl(t, "--db", db, "import-ics", ics)
	if !strings.Contains(r.stdout, "Added: 0 visits") {
		t.Fatalf("without --account: %s%s", r.stdout, r.stderr)
	}
	r = ctl(t, "--db", db, "import-ics", ics, "--account", "Acme")
	if r.code != 0 || !strings.Contains(r.stdout, "Added: 1 visit") || !strings.Contains(r.stdout, "Quarterly review") {
		t.Fatalf("with --account: %s%s", r.stdout, r.stderr)
	}
	if r := ctl(t, "--db", db, "import-ics", ics, "--account", "Acme"); !strings.Contains(r.stdout, "Added: 0 visits; 1 already") {
		t.Fatalf("twice: %s", r.stdout)
	}
	if r := ctl(t, "--db", db, "import-ics", ics, "--account", "Nobody"); r.code != 1 {
		t.Errorf("unknown account: %d %s", r.code, r.stderr)
	}
}
