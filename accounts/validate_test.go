package accounts

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// fieldsOf returns the field names an error reports, in order.
func fieldsOf(err error) []string {
	var out []string
	for _, f := range FieldErrors(err) {
		out = append(out, f.Field)
	}
	return out
}

// checkProblems asserts that err is an EINVALID error naming exactly the
// fields want (all at once), each with a message in both languages.
func checkProblems(t *testing.T, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("want valid, got %v", err)
		}
		return
	}
	if ErrorCode(err) != EINVALID {
		t.Fatalf("want an %s error for %v, got %v", EINVALID, want, err)
	}
	got := fieldsOf(err)
	if !slices.Equal(got, want) {
		t.Fatalf("fields %v, want %v (%v)", got, want, err)
	}
	for _, f := range FieldErrors(err) {
		if en(f.Msg) == "" || zh(f.Msg) == "" {
			t.Errorf("%s: message missing a language: %+v", f.Field, f.Msg)
		}
		if !strings.Contains(errText(err), en(f.Msg)) {
			t.Errorf("the sentence %q leaves out %q", errText(err), en(f.Msg))
		}
	}
}

var day0 = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

func goodAccount() Account {
	return Account{
		Meta: Meta{ID: NewID()}, Name: "华东精密制造", Owner: "Li Wei", Tier: TierKey, Stage: StageMature,
		Currency: "CNY", Website: "https://hdjm.com.cn", CadenceDays: 30,
		Potential: Amount(100000, ""), OverdueReceivables: Amount(0, "CNY"),
		Revenue: []RevenueEntry{
			{Period: "2025-Q4", Amount: Amount(1e5, "CNY"), WalletTotal: Amount(3e5, "CNY")},
			{Period: "2026-Q1", Amount: Amount(1e5, "CNY")}, // wallet unknown
			{Period: "2026", Amount: Amount(4e5, "CNY")},
			{Period: "2026-07", Amount: Amount(3e4, "CNY")},
		},
		Competitors:   []Competitor{{Name: "Siemens", Share: 0.3}, {Name: "ABB"}},
		RetentionRate: 0.9, DiscountRate: 0.1,
	}
}

func TestAccountValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(a *Account)
		want   []string
	}{
		{"valid", func(a *Account) {}, nil},
		{"website without scheme is fine", func(a *Account) { a.Website = "www.example.com" }, nil},
		{"empty name", func(a *Account) { a.Name = "  " }, []string{"name"}},
		{"name too long", func(a *Account) { a.Name = strings.Repeat("客", 201) }, []string{"name"}},
		{"name of 200 Chinese characters", func(a *Account) { a.Name = strings.Repeat("客", 200) }, nil},
		{"missing owner", func(a *Account) { a.Owner = "" }, []string{"owner"}},
		{"missing tier", func(a *Account) { a.Tier = "" }, []string{"tier"}},
		{"unknown tier", func(a *Account) { a.Tier = "gold" }, []string{"tier"}},
		{"unknown stage", func(a *Account) { a.Stage = "zombie" }, []string{"stage"}},
		{"ftp website", func(a *Account) { a.Website = "ftp://example.com" }, []string{"website"}},
		{"website with a space", func(a *Account) { a.Website = "https://exa mple.com" }, []string{"website"}},
		{"lower-case currency", func(a *Account) { a.Currency = "cny" }, []string{"currency"}},
		{"four-letter currency", func(a *Account) { a.Currency = "EURO" }, []string{"currency"}},
		{"negative potential", func(a *Account) { a.Potential.Minor = -1 }, []string{"potential"}},
		{"bad currency on money", func(a *Account) { a.Potential.Currency = "usd" }, []string{"potential"}},
		{"negative overdue receivables", func(a *Account) { a.OverdueReceivables.Minor = -100 }, []string{"overdue_receivables"}},
		{"negative cadence", func(a *Account) { a.CadenceDays = -1 }, []string{"cadence_days"}},
		{"cadence over ten years", func(a *Account) { a.CadenceDays = 3651 }, []string{"cadence_days"}},
		{"bad period", func(a *Account) { a.Revenue[0].Period = "2026-Q5" }, []string{"revenue[0].period"}},
		{"month 13", func(a *Account) { a.Revenue[3].Period = "2026-13" }, []string{"revenue[3].period"}},
		{"duplicate period", func(a *Account) { a.Revenue[1].Period = "2025-Q4" }, []string{"revenue[1].period"}},
		{"negative revenue", func(a *Account) { a.Revenue[1].Amount.Minor = -5 }, []string{"revenue[1].amount"}},
		{"negative wallet", func(a *Account) { a.Revenue[1].WalletTotal.Minor = -5 }, []string{"revenue[1].wallet_total"}},
		{"wallet below our revenue", func(a *Account) { a.Revenue[0].WalletTotal = Amount(5e4, "CNY") }, []string{"revenue[0].wallet_total"}},
		{"competitor without name", func(a *Account) { a.Competitors[1].Name = " " }, []string{"competitors[1].name"}},
		{"competitor share over 100 %", func(a *Account) { a.Competitors[0].Share = 1.5 }, []string{"competitors[0].share"}},
		{"negative competitor share", func(a *Account) { a.Competitors[0].Share = -0.1 }, []string{"competitors[0].share"}},
		{"retention of 100 %", func(a *Account) { a.RetentionRate = 1 }, []string{"retention_rate"}},
		{"negative discount rate", func(a *Account) { a.DiscountRate = -0.05 }, []string{"discount_rate"}},
		{"everything wrong at once", func(a *Account) {
			a.Name, a.Owner, a.Tier, a.Currency, a.Potential.Minor = "", "", "x", "yen", -1
		}, []string{"name", "owner", "tier", "currency", "potential"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := goodAccount()
			c.change(&a)
			checkProblems(t, a.Validate(), c.want)
		})
	}
}

