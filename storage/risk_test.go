package storage

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

func score(id accounts.ID, n int) accounts.RiskScore {
	return accounts.RiskScore{AccountID: id, Score: n, Level: accounts.RiskLevelOf(n)}
}

func TestRiskSnapshotsHistoryAndLatest(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	b := mkAccount(t, s, "Beta", "Li Wei")
	c := mkAccount(t, s, "Gamma", "Li Wei") // never scored
	d1, d2, d3 := accounts.NewDate(2026, 11, 10), accounts.NewDate(2026, 11, 16), accounts.NewDate(2026, 11, 23)

	if err := s.SaveRiskSnapshots(d1, []accounts.RiskScore{score(a.ID, 20), score(b.ID, 60)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRiskSnapshots(d2, []accounts.RiskScore{score(a.ID, 30)}); err != nil {
		t.Fatal(err)
	}
	// A second run on the same day replaces that day's snapshot.
	if err := s.SaveRiskSnapshots(d2, []accounts.RiskScore{score(a.ID, 55)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRiskSnapshots(d3, []accounts.RiskScore{score(a.ID, 80), score(b.ID, 10)}); err != nil {
		t.Fatal(err)
	}

	hist, err := s.RiskHistory(a.ID, accounts.Date{})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "history of Alpha", hist, []RiskPoint{
		{d1, 20, accounts.RiskLow, nil}, {d2, 55, accounts.RiskHigh, nil}, {d3, 80, accounts.RiskCritical, nil}})
	hist, err = s.RiskHistory(a.ID, d2)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "history of Alpha from the 16th", hist, []RiskPoint{{d2, 55, accounts.RiskHigh, nil}, {d3, 80, accounts.RiskCritical, nil}})
	if hist, err := s.RiskHistory(c.ID, accounts.Date{}); err != nil || len(hist) != 0 {
		t.Fatalf("an account never scored has history %v (%v)", hist, err)
	}

	for _, tc := range []struct {
		day  accounts.Date
		want map[accounts.ID]RiskPoint
	}{
		{d1.AddDays(-1), map[accounts.ID]RiskPoint{}},
		{d1, map[accounts.ID]RiskPoint{a.ID: {d1, 20, accounts.RiskLow, nil}, b.ID: {d1, 60, accounts.RiskHigh, nil}}},
		// A week ago from the 23rd: Beta's last score before then is the 10th.
		{d3.AddDays(-7), map[accounts.ID]RiskPoint{a.ID: {d2, 55, accounts.RiskHigh, nil}, b.ID: {d1, 60, accounts.RiskHigh, nil}}},
		{d3, map[accounts.ID]RiskPoint{a.ID: {d3, 80, accounts.RiskCritical, nil}, b.ID: {d3, 10, accounts.RiskLow, nil}}},
		{d3.AddDays(30), map[accounts.ID]RiskPoint{a.ID: {d3, 80, accounts.RiskCritical, nil}, b.ID: {d3, 10, accounts.RiskLow, nil}}},
	} {
		got, err := s.RiskOn(tc.day)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "risk on "+tc.day.String(), got, tc.want)
	}

	// Deleting an account deletes its snapshots; the others stay.
	if err := s.DeleteAccount(a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.RiskOn(d3)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "risk after deleting Alpha", got, map[accounts.ID]RiskPoint{b.ID: {d3, 10, accounts.RiskLow, nil}})
	// A score taken before the account was deleted is not saved for it.
	if err := s.SaveRiskSnapshots(d3.AddDays(1), []accounts.RiskScore{score(a.ID, 90), score(b.ID, 12)}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.RiskOn(d3.AddDays(1))
	if _, ok := got[a.ID]; ok || got[b.ID].Score != 12 {
		t.Fatalf("after saving a deleted account's score: %v", got)
	}
}

func TestBadRiskSnapshotsWriteNothing(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	day := accounts.NewDate(2026, 11, 23)
	for name, tc := range map[string]struct {
		day    accounts.Date
		scores []accounts.RiskScore
	}{
		"no day":         {accounts.Date{}, []accounts.RiskScore{score(a.ID, 10)}},
		"score above":    {day, []accounts.RiskScore{score(a.ID, 10), score(a.ID, 101)}},
		"negative score": {day, []accounts.RiskScore{score(a.ID, -1)}},
		"bad level":      {day, []accounts.RiskScore{{AccountID: a.ID, Score: 10, Level: "dire"}}},
		"no account id":  {day, []accounts.RiskScore{score(a.ID, 10), score("", 10)}},
	} {
		wantCode(t, s.SaveRiskSnapshots(tc.day, tc.scores), accounts.EINVALID)
		if hist, _ := s.RiskHistory(a.ID, accounts.Date{}); len(hist) != 0 {
			t.Fatalf("%s: wrote %v", name, hist)
		}
	}
	// A level left empty is worked out from the score.
	if err := s.SaveRiskSnapshots(day, []accounts.RiskScore{{AccountID: a.ID, Score: 51}}); err != nil {
		t.Fatal(err)
	}
	if hist, _ := s.RiskHistory(a.ID, accounts.Date{}); len(hist) != 1 || hist[0].Level != accounts.RiskHigh {
		t.Fatalf("history %v", hist)
	}
}

// The day's card scores ride with the risk snapshots, so that the list can
// show both at start before the day's scan; a call without them keeps the
// card unknown, and a card list of the wrong length writes nothing.
func TestRiskSnapshotsKeepTheCard(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	b := mkAccount(t, s, "Beta", "Li Wei")
	d1, d2 := accounts.NewDate(2026, 11, 23), accounts.NewDate(2026, 11, 24)
	if err := s.SaveRiskSnapshots(d1, []accounts.RiskScore{score(a.ID, 20), score(b.ID, 60)}, 75, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRiskSnapshots(d2, []accounts.RiskScore{score(a.ID, 30), score(b.ID, 60)}, 80); err == nil {
		t.Fatal("one card for two accounts was saved")
	}
	if err := s.SaveRiskSnapshots(d2, []accounts.RiskScore{score(b.ID, 61)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.RiskOn(d2)
	if err != nil {
		t.Fatal(err)
	}
	if p := got[a.ID]; p.Date != d1 || p.Score != 20 || p.Card == nil || *p.Card != 75 {
		t.Fatalf("Alpha on the 24th: %+v (the refused save must not have written)", p)
	}
	if p := got[b.ID]; p.Score != 61 || p.Card != nil {
		t.Fatalf("Beta saved without a card: %+v", p)
	}
	if h, _ := s.RiskHistory(b.ID, d1); len(h) != 2 || h[0].Card == nil || *h[0].Card != 0 {
		t.Fatalf("Beta's card of 0 on the 23rd: %+v", h)
	}
}

// riskFixture makes an account whose score has many reasons: a left
// economic buyer, negative visits, overdue follow-ups, a recorded sign.
func riskFixture(t *testing.T, s *Store, name string) accounts.ID {
	t.Helper()
	a := accounts.Account{Name: name, Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageMature, CadenceDays: 30,
		RenewalDate: accounts.NewDate(2027, 1, 10),
		Revenue: []accounts.RevenueEntry{{Period: "2026-Q2", Amount: accounts.Money{Minor: 1_000_000}},
			{Period: "2026-Q3", Amount: accounts.Money{Minor: 600_000}}}}
	if err := s.CreateAccount(&a); err != nil {
		t.Fatal(err)
	}
	boss := accounts.Contact{AccountID: a.ID, Name: "王总", Role: accounts.RoleEconomic, Influence: 5, Attitude: accounts.AttitudeChampion,
		PrivateRemarks: "divorced, \"sensitive\"", PersonalInterests: "golf"}
	if err := s.CreateContact(&boss); err != nil {
		t.Fatal(err)
	}
	boss.Status, boss.LeftOn = accounts.StatusLeft, accounts.NewDate(2026, 10, 1)
	if err := s.UpdateContact(&boss); err != nil {
		t.Fatal(err)
	}
	mkContact(t, s, a.ID, "Zhang Min", boss.ID)
	for i, o := range []accounts.Outcome{accounts.OutcomePositive, accounts.OutcomeNegative, "", accounts.OutcomeNegative} {
		at := time.Date(2026, 8, 1+10*i, 10, 0, 0, 0, time.UTC)
		v := accounts.Visit{AccountID: a.ID, At: at, Kind: accounts.KindOnSite, Outcome: o, ContactIDs: []accounts.ID{boss.ID},
			Situation: "they said \"no\" \\ again\n", Summary: "长文本 " + string(make([]byte, 0)),
			NextSteps: []accounts.NextStep{{Text: "send offer", Owner: "Li Wei", Due: accounts.DateOf(at).AddDays(7), Done: i == 0, DoneOn: accounts.DateOf(at).AddDays(3)}},
			Gifts:     []accounts.Gift{{Item: "tea {\"x\": [1]}", Value: accounts.Money{Minor: 100, Currency: "CNY"}}}}
		if err := s.CreateVisit(&v); err != nil {
			t.Fatal(err)
		}
	}
	w := accounts.Warning{AccountID: a.ID, Kind: accounts.WarnPricePressure, Observed: accounts.NewDate(2026, 11, 1),
		Severity: accounts.SeverityHigh, Status: accounts.WarningOpen, Evidence: "asked for 15 % off"}
	if err := s.CreateWarning(&w); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func TestRiskInputsScoreAsTheFullAccount(t *testing.T) {
	s, _ := newStore(t)
	ids := []accounts.ID{riskFixture(t, s, "Alpha"), riskFixture(t, s, "Beta"), mkAccount(t, s, "Empty", "Tom Baker").ID}
	days := []accounts.Date{accounts.NewDate(2026, 8, 15), accounts.NewDate(2026, 11, 23), accounts.NewDate(2027, 3, 1)}

	full := func(id accounts.ID) accounts.RiskInput {
		d, err := s.LoadAccount(id)
		if err != nil {
			t.Fatal(err)
		}
		return d.RiskInput()
	}
	seen := map[accounts.ID]bool{}
	err := s.EachRiskInput(func(in accounts.RiskInput) error {
		seen[in.Account.ID] = true
		want := full(in.Account.ID)
		for _, v := range in.Visits {
			if v.Situation != "" || v.Summary != "" || len(v.Gifts) != 0 {
				t.Fatalf("the risk input carries a visit's texts: %+v", v)
			}
		}
		for _, c := range in.Contacts {
			if c.PrivateRemarks != "" || c.PersonalInterests != "" {
				t.Fatalf("the risk input carries a contact's personal texts: %+v", c)
			}
		}
		for _, day := range days {
			same(t, "score of "+in.Account.Name+" on "+day.String(), accounts.ScoreRisk(in, day), accounts.ScoreRisk(want, day))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(ids) {
		t.Fatalf("EachRiskInput gave %d accounts, want %d", len(seen), len(ids))
	}
	got := accounts.ScoreRisk(full(ids[0]), days[1])
	if got.Score < 40 || len(got.Reasons) < 4 {
		t.Fatalf("the fixture should be risky with several reasons: %+v", got)
	}

	in, err := s.RiskInputFor(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	same(t, "RiskInputFor", accounts.ScoreRisk(in, days[1]), got)
	_, err = s.RiskInputFor("no-such-account")
	wantCode(t, err, accounts.ENOTFOUND)

	// An error from fn stops the walk and comes back as it is.
	stop := &accounts.Error{Code: accounts.EINVALID, Msg: accounts.Phrase{Key: "stop"}}
	calls := 0
	if err := s.EachRiskInput(func(accounts.RiskInput) error { calls++; return stop }); err != stop || calls != 1 {
		t.Fatalf("EachRiskInput returned %v after %d calls", err, calls)
	}
}

func TestRiskVisitDecoderAgreesWithEncodingJSON(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 890123456, time.UTC)
	for name, v := range map[string]accounts.Visit{
		"bare": {Meta: accounts.Meta{ID: "v1"}, AccountID: "a1", At: at, Kind: accounts.KindCall},
		"full": {Meta: accounts.Meta{ID: "v2", Version: 3, CreatedAt: at, UpdatedAt: at}, AccountID: "a1", At: at.In(time.FixedZone("CST", 8*3600)),
			Kind: accounts.KindMeal, ContactIDs: []accounts.ID{"c1", "c2"}, OurPeople: []string{"Li Wei", "王芳"},
			Objective: "目标", Situation: `quote " backslash \ end\\`, Problem: "tab\tnewline\n<html>&", Implication: "\u2028",
			Summary: "}]{[", Outcome: accounts.OutcomeNegative,
			NextSteps: []accounts.NextStep{{ID: "s1", Text: "a \"b\"", Owner: "Li Wei", Due: accounts.NewDate(2026, 3, 20)},
				{ID: "s2", Text: "x", Due: accounts.NewDate(2026, 3, 10), Done: true, DoneOn: accounts.NewDate(2026, 3, 9)}},
			Gifts: []accounts.Gift{{Item: "茶", Value: accounts.Money{Minor: -5, Currency: "CNY"}, ContactID: "c1"}}},
	} {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var fast, slow accounts.Visit
		r := jsonReader{b: raw, s: string(raw)}
		if !r.riskVisit(&fast) || !r.end() {
			t.Fatalf("%s: the fast decoder gave up on %s", name, raw)
		}
		if err := decodeRiskVisitJSON(raw, &slow); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fast, slow) || !fast.At.Equal(v.At) || fast.Outcome != v.Outcome || len(fast.NextSteps) != len(v.NextSteps) {
			t.Fatalf("%s:\n fast %+v\n json %+v", name, fast, slow)
		}
	}
	// What it cannot read goes to encoding/json, which reports the damage.
	var v accounts.Visit
	if err := decodeRiskVisit([]byte(`{"id":"v1","at":"yesterday"`), &v); err == nil {
		t.Fatal("a damaged visit decoded without an error")
	}
}

func TestRiskPointDecoderAgreesWithEncodingJSON(t *testing.T) {
	zero, card := 0, 87
	for _, raw := range []string{
		`{"date":"2026-11-30","score":42,"level":"high","card":87}`,
		`{"date":"2026-11-30","score":0,"level":"low","card":0}`,
		`{"date":"2026-11-30","score":-3,"level":"low"}`,
		`{"date":"2026-11-30","score":5,"level":"medium","card":null}`,
		` { "level" : "high" , "score" : 7 , "date" : "2026-01-02" } `,
		`{"date":"2026-11-30","score":1.5,"level":"low"}`, // not by hand: encoding/json refuses it too
	} {
		var slow RiskPoint
		slowErr := json.Unmarshal([]byte(raw), &slow)
		fast, err := decodeRiskPoint([]byte("k"), []byte(raw))
		if (err == nil) != (slowErr == nil) || !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: by hand %+v (%v), encoding/json %+v (%v)", raw, fast, err, slow, slowErr)
		}
	}
	for _, p := range []RiskPoint{{Date: accounts.NewDate(2026, 3, 4), Score: 9, Level: "high", Card: &card},
		{Date: accounts.NewDate(2026, 3, 4), Card: &zero}, {}} {
		raw, _ := json.Marshal(p)
		r := jsonReader{b: raw, s: string(raw)}
		var got RiskPoint
		if !r.riskPoint(&got) || !r.end() || !reflect.DeepEqual(got, p) {
			t.Errorf("%s read by hand as %+v", raw, got)
		}
	}
}

// Opening an account reads its visits with the hand reader: every field,
// as encoding/json would.
func TestVisitDecoderAgreesWithEncodingJSON(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 890123456, time.UTC)
	for name, v := range map[string]accounts.Visit{
		"bare": {Meta: accounts.Meta{ID: "v1"}, AccountID: "a1", At: at, Kind: accounts.KindCall},
		"full": {Meta: accounts.Meta{ID: "v2", Version: 3, CreatedAt: at, UpdatedAt: at.Add(time.Hour)}, AccountID: "a1",
			At: at.In(time.FixedZone("CST", 8*3600)), Kind: accounts.KindMeal, ContactIDs: []accounts.ID{"c1", "c2"},
			OurPeople: []string{"Li Wei", "王芳"}, Objective: "目标", Situation: `quote " backslash \ end\\`,
			Problem: "tab\tnewline\n<html>&", Implication: "\u2028", NeedPayoff: "需求", Summary: "}]{[",
			Outcome: accounts.OutcomeNegative,
			NextSteps: []accounts.NextStep{{ID: "s1", Text: "a \"b\"", Owner: "Li Wei", Due: accounts.NewDate(2026, 3, 20)},
				{ID: "s2", Text: "x", Due: accounts.NewDate(2026, 3, 10), Done: true, DoneOn: accounts.NewDate(2026, 3, 9)}},
			Gifts: []accounts.Gift{{Item: "茶", Value: accounts.Money{Minor: -5, Currency: "CNY"}, ContactID: "c1"}, {Item: "book"}}},
	} {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if name == "full" && strings.Count(string(raw), `":`) < len(jsonFields(reflect.TypeOf(v))) {
			t.Fatalf("the full sample leaves a field empty: %s", raw)
		}
		var fast, slow accounts.Visit
		r := jsonReader{b: raw, s: string(raw)}
		if !r.visit(&fast) || !r.end() {
			t.Fatalf("%s: the hand reader gave up on %s", name, raw)
		}
		if err := json.Unmarshal(raw, &slow); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fast, slow) || !fast.At.Equal(v.At) || fast.Summary != v.Summary {
			t.Fatalf("%s:\n hand %+v\n json %+v", name, fast, slow)
		}
	}
	var v accounts.Visit
	for _, bad := range []string{`{"id":"v1","at":"yesterday"}`, `{"id":"v1","mood":"good"}`, `{"id":"v1"`} {
		if err := decodeVisitRecord([]byte(bad), &v); err == nil {
			t.Errorf("%s decoded without an error", bad)
		}
	}
}

func TestRiskContactDecoderAgreesWithEncodingJSON(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 890123456, time.UTC)
	for name, c := range map[string]accounts.Contact{
		"bare": {Meta: accounts.Meta{ID: "c1"}, AccountID: "a1", Name: "Li Wei"},
		"full": {Meta: accounts.Meta{ID: "c2", Version: 3, CreatedAt: at, UpdatedAt: at}, AccountID: "a1", Placeholder: true,
			Name: `王 "芳"`, Title: "CFO\\财务", Department: "}]{[", ReportsTo: "c1", Phone: "+86 10", Email: "w@x.cn",
			MessagingID: "wx", Birthday: accounts.NewDate(1980, 2, 29), Role: accounts.RoleEconomic, Influence: 5,
			Attitude: accounts.AttitudeOpponent, Trust: accounts.TrustAdvocate, Style: accounts.StyleAnalytical,
			PersonalInterests: "tea\n", PersonalWins: "\u2028", PrivateRemarks: "<private>", Status: accounts.StatusLeft,
			LeftOn: accounts.NewDate(2026, 1, 2), LeftTo: "Acme", MovedTo: "c9", MovedFrom: "c8", PreviousRole: "CFO",
			Relationships: []accounts.Relationship{{Person: "me", Level: accounts.LevelCredible, Wanted: accounts.LevelAdvisor}}},
	} {
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if name == "full" && strings.Count(string(raw), `":`) < len(jsonFields(reflect.TypeOf(c))) {
			t.Fatalf("the full sample leaves a field empty: %s", raw)
		}
		var fast, slow accounts.Contact
		r := jsonReader{b: raw, s: string(raw)}
		if !r.riskContact(&fast) || !r.end() {
			t.Fatalf("%s: the fast decoder gave up on %s", name, raw)
		}
		if err := decodeRiskContactJSON(raw, &slow); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fast, slow) || fast.Name != c.Name || fast.Birthday != c.Birthday {
			t.Fatalf("%s:\n fast %+v\n json %+v", name, fast, slow)
		}
	}
	var c accounts.Contact
	if err := decodeRiskContact([]byte(`{"id":"c1","influence":"high"}`), &c); err == nil {
		t.Fatal("a damaged contact decoded without an error")
	}
	// A field a contact does not have is refused (strictly, in tests).
	if err := decodeRiskContact([]byte(`{"id":"c1","nickname":"x"}`), &c); err == nil {
		t.Fatal("a contact with an unknown field decoded without an error")
	}
}

// The walk decodes each chunk of accounts into memory it reuses once the
// caller has seen the chunk (riskArena): every input the caller sees must
// still be exactly that account's, with nothing of an earlier one, however
// many chunks pass through the same memory.
func TestRiskWalkReusesNothingItStillShows(t *testing.T) {
	s, _ := newStore(t)
	r := rand.New(rand.NewPCG(7, 7))
	var batch []accounts.AccountData
	n := riskChunk * 9 // each reader fills its arenas again and again
	for i := range n {
		batch = append(batch, genAccount(r, i+1, i%7, (i*5)%23))
	}
	if err := s.PutAccountData(batch); err != nil {
		t.Fatal(err)
	}
	seen := 0
	err := s.EachRiskInput(func(in accounts.RiskInput) error {
		seen++
		want, err := s.RiskInputFor(in.Account.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(in.Contacts, want.Contacts) || !reflect.DeepEqual(in.Visits, want.Visits) {
			for i := range min(len(in.Visits), len(want.Visits)) {
				if !reflect.DeepEqual(in.Visits[i], want.Visits[i]) {
					t.Logf("visit %d: %#v\nwant %#v", i, in.Visits[i], want.Visits[i])
					break
				}
			}
			t.Fatalf("%s: the walk gave %d contacts and %d visits unlike the account's own %d and %d",
				in.Account.Name, len(in.Contacts), len(in.Visits), len(want.Contacts), len(want.Visits))
		}
		return nil
	})
	if err != nil || seen != n {
		t.Fatalf("walked %d of %d accounts (%v)", seen, n, err)
	}
}
