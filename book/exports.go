package book

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/intake"
	"keycard/locale"
	"keycard/sheets"
	"keycard/storage"
)

// Data exports: the tables of the portfolio, an account's contacts, visits
// and follow-ups, the pipeline and the risk ranking to Excel or CSV (package
// sheets), an account's contacts to vCard and the open follow-ups and
// planned visits to an iCalendar file (package intake). Every file is
// written whole or not at all, readable by its owner only: it is customer
// data. The GUI's File → Export data… and keycardctl's export-xlsx,
// export-csv, export-vcard and export-ics are these use cases.

// What a table export holds.
const (
	SheetPortfolio = "portfolio"
	SheetContacts  = "contacts"
	SheetVisits    = "visits"
	SheetFollowUps = "followups"
	SheetPipeline  = "pipeline"
	SheetRisk      = "risk"
)

// SheetKinds are the tables in the order they are offered.
var SheetKinds = []string{SheetPortfolio, SheetContacts, SheetVisits, SheetFollowUps, SheetPipeline, SheetRisk}

// Table file formats.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// SheetNeedsAccount says whether a table is of one account (contacts,
// visits); follow-ups are of one account or, without one, of everyone's
// (or the owner's) accounts.
func SheetNeedsAccount(what string) bool { return what == SheetContacts || what == SheetVisits }

// SheetOptions say which table to export and how.
type SheetOptions struct {
	What    string      // one of SheetKinds; empty is the portfolio
	Format  string      // FormatXLSX or FormatCSV
	Owner   string      // only this owner's accounts; empty for all
	Account accounts.ID // the account of contacts, visits and follow-ups
	Lang    string      // the language of headers and labels
}

// col is a column of an export: its header's key and kind.
type col struct {
	key  string // dataexport.col.<key>
	kind sheets.Kind
}

// tableSpec is one kind of table: its columns and how its rows are read.
type tableSpec struct {
	cols []col
	rows func(b *Book, ctx context.Context, o SheetOptions, s *sayer) ([][]sheets.Value, error)
}

// sayer words phrases in the export's language. The labels of
// enumerations (tier, stage, risk level…) recur in every row: each is
// worded once per export, not 10,000 times.
type sayer struct {
	lang   string
	labels map[string]string
}

func newSayer(lang string) *sayer {
	return &sayer{lang: locale.Normalize(lang), labels: map[string]string{}}
}

func (s *sayer) say(p accounts.Phrase) string { return locale.Say(s.lang, p) }

// label is an enumeration's label, empty for an empty value.
func (s *sayer) label(v string, p accounts.Phrase) sheets.Value {
	if v == "" {
		return sheets.T("")
	}
	if len(p.Args) > 0 {
		return sheets.T(s.say(p))
	}
	text, ok := s.labels[p.Key]
	if !ok {
		text = s.say(p)
		s.labels[p.Key] = text
	}
	return sheets.T(text)
}

