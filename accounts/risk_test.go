package accounts

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

var riskToday = NewDate(2026, 11, 23)

// at returns noon of the day n days before riskToday.
func daysAgo(n int) time.Time {
	return riskToday.AddDays(-n).Time().Add(12 * time.Hour)
}

func visitAgo(n int, outcome Outcome, contacts ...ID) Visit {
	return Visit{Meta: Meta{ID: ID(fmt.Sprintf("v%05d", n))}, At: daysAgo(n), Kind: KindOnSite, Outcome: outcome, ContactIDs: contacts}
}

// quietInput is an account on which no derived signal fires.
func quietInput() RiskInput {
	return RiskInput{Account: &Account{Meta: Meta{ID: "acc-1", CreatedAt: daysAgo(400)}, Name: "Quiet Ltd"}}
}

func reasonFor(rs RiskScore, code string) (Reason, bool) {
	for _, r := range rs.Reasons {
		if r.Code == code {
			return r, true
		}
	}
	return Reason{}, false
}

func TestQuietAccountScoresZero(t *testing.T) {
	rs := ScoreRisk(quietInput(), riskToday)
	if rs.Score != 0 || len(rs.Reasons) != 0 || rs.Level != RiskLow {
		t.Fatalf("quiet account: got %+v", rs)
	}
	if rs.AccountID != "acc-1" {
		t.Errorf("AccountID = %q", rs.AccountID)
	}
}

type signalCase struct {
	name  string
	setup func(in *RiskInput)
	fires bool
	// points and a fragment of the English text, checked when it fires.
	points int
	text   string
}

func runSignalCases(t *testing.T, code string, cases []signalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := quietInput()
			tc.setup(&in)
			rs := ScoreRisk(in, riskToday)
			r, ok := reasonFor(rs, code)
			if ok != tc.fires {
				t.Fatalf("%s fired = %v, want %v; reasons %+v", code, ok, tc.fires, rs.Reasons)
			}
			if !ok {
				return
			}
			if tc.points != 0 && r.Points != tc.points {
				t.Errorf("points = %d, want %d (%s)", r.Points, tc.points, en(r.Text))
			}
			if !strings.Contains(en(r.Text), tc.text) {
				t.Errorf("text %q does not contain %q", en(r.Text), tc.text)
			}
			if zh(r.Text) == "" || zh(r.Text) == en(r.Text) {
				t.Errorf("no Chinese text: %q", zh(r.Text))
			}
			if r.Recorded {
				t.Errorf("derived signal marked as recorded")
			}
		})
	}
}

func TestSignalNoVisitInCadence(t *testing.T) {
	cad := func(days, lastVisit int) func(*RiskInput) {
		return func(in *RiskInput) {
			in.Account.CadenceDays = days
			if lastVisit >= 0 {
				in.Visits = []Visit{visitAgo(lastVisit, ""), visitAgo(lastVisit+50, "")}
			}
		}
	}
	runSignalCases(t, SignalNoVisitInCadence, []signalCase{
		{"30 days with cadence 30", cad(30, 30), false, 0, ""},
		{"31 days with cadence 30", cad(30, 31), true, 5, "no visit for 31 days"},
		{"74 days with cadence 30", cad(30, 74), true, 19, "no visit for 74 days (last 2026-09-10), cadence 30 days"},
		{"far over is capped at 25", cad(30, 300), true, 25, "300 days"},
		{"no cadence set", cad(0, 300), false, 0, ""},
		{"a visit after today does not count", func(in *RiskInput) {
			in.Account.CadenceDays = 30
			in.Visits = []Visit{visitAgo(-3, ""), visitAgo(40, "")}
		}, true, 0, "40 days"},
		{"never visited, account older than the cadence", func(in *RiskInput) {
			in.Account.CadenceDays = 30
			in.Account.CreatedAt = daysAgo(31)
		}, true, 0, "since the account was created"},
		{"never visited, account younger than the cadence", func(in *RiskInput) {
			in.Account.CadenceDays = 30
			in.Account.CreatedAt = daysAgo(30)
		}, false, 0, ""},
	})
}

