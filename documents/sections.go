package documents

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"keycard/accounts"
)

// cover draws the first page: what the document is, the account, and the
// few facts a reader wants before turning the page.
func (d *doc) cover(f *accounts.AccountData, risk accounts.RiskScore, kind string, extra []kv) {
	d.newPage()
	d.noHeader[d.pdf.PageNo()] = true
	a := &f.Account
	d.fill(accent)
	d.pdf.Rect(0, 0, d.pageW, 6, "F")
	d.y = 48
	d.font(sizeH2, accent)
	d.text(d.left, d.y, d.width(), d.fit(strings.ToUpper(kind), d.width()), "L")
	d.y += d.lineH(sizeH2) + 3
	d.para(d.left, d.width(), a.Name, sizeTitle, ink)
	if a.LegalName != "" && a.LegalName != a.Name {
		d.para(d.left, d.width(), a.LegalName, sizeH2, muted)
	}
	d.gap(5)
	d.draw(accent)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Line(d.left, d.y, d.left+30, d.y)
	d.pdf.SetLineWidth(0.2)
	d.gap(8)

	// Risk badge: level and score, in words as well as colour.
	d.font(sizeSmall, muted)
	d.text(d.left, d.y, d.width(), d.t("riskLevel"), "L")
	d.y += d.lineH(sizeSmall) + 0.5
	pw := d.pill(d.left, d.y, d.in(risk.Level.Label()), riskColour(risk.Level), sizeH2)
	d.font(sizeH2, ink)
	d.text(d.left+pw+3, d.y+0.3, 60, d.tf("score", risk.Score), "L")
	d.y += d.lineH(sizeH2) + 6

	team := strings.Join(a.Team, ", ")
	items := []kv{
		{d.t("owner"), a.Owner},
		{d.t("team"), team},
		{d.t("tier"), d.in(a.Tier.Label())},
		{d.t("stage"), d.in(a.Stage.Label())},
		{d.t("industry"), a.Industry},
		{d.t("region"), a.Region},
		{d.t("renewal"), renewal(a.RenewalDate)},
		{d.t("generated"), d.o.Now.Format("2006-01-02")},
	}
	d.kvGrid(append(items, extra...), 2)
	active := 0
	for _, c := range f.Contacts {
		if c.Active() {
			active++
		}
	}
	d.gap(4)
	d.para(d.left, d.width(), d.tf("contactsOverview", len(f.Contacts), active, len(f.Visits)), sizeBody, muted)
}

func renewal(x accounts.Date) string {
	if x.IsZero() {
		return ""
	}
	return x.String()
}

// profile prints the profile card (大客户资料卡).
func (d *doc) profile(f *accounts.AccountData) {
	a := &f.Account
	cur := a.CurrencyOrDefault()
	d.h1(d.t("profile"), 20)
	var comps []string
	for _, c := range a.Competitors {
		s := c.Name
		if c.Share > 0 {
			s += fmt.Sprintf(" (%s %.0f%%)", d.t("share"), c.Share*100)
		}
		if c.Position != "" {
			s += " — " + c.Position
		}
		comps = append(comps, s)
	}
	cad := ""
	if a.CadenceDays > 0 {
		cad = d.tf("cadenceDays", a.CadenceDays)
	}
	money := func(m accounts.Money) string {
		if m.IsZero() {
			return ""
		}
		return d.money(m, cur)
	}
	d.kvGrid([]kv{
		{d.t("legalName"), a.LegalName},
		{d.t("industry"), a.Industry},
		{d.t("region"), a.Region},
		{d.t("address"), a.Address},
		{d.t("website"), a.Website},
		{d.t("tags"), strings.Join(a.Tags, ", ")},
		{d.t("credit"), a.CreditRating},
		{d.t("terms"), a.PaymentTerms},
		{d.t("overdue"), money(a.OverdueReceivables)},
		{d.t("potential"), money(a.Potential)},
		{d.t("renewal"), renewal(a.RenewalDate)},
		{d.t("cadence"), cad},
	}, 3)
	if len(comps) > 0 {
		d.labelled(d.t("competitors"), strings.Join(comps, "\n"))
	}
	d.labelled(d.t("goals"), a.StrategicGoals)
	d.labelled(d.t("valueProp"), a.ValueProposition)
	d.labelled(d.t("whyBuy"), a.WhyTheyBuy)
	d.labelled(d.t("strengths"), a.Strengths)
	d.labelled(d.t("weaknesses"), a.Weaknesses)
	d.labelled(d.t("habits"), a.TransactionHabits)
	d.labelled(d.t("notes"), a.Notes)
}

