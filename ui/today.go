package ui

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// todayLimit caps each section of Today: a long tail is better served by the
// portfolio list's sort than by a page nobody scrolls.
const todayLimit = 40

// todayData is what the Today view shows, gathered off the UI goroutine.
type todayData struct {
	overdue   []book.FollowUp // the first todayLimit
	thisWeek  []book.FollowUp
	nOverdue  int // all of them
	nWeek     int
	stale     []staleAccount
	renewals  []book.Summary
	birthdays []birthday
	recent    []recentVisit
	risen     []risenAccount // risk rose since last week (risk.go)
	handed    []book.Revoked // handed over to someone else through the team server, last 30 days

	comments []book.ReviewComment // the manager's review comments of the last week (reviewnote.go)

	birthdaysLoading bool
}

type staleAccount struct {
	book.Summary
	days int // days since the last visit; -1 for never visited
}

type birthday struct {
	account   book.Summary
	contact   accounts.Contact
	next      accounts.Date
	inDays    int
	turnsYear int
}

type recentVisit struct {
	visit accounts.Visit
	name  string
}

// keyContact reports whether a contact's birthday belongs on Today: an
// active person who decides or champions us.
func keyContact(c *accounts.Contact) bool { return book.KeyContact(c) }

// loadToday reads what Today shows from the indexes: follow-ups, accounts
// past their cadence, renewals and recent visits. Birthdays come separately.
func loadToday(s *book.Book, today accounts.Date) (todayData, error) {
	var d todayData
	// The rows shown are read, the others only counted.
	due, err := s.FollowUpsDue(today, today.AddDays(7), todayLimit)
	if err != nil {
		return d, err
	}
	d.overdue, d.thisWeek, d.nOverdue, d.nWeek = due.Overdue, due.Soon, due.OverdueCount, due.SoonCount
	sums, err := s.Summaries()
	if err != nil {
		return d, err
	}
	names := make(map[accounts.ID]string, len(sums))
	for _, a := range sums {
		names[a.ID] = a.Name
		if a.CadenceDays <= 0 || a.Stage == accounts.StageExit {
			continue
		}
		if a.LastVisit.IsZero() {
			d.stale = append(d.stale, staleAccount{a, -1})
		} else if n := a.LastVisit.DaysUntil(today); n > a.CadenceDays {
			d.stale = append(d.stale, staleAccount{a, n})
		}
	}
	sort.SliceStable(d.stale, func(i, j int) bool {
		return overdueBy(d.stale[i]) > overdueBy(d.stale[j])
	})
	if d.risen, err = loadRisen(s, today, sums); err != nil {
		return d, err
	}
	if d.renewals, err = s.Renewals(today, today.AddDays(90)); err != nil {
		return d, err
	}
	if d.handed, err = recentlyHanded(s, today); err != nil {
		return d, err
	}
	if d.comments, err = s.ReviewComments(reviewCommentsSince(today)); err != nil {
		return d, err
	}
	vs, err := s.RecentVisits(10)
	if err != nil {
		return d, err
	}
	for _, v := range vs {
		d.recent = append(d.recent, recentVisit{visit: v, name: names[v.AccountID]})
	}
	return d, nil
}

// recentlyHanded are the accounts the team server handed to someone else
// in the last 30 days: they are no longer shown here, and Today says where
// they went.
func recentlyHanded(s *book.Book, today accounts.Date) ([]book.Revoked, error) {
	all, err := s.HandedOver()
	if err != nil {
		return nil, err
	}
	var out []book.Revoked
	for _, h := range all {
		if !accounts.DateOf(h.At.Local()).Before(today.AddDays(-30)) {
			out = append(out, h)
		}
	}
	return out, nil
}