func TestSignalKeyPersonLeft(t *testing.T) {
	left := func(role BuyingRole, att Attitude, ago int) func(*RiskInput) {
		return func(in *RiskInput) {
			in.Contacts = []Contact{{Meta: Meta{ID: "c1"}, Name: "Zhang Wei", Role: role, Attitude: att, Influence: 5,
				Status: StatusLeft, LeftOn: riskToday.AddDays(-ago)}}
		}
	}
	runSignalCases(t, SignalKeyPersonLeft, []signalCase{
		{"economic buyer left 180 days ago", left(RoleEconomic, AttitudeNeutral, KeyPersonLeftDays), true, 15, "Zhang Wei on 2026-05-27"},
		{"economic buyer left 181 days ago", left(RoleEconomic, AttitudeNeutral, KeyPersonLeftDays+1), false, 0, ""},
		{"champion left", left(RoleUser, AttitudeChampion, 10), true, 15, "Zhang Wei"},
		{"coach left", left(RoleCoach, AttitudeSupporter, 10), true, 15, "Zhang Wei"},
		{"a neutral user buyer left", left(RoleUser, AttitudeNeutral, 10), false, 0, ""},
		{"two key people left", func(in *RiskInput) {
			left(RoleEconomic, AttitudeNeutral, 10)(in)
			in.Contacts = append(in.Contacts, Contact{Meta: Meta{ID: "c2"}, Name: "Li Na", Attitude: AttitudeChampion, Influence: 3, Status: StatusLeft, LeftOn: riskToday.AddDays(-20)})
		}, true, 25, "Li Na"},
		{"a recorded sign of the same kind takes its place", func(in *RiskInput) {
			left(RoleEconomic, AttitudeNeutral, 10)(in)
			in.Warnings = []Warning{{Kind: WarnKeyPersonLeft, Severity: SeverityHigh, Status: WarningOpen, Observed: riskToday.AddDays(-5)}}
		}, false, 0, ""},
	})
}

func TestSignalNoInfluentialSupporter(t *testing.T) {
	people := func(cs ...Contact) func(*RiskInput) {
		return func(in *RiskInput) { in.Contacts = cs }
	}
	c := func(id string, infl int, att Attitude) Contact {
		return Contact{Meta: Meta{ID: ID(id)}, Name: id, Influence: infl, Attitude: att, Status: StatusActive}
	}
	runSignalCases(t, SignalNoInfluentialAlly, []signalCase{
		{"influence 4 supporter", people(c("a", 4, AttitudeSupporter), c("b", 5, AttitudeOpponent)), false, 0, ""},
		{"only influence 3 supports", people(c("a", 3, AttitudeChampion), c("b", 4, AttitudeNeutral)), true, 12, "no supporter among the contacts with influence 4 or 5 (1 of them)"},
		{"nobody influential known", people(c("a", 3, AttitudeChampion)), true, 12, "we do not know who decides"},
		{"an influential supporter who left does not count", people(c("a", 3, AttitudeNeutral), Contact{Meta: Meta{ID: "x"}, Name: "x", Influence: 5, Attitude: AttitudeChampion, Status: StatusLeft}), true, 12, ""},
		{"no contacts at all", people(), false, 0, ""},
	})
}

func TestSignalOverdueReceivables(t *testing.T) {
	od := func(minor int64, yearly int64) func(*RiskInput) {
		return func(in *RiskInput) {
			in.Account.OverdueReceivables = Money{Minor: minor}
			if yearly > 0 {
				in.Account.Revenue = []RevenueEntry{{Period: "2025", Amount: Money{Minor: yearly}}}
			}
		}
	}
	runSignalCases(t, SignalOverdueReceivables, []signalCase{
		{"nothing overdue", od(0, 1000), false, 0, ""},
		{"one fen overdue", od(1, 0), true, 8, "CNY 0.01"},
		{"just under 10 % of a year", od(9999, 100000), true, 8, "(10 % of a year's revenue)"},
		{"10 % of a year", od(10000, 100000), true, 14, ""},
		{"recorded late payment takes its place", func(in *RiskInput) {
			od(5000, 0)(in)
			in.Warnings = []Warning{{Kind: WarnLatePayment, Severity: SeverityLow, Status: WarningOpen, Observed: riskToday}}
		}, false, 0, ""},
	})
}

func revenue(entries ...any) []RevenueEntry {
	var out []RevenueEntry
	for i := 0; i+1 < len(entries); i += 2 {
		out = append(out, RevenueEntry{Period: entries[i].(string), Amount: Money{Minor: int64(entries[i+1].(int))}})
	}
	return out
}

