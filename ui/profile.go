package ui

import (
	"fmt"
	"image/color"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// profileEditor is the profile card (大客户资料卡): every field of the
// account, grouped the way the card is read — identity, commercial,
// relationship, competition, notes.
type profileEditor struct {
	w     *shell
	orig  accounts.Account
	isNew bool
	// onSaved runs on the UI goroutine after a successful save.
	onSaved func(a *accounts.Account)
	// onReload asks the account view to load the stored version again.
	onReload func()

	name, legal, industry, region, address, website, tags *widget.Entry
	owner, team, cadence                                  *widget.Entry
	parent, ownerPick                                     *widget.SelectEntry
	tier                                                  *enumSelect[accounts.Tier]
	tierManual                                            *widget.Check
	stage                                                 *enumSelect[accounts.Stage]
	currency                                              *widget.Select
	potential, credit, terms, overdue                     *widget.Entry
	renewal                                               *widget.DateEntry
	revenue                                               *rowList[accounts.RevenueEntry]
	competitors                                           *rowList[accounts.Competitor]
	goals, valueProp, why, strengths, weaknesses, habits  *widget.Entry
	notes, retention, discount                            *widget.Entry

	errs    fieldErrors
	status  *widget.Label
	save    *widget.Button
	notice  *elsewhereNotice  // shown when the account changed elsewhere under unsaved edits
	stored  *accounts.Account // that newer stored version, shown on Reload
	exitAsk *exitDialog       // the last exit question, kept for tests
	card    *cardBlock        // what is missing from the card (stored data)
	balance *balanceBlock     // sales against collections (stored data)
	content fyne.CanvasObject
}

func newProfileEditor(w *shell, a accounts.Account, isNew bool) *profileEditor {
	p := &profileEditor{w: w, isNew: isNew, errs: fieldErrors{}}
	p.build()
	p.set(a)
	return p
}

func (p *profileEditor) build() {
	fe := p.errs
	p.name, p.legal, p.industry, p.region = entry(""), entry(""), entry(""), entry("")
	p.address, p.website, p.tags = entry(""), entry(""), entry("")
	p.website.PlaceHolder = "https://example.com"
	p.tags.PlaceHolder = lang.L("form.list.hint")
	p.team, p.cadence = entry(""), entry("")
	// The owner is typed or picked from the people Keycard knows: the
	// portfolio's owners and the team directory.
	p.ownerPick = widget.NewSelectEntry(nil)
	p.owner = &p.ownerPick.Entry
	p.parent = widget.NewSelectEntry(nil)
	p.parent.PlaceHolder = lang.L("profile.parent.hint")
	p.parent.OnChanged = func(s string) { p.parent.SetOptions(p.parentChoices(s)) }
	p.team.PlaceHolder = lang.L("form.list.hint")
	p.cadence.PlaceHolder = lang.L("profile.cadence.hint")
	p.tier = newEnumSelect(accounts.Tiers(), accounts.Tier.Label, "", false)
	p.tierManual = &widget.Check{Text: lang.L("profile.tiermanual")}
	p.tierManual.ExtendBaseWidget(p.tierManual)
	p.stage = newEnumSelect(accounts.Stages(), accounts.Stage.Label, "", false)
	p.currency = &widget.Select{Options: accounts.Currencies}
	p.currency.ExtendBaseWidget(p.currency)
	p.potential, p.credit, p.terms, p.overdue = entry(""), entry(""), entry(""), entry("")
	p.potential.PlaceHolder = lang.L("form.amount.hint")
	p.overdue.PlaceHolder = lang.L("form.amount.hint")
	p.terms.PlaceHolder = lang.L("profile.terms.hint")
	p.renewal = dateEntry(accounts.Date{})
	p.revenue = newRowList(lang.L("profile.revenue.add"), p.revenueRow)
	p.revenue.header(revenueWeights, lang.L("profile.revenue.period"), lang.L("profile.revenue.amount"), lang.L("profile.revenue.wallet"))
	p.competitors = newRowList(lang.L("profile.competitor.add"), p.competitorRow)
	p.competitors.header(competitorWeights, lang.L("profile.competitor.name"), lang.L("profile.competitor.share"), lang.L("profile.competitor.position"))
	p.goals, p.valueProp, p.why = multiline(""), multiline(""), multiline("")
	p.strengths, p.weaknesses, p.habits, p.notes = multiline(""), multiline(""), multiline(""), multiline("")
	p.retention, p.discount = entry(""), entry("")
	p.retention.PlaceHolder = lang.L("profile.rate.hint")
	p.discount.PlaceHolder = lang.L("profile.rate.hint")

	identity := group(lang.L("profile.group.identity"),
		fe.item("profile.name", "name", p.name),
		fe.item("profile.legal", "legal_name", p.legal),
		fe.item("profile.industry", "industry", p.industry),
		fe.item("profile.region", "region", p.region),
		fe.item("profile.parent", "parent_id", p.parent),
		fe.item("profile.address", "address", p.address),
		fe.item("profile.website", "website", p.website),
		fe.item("profile.tags", "tags", p.tags),
	)
	relationship := group(lang.L("profile.group.relationship"),
		fe.item("profile.owner", "owner", p.ownerPick),
		fe.item("profile.team", "team", p.team),
		fe.item("profile.tier", "tier", container.NewGridWithColumns(2, p.tier.Select, p.tierManual)),
		fe.item("profile.stage", "stage", p.stage.Select),
		fe.item("profile.cadence", "cadence_days", p.cadence),
		fe.item("profile.goals", "strategic_goals", p.goals),
		fe.item("profile.valueprop", "value_proposition", p.valueProp),
		fe.item("profile.why", "why_they_buy", p.why),
		fe.item("profile.habits", "transaction_habits", p.habits),
	)
	p.card, p.balance = newCardBlock(), newBalanceBlock()
	commercial := tableGroup(lang.L("profile.group.commercial"),
		form(
			fe.item("profile.currency", "currency", p.currency),
			fe.item("profile.potential", "potential", p.potential),
			fe.item("profile.credit", "credit_rating", p.credit),
			fe.item("profile.terms", "payment_terms", p.terms),
			fe.item("profile.overdue", "overdue_receivables", p.overdue),
			fe.item("profile.renewal", "renewal_date", p.renewal),
			fe.item("profile.retention", "retention_rate", p.retention),
			fe.item("profile.discount", "discount_rate", p.discount),
		),
		p.balance.content,
		tableBlock(lang.L("profile.revenue"), fe.field("revenue", p.revenue.content)),
	)
	competition := tableGroup(lang.L("profile.group.competition"),
		tableBlock(lang.L("profile.competitors"), fe.field("competitors", p.competitors.content)),
		form(
			fe.item("profile.strengths", "strengths", p.strengths),
			fe.item("profile.weaknesses", "weaknesses", p.weaknesses),
		),
	)
	notes := group(lang.L("profile.group.notes"),
		fe.item("profile.notes", "notes", p.notes),
	)

	p.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	var bar fyne.CanvasObject
	bar, p.save = saveBar(p.status, p.doSave, p.cancel)
	body := container.NewGridWithColumns(2,
		container.NewVBox(p.card.content, identity, commercial),
		container.NewVBox(relationship, competition, notes))
	p.notice = newElsewhereNotice("elsewhere.account", func() {
		if p.stored != nil {
			p.set(*p.stored)
		}
	})
	p.content = container.NewBorder(p.notice.content, container.NewVBox(widget.NewSeparator(), bar), nil, nil, container.NewVScroll(body))
}

// changed follows a newer stored version of the account. Without unsaved
// edits the card shows it; with them the edits stay and the card says that
// the account changed elsewhere, with Reload to show the stored version.
func (p *profileEditor) changed(a accounts.Account) {
	if a.Version == p.orig.Version {
		return // the card's own save, or a change to records under the account
	}
	if !p.dirty() {
		p.set(a)
		return
	}
	p.stored = &a
	p.notice.show()
}

// set shows a in the form and makes it the saved state.
func (p *profileEditor) set(a accounts.Account) {
	p.orig = a
	p.stored = nil
	p.notice.hide()
	p.name.SetText(a.Name)
	p.legal.SetText(a.LegalName)
	p.industry.SetText(a.Industry)
	p.region.SetText(a.Region)
	p.parent.SetText(p.parentName(a.ParentID))
	p.address.SetText(a.Address)
	p.website.SetText(a.Website)
	p.tags.SetText(joinList(a.Tags))
	p.owner.SetText(a.Owner)
	p.ownerPick.SetOptions(p.ownerChoices())
	p.team.SetText(joinList(a.Team))
	p.tier.set(a.Tier)
	p.tierManual.SetChecked(a.TierManual)
	p.stage.set(a.Stage)
	p.cadence.SetText("")
	if a.CadenceDays != 0 {
		p.cadence.SetText(strconv.Itoa(a.CadenceDays))
	}
	p.currency.SetSelected(a.CurrencyOrDefault())
	p.potential.SetText(moneyText(a.Potential))
	p.credit.SetText(a.CreditRating)
	p.terms.SetText(a.PaymentTerms)
	p.overdue.SetText(moneyText(a.OverdueReceivables))
	setDate(p.renewal, a.RenewalDate)
	p.revenue.set(a.Revenue)
	p.competitors.set(a.Competitors)
	p.goals.SetText(a.StrategicGoals)
	p.valueProp.SetText(a.ValueProposition)
	p.why.SetText(a.WhyTheyBuy)
	p.strengths.SetText(a.Strengths)
	p.weaknesses.SetText(a.Weaknesses)
	p.habits.SetText(a.TransactionHabits)
	p.notes.SetText(a.Notes)
	p.retention.SetText(percentText(a.RetentionRate))
	p.discount.SetText(percentText(a.DiscountRate))
	p.errs.show(nil)
	p.status.SetText("")
	p.balance.show(&a, p.w.day())
}

// showCard shows the completeness of the stored card, with everything
// under the account (contacts, visits, plan) that it weighs.
func (p *profileEditor) showCard(d *accounts.AccountData) { p.card.show(d, p.w.day()) }

// read builds the account the form describes, with the problems of input
// that could not be read at all (an amount that is not a number).
func (p *profileEditor) read() (accounts.Account, []accounts.FieldError) {
	var errs []accounts.FieldError
	a := p.orig
	a.Name, a.LegalName, a.Industry = p.name.Text, p.legal.Text, p.industry.Text
	a.Region, a.Address, a.Website = p.region.Text, p.address.Text, p.website.Text
	a.ParentID = p.readParent(&errs)
	a.Tags = splitList(p.tags.Text)
	a.Owner, a.Team = p.owner.Text, splitList(p.team.Text)
	a.Tier, a.TierManual, a.Stage = p.tier.value(), p.tierManual.Checked, p.stage.value()
	a.CadenceDays = readInt("cadence_days", p.cadence, &errs)
	a.Currency = p.currency.Selected
	if p.orig.Currency == "" && a.Currency == accounts.DefaultCurrency {
		a.Currency = ""
	}
	a.Potential = readMoney("potential", p.potential, p.orig.Potential.Currency, &errs)
	a.CreditRating, a.PaymentTerms = p.credit.Text, p.terms.Text
	a.OverdueReceivables = readMoney("overdue_receivables", p.overdue, p.orig.OverdueReceivables.Currency, &errs)
	a.RenewalDate = readDate("renewal_date", p.renewal, &errs)
	a.Revenue = p.revenue.read(&errs)
	a.Competitors = p.competitors.read(&errs)
	a.StrategicGoals, a.ValueProposition, a.WhyTheyBuy = p.goals.Text, p.valueProp.Text, p.why.Text
	a.Strengths, a.Weaknesses, a.TransactionHabits, a.Notes = p.strengths.Text, p.weaknesses.Text, p.habits.Text, p.notes.Text
	a.RetentionRate = readPercent("retention_rate", p.retention, &errs)
	a.DiscountRate = readPercent("discount_rate", p.discount, &errs)
	return a, errs
}

// dirty reports whether the form differs from what is stored.
func (p *profileEditor) dirty() bool {
	a, errs := p.read()
	if len(errs) > 0 {
		return true
	}
	o := p.orig
	a.Normalize()
	o.Normalize()
	if len(o.Revenue) == 0 {
		o.Revenue = nil
	}
	if len(o.Competitors) == 0 {
		o.Competitors = nil
	}
	return !reflect.DeepEqual(a, o)
}

func (p *profileEditor) cancel() { p.set(p.orig) }

// doSave validates and stores the card. Bad input is shown next to its field
// and nothing is written.
func (p *profileEditor) doSave() {
	a, errs := p.read()
	a.Normalize()
	if err := a.Validate(); err != nil {
		errs = append(errs, accounts.FieldErrors(err)...)
	}
	if len(errs) > 0 {
		p.errs.report(p.status, errs)
		return
	}
	if exitStep(&p.orig, &a) {
		p.exitAsk = askExit(p.w, &a, func(rec *accounts.ExitRecord) {
			a.Exit = rec
			p.store(a)
		}, func() {
			p.stage.set(p.orig.Stage)
			p.status.Importance = widget.WarningImportance
			p.status.SetText(lang.L("exit.cancelled", map[string]any{"Stage": tx(p.orig.Stage.Label())}))
		})
		return
	}
	p.store(a)
}

// store writes the card: a new account is created, a known one updated.
func (p *profileEditor) store(a accounts.Account) {
	var err error
	isNew := p.isNew
	p.save.Disable()
	started := p.w.background("save account "+string(a.ID), func() {
		if isNew {
			_, err = p.w.book.CreateAccount(from(viewProfile), &a)
		} else {
			_, err = p.w.book.UpdateAccount(from(viewProfile), &a)
		}
	}, func() {
		p.save.Enable()
		switch {
		case accounts.ErrorCode(err) == accounts.ECONFLICT:
			p.showConflict()
		case accounts.ErrorCode(err) == accounts.EINVALID:
			p.errs.report(p.status, accounts.FieldErrors(err))
		case err != nil:
			p.w.showError(err)
		default:
			p.isNew = false
			p.set(a)
			p.status.Importance = widget.SuccessImportance
			p.status.SetText(lang.L("profile.saved"))
			p.w.app.Preferences().SetString(prefLastOwner, a.Owner)
			if p.onSaved != nil {
				p.onSaved(&a)
			}
		}
	})
	if !started {
		p.save.Enable()
	}
}

// showConflict explains that someone else saved the card first and offers
// to load their version.
func (p *profileEditor) showConflict() {
	p.status.Importance = widget.DangerImportance
	p.status.SetText(lang.L("error.conflict"))
	d := dialog.NewCustomConfirm(lang.L("conflict.title"), lang.L("conflict.reload"), lang.L("conflict.keep"),
		&widget.Label{Text: lang.L("error.conflict"), Wrapping: fyne.TextWrapWord}, func(reload bool) {
			if reload && p.onReload != nil {
				p.onReload()
			}
		}, p.w.win)
	d.Resize(fyne.NewSize(460, 200))
	d.Show()
}

// Rows of the revenue and competitor lists. Their columns are proportional
// so the competitor's name gets the room and the header and rows line up.
var (
	revenueWeights    = []float32{1, 1.4, 1.4}
	competitorWeights = []float32{2.4, 0.8, 3}
)

// tableGroup is a titled block of forms and tables. The tables sit under
// the form, as wide as the card, instead of beside the form's labels where
// their columns would be squeezed.
func tableGroup(title string, parts ...fyne.CanvasObject) fyne.CanvasObject {
	c := &widget.Card{Subtitle: title, Content: container.NewVBox(parts...)}
	c.ExtendBaseWidget(c)
	return c
}

func form(items ...*widget.FormItem) *widget.Form {
	f := &widget.Form{Items: items}
	f.ExtendBaseWidget(f)
	return f
}

// tableBlock is a table with its label above it.
func tableBlock(label string, table fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(&widget.Label{Text: label}, table)
}

func (p *profileEditor) revenueRow(r accounts.RevenueEntry) rowEditor[accounts.RevenueEntry] {
	period, amount, wallet := entry(r.Period), entry(moneyText(r.Amount)), entry(moneyText(r.WalletTotal))
	period.PlaceHolder = "2026-Q3"
	amount.PlaceHolder = lang.L("profile.revenue.amount")
	wallet.PlaceHolder = lang.L("profile.revenue.wallet")
	return rowEditor[accounts.RevenueEntry]{
		content: container.New(&columnsLayout{weights: revenueWeights}, period, amount, wallet),
		read: func(i int, errs *[]accounts.FieldError) accounts.RevenueEntry {
			f := fmt.Sprintf("revenue[%d]", i)
			return accounts.RevenueEntry{
				Period:      strings.TrimSpace(period.Text),
				Amount:      readMoney(f+".amount", amount, r.Amount.Currency, errs),
				WalletTotal: readMoney(f+".wallet_total", wallet, r.WalletTotal.Currency, errs),
			}
		},
	}
}

func (p *profileEditor) competitorRow(c accounts.Competitor) rowEditor[accounts.Competitor] {
	name, share, pos, notes := entry(c.Name), entry(percentText(c.Share)), entry(c.Position), entry(c.Notes)
	name.PlaceHolder = lang.L("profile.competitor.name")
	share.PlaceHolder = lang.L("profile.competitor.share")
	pos.PlaceHolder = lang.L("profile.competitor.position")
	notes.PlaceHolder = lang.L("profile.competitor.notes")
	return rowEditor[accounts.Competitor]{
		content: container.NewVBox(container.New(&columnsLayout{weights: competitorWeights}, name, share, pos), notes),
		read: func(i int, errs *[]accounts.FieldError) accounts.Competitor {
			return accounts.Competitor{
				Name:     strings.TrimSpace(name.Text),
				Share:    readPercent(fmt.Sprintf("competitors[%d].share", i), share, errs),
				Position: strings.TrimSpace(pos.Text),
				Notes:    strings.TrimSpace(notes.Text),
			}
		},
	}
}

// rowList is a small editable list (revenue periods, competitors, next
// steps, gifts): a row per item with a remove button and an add button.
type rowList[T any] struct {
	add     *widget.Button
	box     *fyne.Container
	rows    []rowEditor[T]
	newRow  func(T) rowEditor[T]
	head    fyne.CanvasObject
	content fyne.CanvasObject
}

type rowEditor[T any] struct {
	content fyne.CanvasObject
	read    func(i int, errs *[]accounts.FieldError) T
	widgets []fyne.CanvasObject // the row's inputs in order, for tests
	wrap    fyne.CanvasObject
}

func newRowList[T any](addLabel string, newRow func(T) rowEditor[T]) *rowList[T] {
	l := &rowList[T]{newRow: newRow, box: container.NewVBox()}
	l.add = &widget.Button{Text: addLabel, Icon: theme.ContentAddIcon(), Importance: widget.LowImportance, OnTapped: func() {
		var zero T
		l.append(zero)
	}}
	l.add.ExtendBaseWidget(l.add)
	l.content = container.NewVBox(l.box, container.NewHBox(l.add))
	return l
}

// header puts column titles above the rows, shown while there are rows. The
// rows lay out their cells with the same weights. The list is kept at least
// as wide as every title needs, in both languages, so no title is clipped.
func (l *rowList[T]) header(weights []float32, titles ...string) {
	var cols []fyne.CanvasObject
	var need, total float32
	for _, w := range weights {
		total += w
	}
	for i, t := range titles {
		full := (&widget.Label{Text: t, SizeName: theme.SizeNameCaptionText}).MinSize().Width
		if i < len(weights) && weights[i] > 0 {
			need = max(need, full*total/weights[i])
		}
		cols = append(cols, &widget.Label{Text: t, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis})
	}
	spacer := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance}
	spacer.ExtendBaseWidget(spacer)
	strut := canvas.NewRectangle(color.Transparent)
	strut.SetMinSize(fyne.NewSize(need+theme.Padding()*float32(len(titles)), 0))
	l.head = container.NewBorder(nil, nil, nil, container.NewGridWrap(spacer.MinSize()), container.NewStack(strut, container.New(&columnsLayout{weights: weights}, cols...)))
	l.content.(*fyne.Container).Objects = append([]fyne.CanvasObject{l.head}, l.content.(*fyne.Container).Objects...)
	l.head.Hide()
}

