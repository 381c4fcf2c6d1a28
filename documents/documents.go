package documents

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/assets"
)

// recentVisitsInPlan is how many visits the account plan lists; the
// handover dossier lists them all.
const recentVisitsInPlan = 25

// AccountPlan prints the account plan: cover, profile card, revenue and
// share of wallet, the decision-maker map with the contacts, coverage
// findings, open next steps and recent visits, warning signs with the risk
// score, and the plan itself.
func AccountPlan(w io.Writer, f *accounts.AccountData, o Options) error {
	return accountPlan(w, f, o, nil)
}

func accountPlan(w io.Writer, f *accounts.AccountData, o Options, hook func(string)) error {
	return produce(w, o, w0("plan", o.Lang), f, hook, o.Group, func(d *doc, risk accounts.RiskScore, findings []accounts.Finding) {
		d.cover(f, risk, d.t("plan"), groupLine(d, o.Group))
		d.newPage()
		d.planBody(f, risk, findings, recentVisitsInPlan)
	})
}

// produce draws a document with body and writes it to w. It is drawn with
// a font cut to the characters the account (and more, the extra values)
// can hold; should a character outside the cut be measured or drawn, the
// document is drawn again with it added, and at last with the whole font.
// The account's risk and coverage findings, which the font cut and the
// body both need, are worked out once.
func produce(w io.Writer, o Options, kind string, f *accounts.AccountData, hook func(string), extra any, body func(d *doc, risk accounts.RiskScore, findings []accounts.Finding)) error {
	var (
		cut      *runeSet
		risk     accounts.RiskScore
		findings []accounts.Finding
	)
	fc, err := loadFace()
	if !o.Now.IsZero() { // else newDocFont refuses the document
		today := accounts.DateOf(o.Now)
		risk, findings = scoreRisk(f, today), accounts.AnalyzeCoverage(f.Contacts, f.Visits, today)
		if err == nil {
			cut = fc.guess(f, extra, o.Confidential, risk, findings)
		}
	}
	for attempt := 0; ; attempt++ {
		font := assets.FontRegular
		if cut != nil && attempt < 2 {
			font = fc.cut(cut)
		} else {
			cut = nil
		}
		d, err := newDocFont(o, kind, f, font, cut)
		if err != nil {
			return err
		}
		var drawn []string
		if hook != nil {
			d.hook = func(s string) { drawn = append(drawn, s) }
		}
		body(d, risk, findings)
		var buf bytes.Buffer
		if err := d.finish(&buf); err != nil {
			return err
		}
		if cut != nil && len(d.missed) > 0 {
			next := *cut
			for _, r := range d.missed {
				next.add(r)
			}
			cut = &next
			continue
		}
		for _, s := range drawn {
			hook(s)
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write the document: %w", err)
		}
		return nil
	}
}

// w0 is the document title before a doc exists.
func w0(k, lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return w(k, "zh")
	}
	return w(k, "en")
}

func (d *doc) planBody(f *accounts.AccountData, risk accounts.RiskScore, findings []accounts.Finding, visits int) {
	names := contactNames(d, f.Contacts)
	d.profile(f)
	d.groupSection(d.o.Group, f.Account.CurrencyOrDefault())
	d.revenueSection(f)
	d.mapSection(f)
	d.coverageSection(findings, names)
	d.riskSection(f, risk)
	d.planSection(f.Plan, f.Account.CurrencyOrDefault())
	title := d.t("visits")
	if visits == 0 {
		title = d.t("fullHistory")
	}
	d.visitsSection(f, names, visits, title)
}

// VisitBrief prints the one- or two-page brief for the evening before a
// visit: who will be there and how to work with them, what was promised
// last time, open follow-ups, live warning signs and suggested talking
// points.
func VisitBrief(w io.Writer, f *accounts.AccountData, o Options) error {
	return visitBrief(w, f, o, nil)
}

const (
	briefPeople    = 6
	briefFollowUps = 8
	briefPoints    = 6
)