// tableSpecs is every table export, by kind.
var tableSpecs = map[string]tableSpec{
	SheetPortfolio: {cols: []col{{"account", sheets.Text}, {"legal_name", sheets.Text}, {"owner", sheets.Text},
		{"tier", sheets.Text}, {"stage", sheets.Text}, {"industry", sheets.Text}, {"region", sheets.Text},
		{"revenue", sheets.Money}, {"currency", sheets.Text}, {"renewal", sheets.Date}, {"last_visit", sheets.Date},
		{"next_followup", sheets.Date}, {"open_followups", sheets.Number}, {"risk_score", sheets.Number},
		{"risk_level", sheets.Text}, {"abc", sheets.Text}, {"clv", sheets.Money}, {"card", sheets.Percent}},
		rows: portfolioRows},
	SheetContacts: {cols: []col{{"name", sheets.Text}, {"title", sheets.Text}, {"department", sheets.Text},
		{"phone", sheets.Text}, {"email", sheets.Text}, {"messaging", sheets.Text}, {"birthday", sheets.Date},
		{"role", sheets.Text}, {"influence", sheets.Number}, {"attitude", sheets.Text}, {"status", sheets.Text}},
		rows: contactRows},
	SheetVisits: {cols: []col{{"date", sheets.Date}, {"kind", sheets.Text}, {"objective", sheets.Text},
		{"their_side", sheets.Text}, {"our_side", sheets.Text}, {"summary", sheets.Text}, {"outcome", sheets.Text},
		{"open_followups", sheets.Number}},
		rows: visitRows},
	SheetFollowUps: {cols: []col{{"due", sheets.Date}, {"followup", sheets.Text}, {"followup_owner", sheets.Text},
		{"account", sheets.Text}, {"owner", sheets.Text}, {"agreed_on", sheets.Date}},
		rows: followUpRows},
	SheetPipeline: {cols: []col{{"account", sheets.Text}, {"owner", sheets.Text}, {"product", sheets.Text},
		{"opp_stage", sheets.Text}, {"value", sheets.Money}, {"currency", sheets.Text}, {"expected_close", sheets.Date},
		{"notes", sheets.Text}},
		rows: pipelineRows},
	SheetRisk: {cols: []col{{"rank", sheets.Number}, {"account", sheets.Text}, {"owner", sheets.Text}, {"tier", sheets.Text},
		{"risk_score", sheets.Number}, {"risk_level", sheets.Text}, {"reasons", sheets.Text}, {"abc", sheets.Text},
		{"clv", sheets.Money}, {"currency", sheets.Text}, {"card", sheets.Percent}},
		rows: riskRows},
}

// SheetTitle is the key of a table kind's name ("dataexport.what.<kind>").
func SheetTitle(what string) string { return "dataexport.what." + what }

// sheetTable reads the table o asks for.
func (b *Book) sheetTable(ctx context.Context, o *SheetOptions) (sheets.Table, error) {
	if o.What == "" {
		o.What = SheetPortfolio
	}
	spec, ok := tableSpecs[o.What]
	if !ok {
		return sheets.Table{}, accounts.Errorf(accounts.EINVALID, "dataexport.bad_what", "What", o.What, "Kinds", strings.Join(SheetKinds, ", "))
	}
	if SheetNeedsAccount(o.What) && o.Account == "" {
		return sheets.Table{}, accounts.Errorf(accounts.EINVALID, "dataexport.need_account")
	}
	if o.Owner != "" {
		name, err := b.resolveOwner(o.Owner)
		if err != nil {
			return sheets.Table{}, err
		}
		o.Owner = name
	}
	s := newSayer(o.Lang)
	t := sheets.Table{Title: s.say(accounts.Phrase{Key: SheetTitle(o.What)})}
	for _, c := range spec.cols {
		t.Columns = append(t.Columns, sheets.Column{Header: s.say(accounts.Phrase{Key: "dataexport.col." + c.key}), Kind: c.kind})
	}
	rows, err := spec.rows(b, ctx, *o, s)
	if err != nil {
		return sheets.Table{}, err
	}
	t.Rows = rows
	return t, nil
}

// ExportSheet writes the table o asks for to path as Excel or CSV and
// returns the number of rows (without the header).
func (b *Book) ExportSheet(ctx context.Context, path string, o SheetOptions) (int, error) {
	write := sheets.WriteXLSX
	switch o.Format {
	case FormatXLSX:
	case FormatCSV:
		write = sheets.WriteCSV
	default:
		return 0, accounts.Errorf(accounts.EINVALID, "dataexport.bad_format", "Format", o.Format)
	}
	t, err := b.sheetTable(ctx, &o)
	if err != nil {
		return 0, err
	}
	err = writeFile(path, 0o600, accounts.Say("dataexport.write_failed", "Path", path), func(w io.Writer) error { return write(w, t) })
	return len(t.Rows), err
}

// board is the risk board for an export: a board whose snapshots could not
// be saved (a read-only database) is still a board.
func (b *Book) board(ctx context.Context) (*Board, error) {
	bd, err := b.Board(ctx)
	if bd != nil {
		return bd, nil
	}
	return nil, err
}