func TestSignalRevenueFalling(t *testing.T) {
	rev := func(r []RevenueEntry) func(*RiskInput) {
		return func(in *RiskInput) { in.Account.Revenue = r }
	}
	runSignalCases(t, SignalRevenueFalling, []signalCase{
		{"fell 9 %", rev(revenue("2026-Q2", 1000, "2026-Q3", 910)), false, 0, ""},
		{"fell 10 %", rev(revenue("2026-Q2", 1000, "2026-Q3", 900)), true, 8, "revenue fell 10 %: CNY 9 in 2026-Q3 against CNY 10 in 2026-Q2"},
		{"fell 90 %", rev(revenue("2026-Q2", 1000, "2026-Q3", 100)), true, 18, ""},
		{"rose", rev(revenue("2026-Q2", 1000, "2026-Q3", 2000)), false, 0, ""},
		{"the running quarter is not compared", rev(revenue("2026-Q3", 1000, "2026-Q4", 100)), false, 0, ""},
		{"years when there are no quarters", rev(revenue("2024", 1000, "2025", 500)), true, 0, "2025"},
		{"input order does not matter", rev(revenue("2025", 500, "2024", 1000)), true, 0, "in 2025 against"},
		{"one period only", rev(revenue("2025", 500)), false, 0, ""},
	})
}

func TestSignalShareOfWalletFalling(t *testing.T) {
	wallet := func(prevShare, lastShare int) func(*RiskInput) {
		return func(in *RiskInput) {
			in.Account.Revenue = []RevenueEntry{
				{Period: "2024", Amount: Money{Minor: int64(prevShare) * 100}, WalletTotal: Money{Minor: 10000}},
				{Period: "2025", Amount: Money{Minor: int64(lastShare) * 100}, WalletTotal: Money{Minor: 10000}},
			}
		}
	}
	runSignalCases(t, SignalWalletFalling, []signalCase{
		{"fell 4 points", wallet(40, 36), false, 0, ""},
		{"fell 5 points", wallet(40, 35), true, 8, "from 40 % in 2024 to 35 % in 2025"},
		{"rose", wallet(30, 50), false, 0, ""},
		{"unknown wallet", func(in *RiskInput) { in.Account.Revenue = revenue("2024", 100, "2025", 10) }, false, 0, ""},
	})
}

func TestSignalRenewalWithoutPlan(t *testing.T) {
	renew := func(in int, plan *Plan) func(*RiskInput) {
		return func(ri *RiskInput) {
			ri.Account.RenewalDate = riskToday.AddDays(in)
			ri.Plan = plan
		}
	}
	open := &Plan{Actions: []Action{{Text: "Prepare renewal offer", Status: ProgressInProgress}}}
	closed := &Plan{Actions: []Action{{Text: "Done thing", Status: ProgressDone}}}
	runSignalCases(t, SignalRenewalNoPlan, []signalCase{
		{"renewal in 90 days, no plan", renew(90, nil), true, 12, "2027-02-21 (in 90 days)"},
		{"renewal in 91 days", renew(91, nil), false, 0, ""},
		{"renewal today", renew(0, nil), true, 12, ""},
		{"renewal passed", renew(-1, nil), false, 0, ""},
		{"plan with only done actions", renew(30, closed), true, 12, ""},
		{"plan with an open action", renew(30, open), false, 0, ""},
	})
}

func TestSignalNegativeRun(t *testing.T) {
	vs := func(outcomes ...Outcome) func(*RiskInput) {
		return func(in *RiskInput) {
			for i, o := range outcomes { // latest first
				in.Visits = append(in.Visits, visitAgo(10+10*i, o))
			}
		}
	}
	runSignalCases(t, SignalNegativeRun, []signalCase{
		{"one negative", vs(OutcomeNegative, OutcomePositive), false, 0, ""},
		{"two negatives", vs(OutcomeNegative, OutcomeNegative, OutcomePositive), true, 12, "the last 2 visits"},
		{"negative, unrecorded, negative", vs(OutcomeNegative, "", OutcomeNegative), true, 12, ""},
		{"four negatives capped", vs(OutcomeNegative, OutcomeNegative, OutcomeNegative, OutcomeNegative), true, 18, ""},
		{"older negatives behind a positive", vs(OutcomePositive, OutcomeNegative, OutcomeNegative), false, 0, ""},
	})
}