func TestAccountErrorSentence(t *testing.T) {
	a := goodAccount()
	a.Name, a.Owner = "", ""
	msg := errText(a.Validate())
	if !strings.HasPrefix(msg, "The account was not saved: ") || !strings.Contains(msg, "needs a name") || !strings.Contains(msg, "owns the account") {
		t.Fatalf("sentence %q does not name both problems", msg)
	}
}

func goodContact() Contact {
	return Contact{
		Meta: Meta{ID: NewID()}, AccountID: NewID(), Name: "王静", Title: "采购经理", Influence: 3,
		Role: RoleEconomic, Attitude: AttitudeSupporter, Trust: TrustTrusted, Style: StyleDriver,
		Status: StatusActive, Email: "jing.wang@example.com",
		Relationships: []Relationship{{Person: "Li Wei", Level: LevelCredible, Wanted: LevelAdvisor}},
	}
}

func TestContactValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(c *Contact)
		want   []string
	}{
		{"valid", func(c *Contact) {}, nil},
		{"optional enums may be empty", func(c *Contact) { c.Role, c.Attitude, c.Trust, c.Style, c.Status = "", "", "", "", "" }, nil},
		{"placeholder seat with a role needs no name", func(c *Contact) { c.Name, c.Placeholder = "", true }, nil},
		{"placeholder seat with only a title", func(c *Contact) { c.Name, c.Placeholder, c.Role = "", true, "" }, nil},
		{"left with a date", func(c *Contact) { c.Status, c.LeftOn = StatusLeft, NewDate(2026, 1, 5) }, nil},
		{"missing account", func(c *Contact) { c.AccountID = "" }, []string{"account_id"}},
		{"missing name", func(c *Contact) { c.Name = " " }, []string{"name"}},
		{"placeholder without role or title", func(c *Contact) { c.Name, c.Placeholder, c.Role, c.Title = "", true, "", "" }, []string{"role"}},
		{"reports to themself", func(c *Contact) { c.ReportsTo = c.ID }, []string{"reports_to"}},
		{"influence 0", func(c *Contact) { c.Influence = 0 }, []string{"influence"}},
		{"influence 6", func(c *Contact) { c.Influence = 6 }, []string{"influence"}},
		{"unknown role", func(c *Contact) { c.Role = "boss" }, []string{"role"}},
		{"unknown attitude", func(c *Contact) { c.Attitude = "grumpy" }, []string{"attitude"}},
		{"unknown trust", func(c *Contact) { c.Trust = "blind" }, []string{"trust"}},
		{"unknown style", func(c *Contact) { c.Style = "loud" }, []string{"style"}},
		{"unknown status", func(c *Contact) { c.Status = "retired" }, []string{"status"}},
		{"bad email", func(c *Contact) { c.Email = "jing.wang at example" }, []string{"email"}},
		{"leaving date while active", func(c *Contact) { c.LeftOn = NewDate(2026, 1, 5) }, []string{"status"}},
		{"moved while active", func(c *Contact) { c.MovedTo = NewID() }, []string{"status"}},
		{"relationship without person", func(c *Contact) { c.Relationships[0].Person = "" }, []string{"relationships[0].person"}},
		{"relationship without level", func(c *Contact) { c.Relationships[0].Level = "" }, []string{"relationships[0].level"}},
		{"relationship wanted unknown", func(c *Contact) { c.Relationships[0].Wanted = "friend" }, []string{"relationships[0].wanted"}},
		{"everything wrong at once", func(c *Contact) {
			c.AccountID, c.Name, c.Influence, c.Attitude, c.Email = "", "", 9, "x", "@"
		}, []string{"account_id", "name", "influence", "attitude", "email"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := goodContact()
			c.change(&k)
			checkProblems(t, k.Validate(), c.want)
		})
	}
}