func (l *rowList[T]) showHead() {
	if l.head == nil {
		return
	}
	if len(l.rows) > 0 {
		l.head.Show()
	} else {
		l.head.Hide()
	}
}

func (l *rowList[T]) set(items []T) {
	l.rows = nil
	l.box.Objects = nil
	for _, it := range items {
		l.append(it)
	}
	l.showHead()
	l.box.Refresh()
}

func (l *rowList[T]) append(it T) {
	r := l.newRow(it)
	var wrap fyne.CanvasObject
	remove := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance}
	remove.ExtendBaseWidget(remove)
	wrap = container.NewBorder(nil, nil, nil, remove, r.content)
	r.wrap = wrap
	remove.OnTapped = func() {
		for i := range l.rows {
			if l.rows[i].wrap == wrap {
				l.rows = append(l.rows[:i], l.rows[i+1:]...)
				l.box.Remove(wrap)
				l.showHead()
				return
			}
		}
	}
	l.rows = append(l.rows, r)
	l.box.Add(wrap)
	l.showHead()
}

func (l *rowList[T]) read(errs *[]accounts.FieldError) []T {
	if len(l.rows) == 0 {
		return nil
	}
	out := make([]T, len(l.rows))
	for i, r := range l.rows {
		out[i] = r.read(i, errs)
	}
	return out
}

