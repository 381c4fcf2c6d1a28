package ui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/collation"
)

// File → Import from other tools brings in what people keep elsewhere:
// accounts and contacts from CSV exports of Excel and CRMs, contacts from
// vCard files, visits from calendar files. Each file is read off the UI
// goroutine and previewed (what will be added, what Keycard already has,
// which rows cannot be taken and why) before anything is written. The
// matching and de-duplication rules are package intake's, the same the
// command line uses.

// intakeKind is what a file is imported as.
type intakeKind int

const (
	intakeAccounts intakeKind = iota
	intakeContactsCSV
	intakeVCard
	intakeCalendar
	intakeDeals
	intakeTeam
)

// intakeProblemRows bounds the problem list of the preview; the counts
// above it cover every row.
const intakeProblemRows = 200

func (k intakeKind) titleKey() string {
	return [...]string{"intake.title.accounts", "intake.title.contacts", "intake.title.vcard", "intake.title.calendar",
		"intake.title.deals", "intake.title.team"}[k]
}

func (k intakeKind) extensions() []string {
	switch k {
	case intakeVCard:
		return []string{".vcf", ".vcard"}
	case intakeCalendar:
		return []string{".ics", ".ical", ".ifb"}
	}
	return []string{".csv", ".txt"}
}

// intakeImport is one import: the file read, the preview and the write.
type intakeImport struct {
	w       *shell
	kind    intakeKind
	path    string
	account accounts.ID // the account a vCard's contacts go to
	accName string

	raw      []byte // the file, kept to read accounts again with the owner chosen
	accts    []accounts.Account
	contacts []accounts.Contact
	visits   []accounts.Visit
	deals    []accounts.Deal
	people   []accounts.Person

	// What the file does not say: how its money columns are written
	// (accounts, opportunities) and the account of calendar events
	// without a known attendee.
	money     book.MoneyColumns
	moneyNote *widget.Label
	curSel    *widget.Select // the currency of money columns
	unitSel   *widget.Select // their unit
	fallback  accounts.ID
	names2    *widget.List // the list of what will be added, refreshed on a change of options
	names     []string     // what will be added, as the preview lists it
	have      int          // records Keycard already has
	leftOut   int          // rows left out
	problems  []book.Problem
	ignored   []string

	probBox *fyne.Container // the problems listed in the preview

	preview *dialog.CustomDialog
	counts  *widget.Label
	owner   *widget.Entry // accounts only: the owner of rows that name none
	status  *widget.Label
	confirm *widget.Button
	cancel  *widget.Button
	failed  string // the refusal shown, for tests
	done    string // the sentence shown after importing
}

// intakeMenu is the File → Import from other tools submenu.
func (w *MainWindow) intakeMenu() *fyne.MenuItem {
	item := func(key string, action func()) *fyne.MenuItem {
		return &fyne.MenuItem{Label: lang.L(key), Action: action}
	}
	return &fyne.MenuItem{Label: lang.L("menu.intake.sub"), ChildMenu: fyne.NewMenu("",
		item("menu.intake.accounts", func() { w.chooseIntakeFile(intakeAccounts, "", "") }),
		item("menu.intake.contacts", func() { w.chooseIntakeFile(intakeContactsCSV, "", "") }),
		item("menu.intake.vcard", w.importVCard),
		item("menu.intake.calendar", func() { w.chooseIntakeFile(intakeCalendar, "", "") }),
		item("menu.intake.deals", func() { w.chooseIntakeFile(intakeDeals, "", "") }),
		item("menu.intake.team", func() { w.chooseIntakeFile(intakeTeam, "", "") }),
	)}
}

// importVCard takes the contacts into the open account, or asks which.
func (w *MainWindow) importVCard() {
	if w.account != nil && w.account.data != nil {
		w.chooseIntakeFile(intakeVCard, w.account.id, w.account.data.Account.Name)
		return
	}
	var rows []book.Summary
	var err error
	w.background("load intake accounts", func() { rows, err = w.book.Summaries() }, func() {
		if err != nil {
			w.showError(err)
			return
		}
		if len(rows) == 0 {
			dialog.ShowInformation(lang.L("intake.title.vcard"), lang.L("intake.noaccounts"), w.win)
			return
		}
		collation.SortBy(rows, func(r *book.Summary) string { return r.Name })
		names := make([]string, len(rows))
		for i, r := range rows {
			names[i] = r.Name
		}
		sel := widget.NewSelectEntry(names)
		sel.PlaceHolder = lang.L("intake.pickaccount.hint")
		d := dialog.NewForm(lang.L("intake.title.vcard"), lang.L("intake.choosefile"), lang.L("form.cancel"),
			[]*widget.FormItem{widget.NewFormItem(lang.L("intake.account"), sel)}, func(ok bool) {
				if !ok {
					return
				}
				for _, r := range rows {
					if strings.EqualFold(strings.TrimSpace(sel.Text), r.Name) {
						w.chooseIntakeFile(intakeVCard, r.ID, r.Name)
						return
					}
				}
				dialog.ShowInformation(lang.L("intake.title.vcard"), lang.L("intake.noaccount", map[string]any{"Name": sel.Text}), w.win)
			}, w.win)
		d.Resize(fyne.NewSize(520, 200))
		d.Show()
	})
}