func TestSignalFollowUpsOverdue(t *testing.T) {
	steps := func(due []int, done bool) func(*RiskInput) {
		return func(in *RiskInput) {
			v := visitAgo(60, OutcomePositive)
			for _, d := range due {
				v.NextSteps = append(v.NextSteps, NextStep{Text: "send offer", Due: riskToday.AddDays(d), Done: done})
			}
			in.Visits = []Visit{v}
		}
	}
	runSignalCases(t, SignalFollowUpsOverdue, []signalCase{
		{"due today", steps([]int{0}, false), false, 0, ""},
		{"due yesterday", steps([]int{-1}, false), true, 4, "1 follow-up overdue, the oldest due 2026-11-22 (1 day ago)"},
		{"done", steps([]int{-10}, true), false, 0, ""},
		{"four overdue, capped", steps([]int{-1, -2, -3, -4}, false), true, 12, "oldest due 2026-11-19"},
	})
}

func TestSignalRecency(t *testing.T) {
	// Visits every 10 days; the last one `since` days ago.
	vs := func(since, n int) func(*RiskInput) {
		return func(in *RiskInput) {
			for i := 0; i < n; i++ {
				in.Visits = append(in.Visits, visitAgo(since+10*i, ""))
			}
		}
	}
	runSignalCases(t, SignalRecency, []signalCase{
		{"twice the usual gap", vs(20, 5), false, 0, ""},
		{"one day more than twice the gap", vs(21, 5), true, 8, "21 days since the last visit, against a usual gap of 10 days"},
		{"too little history", vs(60, RecencyMinVisits-1), false, 0, ""},
	})
}

func TestSignalFrequency(t *testing.T) {
	// hist visits in the year before the last 90 days give an average of
	// hist*90/365 per 90 days; 73 → 18, so fewer than 9 recent visits fire.
	vs := func(recent, hist int) func(*RiskInput) {
		return func(in *RiskInput) {
			for i := 0; i < recent; i++ {
				in.Visits = append(in.Visits, visitAgo(i*(FrequencyWindowDays/max(recent, 1)), ""))
			}
			for i := 0; i < hist; i++ {
				in.Visits = append(in.Visits, visitAgo(FrequencyWindowDays+i*365/hist, ""))
			}
		}
	}
	runSignalCases(t, SignalFrequency, []signalCase{
		{"9 recent against 18 on average", vs(9, 73), false, 0, ""},
		{"8 recent against 18 on average", vs(8, 73), true, 8, "8 visits in the last 90 days, against 18.0 on average"},
		{"no history", vs(0, 0), false, 0, ""},
		{"89 days ago is recent, 90 is history", func(in *RiskInput) {
			in.Visits = []Visit{visitAgo(89, ""), visitAgo(90, ""), visitAgo(91, "")}
		}, false, 0, ""},
		{"only history", func(in *RiskInput) {
			in.Visits = []Visit{visitAgo(90, ""), visitAgo(91, ""), visitAgo(100, ""), visitAgo(200, ""), visitAgo(300, "")}
		}, true, 8, "0 visits"},
	})
}

func TestSignalMonetary(t *testing.T) {
	rev := func(r []RevenueEntry) func(*RiskInput) {
		return func(in *RiskInput) { in.Account.Revenue = r }
	}
	runSignalCases(t, SignalMonetary, []signalCase{
		// Average of the 4 before is 1000.
		{"29 % below the average", rev(revenue("2021", 1200, "2022", 800, "2023", 1000, "2024", 1000, "2025", 710)), false, 0, ""},
		{"30 % below the average", rev(revenue("2021", 1200, "2022", 800, "2023", 1000, "2024", 1000, "2025", 700)), true, 8, "30 % below the average of the 4 periods before (CNY 10)"},
		{"only the 4 periods before count", rev(revenue("2020", 100000, "2021", 1200, "2022", 800, "2023", 1000, "2024", 1000, "2025", 710)), false, 0, ""},
		{"needs two periods before", rev(revenue("2024", 1000, "2025", 10)), false, 0, ""},
		{"a large fall scores more", rev(revenue("2023", 1000, "2024", 1000, "2025", 0)), true, 12, ""},
	})
}

