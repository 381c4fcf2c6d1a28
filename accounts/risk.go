package accounts

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// The risk score answers "which of my accounts is slipping away, and why?".
// It adds up points from two sources: warning signs the user recorded, and
// signals derived from the data itself (visits, contacts, revenue, plan). Each
// source is a Reason with its own points and a sentence that carries the
// evidence (dates, numbers), so the user can check every point and argue with
// it. Weights are fixed and documented (see Signals) rather than learned,
// because a manager must be able to predict what will move the score.

// RiskInput is everything the score looks at for one account. Visits may come
// in any order; records dated after the scoring day are ignored so that a score
// for a past day (the history trend) sees only what was known then.
type RiskInput struct {
	Account  *Account
	Contacts []Contact
	Visits   []Visit // any order
	Warnings []Warning
	Plan     *Plan
}

// Stable codes of the derived signals. Stored snapshots and the CLI's JSON
// carry them, so they never change; the sentences may.
const (
	SignalNoVisitInCadence   = "no_visit_in_cadence"
	SignalKeyPersonLeft      = "key_person_left"
	SignalNoInfluentialAlly  = "no_influential_supporter"
	SignalOverdueReceivables = "overdue_receivables"
	SignalRevenueFalling     = "revenue_falling"
	SignalWalletFalling      = "share_of_wallet_falling"
	SignalRenewalNoPlan      = "renewal_without_plan"
	SignalNegativeRun        = "negative_visit_run"
	SignalFollowUpsOverdue   = "follow_ups_overdue"
	SignalRecency            = "rfm_recency"
	SignalFrequency          = "rfm_frequency"
	SignalMonetary           = "rfm_monetary"
	// SignalCap is the negative reason that brings a sum above 100 back to
	// 100, so that the reasons still add up to the score shown.
	SignalCap = "cap"
	// WarningCodePrefix starts the code of a recorded sign's reason:
	// "warning:late_payment".
	WarningCodePrefix = "warning:"
)

// Thresholds of the derived signals. They are named so the tests, the README
// table and the rules cannot drift apart.
const (
	// KeyPersonLeftDays is how long a departure of a champion or economic
	// buyer keeps counting; after that the map should show who replaced them.
	KeyPersonLeftDays = 180
	// InfluentialLevel is the influence from which a contact counts as one of
	// the most influential.
	InfluentialLevel = 4
	// RenewalWindowDays is how close a renewal must be to need a plan action.
	RenewalWindowDays = 90
	// NegativeRunMin is how many latest visits in a row must have gone badly.
	NegativeRunMin = 2
	// RevenueDropPct is the fall, period over period, from which revenue
	// counts as falling (percent).
	RevenueDropPct = 10
	// WalletDropPoints is the fall of share of wallet, in percentage points,
	// that counts.
	WalletDropPoints = 5
	// RecencyFactor: the time since the last visit must exceed this many
	// times the account's own median gap between visits.
	RecencyFactor = 2
	// RecencyMinVisits is how many visits make a history to compare with.
	RecencyMinVisits = 4
	// FrequencyWindowDays is the recent window of the frequency signal; its
	// history is the year before that window.
	FrequencyWindowDays = 90
	// MonetaryDropPct: latest revenue below the average of the previous
	// periods by at least this much (percent) is a monetary drop.
	MonetaryDropPct = 30
)

// Signal describes one entry of the catalogue of what can add to a risk score.
type Signal struct {
	Code    string
	Weight  string // how points are computed, as printed in the README
	Meaning Text
}

// Points of a recorded warning sign by severity; a sign under monitoring
// counts half, because someone is already watching it.
var severityPoints = map[Severity]int{
	SeverityLow:      4,
	SeverityMedium:   8,
	SeverityHigh:     14,
	SeverityCritical: 20,
}