func (d *doc) revenueSection(f *accounts.AccountData) {
	d.h1(d.t("revenue"), 60)
	if len(f.Account.Revenue) == 0 {
		d.note(d.t("noRevenue"))
		return
	}
	d.revenueChart(&f.Account)
}

// mapSection draws the decision-maker map and the contacts table.
func (d *doc) mapSection(f *accounts.AccountData) {
	if d.y > d.top+(d.bottom-d.top)*0.45 {
		d.newPage()
	}
	d.h1(d.t("map"), 60)
	if len(f.Contacts) == 0 {
		d.note(d.t("noContacts"))
		return
	}
	ordered, num := orderContacts(f.Contacts)
	d.decisionMap(f, num)
	d.h2(d.t("contacts"), 15)
	d.contactsTable(ordered, num)
}

func (d *doc) contactsTable(cs []*accounts.Contact, num map[accounts.ID]int) {
	cols := []column{
		{head: "#", width: 4, align: "R"},
		{head: d.t("name") + " / " + d.t("title"), width: 21},
		{head: d.t("role"), width: 12},
		{head: d.t("influence"), width: 8, align: "C"},
		{head: d.t("attitude"), width: 12},
		{head: d.t("trust"), width: 10},
		{head: d.t("style"), width: 10},
		{head: d.t("interests"), width: 23},
	}
	rows := make([][]cell, 0, len(cs))
	for _, c := range cs {
		who := d.name(c)
		if c.Title != "" && !strings.Contains(who, c.Title) { // a seat's name is already its title
			who += "\n" + c.Title
		}
		if !c.Active() {
			who += "\n" + d.t("left") + " " + d.date(c.LeftOn)
			if c.LeftTo != "" {
				who += " → " + c.LeftTo
			}
		}
		interests := c.PersonalInterests
		if c.PersonalWins != "" {
			interests = strings.TrimSpace(interests + "\n" + d.t("wins") + ": " + c.PersonalWins)
		}
		if d.o.IncludePrivate && c.PrivateRemarks != "" {
			interests = strings.TrimSpace(interests + "\n" + d.t("private") + ": " + c.PrivateRemarks)
		}
		ac := attitudeColour(c.Attitude)
		row := []cell{
			plain(strconv.Itoa(num[c.ID])),
			{s: who},
			plain(d.in(c.Role.Label())),
			plain(strconv.Itoa(c.Influence) + " / 5"),
			{s: d.in(c.Attitude.Label()), dot: &ac},
			plain(d.in(c.Trust.Label())),
			plain(d.in(c.Style.Label())),
			plain(interests),
		}
		if !c.Active() {
			for i := range row {
				row[i].colour = &faint
			}
			row[1].strike = true
		}
		rows = append(rows, row)
	}
	d.table(cols, rows)
}

func (d *doc) coverageSection(findings []accounts.Finding, names map[accounts.ID]string) {
	d.h1(d.t("coverage"), 20)
	if len(findings) == 0 {
		d.note(d.t("noFindings"))
		return
	}
	for _, fd := range findings {
		d.ensure(d.lineH(sizeBody)*3 + 4)
		sc := severityColour(fd.Severity)
		pw := d.pill(d.left, d.y+0.3, d.in(fd.Severity.Label()), sc, sizeSmall)
		what := d.in(fd.What)
		var who []string
		for _, id := range fd.ContactIDs {
			if n, ok := names[id]; ok {
				who = append(who, n)
			}
		}
		if len(who) > 0 {
			what += " (" + strings.Join(who, ", ") + ")"
		}
		d.para(d.left+pw+2.5, d.width()-pw-2.5, what, sizeBody, ink)
		if s := d.in(fd.Why); s != "" {
			d.para(d.left+pw+2.5, d.width()-pw-2.5, s, sizeTable, muted)
		}
		if s := d.in(fd.Action); s != "" {
			d.para(d.left+pw+2.5, d.width()-pw-2.5, "→ "+s, sizeTable, accent)
		}
		d.gap(2.2)
	}
}

