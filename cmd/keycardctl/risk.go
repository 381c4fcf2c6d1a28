package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"keycard/accounts"
	"keycard/locale"
)

var riskCommand = command{
	name:    "risk",
	args:    "[--owner NAME] [--tier TIER] [--today YYYY-MM-DD] [--lang en|zh] [--json]",
	summary: "cli.cmd.risk.summary",
	help:    "cli.cmd.risk.help",
	run:     runRisk,
}

// riskRow is the JSON form of one ranked account; a contract with scripts,
// so fields change only by adding.
type riskRow struct {
	ID            accounts.ID        `json:"id"`
	Name          string             `json:"name"`
	Owner         string             `json:"owner"`
	Tier          accounts.Tier      `json:"tier"`
	Score         int                `json:"score"`
	Level         accounts.RiskLevel `json:"level"`
	Class         accounts.ABCClass  `json:"class"`
	CLV           accounts.Money     `json:"clv"`
	YearlyRevenue accounts.Money     `json:"yearly_revenue"`
	Retention     float64            `json:"retention"` // the rates the CLV used
	Discount      float64            `json:"discount"`
	Reasons       []riskReason       `json:"reasons"` // highest points first
}

type riskReason struct {
	Code     string `json:"code"`
	Points   int    `json:"points"`
	Text     string `json:"text"`
	Recorded bool   `json:"recorded"`
}

