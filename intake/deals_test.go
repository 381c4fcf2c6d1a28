package intake

import (
	"os"
	"strings"
	"testing"

	"keycard/accounts"
	"keycard/locale"
)

func readCRM(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/crm/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestDealStages maps the stage names of common CRMs onto Keycard's.
func TestDealStages(t *testing.T) {
	cases := map[string]accounts.OpportunityStage{
		"Won": accounts.StageWon, "Lost": accounts.StageLost, "Engaging": accounts.StageQualified, "Prospecting": accounts.StageWhiteSpace,
		"Qualification": accounts.StageQualified, "Needs Analysis": accounts.StageQualified, "Value Proposition": accounts.StageQualified,
		"Id. Decision Makers": accounts.StageQualified, "Perception Analysis": accounts.StageQualified,
		"Proposal/Price Quote": accounts.StageProposal, "Negotiation/Review": accounts.StageNegotiation,
		"Closed Won": accounts.StageWon, "Closed Lost": accounts.StageLost, "赢单": accounts.StageWon, "商务谈判": accounts.StageNegotiation,
		"negotiation": accounts.StageNegotiation, "  closed won ": accounts.StageWon,
	}
	for in, want := range cases {
		if got, ok := DealStage(in); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := DealStage("Stage Nobody Knows"); ok {
		t.Error("an unknown stage was mapped")
	}
}

// known matches the accounts of the made-up pipeline sheet.
func known(names ...string) func(string) (accounts.ID, bool) {
	set := map[string]bool{}
	for _, n := range names {
		set[strings.ToLower(n)] = true
	}
	return func(ref string) (accounts.ID, bool) {
		k := strings.ToLower(strings.TrimSpace(ref))
		return accounts.ID("id:" + k), set[k]
	}
}

// TestReadSalesPipeline reads the 8,800-row pipeline sheet: rows without
// an account, or of an account Keycard lacks, are listed, not imported.
func TestReadSalesPipeline(t *testing.T) {
	accts := readAccountNames(t)
	res, err := ReadDealsCSV(readCRM(t, "sales_pipeline.csv"), CSVOptions{Account: known(accts...), Money: Money{Currency: "USD"}})
	if err != nil {
		t.Fatal(err)
	}
	noAccount, unknown := 0, 0
	for _, p := range res.Problems {
		switch p.Msg.Key {
		case "intake.deals.no_account":
			noAccount++
		case "intake.csv.no_such_account":
			unknown++
		default:
			t.Errorf("unexpected problem %v", p)
		}
	}
	if len(res.Records)+noAccount+unknown != 8800 || unknown != 36 || noAccount < 500 {
		t.Fatalf("%d records, %d without account, %d unknown", len(res.Records), noAccount, unknown)
	}
	won := 0
	for _, d := range res.Records {
		if d.ExternalID == "" || d.Owner == "" || d.Value.Currency != "USD" {
			t.Fatalf("deal %+v", d)
		}
		if d.Stage == accounts.StageWon {
			won++
			if len(d.StageHistory) != 2 || d.StageHistory[1].Stage != accounts.StageWon || d.ExpectedClose.IsZero() || d.Value.Minor == 0 {
				t.Fatalf("won deal %+v", d)
			}
		}
	}
	if won < 3000 {
		t.Errorf("%d won", won)
	}
}

func readAccountNames(t *testing.T) []string {
	res, err := ReadAccountsCSV(readCRM(t, "accounts_groups.csv"), CSVOptions{Owner: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range res.Records {
		out = append(out, a.Name)
	}
	return out
}

// TestReadSalesforceOpportunities matches AccountId against the CRM ids of
// the accounts and reads US dates and Salesforce's stage names.
func TestReadSalesforceOpportunities(t *testing.T) {
	accts, err := ReadAccountsCSV(readCRM(t, "sf_accounts.csv"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]AccountKey, len(accts.Records))
	for i, a := range accts.Records {
		keys[i] = AccountKey{ID: accounts.ID("k" + a.ExternalID), Name: a.Name, ExternalID: a.ExternalID}
	}
	res, err := ReadDealsCSV(readCRM(t, "sf_opportunities.csv"), CSVOptions{Account: MatchAccountKeys(keys)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 2392 || res.Skipped() != 8 {
		t.Fatalf("%d records, %d skipped: %v", len(res.Records), res.Skipped(), res.Problems[:min(3, len(res.Problems))])
	}
	for _, p := range res.Problems {
		if p.Msg.Key != "intake.csv.no_such_account" {
			t.Errorf("unexpected problem %v", p)
		}
	}
	d := res.Records[0]
	if d.Name == "" || d.Product != d.Name || d.ExpectedClose.IsZero() || !strings.HasPrefix(string(d.AccountID), "k001") {
		t.Errorf("first deal %+v", d)
	}
}

// TestReadDealsChineseGB18030 reads Chinese headers in GB18030 with 万 amounts.
func TestReadDealsChineseGB18030(t *testing.T) {
	res, err := ReadDealsCSV(readCRM(t, "opportunities_gb18030.csv"), CSVOptions{Account: known("华润集团", "华润医药", "华润三九医药", "华润啤酒")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 300 || len(res.Problems) != 0 {
		t.Fatalf("%d records, problems %v", len(res.Records), res.Problems)
	}
	for _, d := range res.Records {
		if d.Owner == "" || d.ExpectedClose.IsZero() || d.Value.Currency != "CNY" || !strings.HasPrefix(d.ExternalID, "CN") {
			t.Fatalf("deal %+v", d)
		}
	}
}

// TestReadDealsHostile: BOM, quotes, a huge field, formula text and broken
// rows give sentences, never a crash; what is read validates.
func TestReadDealsHostile(t *testing.T) {
	res, err := ReadDealsCSV(readCRM(t, "opportunities_hostile.csv"), CSVOptions{Account: known("Acme Corporation")})
	if err != nil {
		t.Fatal(locale.Error("en", err))
	}
	for _, d := range res.Records {
		p := accounts.Plan{AccountID: d.AccountID, Opportunities: []accounts.Opportunity{d.Opportunity}}
		if err := p.Validate(); err != nil {
			t.Errorf("invalid deal returned: %v", err)
		}
	}
	if len(res.Records) == 0 || res.Skipped() < 2 {
		t.Errorf("%d records, %d skipped", len(res.Records), res.Skipped())
	}
	formula := false
	for _, d := range res.Records {
		if strings.HasPrefix(d.Name, "=HYPERLINK") {
			formula = true // kept as text: Keycard never evaluates it
		}
	}
	if !formula {
		t.Error("formula text lost")
	}
	for _, p := range res.Problems {
		if strings.Contains(locale.Say("en", p.Line()), "{{") {
			t.Errorf("untranslated %v", p)
		}
	}
}

func TestReadDealsMoneyUnit(t *testing.T) {
	in := "account,product,amount,currency\nAcme,GTX,1.2345,\nAcme,GTX,2,EUR\n"
	res, err := ReadDealsCSV(strings.NewReader(in), CSVOptions{Account: known("Acme"), Money: Money{Currency: "USD", Unit: UnitMillion}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records[0].Value != (accounts.Money{Minor: 123450000, Currency: "USD"}) || res.Records[1].Value != (accounts.Money{Minor: 200000000, Currency: "EUR"}) {
		t.Errorf("values %v %v", res.Records[0].Value, res.Records[1].Value)
	}
	if _, err := ParseUnit("billion"); err == nil {
		t.Error("an unknown unit was taken")
	}
	if err := (Money{Currency: "dollars"}).Check(); err == nil {
		t.Error("a bad currency was taken")
	}
}

func TestReadTeam(t *testing.T) {
	res, err := ReadTeamCSV(readCRM(t, "sales_teams.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 35 || len(res.Problems) != 0 {
		t.Fatalf("%d people, %v", len(res.Records), res.Problems)
	}
	if p := res.Records[0]; p.Manager == "" || p.Region == "" {
		t.Errorf("first %+v", p)
	}
	res, err = ReadTeamCSV(strings.NewReader("姓名,经理,大区\n王芳,李伟,华东\n王芳,张敏,华南\n李伟,李伟,华东\n"))
	if err != nil || len(res.Records) != 1 || res.Skipped() != 2 {
		t.Fatalf("%v %v", res, err)
	}
}

// TestReadAccountsParentColumn reads subsidiary_of and ParentId, and a
// column the person names.
func TestReadAccountsParentColumn(t *testing.T) {
	res, err := ReadAccountsCSV(readCRM(t, "accounts_groups.csv"), CSVOptions{Owner: "Ana", Now: now, Money: Money{Currency: "USD", Unit: UnitMillion}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Refs[0] != "Acme Asia" || res.Records[0].Currency != "USD" {
		t.Fatalf("first %+v ref %q", res.Records[0], res.Refs[0])
	}
	if r := res.Records[1].Revenue[0].Amount; r.Currency != "USD" || r.Minor != 21398000000 {
		t.Errorf("revenue of Acme Asia %v", r)
	}
	sf, err := ReadAccountsCSV(readCRM(t, "sf_accounts.csv"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	withParent := 0
	for i, a := range sf.Records {
		if a.ExternalID == "" {
			t.Errorf("no CRM id: %+v", a)
		}
		if sf.Refs[i] != "" {
			withParent++
		}
	}
	if withParent != 5 {
		t.Errorf("%d with a parent", withParent)
	}
	own := "Name,Owner,Belongs To\nSub,Ana,Head\nHead,Ana,\n"
	res, err = ReadAccountsCSV(strings.NewReader(own), CSVOptions{ParentColumn: "belongs_to"})
	if err != nil || res.Refs[0] != "Head" {
		t.Fatalf("own column: %v %v", res.Refs, err)
	}
	if _, err := ReadAccountsCSV(strings.NewReader(own), CSVOptions{ParentColumn: "Mother"}); err == nil {
		t.Error("a missing parent column was not said")
	}
}

// TestResolveParents places a group of three levels named in any row
// order, against stored accounts too, and breaks a loop the file makes.
func TestResolveParents(t *testing.T) {
	recs := []accounts.Account{{Name: "Plant"}, {Name: "Sub"}, {Name: "Head"}, {Name: "Loop A"}, {Name: "Loop B"}, {Name: "Orphan"}, {Name: "Branch"}}
	for i := range recs {
		recs[i].ID = accounts.NewID()
	}
	refs := []string{"Sub", "head", "", "Loop B", "Loop A", "Nowhere Ltd", "SF-001"}
	stored := []AccountKey{{ID: "stored", Name: "Stored Group", ExternalID: "SF-001"}}
	probs := ResolveParents(recs, refs, []int{2, 3, 4, 5, 6, 7, 8}, stored)
	if recs[0].ParentID != recs[1].ID || recs[1].ParentID != recs[2].ID || recs[2].ParentID != "" || recs[6].ParentID != "stored" {
		t.Errorf("tree %+v", recs)
	}
	if (recs[3].ParentID == "") == (recs[4].ParentID == "") {
		t.Errorf("the loop must lose exactly one link: %q %q", recs[3].ParentID, recs[4].ParentID)
	}
	keys := map[string]int{}
	for _, p := range probs {
		keys[p.Msg.Key]++
		if !p.Kept {
			t.Errorf("an account left out for its parent: %v", p)
		}
	}
	if keys["intake.group.no_parent"] != 1 || keys["intake.group.loop"] != 1 {
		t.Errorf("problems %v", probs)
	}
	g := accounts.NewGroups([]accounts.Membership{{ID: recs[0].ID, ParentID: recs[0].ParentID}, {ID: recs[1].ID, ParentID: recs[1].ParentID}, {ID: recs[2].ID}})
	if g.Depth(recs[0].ID) != 2 {
		t.Error("three levels expected")
	}
}