// parentName names the account's parent for the picker; an id the
// portfolio does not show (not loaded, or not this person's) stays as it is.
func (p *profileEditor) parentName(id accounts.ID) string {
	if id == "" {
		return ""
	}
	m := p.accounts()
	if i, ok := m.index[id]; ok {
		return m.rows[i].Name
	}
	return string(id)
}

// maxParentChoices bounds the picker's list: a name typed narrows it.
const maxParentChoices = 30

// parentChoices offers the accounts whose names contain typed, but never
// the account itself or one of its own subsidiaries (that would be a loop).
func (p *profileEditor) parentChoices(typed string) []string {
	m := p.accounts()
	below := map[accounts.ID]bool{p.orig.ID: true}
	if p.orig.ID != "" {
		for _, id := range m.groups.Subsidiaries(p.orig.ID) {
			below[id] = true
		}
	}
	q := strings.ToLower(strings.TrimSpace(typed))
	var out []string
	for _, i := range m.order(sortByName) {
		r := &m.rows[i]
		if below[r.ID] || (q != "" && !strings.Contains(strings.ToLower(r.Name), q)) {
			continue
		}
		if out = append(out, r.Name); len(out) == maxParentChoices {
			break
		}
	}
	return out
}

// readParent finds the account the picker names: empty is no group; a
// name Keycard does not have is a problem beside the field.
func (p *profileEditor) readParent(errs *[]accounts.FieldError) accounts.ID {
	name := strings.TrimSpace(p.parent.Text)
	if name == "" {
		return ""
	}
	if name == p.parentName(p.orig.ParentID) {
		return p.orig.ParentID
	}
	m := p.accounts()
	for i := range m.rows {
		if strings.EqualFold(m.rows[i].Name, name) {
			return m.rows[i].ID
		}
	}
	*errs = append(*errs, accounts.FieldError{Field: "parent_id", Msg: accounts.Say("field.account.group.no_such_parent", "Name", name)})
	return p.orig.ParentID
}

// accounts is the portfolio's list, or an empty one.
func (p *profileEditor) accounts() *portfolioModel {
	if p.w.accountList != nil {
		if m := p.w.accountList(); m != nil {
			return m
		}
	}
	return newPortfolioModel(nil, nil)
}

// ownerChoices are the owners of the portfolio and the people of the
// team directory (a sales-team import), by name.
func (p *profileEditor) ownerChoices() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if k := accounts.PersonKey(n); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	for _, o := range p.accounts().Owners() {
		add(o)
	}
	if people, err := p.w.book.People(); err == nil { // a small bucket; no directory is no choice
		for _, x := range people {
			add(x.Name)
		}
	}
	sort.Strings(out)
	return out
}