func runRisk(e *env, args []string) int {
	fs := e.flags()
	owner := fs.String("owner", "", tr("cli.flag.risk.owner"))
	tierFlag := fs.String("tier", "", tr("cli.flag.risk.tier"))
	todayFlag := fs.String("today", "", tr("cli.flag.risk.today"))
	langFlag := fs.String("lang", "", tr("cli.flag.risk.lang"))
	asJSON := fs.Bool("json", false, tr("cli.flag.risk.json"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	var tier accounts.Tier
	if *tierFlag != "" {
		t, err := locale.Parse(*tierFlag, accounts.Tiers())
		if err != nil {
			return e.usageError("--tier: %s", locale.Error(lang, err))
		}
		tier = t
	}
	today := accounts.DateOf(clock())
	if *todayFlag != "" {
		d, err := accounts.ParseDate(*todayFlag)
		if err != nil || d.IsZero() {
			return e.usageError("%s", tr("cli.risk.bad_today", "Value", *todayFlag))
		}
		today = d
	}
	l, ok := parseLang(*langFlag)
	if !ok {
		return e.usageError("%s", tr("cli.risk.bad_lang", "Value", *langFlag))
	}
	rows, note, err := loadRisk(e, *owner, tier, today, l)
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		return e.printJSON(rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.stdout, locale.Say(l, noAccountsPhrase(*owner, tier)))
		return exitOK
	}
	printRisk(e, rows, l)
	if note.Key != "" {
		fmt.Fprintln(e.stdout, "\n"+locale.Say(l, note))
	}
	return exitOK
}

// parseLang accepts what documents and locale understand; empty is the
// language of the environment.
func parseLang(s string) (string, bool) {
	switch l := strings.ToLower(strings.TrimSpace(s)); {
	case l == "":
		return strings.TrimSuffix(lang, "-Hans"), true
	case strings.HasPrefix(l, "en"):
		return "en", true
	case strings.HasPrefix(l, "zh"):
		return "zh", true
	}
	return "", false
}

func noAccountsPhrase(owner string, tier accounts.Tier) accounts.Phrase {
	switch {
	case owner != "" && tier != "":
		return accounts.Say("cli.none.owner_tier", "Owner", owner, "Tier", tier.Label())
	case owner != "":
		return accounts.Say("cli.none.owner", "Owner", owner)
	case tier != "":
		return accounts.Say("cli.none.tier", "Tier", tier.Label())
	}
	return accounts.Phrase{Key: "cli.none"}
}

func loadRisk(e *env, owner string, tier accounts.Tier, today accounts.Date, lang string) (rows []riskRow, note accounts.Phrase, err error) {
	b, err := e.reader()
	if err != nil {
		return nil, note, err
	}
	defer closeBook(b, &err)
	return rankRiskNote(b, owner, tier, today, lang)
}

// riskInputs reads every account's risk input: the book, or (in the
// benchmark) the store under it.
type riskInputs interface {
	EachRiskInput(fn func(accounts.RiskInput) error) error
}

// rankRisk scores the accounts that pass the filters. The ABC class is a
// share of the whole portfolio, so every account's yearly revenue is read;
// one read of the risk inputs (visits and contacts without their texts)
// gives both.
func rankRisk(s riskInputs, owner string, tier accounts.Tier, today accounts.Date, lang string) ([]riskRow, error) {
	rows, _, err := rankRiskNote(s, owner, tier, today, lang)
	return rows, err
}

// rankRiskNote is rankRisk with what the classes say of exchange rates:
// converted at the rates of a day, or why they could not be (a missing
// rate while a reporting currency is set); nothing when all is in one
// currency and no reporting currency is set, as before rates existed.
func rankRiskNote(s riskInputs, owner string, tier accounts.Tier, today accounts.Date, lang string) ([]riskRow, accounts.Phrase, error) {
	yearly := map[accounts.ID]accounts.Money{}
	rows := []riskRow{} // an empty ranking is [] in JSON, not null
	err := s.EachRiskInput(func(in accounts.RiskInput) error {
		a := in.Account
		if (owner == "" || a.Owner == owner) && (tier == "" || a.Tier == tier) {
			row := scoreRow(in, today, lang)
			yearly[a.ID] = row.YearlyRevenue
			rows = append(rows, row)
			return nil
		}
		yearly[a.ID] = accounts.Money{Minor: accounts.LifetimeValue(a, today).Yearly, Currency: a.CurrencyOrDefault()}
		return nil
	})
	if err != nil {
		return nil, accounts.Phrase{}, err
	}
	values, note, err := abcValues(s, yearly, today)
	if err != nil {
		return nil, accounts.Phrase{}, err
	}
	classes := accounts.ClassifyABC(values)
	for i := range rows {
		rows[i].Class = classes[rows[i].ID]
	}
	slices.SortStableFunc(rows, func(a, b riskRow) int {
		return cmp.Or(
			cmp.Compare(b.Score, a.Score),
			cmp.Compare(b.CLV.Minor, a.CLV.Minor), // the more valuable of two equal risks first
			strings.Compare(a.Name, b.Name),
			strings.Compare(string(a.ID), string(b.ID)))
	})
	return rows, note, nil
}

// abcValues converts the yearly revenues with the book's rates for the ABC
// classes; without rates (or with one missing) they are compared as
// recorded, and the note says so.
func abcValues(s riskInputs, yearly map[accounts.ID]accounts.Money, today accounts.Date) (map[accounts.ID]int64, accounts.Phrase, error) {
	var rates accounts.Rates
	if r, ok := s.(interface {
		Rates() (accounts.Rates, error)
	}); ok {
		var err error
		if rates, err = r.Rates(); err != nil {
			return nil, accounts.Phrase{}, err
		}
	}
	values, t, err := rates.Values(today, yearly)
	switch {
	case err != nil:
		out := make(map[accounts.ID]int64, len(yearly))
		for id, m := range yearly {
			out[id] = m.Minor
		}
		if rates.Reporting == "" {
			return out, accounts.Phrase{}, nil
		}
		return out, accounts.Say("cli.risk.rates_missing", "Problem", accounts.ErrorPhrase(err)), nil
	case t.Converted:
		return values, accounts.Say("cli.risk.rates_used", "Currency", t.Money.Currency, "Date", t.RateDate.String()), nil
	}
	return values, accounts.Phrase{}, nil
}

func scoreRow(in accounts.RiskInput, today accounts.Date, lang string) riskRow {
	a := in.Account
	rs := accounts.ScoreRisk(in, today)
	clv := accounts.LifetimeValue(a, today)
	cur := a.CurrencyOrDefault()
	row := riskRow{
		ID: a.ID, Name: a.Name, Owner: a.Owner, Tier: a.Tier,
		Score: rs.Score, Level: rs.Level,
		CLV:           accounts.Money{Minor: clv.Total, Currency: cur},
		YearlyRevenue: accounts.Money{Minor: clv.Yearly, Currency: cur},
		Retention:     clv.Retention, Discount: clv.Discount,
		Reasons: make([]riskReason, len(rs.Reasons)),
	}
	for i, r := range rs.Reasons {
		row.Reasons[i] = riskReason{Code: r.Code, Points: r.Points, Text: locale.Say(lang, r.Text), Recorded: r.Recorded}
	}
	return row
}

// riskTopReasons is how many reasons the table shows per account.
const riskTopReasons = 2

func printRisk(e *env, rows []riskRow, lang string) {
	head := []string{locale.T(lang, "cli.risk.head.score", nil), locale.T(lang, "cli.risk.head.level", nil), locale.T(lang, "cli.risk.head.name", nil),
		locale.T(lang, "cli.risk.head.owner", nil), locale.T(lang, "cli.risk.head.class", nil), locale.T(lang, "cli.risk.head.clv", nil), locale.T(lang, "cli.risk.head.reasons", nil)}
	t := &table{}
	t.add(head...)
	for _, r := range rows {
		reasons := make([]string, 0, riskTopReasons)
		for _, x := range r.Reasons[:min(riskTopReasons, len(r.Reasons))] {
			reasons = append(reasons, locale.T(lang, "risk.line", map[string]any{"Points": x.Points, "Text": x.Text}))
		}
		if len(reasons) == 0 {
			reasons = append(reasons, "-")
		}
		t.add(fmt.Sprintf("%3d", r.Score), locale.Say(lang, r.Level.Label()), clip(r.Name, 32), clip(r.Owner, 16),
			string(r.Class), wholeUnits(r.CLV).String(), clip(reasons[0], 90))
		for _, more := range reasons[1:] {
			t.add("", "", "", "", "", "", clip(more, 90))
		}
	}
	t.write(e.stdout, "")
}

// wholeUnits drops the cents of an estimate that is not precise to them.
func wholeUnits(m accounts.Money) accounts.Money {
	m.Minor = (m.Minor + 50) / 100 * 100
	return m
}