func TestRecordedWarnings(t *testing.T) {
	w := func(sev Severity, st WarningStatus, observed int) Warning {
		x := Warning{Kind: WarnCompetitor, Severity: sev, Status: st, Observed: riskToday.AddDays(-observed)}
		if st == WarningResolved {
			x.ResolvedOn = riskToday.AddDays(-1)
		}
		return x
	}
	cases := []struct {
		name   string
		w      Warning
		points int
	}{
		{"low open", w(SeverityLow, WarningOpen, 3), 4},
		{"medium open", w(SeverityMedium, WarningOpen, 3), 8},
		{"high open", w(SeverityHigh, WarningOpen, 3), 14},
		{"critical open", w(SeverityCritical, WarningOpen, 3), 20},
		{"high monitoring counts half", w(SeverityHigh, WarningMonitoring, 3), 7},
		{"resolved counts nothing", w(SeverityCritical, WarningResolved, 3), 0},
		{"observed after today counts nothing", w(SeverityCritical, WarningOpen, -1), 0},
		{"resolved after the scoring day still counts on it", func() Warning {
			x := w(SeverityMedium, WarningResolved, 30)
			x.ResolvedOn = riskToday.AddDays(1)
			return x
		}(), 8},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := quietInput()
			in.Warnings = []Warning{tc.w}
			rs := ScoreRisk(in, riskToday)
			if rs.Score != tc.points {
				t.Fatalf("score = %d, want %d (%+v)", rs.Score, tc.points, rs.Reasons)
			}
			if tc.points > 0 {
				r := rs.Reasons[0]
				if r.Code != "warning:competitor" || !r.Recorded || !strings.Contains(en(r.Text), "Competitor engagement") || !strings.Contains(zh(r.Text), "竞争对手接触") {
					t.Errorf("reason = %+v", r)
				}
			}
		})
	}
}

// busyInput fires nearly every signal at once.
func busyInput() RiskInput {
	in := quietInput()
	a := in.Account
	a.CadenceDays = 14
	a.OverdueReceivables = Money{Minor: 500000}
	a.RenewalDate = riskToday.AddDays(20)
	a.Revenue = []RevenueEntry{
		{Period: "2025-Q3", Amount: Money{Minor: 1000000}, WalletTotal: Money{Minor: 2000000}},
		{Period: "2025-Q4", Amount: Money{Minor: 1000000}, WalletTotal: Money{Minor: 2000000}},
		{Period: "2026-Q1", Amount: Money{Minor: 1000000}, WalletTotal: Money{Minor: 2000000}},
		{Period: "2026-Q2", Amount: Money{Minor: 900000}, WalletTotal: Money{Minor: 2000000}},
		{Period: "2026-Q3", Amount: Money{Minor: 300000}, WalletTotal: Money{Minor: 2000000}},
	}
	in.Contacts = []Contact{
		{Meta: Meta{ID: "c1"}, Name: "Zhang Wei", Role: RoleEconomic, Influence: 5, Attitude: AttitudeSkeptic},
		{Meta: Meta{ID: "c2"}, Name: "Li Na", Role: RoleCoach, Influence: 3, Attitude: AttitudeChampion, Status: StatusLeft, LeftOn: riskToday.AddDays(-30)},
	}
	for i := 0; i < 30; i++ {
		v := visitAgo(100+i*7, OutcomeNegative, "c1")
		v.NextSteps = []NextStep{{Text: "call back", Due: DateOf(v.At).AddDays(3)}}
		in.Visits = append(in.Visits, v)
	}
	in.Warnings = []Warning{
		{Kind: WarnCompetitor, Severity: SeverityCritical, Status: WarningOpen, Observed: riskToday.AddDays(-10)},
		{Kind: WarnBudgetCut, Severity: SeverityHigh, Status: WarningMonitoring, Observed: riskToday.AddDays(-10)},
	}
	return in
}