func (d *doc) riskSection(f *accounts.AccountData, risk accounts.RiskScore) {
	d.h1(d.t("riskTitle"), 30)
	d.font(sizeSmall, muted)
	d.text(d.left, d.y, d.width(), d.t("riskScore"), "L")
	d.y += d.lineH(sizeSmall) + 0.5
	d.font(sizeTitle, riskColour(risk.Level))
	sc := strconv.Itoa(risk.Score)
	sw := d.measure(sc) + 1
	d.text(d.left, d.y, sw, sc, "L")
	d.font(sizeH2, muted)
	d.text(d.left+sw+1, d.y+d.lineH(sizeTitle)-d.lineH(sizeH2)-0.6, 14, "/ 100", "L")
	d.pill(d.left+sw+16, d.y+d.lineH(sizeTitle)-d.lineH(sizeH2)-0.6, d.in(risk.Level.Label()), riskColour(risk.Level), sizeBody)
	d.y += d.lineH(sizeTitle) + 3
	d.h2(d.t("reasons"), 10)
	if len(risk.Reasons) == 0 {
		d.note(d.t("noReasons"))
	} else {
		rows := make([][]cell, 0, len(risk.Reasons))
		for _, r := range risk.Reasons {
			rows = append(rows, []cell{plain(fmt.Sprintf("%+d", r.Points)), plain(d.in(r.Text))})
		}
		d.table([]column{{head: d.t("points"), width: 1, align: "R"}, {head: d.t("reason"), width: 9}}, rows)
	}
	d.h2(d.t("recorded"), 10)
	ws := append([]accounts.Warning(nil), f.Warnings...)
	sort.SliceStable(ws, func(i, j int) bool {
		if ws[i].Live() != ws[j].Live() {
			return ws[i].Live()
		}
		return ws[i].Observed.After(ws[j].Observed)
	})
	if len(ws) == 0 {
		d.note(d.t("noWarnings"))
		return
	}
	d.warningsTable(ws)
}

func (d *doc) warningsTable(ws []accounts.Warning) {
	rows := make([][]cell, 0, len(ws))
	for _, w := range ws {
		sc := severityColour(w.Severity)
		row := []cell{
			plain(d.date(w.Observed)),
			plain(d.in(w.Kind.Label())),
			{s: d.in(w.Severity.Label()), dot: &sc},
			plain(d.in(w.Status.Label())),
			plain(w.Evidence),
			plain(w.Mitigation),
		}
		if !w.Live() {
			for i := range row {
				row[i].colour = &muted
			}
		}
		rows = append(rows, row)
	}
	d.table([]column{
		{head: d.t("observed"), width: 10},
		{head: d.t("sign"), width: 18},
		{head: d.t("severity"), width: 9},
		{head: d.t("status"), width: 9},
		{head: d.t("evidence"), width: 22},
		{head: d.t("mitigation"), width: 22},
	}, rows)
}

// openStep is an open next step with the visit it was agreed at.
type openStep struct {
	accounts.NextStep
	agreed accounts.Date
}