func visitBrief(w io.Writer, f *accounts.AccountData, o Options, hook func(string)) error {
	return produce(w, o, w0("brief", o.Lang), f, hook, nil, func(d *doc, risk accounts.RiskScore, findings []accounts.Finding) {
		a := &f.Account
		met := accounts.LastMet(f.Visits)
		vs := sortedVisits(f.Visits)

		d.newPage()
		d.noHeader[1] = true
		d.fill(accent)
		d.pdf.Rect(0, 0, d.pageW, 4, "F")
		d.y = 12
		d.font(sizeSmall+1, accent)
		d.text(d.left, d.y, d.width(), d.fit(strings.ToUpper(d.t("brief")), d.width()), "L")
		d.y += d.lineH(sizeSmall + 1)
		d.para(d.left, d.width(), a.Name, sizeH1+4, ink)
		d.gap(1)
		// Facts line: owner · tier · stage · last visit, then the risk pill.
		last := accounts.Date{}
		if len(vs) > 0 {
			last = accounts.DateOf(vs[0].At)
		}
		facts := []string{d.t("owner") + ": " + a.Owner, d.in(a.Tier.Label()), d.in(a.Stage.Label()), d.t("lastVisit") + ": " + d.ago(last)}
		d.para(d.left, d.width(), strings.Join(facts, "  ·  "), sizeBody, muted)
		d.gap(1)
		pw := d.pill(d.left, d.y, d.t("risk")+": "+d.in(risk.Level.Label()), riskColour(risk.Level), sizeTable)
		d.font(sizeTable, muted)
		d.text(d.left+pw+2, d.y+0.3, 40, d.tf("score", risk.Score), "L")
		d.y += d.lineH(sizeTable) + 2

		// Who will be there.
		d.h1(d.t("whoThere"), 25)
		people := attendees(f.Contacts, o.Attendees)
		for _, c := range people {
			d.person(c, met[c.ID])
		}
		if len(people) == 0 {
			d.note(d.t("noContacts"))
		}

		// What was promised last time.
		d.h1(d.t("promised"), 15)
		if len(vs) == 0 {
			d.note(d.t("noVisits"))
		} else {
			v := vs[0]
			head := v.At.Format("2006-01-02") + " · " + d.in(v.Kind.Label())
			if v.Outcome != "" {
				head += " · " + d.in(v.Outcome.Label())
			}
			d.para(d.left, d.width(), head, sizeTable, muted)
			if s := strings.TrimSpace(v.Objective + "\n" + v.Summary); s != "" {
				d.para(d.left, d.width(), s, sizeBody, ink)
			}
			d.gap(1)
			for _, n := range v.NextSteps {
				d.checkItem(n.Text+ownerDue(d, n), n.Done, "")
			}
		}

		// Open follow-ups.
		steps := openSteps(f.Visits)
		d.h1(d.t("followUps"), 15)
		if len(steps) == 0 {
			d.note(d.t("noNextSteps"))
		} else {
			more := 0
			if len(steps) > briefFollowUps {
				more = len(steps) - briefFollowUps
				steps = steps[:briefFollowUps]
			}
			d.stepsTable(steps)
			if more > 0 {
				d.note(d.tf("moreFollowUps", more))
			}
		}

		// Live warning signs.
		var live []accounts.Warning
		for _, w := range f.Warnings {
			if w.Live() {
				live = append(live, w)
			}
		}
		d.h1(d.t("liveSigns"), 15)
		if len(live) == 0 {
			d.note(d.t("noWarnings"))
		} else {
			sort.SliceStable(live, func(i, j int) bool { return live[i].Observed.After(live[j].Observed) })
			for _, w := range live {
				s := d.in(w.Kind.Label()) + " (" + d.in(w.Severity.Label()) + ", " + d.date(w.Observed) + ")"
				if w.Evidence != "" {
					s += " — " + w.Evidence
				}
				d.bullet(s, severityColour(w.Severity))
			}
		}

		// Talking points: the coverage actions first, then the biggest risk reasons.
		d.h1(d.t("talkingPoints"), 15)
		var points []string
		for _, fd := range findings {
			if s := d.in(fd.Action); s != "" {
				points = append(points, s)
			}
		}
		for _, r := range risk.Reasons {
			if r.Points > 0 {
				points = append(points, d.in(r.Text))
			}
		}
		if len(points) > briefPoints {
			points = points[:briefPoints]
		}
		if len(points) == 0 {
			d.note(d.t("none"))
		}
		for _, p := range points {
			d.bullet(p, accent)
		}
	})
}