// loadBirthdays finds key contacts' birthdays in the next 14 days, from the
// birthday index (only the contacts born in those days are read).
func loadBirthdays(s *book.Book, today accounts.Date) ([]birthday, error) {
	sums, err := s.Summaries()
	if err != nil {
		return nil, err
	}
	all, err := s.Birthdays(today, 14)
	if err != nil {
		return nil, err
	}
	soon := map[accounts.ID][]birthday{}
	for _, c := range all {
		if !keyContact(&c) {
			continue
		}
		next := c.Birthday.NextAnniversary(today)
		if n := today.DaysUntil(next); n <= 14 {
			soon[c.AccountID] = append(soon[c.AccountID], birthday{contact: c, next: next, inDays: n, turnsYear: next.Year - c.Birthday.Year})
		}
	}
	var out []birthday
	for _, a := range sums { // in the list's order, so ties read as the portfolio does
		for _, b := range soon[a.ID] {
			b.account = a
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].inDays < out[j].inDays })
	return out, nil
}

// overdueBy orders stale accounts: never visited first, then the furthest past cadence.
func overdueBy(a staleAccount) int {
	if a.days < 0 {
		return 1 << 30
	}
	return a.days - a.CadenceDays
}

// todayView is the home view: what needs attention today.
type todayView struct {
	w       *shell
	title   *widget.Label
	body    *fyne.Container
	content fyne.CanvasObject
	data    todayData
	gen     int             // counts reloads so the results of an older one are dropped
	checks  []*widget.Check // the follow-up ticks, for tests
	// expanded holds the sections the user opened in full; the others show
	// their first todayFold rows so every section is in view at once.
	expanded map[string]bool
}

// todayFold is how many rows a section shows before "Show all".
const todayFold = 6