func TestValidateReporting(t *testing.T) {
	ids := []ID{NewID(), NewID(), NewID(), NewID()}
	people := func(reportsTo ...ID) []Contact {
		cs := make([]Contact, len(reportsTo))
		for i := range cs {
			cs[i] = Contact{Meta: Meta{ID: ids[i]}, Name: []string{"CEO", "CFO", "Buyer", "Clerk"}[i], ReportsTo: reportsTo[i]}
		}
		return cs
	}
	cases := []struct {
		name string
		cs   []Contact
		want string // part of the message; "" means valid
	}{
		{"tree", people("", ids[0], ids[1], ids[1]), ""},
		{"no contacts", nil, ""},
		{"self", people("", ids[1]), "themself"},
		{"outside the account", people("", NewID()), "not a contact of this account"},
		{"two-person cycle", people(ids[1], ids[0]), "circle"},
		{"three-person cycle", people(ids[2], ids[0], ids[1]), "circle"},
		{"cycle below a head", people("", ids[2], ids[3], ids[1]), "circle"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateReporting(c.cs)
			if c.want == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			checkProblems(t, err, []string{"reports_to"})
			if !strings.Contains(errText(err), c.want) {
				t.Fatalf("%q does not say %q", err, c.want)
			}
		})
	}
}

func TestInfluenceLinkValidate(t *testing.T) {
	a, b := NewID(), NewID()
	good := InfluenceLink{AccountID: NewID(), From: a, To: b, Strength: 2}
	cases := []struct {
		name   string
		change func(l *InfluenceLink)
		want   []string
	}{
		{"valid", func(l *InfluenceLink) {}, nil},
		{"missing account", func(l *InfluenceLink) { l.AccountID = "" }, []string{"account_id"}},
		{"missing end", func(l *InfluenceLink) { l.To = "" }, []string{"to"}},
		{"influences themself", func(l *InfluenceLink) { l.To = a }, []string{"to"}},
		{"strength 0", func(l *InfluenceLink) { l.Strength = 0 }, []string{"strength"}},
		{"strength 4", func(l *InfluenceLink) { l.Strength = 4 }, []string{"strength"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := good
			c.change(&l)
			checkProblems(t, l.Validate(), c.want)
		})
	}
}

func goodVisit() Visit {
	return Visit{
		AccountID: NewID(), At: day0, Kind: KindOnSite, Outcome: OutcomePositive,
		NextSteps: []NextStep{
			{Text: "Send the quotation", Due: DateOf(day0)}, // due the same day is fine
			{Text: "Site assessment", Due: DateOf(day0).AddDays(7)},
			{Text: "No date yet"},
		},
		Gifts: []Gift{{Item: "龙井茶礼盒", Value: Amount(680, "CNY")}},
	}
}

func TestVisitValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(v *Visit)
		want   []string
	}{
		{"valid", func(v *Visit) {}, nil},
		{"no outcome yet", func(v *Visit) { v.Outcome = "" }, nil},
		{"missing account", func(v *Visit) { v.AccountID = "" }, []string{"account_id"}},
		{"no time", func(v *Visit) { v.At = time.Time{} }, []string{"at"}},
		{"missing kind", func(v *Visit) { v.Kind = "" }, []string{"kind"}},
		{"unknown kind", func(v *Visit) { v.Kind = "telepathy" }, []string{"kind"}},
		{"unknown outcome", func(v *Visit) { v.Outcome = "great" }, []string{"outcome"}},
		{"next step without text", func(v *Visit) { v.NextSteps[1].Text = "  " }, []string{"next_steps[1].text"}},
		{"due before the visit", func(v *Visit) { v.NextSteps[2].Due = DateOf(day0).AddDays(-1) }, []string{"next_steps[2].due"}},
		{"gift without item", func(v *Visit) { v.Gifts[0].Item = "" }, []string{"gifts[0].item"}},
		{"negative gift", func(v *Visit) { v.Gifts[0].Value.Minor = -1 }, []string{"gifts[0].value"}},
		{"everything wrong at once", func(v *Visit) {
			v.Kind, v.NextSteps[0].Text, v.NextSteps[1].Due, v.Gifts[0].Item = "", "", NewDate(2020, 1, 1), ""
		}, []string{"kind", "next_steps[0].text", "next_steps[1].due", "gifts[0].item"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := goodVisit()
			c.change(&v)
			checkProblems(t, v.Validate(), c.want)
		})
	}
}

func TestWarningValidate(t *testing.T) {
	good := Warning{AccountID: NewID(), Kind: WarnLatePayment, Observed: NewDate(2026, 2, 1), Severity: SeverityHigh, Status: WarningOpen}
	cases := []struct {
		name   string
		change func(w *Warning)
		want   []string
	}{
		{"valid", func(w *Warning) {}, nil},
		{"resolved with a date", func(w *Warning) { w.Status, w.ResolvedOn = WarningResolved, NewDate(2026, 2, 1) }, nil},
		{"missing account", func(w *Warning) { w.AccountID = "" }, []string{"account_id"}},
		{"unknown kind", func(w *Warning) { w.Kind = "bad_vibes" }, []string{"kind"}},
		{"missing severity", func(w *Warning) { w.Severity = "" }, []string{"severity"}},
		{"missing status", func(w *Warning) { w.Status = "" }, []string{"status"}},
		{"not observed", func(w *Warning) { w.Observed = Date{} }, []string{"observed"}},
		{"resolved without date", func(w *Warning) { w.Status = WarningResolved }, []string{"resolved_on"}},
		{"resolved before observed", func(w *Warning) { w.Status, w.ResolvedOn = WarningResolved, NewDate(2026, 1, 31) }, []string{"resolved_on"}},
		{"open with a resolution date", func(w *Warning) { w.ResolvedOn = NewDate(2026, 3, 1) }, []string{"resolved_on"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := good
			c.change(&w)
			checkProblems(t, w.Validate(), c.want)
		})
	}
}

func goodPlan() Plan {
	obj := NewID()
	return Plan{
		AccountID:     NewID(),
		Objectives:    []Objective{{ID: obj, Text: "Grow share of wallet", Status: ProgressPlanned}},
		Strategies:    []Strategy{{ID: NewID(), Text: "Pilot first"}},
		Actions:       []Action{{ID: NewID(), Text: "Run the pilot", Status: ProgressInProgress, ObjectiveID: obj}, {ID: NewID(), Text: "Standalone", Status: ProgressDone}},
		Opportunities: []Opportunity{{ID: NewID(), Product: "Analytics", Value: Amount(5e4, ""), Stage: StageWhiteSpace}},
	}
}

func TestPlanValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(p *Plan)
		want   []string
	}{
		{"valid", func(p *Plan) {}, nil},
		{"missing account", func(p *Plan) { p.AccountID = "" }, []string{"account_id"}},
		{"objective without text", func(p *Plan) { p.Objectives[0].Text = "" }, []string{"objectives[0].text"}},
		{"objective without status", func(p *Plan) { p.Objectives[0].Status = "" }, []string{"objectives[0].status"}},
		{"strategy without text", func(p *Plan) { p.Strategies[0].Text = " " }, []string{"strategies[0].text"}},
		{"action without text", func(p *Plan) { p.Actions[1].Text = "" }, []string{"actions[1].text"}},
		{"action with unknown status", func(p *Plan) { p.Actions[0].Status = "someday" }, []string{"actions[0].status"}},
		{"action for an unknown objective", func(p *Plan) { p.Actions[0].ObjectiveID = NewID() }, []string{"actions[0].objective_id"}},
		{"opportunity without product", func(p *Plan) { p.Opportunities[0].Product = "" }, []string{"opportunities[0].product"}},
		{"negative opportunity", func(p *Plan) { p.Opportunities[0].Value.Minor = -1 }, []string{"opportunities[0].value"}},
		{"opportunity without stage", func(p *Plan) { p.Opportunities[0].Stage = "" }, []string{"opportunities[0].stage"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := goodPlan()
			c.change(&p)
			checkProblems(t, p.Validate(), c.want)
		})
	}
}

func TestPlanNormalizeMakesItValid(t *testing.T) {
	p := Plan{AccountID: NewID(), Objectives: []Objective{{Text: " Renew "}}, Actions: []Action{{Text: "Call"}}, Opportunities: []Opportunity{{Product: "X"}}}
	p.Normalize()
	if err := p.Validate(); err != nil {
		t.Fatalf("a normalized plan with defaults does not validate: %v", err)
	}
	if p.Objectives[0].Text != "Renew" || p.Objectives[0].ID == "" || p.Opportunities[0].Stage != StageWhiteSpace {
		t.Fatalf("normalize left %+v", p)
	}
}

func TestHandoverValidate(t *testing.T) {
	a, b := NewID(), NewID()
	good := Handover{From: "Tom Becker", Status: HandoverDone, Date: NewDate(2026, 3, 1),
		Accounts: []HandoverAccount{{AccountID: a, To: "Anna Schmidt"}, {AccountID: b, To: "Jonas Weber"}}}
	cases := []struct {
		name   string
		change func(h *Handover)
		want   []string
	}{
		{"valid", func(h *Handover) {}, nil},
		{"draft without successor", func(h *Handover) { h.Status, h.Accounts[1].To = HandoverDraft, "" }, nil},
		{"missing from", func(h *Handover) { h.From = "" }, []string{"from"}},
		{"unknown status", func(h *Handover) { h.Status = "half" }, []string{"status"}},
		{"no accounts", func(h *Handover) { h.Accounts = nil }, []string{"accounts"}},
		{"missing account id", func(h *Handover) { h.Accounts[0].AccountID = "" }, []string{"accounts[0].account_id"}},
		{"account twice", func(h *Handover) { h.Accounts[1].AccountID = a }, []string{"accounts[1].account_id"}},
		{"done without successor", func(h *Handover) { h.Accounts[1].To = " " }, []string{"accounts[1].to"}},
		{"handed to themself", func(h *Handover) { h.Accounts[0].To = "tom becker" }, []string{"accounts[0].to"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := good
			h.Accounts = append([]HandoverAccount(nil), good.Accounts...)
			c.change(&h)
			checkProblems(t, h.Validate(), c.want)
		})
	}
}

func TestNormalizeThenValidate(t *testing.T) {
	a := goodAccount()
	a.Name, a.Currency, a.Tags = "  Nordlicht  ", " eur ", []string{" x ", "", "x"}
	a.Normalize()
	if err := a.Validate(); err != nil || a.Name != "Nordlicht" || a.Currency != "EUR" || !slices.Equal(a.Tags, []string{"x"}) {
		t.Fatalf("normalize: %q %q %v, %v", a.Name, a.Currency, a.Tags, err)
	}
	c := goodContact()
	c.Status, c.Trust = "", ""
	c.Normalize()
	if c.Status != StatusActive || c.Trust != TrustUnknown {
		t.Fatalf("normalize left status %q trust %q", c.Status, c.Trust)
	}
	v := goodVisit()
	v.NextSteps[0].DoneOn = NewDate(2026, 3, 11) // not done: the date is dropped
	v.Normalize()
	if v.NextSteps[0].ID == "" || !v.NextSteps[0].DoneOn.IsZero() {
		t.Fatalf("normalize left step %+v", v.NextSteps[0])
	}
}