// chooseIntakeFile shows the open dialog for a file of kind.
func (w *MainWindow) chooseIntakeFile(kind intakeKind, account accounts.ID, accName string) {
	d := dialog.NewFileOpen(func(uc fyne.URIReadCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		w.importFileFrom(kind, path, account, accName)
	}, w.win)
	d.SetFilter(fstorage.NewExtensionFileFilter(kind.extensions()))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// importFileFrom reads the file at path as kind and shows the preview;
// account is the account a vCard's contacts go to.
func (w *MainWindow) importFileFrom(kind intakeKind, path string, account accounts.ID, accName string) *intakeImport {
	im := &intakeImport{w: w.shell, kind: kind, path: path, account: account, accName: accName}
	owner := w.defaultOwner()
	readOwner := owner
	if readOwner == "" {
		// Only to count the rows: the import reads the file again with
		// the owner the person types, and refuses none.
		readOwner = "?"
	}
	var err error
	w.background("read import "+path, func() { err = im.read(readOwner) }, func() {
		if err != nil {
			im.refuse(err)
			return
		}
		im.showPreview(owner)
	})
	return im
}

// defaultOwner is the owner of imported accounts whose rows name none: the
// person the portfolio is filtered to, else the most common owner, else the
// last owner typed, else the computer's user.
func (w *MainWindow) defaultOwner() string {
	if o := w.portfolio.filter.Owner; o != "" {
		return o
	}
	count := map[string]int{}
	best := ""
	for i := 0; i < w.portfolio.model.Len(); i++ {
		r, _ := w.portfolio.model.At(i)
		if r == nil || r.Owner == "" {
			continue
		}
		count[r.Owner]++
		if n := count[r.Owner]; n > count[best] || (n == count[best] && r.Owner < best) {
			best = r.Owner
		}
	}
	if best != "" {
		return best
	}
	if o := w.app.Preferences().String(prefLastOwner); o != "" {
		return o
	}
	return currentUser()
}

// read reads the file and works out what is new, off the UI goroutine.
func (im *intakeImport) read(owner string) error {
	f, err := os.Open(im.path)
	if err != nil {
		return &accounts.Error{Code: accounts.ENOTFOUND, Err: err,
			Msg: accounts.Say("intake.cantopen", "File", filepath.Base(im.path))}
	}
	defer f.Close()
	switch im.kind {
	case intakeAccounts:
		im.raw, err = book.ReadImportFile(f)
		if err != nil {
			return err
		}
		return im.readAccounts(owner)
	case intakeContactsCSV:
		return im.takeContacts(im.w.book.PlanContactsCSV(f))
	case intakeVCard:
		return im.takeContacts(im.w.book.PlanVCards(f, im.account))
	case intakeDeals:
		im.raw, err = book.ReadImportFile(f)
		if err != nil {
			return err
		}
		return im.readDeals()
	case intakeTeam:
		return im.takePeople(im.w.book.PlanTeamCSV(f))
	}
	p, err := im.w.book.PlanCalendarFor(f, im.fallback)
	if err != nil {
		return err
	}
	im.visits, im.have = p.Add, len(p.Have)
	im.names = im.names[:0]
	for _, v := range p.Add {
		im.names = append(im.names, v.At.Format("2006-01-02 15:04")+"  "+v.Objective)
	}
	im.noteProblems(p.Problems, nil)
	return nil
}

// readAccounts reads the kept CSV with owner for the rows that name none.
func (im *intakeImport) readAccounts(owner string) error {
	p, err := im.w.book.PlanAccountsCSVWith(im.raw, book.CSVImport{Owner: owner, Money: im.money})
	if err != nil {
		return err
	}
	im.accts, im.have = p.Add, p.Have
	im.names = im.names[:0]
	for _, a := range p.Add {
		im.names = append(im.names, a.Name)
	}
	im.noteProblems(p.Problems, p.Ignored)
	return nil
}

func (im *intakeImport) takeContacts(p book.FilePlan[accounts.Contact], err error) error {
	if err != nil {
		return err
	}
	im.contacts, im.have = p.Add, p.Have
	im.names = im.names[:0]
	for _, c := range p.Add {
		n := c.Name
		if c.Title != "" {
			n += " · " + c.Title
		}
		im.names = append(im.names, n)
	}
	im.noteProblems(p.Problems, p.Ignored)
	return nil
}

func (im *intakeImport) noteProblems(ps []book.Problem, ignored []string) {
	im.problems, im.ignored, im.leftOut = ps, ignored, 0
	for _, p := range ps {
		if !p.Kept {
			im.leftOut++
		}
	}
}

// readDeals reads the kept opportunities file with the money options.
func (im *intakeImport) readDeals() error {
	p, err := im.w.book.PlanDealsCSV(im.raw, book.CSVImport{Money: im.money})
	if err != nil {
		return err
	}
	im.deals, im.have = p.Add, p.Have
	im.names = im.names[:0]
	m := im.accountList()
	for _, d := range p.Add {
		n := book.DealName(d)
		if j, ok := m.index[d.AccountID]; ok {
			n = m.rows[j].Name + " — " + n
		}
		if d.Value.Minor > 0 {
			n += " · " + d.Value.String()
		}
		im.names = append(im.names, n+" · "+tx(d.Stage.Label()))
	}
	im.noteProblems(p.Problems, p.Ignored)
	return nil
}

func (im *intakeImport) takePeople(p book.FilePlan[accounts.Person], err error) error {
	if err != nil {
		return err
	}
	im.people, im.have = p.Add, p.Have
	im.names = im.names[:0]
	for _, x := range p.Add {
		im.names = append(im.names, lang.L("intake.team.line", map[string]any{"Name": x.Name, "Manager": x.Manager, "Region": x.Region}))
	}
	im.noteProblems(p.Problems, p.Ignored)
	return nil
}

// toAdd is how many records the import would add.
func (im *intakeImport) toAdd() int {
	return len(im.accts) + len(im.contacts) + len(im.visits) + len(im.deals) + len(im.people)
}

// refuse shows why the file cannot be imported; nothing was written.
func (im *intakeImport) refuse(err error) {
	im.failed = errorSentence(err)
	dialog.ShowInformation(lang.L(im.kind.titleKey()), im.failed, im.w.win)
}

// problemLine words one problem as "row N: message".
func problemLine(p book.Problem) string {
	if p.Row == 0 {
		return tx(p.Msg)
	}
	return lang.L("intake.row", map[string]any{"Row": p.Row, "Message": tx(p.Msg)})
}

func (im *intakeImport) countsText() string {
	return lang.L("intake.counts", map[string]any{"Added": im.toAdd(), "Have": im.have, "Left": im.leftOut})
}

func (im *intakeImport) showPreview(owner string) {
	about := lang.L("intake.file", map[string]any{"File": filepath.Base(im.path)})
	if im.kind == intakeVCard {
		about = lang.L("intake.file.into", map[string]any{"File": filepath.Base(im.path), "Account": im.accName})
	}
	im.counts = &widget.Label{Text: im.countsText(), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	top := container.NewVBox(&widget.Label{Text: about, Wrapping: fyne.TextWrapWord}, im.counts)
	if im.kind == intakeAccounts {
		im.owner = widget.NewEntry()
		im.owner.SetText(owner)
		im.owner.PlaceHolder = lang.L("intake.owner.missing")
		item := widget.NewFormItem(lang.L("intake.owner"), im.owner)
		item.HintText = lang.L("intake.owner.note")
		top.Add(widget.NewForm(item))
	}
	if opts := im.optionsForm(); opts != nil {
		top.Add(opts)
		if im.moneyNote != nil {
			im.moneyNote.SetText(tx(im.money.Phrase()))
		}
	}
	if len(im.ignored) > 0 {
		top.Add(&widget.Label{Text: lang.L("intake.ignored", map[string]any{"Columns": strings.Join(im.ignored, ", ")}),
			Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord})
	}
	top.Add(widget.NewSeparator())

	names := &widget.List{
		Length:     func() int { return len(im.names) },
		CreateItem: func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(im.names[i]) },
	}
	names.ExtendBaseWidget(names)
	im.names2 = names
	im.probBox = container.NewVBox()
	im.fillProblems()
	probs := container.NewVScroll(im.probBox)
	probHead := lang.L("intake.problems", map[string]any{"N": len(im.problems)})
	var probNote fyne.CanvasObject = layoutSpacer()
	switch {
	case len(im.problems) == 0:
		probNote = &widget.Label{Text: lang.L("intake.noproblems"), Importance: widget.LowImportance}
	case len(im.problems) > intakeProblemRows:
		probNote = &widget.Label{Text: lang.L("intake.firstrows", map[string]any{"N": intakeProblemRows}), Importance: widget.LowImportance}
	}
	left := container.NewBorder(subheading(lang.L("intake.toadd", map[string]any{"N": im.toAdd()})), nil, nil, nil, names)
	right := container.NewBorder(container.NewVBox(subheading(probHead), probNote), nil, nil, nil, probs)
	split := container.NewHSplit(left, right)
	split.Offset = 0.38

	im.status = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	im.confirm = &widget.Button{Text: lang.L("intake.confirm"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: im.importNow}
	im.confirm.ExtendBaseWidget(im.confirm)
	if im.toAdd() == 0 {
		im.confirm.Disable()
	}
	im.cancel = &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() { im.preview.Hide() }}
	im.cancel.ExtendBaseWidget(im.cancel)
	bottom := container.NewVBox(widget.NewSeparator(), im.status, container.NewBorder(nil, nil,
		&widget.Label{Text: lang.L("intake.cancelnote"), Importance: widget.LowImportance},
		container.NewHBox(im.cancel, im.confirm)))
	im.preview = dialog.NewCustomWithoutButtons(lang.L(im.kind.titleKey()), container.NewBorder(top, bottom, nil, nil, split), im.w.win)
	im.preview.Resize(fyne.NewSize(960, 640))
	im.preview.Show()
}

func layoutSpacer() fyne.CanvasObject { return container.NewStack() }

// fillProblems lists at most intakeProblemRows wrapped lines: a scrolled
// box shows each message whole, which a list of one-line rows would cut off.
func (im *intakeImport) fillProblems() {
	im.probBox.RemoveAll()
	for _, p := range im.problems[:min(len(im.problems), intakeProblemRows)] {
		l := &widget.Label{Text: problemLine(p), Wrapping: fyne.TextWrapWord}
		if !p.Kept {
			l.Importance = widget.DangerImportance
		}
		im.probBox.Add(l)
	}
}

// importNow writes what the preview showed: accounts in one transaction,
// contacts and visits one by one as the command line does.
func (im *intakeImport) importNow() {
	owner := ""
	if im.owner != nil {
		owner = strings.TrimSpace(im.owner.Text)
		if owner == "" {
			im.status.SetText(lang.L("intake.owner.missing"))
			return
		}
	}
	im.status.SetText("")
	im.confirm.Disable()
	var err error
	var added int
	im.w.background("import "+im.path, func() { added, err = im.write(owner) }, func() {
		if err != nil {
			im.confirm.Enable()
			im.status.SetText(errorSentence(err))
			if added > 0 { // contacts or visits written before the failure stay; a retry adds the rest
				im.contacts = im.contacts[min(added, len(im.contacts)):]
				im.visits = im.visits[min(added, len(im.visits)):]
				im.status.SetText(lang.L("intake.partly", map[string]any{"N": added}) + " " + im.status.Text)
			}
			return
		}
		im.preview.Hide()
		key := map[intakeKind]string{intakeAccounts: "intake.done.accounts", intakeContactsCSV: "intake.done.contacts",
			intakeVCard: "intake.done.vcard", intakeCalendar: "intake.done.visits", intakeDeals: "intake.done.deals",
			intakeTeam: "intake.done.team"}[im.kind]
		im.done = lang.L(key, map[string]any{"N": added, "Account": im.accName})
		if im.have > 0 {
			im.done += " " + lang.L("intake.done.have", map[string]any{"N": im.have})
		}
		dialog.ShowInformation(lang.L(im.kind.titleKey()), im.done, im.w.win)
	})
}

// write stores the records, off the UI goroutine; added counts those written.
func (im *intakeImport) write(owner string) (added int, err error) {
	src := from(viewIntake)
	switch im.kind {
	case intakeDeals:
		added, _, err = im.w.book.AddDeals(src, im.deals)
		return added, err
	case intakeTeam:
		if _, err := im.w.book.AddPeople(im.people); err != nil {
			return 0, err
		}
		return len(im.people), nil
	}
	if im.kind == intakeAccounts {
		p, err := im.w.book.PlanAccountsCSVWith(im.raw, book.CSVImport{Owner: owner, Money: im.money}) // read again: the owner chosen applies
		if err != nil {
			return 0, err
		}
		batch := make([]accounts.AccountData, 0, len(p.Add))
		for _, a := range p.Add {
			batch = append(batch, accounts.AccountData{Account: a})
		}
		// One transaction: the file comes in whole or not at all.
		if _, err := im.w.book.AddAccounts(src, batch); err != nil {
			return 0, err
		}
		return len(batch), nil
	}
	if added, _, err = im.w.book.AddContacts(src, im.contacts); err != nil {
		return added, err
	}
	n, _, err := im.w.book.AddVisits(src, im.visits)
	return added + n, err
}