func newTodayView(w *shell) *todayView {
	t := &todayView{w: w, title: heading(lang.L("today.title")), body: container.NewVBox()}
	t.body.Add(&widget.Label{Text: lang.L("today.loading"), Importance: widget.LowImportance})
	t.content = container.NewBorder(container.NewVBox(t.title, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(t.body))
	return t
}

func (t *todayView) reload() {
	var d todayData
	var err error
	today := t.w.day()
	t.gen++
	gen := t.gen
	t.w.background("load today", func() { d, err = loadToday(t.w.book, today) }, func() {
		if gen != t.gen {
			return
		}
		if err != nil {
			t.w.showError(err)
			return
		}
		d.birthdays, d.birthdaysLoading = t.data.birthdays, true
		t.data = d
		t.render(today)
		var bs []birthday
		t.w.background("load birthdays", func() { bs, err = loadBirthdays(t.w.book, today) }, func() {
			if err != nil || gen != t.gen {
				return
			}
			t.data.birthdays, t.data.birthdaysLoading = bs, false
			t.render(today)
		})
	})
}

func (t *todayView) render(today accounts.Date) {
	d := t.data
	t.title.SetText(lang.L("today.title") + " · " + today.String())
	var objs []fyne.CanvasObject
	section := func(key string, n int, rows []fyne.CanvasObject) {
		objs = append(objs, subheading(lang.L(key, map[string]any{"Count": n})))
		if n == 0 {
			objs = append(objs, &widget.Label{Text: lang.L(key + ".none"), Importance: widget.LowImportance})
		}
		if len(rows) > todayFold && !t.expanded[key] {
			objs = append(objs, rows[:todayFold]...)
			more := &widget.Button{Text: lang.L("today.showall", map[string]any{"Count": n}), Importance: widget.LowImportance,
				Alignment: widget.ButtonAlignLeading, OnTapped: func() {
					if t.expanded == nil {
						t.expanded = map[string]bool{}
					}
					t.expanded[key] = true
					t.render(today)
				}}
			more.ExtendBaseWidget(more)
			objs = append(objs, more)
			return
		}
		objs = append(objs, rows...)
		if n > len(rows) {
			objs = append(objs, &widget.Label{Text: lang.L("today.more", map[string]any{"Count": n - len(rows)}), Importance: widget.LowImportance})
		}
	}
	t.checks = nil
	// First: accounts that left this laptop are news the person must not miss.
	var rows []fyne.CanvasObject
	for _, h := range limit(d.handed) {
		rows = append(rows, &widget.Label{Text: lang.L("today.handed.row", map[string]any{
			"Name": h.Name, "To": h.To, "Date": accounts.DateOf(h.At.Local()).String()}), Truncation: fyne.TextTruncateEllipsis})
	}
	if len(d.handed) > 0 { // only on a laptop the team server took accounts from
		section("today.handed", len(d.handed), rows)
	}
	if len(d.comments) > 0 { // only where a manager left comments
		section("today.reviews", len(d.comments), t.commentRows(d.comments))
	}
	section("today.overdue", d.nOverdue, t.followUpRows(d.overdue, today))
	section("today.week", d.nWeek, t.followUpRows(d.thisWeek, today))

	rows = nil
	for _, a := range limit(d.stale) {
		text := lang.L("today.stale.never", map[string]any{"Name": a.Name, "Cadence": a.CadenceDays})
		if a.days >= 0 {
			text = lang.L("today.stale.row", map[string]any{"Name": a.Name, "Days": a.days, "Cadence": a.CadenceDays})
		}
		rows = append(rows, t.openRow(a.ID, text, a.Owner))
	}
	section("today.stale", len(d.stale), rows)
	section("today.risen", len(d.risen), t.risenRows(d.risen))

	rows = nil
	for _, a := range limit(d.renewals) {
		rows = append(rows, t.openRow(a.ID, lang.L("today.renewal.row", map[string]any{
			"Name": a.Name, "Date": a.RenewalDate.String(), "Days": today.DaysUntil(a.RenewalDate)}), a.Owner))
	}
	section("today.renewals", len(d.renewals), rows)

	rows = nil
	for _, b := range limit(d.birthdays) {
		key := "today.birthday.row"
		if b.inDays == 0 {
			key = "today.birthday.today"
		}
		rows = append(rows, t.openRow(b.account.ID, lang.L(key, map[string]any{
			"Name": b.contact.Name, "Title": b.contact.Title, "Account": b.account.Name,
			"Date": b.next.String(), "Days": b.inDays}), b.account.Owner))
	}
	if d.birthdaysLoading && len(d.birthdays) == 0 {
		objs = append(objs, subheading(lang.L("today.birthdays", map[string]any{"Count": "…"})),
			&widget.Label{Text: lang.L("today.birthdays.loading"), Importance: widget.LowImportance})
	} else {
		section("today.birthdays", len(d.birthdays), rows)
	}

	rows = nil
	for _, r := range d.recent {
		text := r.visit.At.Format("2006-01-02 15:04") + " · " + r.name + " · " + tx(r.visit.Kind.Label())
		if s := firstLine(r.visit.Summary); s != "" {
			text += " — " + s
		}
		rows = append(rows, t.openRow(r.visit.AccountID, text, ""))
	}
	section("today.recent", len(d.recent), rows)
	t.body.Objects = objs
	t.body.Refresh()
}

func (t *todayView) followUpRows(fus []book.FollowUp, today accounts.Date) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, f := range limit(fus) {
		text := lang.L("today.followup.row", map[string]any{"Due": f.Step.Due.String(), "Account": f.AccountName, "Step": f.Step.Text})
		owner := f.Step.Owner
		if owner == "" {
			owner = f.Owner
		}
		check := &widget.Check{}
		check.OnChanged = func(done bool) {
			var err error
			// The change rescores the account (an overdue follow-up counts
			// in its risk) and leaves Today's row in place.
			t.w.background("tick "+string(f.Step.ID), func() { _, err = t.w.book.TickFollowUp(from(viewToday), f, done, today) }, func() {
				if err != nil {
					t.w.showError(err)
				}
			})
		}
		check.ExtendBaseWidget(check)
		t.checks = append(t.checks, check)
		rows = append(rows, container.NewBorder(nil, nil, check, nil, t.openRow(f.AccountID, text, owner)))
	}
	return rows
}

// openRow is a full-width row that opens its account.
func (t *todayView) openRow(id accounts.ID, text, owner string) fyne.CanvasObject {
	b := newTapLabel(text, func() { t.w.open(id) })
	if owner == "" {
		return b
	}
	o := &widget.Label{Text: owner, SizeName: theme.SizeNameCaptionText}
	return container.NewBorder(nil, nil, nil, o, b)
}

func limit[T any](s []T) []T {
	if len(s) > todayLimit {
		return s[:todayLimit]
	}
	return s
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return s
}