// Signals returns the catalogue of derived signals and recorded signs with
// their weights, in the order the README shows them.
func Signals() []Signal {
	return []Signal{
		{SignalNoVisitInCadence, "5 + 10 × (days − cadence) ÷ cadence, max 25",
			Text{"No visit for longer than the account's cadence (days since the last visit, or since the account was created when there is none).",
				"超过客户的拜访周期未拜访（自上次拜访起算；从未拜访则自建档起算）。"}},
		{SignalKeyPersonLeft, "15 per person, max 25",
			Text{fmt.Sprintf("A champion, coach or economic buyer left the company in the last %d days.", KeyPersonLeftDays),
				fmt.Sprintf("拥护者、教练或经济决策者在最近 %d 天内离职。", KeyPersonLeftDays)}},
		{SignalNoInfluentialAlly, "12",
			Text{fmt.Sprintf("None of the contacts with influence %d or 5 supports us (or none is known).", InfluentialLevel),
				fmt.Sprintf("影响力为 %d 或 5 的联系人中没有支持我们的人（或尚不知道是谁）。", InfluentialLevel)}},
		{SignalOverdueReceivables, "8; 14 when at least 10 % of a year's revenue",
			Text{"The account owes overdue payments.", "客户有逾期应收账款。"}},
		{SignalRevenueFalling, fmt.Sprintf("6 + 1 per 5 %% of fall, max 18 (from a %d %% fall)", RevenueDropPct),
			Text{"Revenue of the latest complete period fell against the period before.", "最近一个完整期间的收入较上一期间下降。"}},
		{SignalWalletFalling, fmt.Sprintf("6 + 1 per 2 points of fall, max 15 (from %d points)", WalletDropPoints),
			Text{"Our share of the account's spend in our category fell against the period before.", "我们在客户同类采购中的份额较上一期间下降。"}},
		{SignalRenewalNoPlan, "12",
			Text{fmt.Sprintf("The contract renews within %d days and the account plan has no open action.", RenewalWindowDays),
				fmt.Sprintf("合同将在 %d 天内续约，而客户计划中没有进行中的行动。", RenewalWindowDays)}},
		{SignalNegativeRun, "6 per negative visit in the run, max 18",
			Text{fmt.Sprintf("The latest %d or more visits in a row had a negative outcome.", NegativeRunMin),
				fmt.Sprintf("最近连续 %d 次或以上拜访结果消极。", NegativeRunMin)}},
		{SignalFollowUpsOverdue, "4 per overdue follow-up, max 12",
			Text{"Next steps promised at visits are past their due date and not done.", "拜访中承诺的下一步已过截止日期仍未完成。"}},
		{SignalRecency, "8",
			Text{fmt.Sprintf("RFM recency: the time since the last visit is more than %d times the account's own median gap between visits (needs %d visits).", RecencyFactor, RecencyMinVisits),
				fmt.Sprintf("RFM 最近度：距上次拜访的天数超过该客户历史拜访间隔中位数的 %d 倍（至少 %d 次拜访）。", RecencyFactor, RecencyMinVisits)}},
		{SignalFrequency, "8",
			Text{fmt.Sprintf("RFM frequency: visits in the last %d days are fewer than half the average %d-day count of the year before.", FrequencyWindowDays, FrequencyWindowDays),
				fmt.Sprintf("RFM 频率：最近 %d 天的拜访次数不到此前一年每 %d 天平均次数的一半。", FrequencyWindowDays, FrequencyWindowDays)}},
		{SignalMonetary, "8 + 1 per 10 % of fall beyond 30 %, max 12",
			Text{fmt.Sprintf("RFM monetary: latest period's revenue is at least %d %% below the average of up to 4 periods before it.", MonetaryDropPct),
				fmt.Sprintf("RFM 金额：最近期间收入比此前最多 4 个期间的平均值低 %d%% 以上。", MonetaryDropPct)}},
		{WarningCodePrefix + "<kind>", "low 4, medium 8, high 14, critical 20; half while monitoring",
			Text{"A recorded warning sign that is open or being monitored. A derived signal that states the same fact (key person left, orders declining, late payment) is left out while such a sign is recorded.",
				"已记录且未解决（待处理或观察中）的预警征兆。若已记录同类征兆（关键人离职、订单下滑、拖延付款），对应的自动信号不再重复计分。"}},
		{SignalCap, "100 − sum",
			Text{"Brings a sum above 100 back to 100, so the reasons always add up to the score.", "总分超过 100 时扣回到 100，使各项原因之和始终等于得分。"}},
	}
}

// RiskLevelOf buckets a score: low below 25, elevated 25–49, high 50–74,
// critical from 75.
func RiskLevelOf(score int) RiskLevel {
	switch {
	case score >= 75:
		return RiskCritical
	case score >= 50:
		return RiskHigh
	case score >= 25:
		return RiskElevated
	}
	return RiskLow
}