func ownerDue(d *doc, n accounts.NextStep) string {
	var parts []string
	if n.Owner != "" {
		parts = append(parts, n.Owner)
	}
	if !n.Due.IsZero() {
		parts = append(parts, d.t("due")+" "+n.Due.String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// attendees returns the contacts named, or else the most influential
// active ones.
func attendees(cs []accounts.Contact, ids []accounts.ID) []*accounts.Contact {
	var out []*accounts.Contact
	if len(ids) > 0 {
		byID := map[accounts.ID]*accounts.Contact{}
		for i := range cs {
			byID[cs[i].ID] = &cs[i]
		}
		for _, id := range ids {
			if c, ok := byID[id]; ok {
				out = append(out, c)
			}
		}
		return out
	}
	ordered, _ := orderContacts(cs)
	for _, c := range ordered {
		if c.Active() && !c.Placeholder && len(out) < briefPeople {
			out = append(out, c)
		}
	}
	return out
}

// person prints one attendee of a visit brief: a coloured attitude swatch,
// name and role, then style with advice, interests and when we last met.
func (d *doc) person(c *accounts.Contact, last accounts.Date) {
	lh := d.lineH(sizeBody)
	d.ensure(lh*4 + 3)
	y0 := d.y
	ac := attitudeColour(c.Attitude)
	head := d.name(c)
	if c.Title != "" {
		head += " · " + c.Title
	}
	d.para(d.left+4, d.width()*0.62-4, head, sizeH2, ink)
	meta := []string{d.in(c.Role.Label()), d.t("influence") + " " + fmt.Sprint(c.Influence) + "/5", d.t("trust") + ": " + d.in(c.Trust.Label()), d.t("lastMet") + ": " + d.ago(last)}
	d.para(d.left+4, d.width()*0.62-4, strings.Join(meta, " · "), sizeTable, muted)
	yLeft := d.y
	// Attitude in words and colour on the right.
	d.y = y0
	d.font(sizeTable, white)
	aw := d.pill(d.right-d.measure(d.clean(d.in(c.Attitude.Label())))-3.2, y0+0.6, d.in(c.Attitude.Label()), ac, sizeTable)
	_ = aw
	d.y = yLeft + 0.5
	var lines []string
	if c.Style != "" {
		lines = append(lines, d.in(c.Style.Label())+" — "+d.in(c.Style.Advice()))
	}
	if c.PersonalInterests != "" {
		lines = append(lines, d.t("interests")+": "+c.PersonalInterests)
	}
	if c.PersonalWins != "" {
		lines = append(lines, d.t("wins")+": "+c.PersonalWins)
	}
	if d.o.IncludePrivate && c.PrivateRemarks != "" {
		lines = append(lines, d.t("private")+": "+c.PrivateRemarks)
	}
	for _, l := range lines {
		d.para(d.left+4, d.width()-4, l, sizeTable, ink)
	}
	// The swatch runs the height of the entry.
	if d.pdf.PageNo() > 0 && d.y > y0 {
		d.fill(ac)
		d.pdf.Rect(d.left, y0+0.5, 1.4, d.y-y0-0.5, "F")
	}
	d.gap(2.5)
}

// checkItem prints a checkbox square, ticked when done, and the text.
func (d *doc) checkItem(s string, done bool, after string) {
	lh := d.lineH(sizeBody)
	d.font(sizeBody, ink)
	lines := d.wrap(s, d.width()-7)
	d.ensure(lh * float64(min(2, len(lines))))
	box := 3.0
	bx, by := d.left+0.5, d.y+(lh-box)/2
	d.draw(muted)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Rect(bx, by, box, box, "D")
	if done {
		d.draw(green)
		d.pdf.SetLineWidth(0.5)
		d.pdf.Line(bx+0.6, by+1.6, bx+1.3, by+2.4)
		d.pdf.Line(bx+1.3, by+2.4, bx+2.6, by+0.6)
	}
	d.pdf.SetLineWidth(0.2)
	for _, l := range lines {
		d.ensure(lh)
		d.text(d.left+7, d.y, d.width()-7, l, "L")
		d.y += lh
	}
	if after != "" {
		d.para(d.left+7, d.width()-7, after, sizeSmall, muted)
	}
	d.gap(1.2)
}

// HandoverDossier prints what a successor needs to take over the account:
// the handover (from, to, reason, notes), the introductions checklist, the
// ownership history, the account plan and the full visit history. h must
// list the account.
func HandoverDossier(w io.Writer, f *accounts.AccountData, h accounts.Handover, o Options) error {
	return handoverDossier(w, f, h, o, nil)
}

func handoverDossier(w io.Writer, f *accounts.AccountData, h accounts.Handover, o Options, hook func(string)) error {
	var ha *accounts.HandoverAccount
	for i := range h.Accounts {
		if h.Accounts[i].AccountID == f.Account.ID {
			ha = &h.Accounts[i]
		}
	}
	if ha == nil {
		return fmt.Errorf("the handover from %s does not include the account %s", h.From, f.Account.Name)
	}
	return produce(w, o, w0("dossier", o.Lang), f, hook, h, func(d *doc, risk accounts.RiskScore, findings []accounts.Finding) {
		d.cover(f, risk, d.t("dossier"), []kv{
			{d.t("handoverFrom"), h.From},
			{d.t("handoverTo"), ha.To},
			{d.t("handoverDate"), d.date(h.Date)},
			{d.t("handoverReason"), h.Reason},
		})
		d.newPage()
		d.h1(d.t("handoverNotes"), 15)
		if strings.TrimSpace(ha.Notes) == "" {
			d.note(d.t("none"))
		} else {
			d.para(d.left, d.width(), ha.Notes, sizeBody, ink)
		}
		d.h1(d.t("introductions"), 15)
		d.para(d.left, d.width(), d.t("introHint"), sizeTable, muted)
		d.gap(1.5)
		if len(ha.Introductions) == 0 {
			d.note(d.t("noIntroductions"))
		}
		byID := map[accounts.ID]*accounts.Contact{}
		for i := range f.Contacts {
			byID[f.Contacts[i].ID] = &f.Contacts[i]
		}
		met := accounts.LastMet(f.Visits)
		for _, in := range ha.Introductions {
			c, ok := byID[in.ContactID]
			if !ok {
				continue
			}
			s := d.name(c)
			if c.Title != "" {
				s += " · " + c.Title
			}
			s += " — " + d.in(c.Role.Label()) + ", " + d.in(c.Attitude.Label())
			after := d.t("lastMet") + ": " + d.ago(met[c.ID])
			if in.Done {
				after = d.tf("doneOn", d.date(in.DoneOn)) + " · " + after
			}
			d.checkItem(s, in.Done, after)
		}
		if len(f.Account.OwnerHistory) > 0 {
			d.h1(d.t("ownerHistory"), 15)
			rows := make([][]cell, 0, len(f.Account.OwnerHistory))
			for _, oc := range f.Account.OwnerHistory {
				rows = append(rows, []cell{plain(oc.At.Format("2006-01-02")), plain(oc.From), plain(oc.To), plain(oc.Reason)})
			}
			d.table([]column{{head: d.t("date"), width: 12}, {head: d.t("handoverFrom"), width: 18}, {head: d.t("handoverTo"), width: 18}, {head: d.t("handoverReason"), width: 40}}, rows)
		}
		d.planBody(f, risk, findings, 0)
	})
}

// PlanFileName returns a file name for a document about account a that is
// safe on Windows, macOS and Linux, such as "plan-华东精密制造-2026-11-23.pdf".
// kind is "plan", "brief" or "dossier".
func PlanFileName(a accounts.Account, kind string, now time.Time) string {
	clean := func(s string) string {
		var b strings.Builder
		dash := false
		for _, r := range strings.TrimSpace(s) {
			bad := r < 32 || r == 127 || strings.ContainsRune(`<>:"/\|?*`, r) || r == ' ' || r == '\t'
			if bad {
				if !dash && b.Len() > 0 {
					b.WriteByte('-')
					dash = true
				}
				continue
			}
			b.WriteRune(r)
			dash = r == '-'
		}
		return strings.Trim(b.String(), "-. ")
	}
	k := clean(kind)
	if k == "" {
		k = "plan"
	}
	name := clean(a.Name)
	if r := []rune(name); len(r) > 80 {
		name = strings.Trim(string(r[:80]), "-. ")
	}
	parts := []string{k}
	if name != "" {
		parts = append(parts, name)
	}
	parts = append(parts, now.Format("2006-01-02"))
	return strings.Join(parts, "-") + ".pdf"
}