func TestScoreIsSumOfReasons(t *testing.T) {
	inputs := map[string]RiskInput{"quiet": quietInput(), "busy": busyInput()}
	rng := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 200; i++ {
		inputs[fmt.Sprintf("generated %d", i)] = genRiskInput(rng, riskToday)
	}
	capped := 0
	for name, in := range inputs {
		rs := ScoreRisk(in, riskToday)
		sum := 0
		for _, r := range rs.Reasons {
			sum += r.Points
			if r.Points == 0 {
				t.Errorf("%s: reason with no points: %+v", name, r)
			}
			if r.Code == SignalCap {
				capped++
			}
		}
		if sum != rs.Score {
			t.Errorf("%s: score %d, reasons add up to %d", name, rs.Score, sum)
		}
		if rs.Score < 0 || rs.Score > 100 {
			t.Errorf("%s: score %d out of range", name, rs.Score)
		}
		if rs.Level != RiskLevelOf(rs.Score) {
			t.Errorf("%s: level %s for score %d", name, rs.Level, rs.Score)
		}
	}
	if capped == 0 {
		t.Error("no input reached the cap; the test does not cover it")
	}
}

func TestBusyAccountIsCappedAndExplained(t *testing.T) {
	rs := ScoreRisk(busyInput(), riskToday)
	if rs.Score != 100 || rs.Level != RiskCritical {
		t.Fatalf("score %d level %s", rs.Score, rs.Level)
	}
	last := rs.Reasons[len(rs.Reasons)-1]
	if last.Code != SignalCap || last.Points >= 0 || !strings.Contains(en(last.Text), "capped at 100") {
		t.Errorf("last reason = %+v", last)
	}
	for i := 1; i < len(rs.Reasons)-1; i++ {
		if rs.Reasons[i].Points > rs.Reasons[i-1].Points {
			t.Errorf("reasons not highest first: %+v", rs.Reasons)
		}
	}
	for _, code := range []string{SignalNoVisitInCadence, SignalKeyPersonLeft, SignalNoInfluentialAlly, SignalOverdueReceivables,
		SignalRevenueFalling, SignalRenewalNoPlan, SignalNegativeRun, SignalFollowUpsOverdue, SignalFrequency, SignalMonetary,
		"warning:competitor", "warning:budget_cut"} {
		if _, ok := reasonFor(rs, code); !ok {
			t.Errorf("busy account lacks %s", code)
		}
	}
}

func TestScoreRiskDeterministic(t *testing.T) {
	in := busyInput()
	want := ScoreRisk(in, riskToday)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		shuffled := in
		shuffled.Visits = append([]Visit(nil), in.Visits...)
		rng.Shuffle(len(shuffled.Visits), func(a, b int) { shuffled.Visits[a], shuffled.Visits[b] = shuffled.Visits[b], shuffled.Visits[a] })
		shuffled.Account = &Account{}
		*shuffled.Account = *in.Account
		shuffled.Account.Revenue = append([]RevenueEntry(nil), in.Account.Revenue...)
		rng.Shuffle(len(shuffled.Account.Revenue), func(a, b int) {
			shuffled.Account.Revenue[a], shuffled.Account.Revenue[b] = shuffled.Account.Revenue[b], shuffled.Account.Revenue[a]
		})
		if got := ScoreRisk(shuffled, riskToday); !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d differs:\n got %+v\nwant %+v", i, got, want)
		}
	}
	// A different day may give a different score, the same day never does.
	if a, b := ScoreRisk(in, riskToday.AddDays(30)), ScoreRisk(in, riskToday.AddDays(30)); !reflect.DeepEqual(a, b) {
		t.Fatal("same day, different result")
	}
}

func TestRiskLevelBoundaries(t *testing.T) {
	cases := []struct {
		score int
		want  RiskLevel
	}{{0, RiskLow}, {24, RiskLow}, {25, RiskElevated}, {49, RiskElevated}, {50, RiskHigh}, {74, RiskHigh}, {75, RiskCritical}, {100, RiskCritical}}
	for _, c := range cases {
		if got := RiskLevelOf(c.score); got != c.want {
			t.Errorf("RiskLevelOf(%d) = %s, want %s", c.score, got, c.want)
		}
	}
}

func TestSignalsCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Signals() {
		if seen[s.Code] || s.Code == "" || en(s.Weight) == "" || strings.HasPrefix(en(s.Weight)+en(s.Meaning)+zh(s.Weight)+zh(s.Meaning), "MISSING") || en(s.Meaning) == "" || zh(s.Meaning) == "" {
			t.Errorf("bad catalogue entry %+v", s)
		}
		seen[s.Code] = true
	}
	// Every code ScoreRisk can emit is documented.
	rs := ScoreRisk(busyInput(), riskToday)
	for _, r := range rs.Reasons {
		code := r.Code
		if strings.HasPrefix(code, WarningCodePrefix) {
			code = WarningCodePrefix + "<kind>"
		}
		if !seen[code] {
			t.Errorf("reason code %q is not in Signals()", r.Code)
		}
	}
	for _, c := range []string{SignalWalletFalling, SignalRecency} {
		if !seen[c] {
			t.Errorf("%s missing from the catalogue", c)
		}
	}
}

// genRiskInput makes an account shaped like the large data set's average:
// 15 contacts, 100 visits over three years, a few warnings, quarterly revenue.
func genRiskInput(rng *rand.Rand, today Date) RiskInput {
	acc := &Account{Meta: Meta{ID: ID(fmt.Sprintf("acc-%d", rng.Uint32())), CreatedAt: today.AddDays(-1200).Time()},
		Name: "Generated", CadenceDays: 14 + rng.IntN(60), OverdueReceivables: Money{Minor: int64(rng.IntN(3)) * 100000},
		RenewalDate: today.AddDays(rng.IntN(400) - 30)}
	for y := 2023; y <= 2026; y++ {
		for q := 1; q <= 4; q++ {
			amt := int64(500000 + rng.IntN(1000000))
			acc.Revenue = append(acc.Revenue, RevenueEntry{Period: fmt.Sprintf("%d-Q%d", y, q), Amount: Money{Minor: amt}, WalletTotal: Money{Minor: amt * int64(2+rng.IntN(3))}})
		}
	}
	in := RiskInput{Account: acc}
	atts := Attitudes()
	roles := BuyingRoles()
	for i := 0; i < 15; i++ {
		c := Contact{Meta: Meta{ID: ID(fmt.Sprintf("c%02d", i))}, AccountID: acc.ID, Name: fmt.Sprintf("Person %d", i),
			Role: roles[rng.IntN(len(roles))], Influence: 1 + rng.IntN(5), Attitude: atts[rng.IntN(len(atts))], Status: StatusActive}
		if rng.IntN(10) == 0 {
			c.Status, c.LeftOn = StatusLeft, today.AddDays(-rng.IntN(300))
		}
		in.Contacts = append(in.Contacts, c)
	}
	outs := Outcomes()
	for i := 0; i < 100; i++ {
		v := Visit{Meta: Meta{ID: ID(fmt.Sprintf("v%03d", i))}, AccountID: acc.ID, At: today.AddDays(-rng.IntN(1000)).Time(), Kind: KindOnSite,
			Outcome: outs[rng.IntN(len(outs))], ContactIDs: []ID{in.Contacts[rng.IntN(15)].ID}}
		if rng.IntN(3) == 0 {
			v.NextSteps = []NextStep{{Text: "follow up", Due: DateOf(v.At).AddDays(14), Done: rng.IntN(4) > 0}}
		}
		in.Visits = append(in.Visits, v)
	}
	sevs := Severities()
	sts := WarningStatuses()
	kinds := WarningKinds()
	for i := 0; i < 1+rng.IntN(4); i++ {
		w := Warning{AccountID: acc.ID, Kind: kinds[rng.IntN(len(kinds))], Severity: sevs[rng.IntN(len(sevs))], Status: sts[rng.IntN(len(sts))], Observed: today.AddDays(-rng.IntN(200))}
		if w.Status == WarningResolved {
			w.ResolvedOn = today
		}
		in.Warnings = append(in.Warnings, w)
	}
	if rng.IntN(2) == 0 {
		in.Plan = &Plan{Actions: []Action{{Text: "act", Status: ProgressPlanned}}}
	}
	return in
}

func BenchmarkScoreRisk(b *testing.B) {
	rng := rand.New(rand.NewPCG(42, 42))
	set := make([]RiskInput, 256)
	for i := range set {
		set[i] = genRiskInput(rng, riskToday)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ScoreRisk(set[i%len(set)], riskToday)
	}
	perAccount := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perAccount*1e6, "µs/account")
	b.ReportMetric(perAccount*10000*1e3, "ms/10k-accounts")
}