func openSteps(visits []accounts.Visit) []openStep {
	var out []openStep
	for _, v := range visits {
		for _, n := range v.NextSteps {
			if !n.Done {
				out = append(out, openStep{n, accounts.DateOf(v.At)})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Due, out[j].Due
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Before(b)
	})
	return out
}

func (d *doc) stepsTable(steps []openStep) {
	rows := make([][]cell, 0, len(steps))
	for _, s := range steps {
		due := d.date(s.Due)
		var col *rgb
		if !s.Due.IsZero() && s.Due.Before(d.today) {
			due += "\n" + d.t("overdueMark")
			col = &red
		}
		rows = append(rows, []cell{{s: due, colour: col}, plain(s.Text), plain(s.Owner), plain(d.date(s.agreed))})
	}
	d.table([]column{{head: d.t("due"), width: 12}, {head: d.t("step"), width: 50}, {head: d.t("owner"), width: 14}, {head: d.t("fromVisit"), width: 12}}, rows)
}

func sortedVisits(vs []accounts.Visit) []accounts.Visit {
	out := append([]accounts.Visit(nil), vs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out
}

func (d *doc) visitsTable(vs []accounts.Visit, names map[accounts.ID]string) {
	rows := make([][]cell, 0, len(vs))
	for _, v := range vs {
		var met []string
		for _, id := range v.ContactIDs {
			if n, ok := names[id]; ok {
				met = append(met, n)
			}
		}
		text := v.Objective
		if v.Summary != "" {
			text = strings.TrimSpace(text + "\n" + v.Summary)
		}
		var oc *rgb
		switch v.Outcome {
		case accounts.OutcomePositive:
			oc = &green
		case accounts.OutcomeNegative:
			oc = &red
		case accounts.OutcomeNeutral:
			oc = &grey
		}
		outcome := cell{s: "—"}
		if v.Outcome != "" {
			outcome = cell{s: d.in(v.Outcome.Label()), dot: oc}
		}
		rows = append(rows, []cell{
			plain(v.At.Format("2006-01-02")),
			plain(d.in(v.Kind.Label())),
			plain(strings.Join(met, ", ")),
			plain(text),
			outcome,
		})
	}
	d.table([]column{
		{head: d.t("date"), width: 11},
		{head: d.t("kind"), width: 11},
		{head: d.t("attendees"), width: 18},
		{head: d.t("summary"), width: 47},
		{head: d.t("outcome"), width: 11},
	}, rows)
}

// visitsSection prints the open next steps and the newest visits (all of
// them when limit is 0).
func (d *doc) visitsSection(f *accounts.AccountData, names map[accounts.ID]string, limit int, title string) {
	d.h1(title, 25)
	d.h2(d.t("nextSteps"), 10)
	steps := openSteps(f.Visits)
	if len(steps) == 0 {
		d.note(d.t("noNextSteps"))
	} else {
		d.stepsTable(steps)
	}
	vs := sortedVisits(f.Visits)
	if limit > 0 {
		d.h2(d.t("recentVisits"), 10)
	} else {
		d.h2(d.t("visitHistory"), 10)
	}
	if len(vs) == 0 {
		d.note(d.t("noVisits"))
		return
	}
	more := 0
	if limit > 0 && len(vs) > limit {
		more = len(vs) - limit
		vs = vs[:limit]
	}
	d.visitsTable(vs, names)
	if more > 0 {
		d.note(d.tf("moreVisits", more))
	}
}

func (d *doc) planSection(pl *accounts.Plan, cur string) {
	d.h1(d.t("thePlan"), 25)
	if pl == nil || len(pl.Objectives)+len(pl.Strategies)+len(pl.Actions)+len(pl.Opportunities) == 0 {
		d.note(d.t("noPlan"))
		return
	}
	progress := func(p accounts.Progress) cell {
		var c rgb
		switch p {
		case accounts.ProgressDone:
			c = green
		case accounts.ProgressBlocked:
			c = red
		case accounts.ProgressInProgress:
			c = accent
		default:
			c = grey
		}
		return cell{s: d.in(p.Label()), dot: &c}
	}
	objText := map[accounts.ID]string{}
	d.h2(d.t("objectives"), 10)
	if len(pl.Objectives) == 0 {
		d.note(d.t("none"))
	} else {
		rows := make([][]cell, 0, len(pl.Objectives))
		for i, o := range pl.Objectives {
			objText[o.ID] = "O" + strconv.Itoa(i+1)
			rows = append(rows, []cell{plain("O" + strconv.Itoa(i+1)), plain(o.Text), plain(o.Target), plain(d.date(o.Due)), progress(o.Status)})
		}
		d.table([]column{{head: "#", width: 5}, {head: d.t("objective"), width: 45}, {head: d.t("target"), width: 22}, {head: d.t("due"), width: 12}, {head: d.t("status"), width: 14}}, rows)
	}
	d.h2(d.t("strategies"), 8)
	if len(pl.Strategies) == 0 {
		d.note(d.t("none"))
	}
	for _, s := range pl.Strategies {
		d.bullet(s.Text, accent)
	}
	d.h2(d.t("actions"), 10)
	if len(pl.Actions) == 0 {
		d.note(d.t("none"))
	} else {
		rows := make([][]cell, 0, len(pl.Actions))
		for _, a := range pl.Actions {
			rows = append(rows, []cell{plain(a.Text), plain(objText[a.ObjectiveID]), plain(a.Owner), plain(d.date(a.Due)), progress(a.Status)})
		}
		d.table([]column{{head: d.t("action"), width: 48}, {head: d.t("objective"), width: 9}, {head: d.t("owner"), width: 15}, {head: d.t("due"), width: 12}, {head: d.t("status"), width: 14}}, rows)
	}
	d.h2(d.t("opportunities"), 10)
	if len(pl.Opportunities) == 0 {
		d.note(d.t("none"))
		return
	}
	rows := make([][]cell, 0, len(pl.Opportunities)+1)
	var open []accounts.Money
	for _, o := range pl.Opportunities {
		if o.Stage.Open() {
			v := o.Value
			if v.Currency == "" {
				v.Currency = cur // an amount without a currency is in the account's
			}
			open = append(open, v)
		}
		rows = append(rows, []cell{plain(o.Product), plain(d.money(o.Value, cur)), plain(d.in(o.Stage.Label())), plain(d.date(o.ExpectedClose)), plain(o.Notes)})
	}
	total, note := d.openPipeline(open, cur)
	rows = append(rows, []cell{{s: d.t("openPipeline"), colour: &accent}, {s: total, colour: &accent}, plain(""), plain(""), plain("")})
	d.table([]column{{head: d.t("product"), width: 26}, {head: d.t("value"), width: 17, align: "R"}, {head: d.t("oppStage"), width: 14}, {head: d.t("close"), width: 12}, {head: d.t("notes"), width: 29}}, rows)
	if note != "" {
		d.note(note)
	}
}

// openPipeline is the plan's open pipeline as one amount, and a note when
// it took converting: in the account's currency when every open amount is;
// else converted to the reporting currency at the rates of the day (the
// note says which); else, with no rate to convert by, per currency (the
// note says where rates are entered), never a sum of unlike amounts.
func (d *doc) openPipeline(open []accounts.Money, cur string) (total, note string) {
	var sum int64
	byCur := map[string]int64{}
	for _, m := range open {
		byCur[m.Currency] += m.Minor
		sum += m.Minor
	}
	if len(byCur) <= 1 && (len(byCur) == 0 || byCur[cur] == sum) {
		return d.money(accounts.Money{Minor: sum, Currency: cur}, cur), ""
	}
	if d.o.Rates != nil && d.o.Rates.Reporting != "" {
		if t, err := d.o.Rates.Sum(d.today, open...); err == nil {
			if !t.Converted {
				return d.money(t.Money, t.Money.Currency), "" // all in the reporting currency
			}
			return d.money(t.Money, t.Money.Currency), d.tf("pipelineConverted", t.Money.Currency, d.date(t.RateDate))
		}
	}
	curs := make([]string, 0, len(byCur))
	for c := range byCur {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	parts := make([]string, len(curs))
	for i, c := range curs {
		parts[i] = d.money(accounts.Money{Minor: byCur[c], Currency: c}, c)
	}
	return strings.Join(parts, " + "), d.t("pipelineNoRate")
}

func contactNames(d *doc, cs []accounts.Contact) map[accounts.ID]string {
	m := make(map[accounts.ID]string, len(cs))
	for i := range cs {
		m[cs[i].ID] = d.name(&cs[i])
	}
	return m
}