// Line returns the reason as shown to the user: "+18: no visit for 74 days,
// cadence 30 days".
func (r Reason) Line(lang string) string {
	sep := ": "
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		sep = "："
	}
	return fmt.Sprintf("%+d%s%s", r.Points, sep, r.Text.In(lang))
}

// ScoreRisk computes the account's risk on the given day. It reads no clock
// and no map iteration order, so the same input and day always give the same
// score and the same reasons in the same order.
func ScoreRisk(in RiskInput, today Date) RiskScore {
	var rs RiskScore
	acc := in.Account
	if acc == nil {
		acc = &Account{}
	}
	rs.AccountID = acc.ID
	rs.Reasons = make([]Reason, 0, 8+len(in.Warnings))

	todayN := dayNum(today)
	visits := pastVisits(in.Visits, todayN)
	add := func(code string, pts int, en, zh string) {
		if pts > 0 {
			rs.Reasons = append(rs.Reasons, Reason{Code: code, Points: pts, Text: Text{en, zh}})
		}
	}

	// Recorded signs first: they also decide which derived signals would
	// count the same fact twice.
	recorded := map[WarningKind]bool{}
	for _, w := range in.Warnings {
		if !w.Observed.IsZero() && dayNum(w.Observed) > todayN {
			continue
		}
		// A sign resolved after the scoring day was still live on it.
		if w.Status == WarningResolved && (w.ResolvedOn.IsZero() || dayNum(w.ResolvedOn) <= todayN) {
			continue
		}
		pts := severityPoints[w.Severity]
		if pts == 0 {
			continue
		}
		state := Text{"open", "待处理"}
		if w.Status == WarningMonitoring {
			pts /= 2
			state = Text{"monitoring", "观察中"}
		}
		recorded[w.Kind] = true
		en := fmt.Sprintf("recorded sign: %s (%s, %s, observed %s)", w.Kind.Label().En, strings.ToLower(w.Severity.Label().En), state.En, w.Observed)
		zh := fmt.Sprintf("已记录征兆：%s（%s，%s，发现于 %s）", w.Kind.Label().Zh, w.Severity.Label().Zh, state.Zh, w.Observed)
		rs.Reasons = append(rs.Reasons, Reason{Code: WarningCodePrefix + string(w.Kind), Points: pts, Text: Text{en, zh}, Recorded: true})
	}

	// No visit within cadence.
	if acc.CadenceDays > 0 {
		cad := acc.CadenceDays
		var days int
		var en, zh string
		if len(visits) > 0 {
			last := DateOf(in.Visits[visits[0].idx].At)
			days = todayN - int(visits[0].day)
			en = fmt.Sprintf("no visit for %d days (last %s), cadence %d days", days, last, cad)
			zh = fmt.Sprintf("已 %d 天未拜访（上次 %s），拜访周期 %d 天", days, last, cad)
		} else if !acc.CreatedAt.IsZero() {
			created := DateOf(acc.CreatedAt)
			days = todayN - dayNum(created)
			en = fmt.Sprintf("no visit recorded in the %d days since the account was created (%s), cadence %d days", days, created, cad)
			zh = fmt.Sprintf("建档 %d 天以来（%s）没有拜访记录，拜访周期 %d 天", days, created, cad)
		} else {
			days = 1 << 20
			en = fmt.Sprintf("no visit recorded, cadence %d days", cad)
			zh = fmt.Sprintf("没有拜访记录，拜访周期 %d 天", cad)
		}
		if days > cad {
			pts := 25
			if over := days - cad; over < 2*cad {
				pts = min(25, 5+10*over/cad)
			}
			add(SignalNoVisitInCadence, pts, en, zh)
		}
	}

	// Champion or economic buyer left.
	if !recorded[WarnKeyPersonLeft] {
		var names []string
		var dates []string
		n := 0
		for i := range in.Contacts {
			c := &in.Contacts[i]
			if c.Active() || c.Placeholder {
				continue
			}
			if !(c.Role == RoleEconomic || c.Role == RoleCoach || c.Attitude == AttitudeChampion) {
				continue
			}
			if c.LeftOn.IsZero() || dayNum(c.LeftOn) > todayN || todayN-dayNum(c.LeftOn) > KeyPersonLeftDays {
				continue
			}
			n++
			names = append(names, c.Name)
			dates = append(dates, c.LeftOn.String())
		}
		if n > 0 {
			enParts, zhParts := make([]string, n), make([]string, n)
			for i := range names {
				enParts[i] = fmt.Sprintf("%s on %s", names[i], dates[i])
				zhParts[i] = fmt.Sprintf("%s（%s）", names[i], dates[i])
			}
			add(SignalKeyPersonLeft, min(25, 15*n),
				"key person left: "+strings.Join(enParts, ", "),
				"关键人离职："+strings.Join(zhParts, "、"))
		}
	}

	// No supporter among the most influential.
	{
		total, influential := 0, 0
		supported := false
		for i := range in.Contacts {
			c := &in.Contacts[i]
			if !c.Active() || c.Placeholder {
				continue
			}
			total++
			if c.Influence >= InfluentialLevel {
				influential++
				if c.Attitude.Supportive() {
					supported = true
				}
			}
		}
		switch {
		case total > 0 && influential == 0:
			add(SignalNoInfluentialAlly, 12,
				fmt.Sprintf("no contact has influence %d or 5 (%s known): we do not know who decides", InfluentialLevel, enCount(total, "contact", "contacts")),
				fmt.Sprintf("%d 位联系人中没有影响力 %d 或 5 的人：不清楚谁在做决定", total, InfluentialLevel))
		case influential > 0 && !supported:
			add(SignalNoInfluentialAlly, 12,
				fmt.Sprintf("no supporter among the contacts with influence %d or 5 (%d of them)", InfluentialLevel, influential),
				fmt.Sprintf("%d 位影响力 %d 或 5 的联系人中没有支持我们的人", influential, InfluentialLevel))
		}
	}

	cur := acc.CurrencyOrDefault()
	money := func(minor int64) string { return Money{Minor: minor, Currency: cur}.String() }
	series := revenueSeries(acc.Revenue, today)

	// Overdue receivables.
	if od := acc.OverdueReceivables.Minor; od > 0 && !recorded[WarnLatePayment] {
		year := yearlyRevenue(acc.Revenue, today)
		pts := 8
		en := fmt.Sprintf("overdue receivables of %s", money(od))
		zh := fmt.Sprintf("逾期应收账款 %s", money(od))
		if year > 0 {
			pct := float64(od) * 100 / float64(year)
			en += fmt.Sprintf(" (%.0f %% of a year's revenue)", pct)
			zh += fmt.Sprintf("（占年收入 %.0f%%）", pct)
			if od*10 >= year {
				pts = 14
			}
		}
		add(SignalOverdueReceivables, pts, en, zh)
	}

	// Revenue falling period over period.
	if len(series) >= 2 && !recorded[WarnOrdersDeclining] {
		last, prev := series[len(series)-1], series[len(series)-2]
		if prev.Amount.Minor > 0 && last.Amount.Minor < prev.Amount.Minor {
			drop := float64(prev.Amount.Minor-last.Amount.Minor) * 100 / float64(prev.Amount.Minor)
			if drop >= RevenueDropPct {
				add(SignalRevenueFalling, min(18, 6+int(drop)/5),
					fmt.Sprintf("revenue fell %.0f %%: %s in %s against %s in %s", drop, money(last.Amount.Minor), last.Period, money(prev.Amount.Minor), prev.Period),
					fmt.Sprintf("收入下降 %.0f%%：%s 为 %s，%s 为 %s", drop, last.Period, money(last.Amount.Minor), prev.Period, money(prev.Amount.Minor)))
			}
		}
	}

	// Share of wallet falling.
	{
		var known []RevenueEntry
		for _, r := range series {
			if r.ShareOfWallet() >= 0 {
				known = append(known, r)
			}
		}
		if len(known) >= 2 {
			last, prev := known[len(known)-1], known[len(known)-2]
			// Whole percentage points, rounded, so the edge is what the user reads.
			lp := int(last.ShareOfWallet()*100 + 0.5)
			pp := int(prev.ShareOfWallet()*100 + 0.5)
			if d := pp - lp; d >= WalletDropPoints {
				add(SignalWalletFalling, min(15, 6+d/2),
					fmt.Sprintf("share of wallet fell from %d %% in %s to %d %% in %s", pp, prev.Period, lp, last.Period),
					fmt.Sprintf("钱包份额从 %s 的 %d%% 降至 %s 的 %d%%", prev.Period, pp, last.Period, lp))
			}
		}
	}

	// Renewal near without a plan.
	if r := acc.RenewalDate; !r.IsZero() {
		days := dayNum(r) - todayN
		if days >= 0 && days <= RenewalWindowDays && (in.Plan == nil || !in.Plan.HasOpenAction()) {
			add(SignalRenewalNoPlan, 12,
				fmt.Sprintf("contract renews on %s (in %d days) and the plan has no open action", r, days),
				fmt.Sprintf("合同将于 %s 续约（还有 %d 天），客户计划中没有进行中的行动", r, days))
		}
	}

	// A run of negative outcomes among the latest visits with an outcome.
	{
		run := 0
		var since Date
		for i := range visits {
			o := in.Visits[visits[i].idx].Outcome
			if o == "" {
				continue
			}
			if o != OutcomeNegative {
				break
			}
			run++
			since = DateOf(in.Visits[visits[i].idx].At)
		}
		if run >= NegativeRunMin {
			add(SignalNegativeRun, min(18, 6*run),
				fmt.Sprintf("the last %d visits in a row went badly (since %s)", run, since),
				fmt.Sprintf("最近连续 %d 次拜访结果消极（自 %s 起）", run, since))
		}
	}

	// Overdue follow-ups.
	{
		n := 0
		var oldest Date
		for i := range visits {
			for _, s := range in.Visits[visits[i].idx].NextSteps {
				if s.Done || s.Due.IsZero() {
					continue
				}
				if due := dayNum(s.Due); due < todayN {
					n++
					if oldest.IsZero() || due < dayNum(oldest) {
						oldest = s.Due
					}
				}
			}
		}
		if n > 0 {
			add(SignalFollowUpsOverdue, min(12, 4*n),
				fmt.Sprintf("%s overdue, the oldest due %s (%s ago)", enCount(n, "follow-up", "follow-ups"), oldest, enCount(todayN-dayNum(oldest), "day", "days")),
				fmt.Sprintf("%d 项跟进已逾期，最早一项截止于 %s（已过 %d 天）", n, oldest, todayN-dayNum(oldest)))
		}
	}

	// RFM recency: against the account's own rhythm, not the set cadence.
	if len(visits) >= RecencyMinVisits {
		gaps := make([]int, 0, len(visits)-1)
		for i := 0; i+1 < len(visits); i++ {
			gaps = append(gaps, int(visits[i].day-visits[i+1].day))
		}
		slices.Sort(gaps)
		med := gaps[len(gaps)/2]
		if len(gaps)%2 == 0 {
			med = (gaps[len(gaps)/2-1] + gaps[len(gaps)/2] + 1) / 2
		}
		med = max(med, 1)
		since := todayN - int(visits[0].day)
		if since > RecencyFactor*med {
			add(SignalRecency, 8,
				fmt.Sprintf("%d days since the last visit, against a usual gap of %d days", since, med),
				fmt.Sprintf("距上次拜访已 %d 天，通常间隔为 %d 天", since, med))
		}
	}

	// RFM frequency: the last 90 days against the year before them.
	{
		recentFrom := todayN - FrequencyWindowDays + 1 // window of 90 days ending today
		histFrom := recentFrom - 365
		recent, hist := 0, 0
		for i := range visits {
			switch d := int(visits[i].day); {
			case d >= recentFrom:
				recent++
			case d >= histFrom:
				hist++
			}
		}
		if hist > 0 {
			avg := float64(hist) * FrequencyWindowDays / 365
			if float64(recent)*2 < avg {
				add(SignalFrequency, 8,
					fmt.Sprintf("%d visits in the last %d days, against %.1f on average in the year before", recent, FrequencyWindowDays, avg),
					fmt.Sprintf("最近 %d 天拜访 %d 次，此前一年平均为 %.1f 次", FrequencyWindowDays, recent, avg))
			}
		}
	}

	// RFM monetary: latest revenue against the average of up to four before.
	if len(series) >= 3 {
		last := series[len(series)-1]
		prev := series[max(0, len(series)-5) : len(series)-1]
		var sum int64
		for _, r := range prev {
			sum += r.Amount.Minor
		}
		avg := float64(sum) / float64(len(prev))
		if avg > 0 {
			drop := (avg - float64(last.Amount.Minor)) * 100 / avg
			if drop >= MonetaryDropPct {
				add(SignalMonetary, min(12, 8+int(drop-MonetaryDropPct)/10),
					fmt.Sprintf("revenue of %s in %s is %.0f %% below the average of the %d periods before (%s)", money(last.Amount.Minor), last.Period, drop, len(prev), money(int64(avg+0.5))),
					fmt.Sprintf("%s 收入 %s，比此前 %d 个期间的平均值（%s）低 %.0f%%", last.Period, money(last.Amount.Minor), len(prev), money(int64(avg+0.5)), drop))
			}
		}
	}

	sort.SliceStable(rs.Reasons, func(i, j int) bool {
		a, b := rs.Reasons[i], rs.Reasons[j]
		if a.Points != b.Points {
			return a.Points > b.Points
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Text.En < b.Text.En
	})
	sum := 0
	for _, r := range rs.Reasons {
		sum += r.Points
	}
	if sum > 100 {
		rs.Reasons = append(rs.Reasons, Reason{Code: SignalCap, Points: 100 - sum,
			Text: Text{fmt.Sprintf("capped at 100 (the reasons add up to %d)", sum), fmt.Sprintf("上限为 100（各项合计 %d）", sum)}})
		sum = 100
	}
	rs.Score = sum
	rs.Level = RiskLevelOf(sum)
	return rs
}

// enCount writes "1 day" or "3 days".
func enCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// pastVisit is a visit's position in the input with its day worked out
// once: scoring compares days many times, and Date's own comparisons format
// strings. It holds no pointer so that sorting it is plain copying.
type pastVisit struct {
	at  int64 // Unix nanoseconds, for sorting
	day int32 // dayNum of the visit's date
	idx int32 // index in the input
}

// pastVisits returns the visits on or before today, latest first; ties keep
// a fixed order by id so the result does not depend on the input order.
func pastVisits(in []Visit, todayN int) []pastVisit {
	out := make([]pastVisit, 0, len(in))
	for i := range in {
		if in[i].At.IsZero() {
			continue
		}
		if n := dayNum(DateOf(in[i].At)); n <= todayN {
			out = append(out, pastVisit{in[i].At.UnixNano(), int32(n), int32(i)})
		}
	}
	slices.SortFunc(out, func(a, b pastVisit) int {
		if a.at != b.at {
			return cmp.Compare(b.at, a.at)
		}
		return cmp.Compare(in[a.idx].ID, in[b.idx].ID)
	})
	return out
}

// dayNum numbers calendar days (0 is 1970-01-01), so that comparing and
// subtracting dates is integer arithmetic.
func dayNum(d Date) int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// periodKind is how long a revenue period is.
type periodKind int

const (
	periodYear periodKind = iota
	periodQuarter
	periodMonth
)

// periodInfo reads "2026", "2026-Q3" or "2026-07" into its kind, a sequence
// number within the kind and the day it ends.
func periodInfo(p string) (kind periodKind, seq int, end Date, ok bool) {
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	if len(p) < 4 {
		return 0, 0, Date{}, false
	}
	y, yok := digits(p[:4])
	switch {
	case !yok:
	case len(p) == 4:
		return periodYear, y, Date{y, 12, 31}, true
	case len(p) == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4':
		q := int(p[6] - '0')
		return periodQuarter, y*4 + q - 1, NewDate(y, time.Month(3*q+1), 1).AddDays(-1), true
	case len(p) == 7 && p[4] == '-':
		if m, mok := digits(p[5:]); mok && m >= 1 && m <= 12 {
			return periodMonth, y*12 + m - 1, NewDate(y, time.Month(m+1), 1).AddDays(-1), true
		}
	}
	return 0, 0, Date{}, false
}

// revenueSeries returns the complete periods (ended before today) of one
// kind, oldest first. A period still running would look like a fall. When
// entries of several kinds exist it prefers quarters (comparable and not too
// noisy), then years, then months: the first kind with two complete periods.
func revenueSeries(rev []RevenueEntry, today Date) []RevenueEntry {
	type seqEntry struct {
		seq int
		e   RevenueEntry
	}
	todayN := dayNum(today)
	var byKind [3][]seqEntry
	for _, r := range rev {
		k, seq, end, ok := periodInfo(r.Period)
		if !ok || dayNum(end) >= todayN {
			continue
		}
		byKind[k] = append(byKind[k], seqEntry{seq, r})
	}
	for _, k := range []periodKind{periodQuarter, periodYear, periodMonth} {
		if es := byKind[k]; len(es) >= 2 {
			sort.Slice(es, func(i, j int) bool { return es[i].seq < es[j].seq })
			out := make([]RevenueEntry, len(es))
			for i := range es {
				out[i] = es[i].e
			}
			return out
		}
	}
	return nil
}