func portfolioRows(b *Book, ctx context.Context, o SheetOptions, s *sayer) ([][]sheets.Value, error) {
	sums, err := b.summariesOf(o.Owner)
	if err != nil {
		return nil, err
	}
	bd, err := b.board(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([][]sheets.Value, 0, len(sums))
	for _, m := range sums {
		cur := cmp.Or(m.Revenue.Currency, accounts.DefaultCurrency)
		row := []sheets.Value{sheets.T(m.Name), sheets.T(m.LegalName), sheets.T(m.Owner),
			s.label(string(m.Tier), m.Tier.Label()), s.label(string(m.Stage), m.Stage.Label()),
			sheets.T(m.Industry), sheets.T(m.Region), sheets.M(m.Revenue), sheets.T(cur), sheets.D(m.RenewalDate),
			sheets.D(m.LastVisit), sheets.D(m.NextFollowUp), sheets.N(float64(m.OpenFollowUps)),
			{}, {}, {}, {}, {}}
		if e := bd.Get(m.ID); e != nil {
			row[13], row[14] = sheets.N(float64(e.Score.Score)), s.label(string(e.Score.Level), e.Score.Level.Label())
			row[15], row[16], row[17] = sheets.T(string(e.Class)), sheets.M(e.CLVMoney()), sheets.P(float64(e.Card.Score)/100)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// openAccount loads the account an export is of, checking it belongs to
// the owner asked for.
func (b *Book) exportAccount(o SheetOptions) (*accounts.AccountData, error) {
	d, err := b.LoadAccount(o.Account)
	if err != nil {
		return nil, err
	}
	if o.Owner != "" && d.Account.Owner != o.Owner {
		return nil, accounts.Errorf(accounts.EINVALID, "dataexport.not_owners", "Name", d.Account.Name, "Owner", o.Owner)
	}
	return d, nil
}

func contactRows(b *Book, _ context.Context, o SheetOptions, s *sayer) ([][]sheets.Value, error) {
	d, err := b.exportAccount(o)
	if err != nil {
		return nil, err
	}
	var rows [][]sheets.Value
	for _, c := range d.Contacts {
		if c.Placeholder {
			continue
		}
		rows = append(rows, []sheets.Value{sheets.T(c.Name), sheets.T(c.Title), sheets.T(c.Department), sheets.T(c.Phone),
			sheets.T(c.Email), sheets.T(c.MessagingID), sheets.D(c.Birthday), s.label(string(c.Role), c.Role.Label()),
			sheets.N(float64(c.Influence)), s.label(string(c.Attitude), c.Attitude.Label()), s.label(string(c.Status), c.Status.Label())})
	}
	return rows, nil
}

func visitRows(b *Book, _ context.Context, o SheetOptions, s *sayer) ([][]sheets.Value, error) {
	d, err := b.exportAccount(o)
	if err != nil {
		return nil, err
	}
	names := map[accounts.ID]string{}
	for _, c := range d.Contacts {
		names[c.ID] = c.Name
	}
	visits := slices.Clone(d.Visits)
	slices.SortStableFunc(visits, func(x, y accounts.Visit) int { return y.At.Compare(x.At) }) // newest first
	var rows [][]sheets.Value
	for _, v := range visits {
		var theirs []string
		for _, id := range v.ContactIDs {
			if n := names[id]; n != "" {
				theirs = append(theirs, n)
			}
		}
		open := 0
		for _, n := range v.NextSteps {
			if !n.Done {
				open++
			}
		}
		rows = append(rows, []sheets.Value{sheets.D(accounts.DateOf(v.At.Local())), s.label(string(v.Kind), v.Kind.Label()),
			sheets.T(v.Objective), sheets.T(strings.Join(theirs, ", ")), sheets.T(strings.Join(v.OurPeople, ", ")),
			sheets.T(v.Summary), s.label(string(v.Outcome), v.Outcome.Label()), sheets.N(float64(open))})
	}
	return rows, nil
}

// lastDay is the end of every "open follow-ups" read: all of them.
var lastDay = accounts.NewDate(9999, 12, 31)

// openFollowUps are the open next steps of o's account, else of o's owner's
// accounts, else of all, in due order.
func (b *Book) openFollowUps(o SheetOptions) ([]storage.FollowUp, error) {
	if o.Account != "" {
		if _, err := b.exportAccount(o); err != nil {
			return nil, err
		}
	}
	all, err := b.FollowUps(lastDay)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, f := range all {
		if (o.Account == "" || f.AccountID == o.Account) && (o.Owner == "" || f.Owner == o.Owner) {
			out = append(out, f)
		}
	}
	return out, nil
}

func followUpRows(b *Book, _ context.Context, o SheetOptions, _ *sayer) ([][]sheets.Value, error) {
	fs, err := b.openFollowUps(o)
	if err != nil {
		return nil, err
	}
	rows := make([][]sheets.Value, 0, len(fs))
	for _, f := range fs {
		rows = append(rows, []sheets.Value{sheets.D(f.Step.Due), sheets.T(f.Step.Text), sheets.T(f.Step.Owner),
			sheets.T(f.AccountName), sheets.T(f.Owner), sheets.D(accounts.DateOf(f.VisitAt.Local()))})
	}
	return rows, nil
}

func pipelineRows(b *Book, _ context.Context, o SheetOptions, s *sayer) ([][]sheets.Value, error) {
	sums, err := b.summariesOf(o.Owner)
	if err != nil {
		return nil, err
	}
	var rows [][]sheets.Value
	for _, m := range sums {
		pl, err := b.Plan(m.ID)
		if accounts.ErrorCode(err) == accounts.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		opps := slices.Clone(pl.Opportunities)
		slices.SortStableFunc(opps, func(x, y accounts.Opportunity) int {
			return cmp.Compare(x.ExpectedClose.String(), y.ExpectedClose.String())
		})
		for _, op := range opps {
			cur := cmp.Or(op.Value.Currency, m.Revenue.Currency, accounts.DefaultCurrency)
			rows = append(rows, []sheets.Value{sheets.T(m.Name), sheets.T(m.Owner), sheets.T(op.Product),
				s.label(string(op.Stage), op.Stage.Label()), sheets.M(op.Value), sheets.T(cur), sheets.D(op.ExpectedClose), sheets.T(op.Notes)})
		}
	}
	return rows, nil
}

// reasonsShown is how many of an account's risk reasons the ranking lists.
const reasonsShown = 3

func riskRows(b *Book, ctx context.Context, o SheetOptions, s *sayer) ([][]sheets.Value, error) {
	bd, err := b.board(ctx)
	if err != nil {
		return nil, err
	}
	var rows [][]sheets.Value
	for _, e := range bd.Entries {
		if o.Owner != "" && e.Owner != o.Owner {
			continue
		}
		var why []string
		for i, r := range e.Score.Reasons {
			if i == reasonsShown {
				break
			}
			why = append(why, s.say(r.Text))
		}
		rows = append(rows, []sheets.Value{sheets.N(float64(len(rows) + 1)), sheets.T(e.Name), sheets.T(e.Owner),
			s.label(string(e.Tier), e.Tier.Label()), sheets.N(float64(e.Score.Score)), s.label(string(e.Score.Level), e.Score.Level.Label()),
			sheets.T(strings.Join(why, "; ")), sheets.T(string(e.Class)), sheets.M(e.CLVMoney()), sheets.T(e.Currency),
			sheets.P(float64(e.Card.Score) / 100)})
	}
	return rows, nil
}

// ExportVCards writes the account's contacts (those still there; not the
// placeholders of an unknown person) as vCards of version (intake.VCard3
// or intake.VCard4) and returns how many.
func (b *Book) ExportVCards(path string, account accounts.ID, version string) (int, error) {
	if version != intake.VCard3 && version != intake.VCard4 {
		return 0, accounts.Errorf(accounts.EINVALID, "dataexport.bad_vcard_version", "Version", version)
	}
	d, err := b.LoadAccount(account)
	if err != nil {
		return 0, err
	}
	var cs []accounts.Contact
	for _, c := range d.Contacts {
		if !c.Placeholder && c.Active() {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return 0, accounts.Errorf(accounts.ENOTFOUND, "dataexport.no_contacts", "Name", d.Account.Name)
	}
	err = writePrivate(path, func(w io.Writer) error { return intake.WriteVCards(w, cs, d.Account.Name, version) })
	return len(cs), err
}

// visitLength is how long a planned visit is put in the calendar: Keycard
// records when a visit starts, not how long it takes.
const visitLength = time.Hour

// ExportCalendar writes the open follow-ups that have a due day (all-day
// events) and the planned visits (visits dated after now, timed events) of
// owner's accounts, or of all, to an iCalendar file with a reminder for
// each, in language lang; it returns how many events.
func (b *Book) ExportCalendar(path, owner, lang string) (int, error) {
	if owner != "" {
		name, err := b.resolveOwner(owner)
		if err != nil {
			return 0, err
		}
		owner = name
	}
	s := newSayer(lang)
	fs, err := b.openFollowUps(SheetOptions{Owner: owner})
	if err != nil {
		return 0, err
	}
	var items []intake.CalendarItem
	for _, f := range fs {
		if !f.Step.Due.IsZero() {
			items = append(items, followUpItem(f, s))
		}
	}
	visits, err := b.plannedVisits(owner, s)
	if err != nil {
		return 0, err
	}
	items = append(items, visits...)
	if len(items) == 0 {
		return 0, accounts.Errorf(accounts.ENOTFOUND, "dataexport.no_events")
	}
	name := s.say(accounts.Phrase{Key: "dataexport.calendar.name"})
	if owner != "" {
		name = s.say(accounts.Say("dataexport.calendar.name_owner", "Owner", owner))
	}
	err = writePrivate(path, func(w io.Writer) error { return intake.WriteICalendar(w, name, items, b.Now()) })
	return len(items), err
}

func followUpItem(f storage.FollowUp, s *sayer) intake.CalendarItem {
	sum := s.say(accounts.Say("dataexport.calendar.followup", "Text", f.Step.Text, "Account", f.AccountName))
	desc := s.say(accounts.Say("dataexport.calendar.followup.desc", "Account", f.AccountName, "Owner", cmp.Or(f.Step.Owner, f.Owner),
		"Agreed", accounts.DateOf(f.VisitAt.Local()).String()))
	return intake.CalendarItem{UID: "followup-" + string(f.Step.ID) + "@keycard", Summary: sum, Description: desc,
		Day: f.Step.Due, Remind: intake.RemindAllDay}
}

// plannedVisits are the visits dated after now of owner's accounts (or
// all): only the accounts whose newest visit is today or later can have
// one, which the summary rows tell without reading any visit.
func (b *Book) plannedVisits(owner string, s *sayer) ([]intake.CalendarItem, error) {
	sums, err := b.summariesOf(owner)
	if err != nil {
		return nil, err
	}
	now, today := b.Now(), b.Today()
	var items []intake.CalendarItem
	for _, m := range sums {
		if m.LastVisit.Before(today) {
			continue
		}
		vs, err := b.Visits(m.ID)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if !v.At.After(now) {
				continue
			}
			items = append(items, intake.CalendarItem{UID: "visit-" + string(v.ID) + "@keycard", Sequence: int(max(v.Version-1, 0)),
				Summary:     s.say(accounts.Say("dataexport.calendar.visit", "Kind", s.say(v.Kind.Label()), "Account", m.Name)),
				Description: v.Objective, Start: v.At, Duration: visitLength, Remind: intake.RemindTimed})
		}
	}
	return items, nil
}
