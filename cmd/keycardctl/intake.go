package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"keycard/accounts"
	"keycard/book"
)

var importCSVCommand = command{
	name:    "import-csv",
	args:    "accounts|contacts|opportunities|team|rates FILE.csv [--owner NAME] [--currency USD] [--unit one|thousand|million] [--parent-column NAME] [--dry-run]",
	summary: "cli.cmd.import_csv.summary",
	help:    "cli.cmd.import_csv.help",
	run:     runImportCSV,
}

var importVCardCommand = command{
	name:    "import-vcard",
	args:    "ACCOUNT FILE.vcf [--dry-run]",
	summary: "cli.cmd.import_vcard.summary",
	help:    "cli.cmd.import_vcard.help",
	run:     runImportVCard,
}

var importICSCommand = command{
	name:    "import-ics",
	args:    "FILE.ics [--account NAME] [--dry-run]",
	summary: "cli.cmd.import_ics.summary",
	help:    "cli.cmd.import_ics.help",
	run:     runImportICS,
}

func runImportCSV(e *env, args []string) int {
	fs := e.flags()
	dry := fs.Bool("dry-run", false, tr("cli.flag.intake.dry_run"))
	owner := fs.String("owner", "", tr("cli.flag.intake.owner"))
	currency := fs.String("currency", "", tr("cli.flag.intake.currency"))
	unit := fs.String("unit", "", tr("cli.flag.intake.unit"))
	parent := fs.String("parent-column", "", tr("cli.flag.intake.parent_column"))
	pos, code, done := e.parse(fs, args, 2, 2)
	if done {
		return code
	}
	u, err := book.ParseUnit(*unit)
	if err != nil {
		return e.fail(err)
	}
	o := book.CSVImport{Owner: *owner, Money: book.MoneyColumns{Currency: strings.ToUpper(strings.TrimSpace(*currency)), Unit: u}, ParentColumn: *parent}
	switch pos[0] {
	case "accounts":
		return e.done(importAccountsCSV(e, pos[1], o, *dry))
	case "contacts":
		return e.done(importContactsCSV(e, pos[1], *dry))
	case "opportunities":
		return e.done(importDealsCSV(e, pos[1], o, *dry))
	case "team":
		return e.done(importTeamCSV(e, pos[1], *dry))
	case "rates":
		return e.done(importRatesCSV(e, pos[1], *dry))
	}
	return e.usageError("say accounts, contacts, opportunities, team or rates, not %q", pos[0])
}

func runImportVCard(e *env, args []string) int {
	fs := e.flags()
	dry := fs.Bool("dry-run", false, tr("cli.flag.intake.dry_run"))
	pos, code, done := e.parse(fs, args, 2, 2)
	if done {
		return code
	}
	return e.done(importVCard(e, pos[0], pos[1], *dry))
}

func runImportICS(e *env, args []string) int {
	fs := e.flags()
	dry := fs.Bool("dry-run", false, tr("cli.flag.intake.dry_run"))
	account := fs.String("account", "", tr("cli.flag.intake.account"))
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	}
	return e.done(importICS(e, pos[0], *account, *dry))
}

func (e *env) done(err error) int {
	if err != nil {
		return e.fail(err)
	}
	return exitOK
}

// openInput opens a file to import with a sentence a person can act on.
func openInput(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &accounts.Error{Code: accounts.ENOTFOUND, Err: err,
			Msg: accounts.Say("cli.intake.cannot_open", "Path", path)}
	}
	return f, nil
}

// intakeReport is what every import prints: what was (or would be) added,
// what was already there, and each problem by row.
type intakeReport struct {
	what     string // "account", "contact", "visit"
	dry      bool
	added    []string
	existing []string
	problems []book.Problem
	ignored  []string
	money    accounts.Phrase // how money columns were read; empty when not said
}

func (r *intakeReport) print(w io.Writer) {
	left := 0
	for _, p := range r.problems {
		if !p.Kept {
			left++
		}
	}
	if r.money.Key != "" {
		fmt.Fprintln(w, say(r.money))
	}
	fmt.Fprintln(w, tr("cli.intake.done", "Dry", r.dry, "Added", count(r.what, len(r.added)), "Existing", len(r.existing), "Left", left))
	// One line each, however long or many-lined the file's cell was.
	for _, n := range r.added {
		fmt.Fprintf(w, "  + %s\n", clip(n, 100))
	}
	for _, n := range r.existing {
		fmt.Fprintf(w, "  = %s\n", tr("cli.intake.existing", "Name", clip(n, 100)))
	}
	if len(r.problems) > 0 {
		fmt.Fprintf(w, "\n%s\n", tr("cli.intake.problems", "N", len(r.problems)))
		for _, p := range r.problems {
			fmt.Fprintf(w, "  %s\n", say(p.Line()))
		}
	}
	if len(r.ignored) > 0 {
		fmt.Fprintf(w, "\n%s\n", tr("cli.intake.ignored", "Columns", strings.Join(r.ignored, ", ")))
	}
}

func importAccountsCSV(e *env, file string, o book.CSVImport, dry bool) (err error) {
	f, err := openInput(file)
	if err != nil {
		return err
	}
	defer f.Close()
	// The file is read before the database opens: a refused file creates
	// no database.
	raw, err := book.ReadImportFile(f)
	if err != nil {
		return fmt.Errorf("read the accounts file: %w", err)
	}
	read, err := book.ReadAccountsCSVWith(raw, o, clock())
	if err != nil {
		return err
	}
	s, cleanup, err := importStore(e, dry)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	b := writer(s)
	p, err := b.PlanAccounts(read)
	if err != nil {
		return err
	}
	rep := &intakeReport{what: "account", dry: dry, problems: p.Problems, ignored: p.Ignored, existing: p.Existing, money: p.Money}
	batch := make([]accounts.AccountData, 0, len(p.Add))
	for _, a := range p.Add {
		batch = append(batch, accounts.AccountData{Account: a})
		rep.added = append(rep.added, a.Name)
	}
	if !dry {
		// One transaction: the file comes in whole or not at all.
		if _, err := b.AddAccounts(book.CLI, batch); err != nil {
			return err
		}
	}
	rep.print(e.stdout)
	return nil
}

// withInput opens the file to import and the database (a scratch one for a
// dry run), runs fn, and closes both.
func withInput(e *env, file string, dry bool, fn func(io.Reader, *book.Book) error) (err error) {
	f, err := openInput(file)
	if err != nil {
		return err
	}
	defer f.Close()
	s, cleanup, err := importStore(e, dry)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return fn(f, writer(s))
}

func importContactsCSV(e *env, file string, dry bool) error {
	return withInput(e, file, dry, func(f io.Reader, b *book.Book) error {
		p, err := b.PlanContactsCSV(f)
		if err != nil {
			return err
		}
		return addContacts(e, b, p, dry)
	})
}

func importVCard(e *env, account, file string, dry bool) error {
	return withInput(e, file, dry, func(f io.Reader, b *book.Book) error {
		a, err := b.FindAccount(account)
		if err != nil {
			return err
		}
		p, err := b.PlanVCards(f, a.ID)
		if err != nil {
			return err
		}
		return addContacts(e, b, p, dry)
	})
}

// addContacts creates the contacts of a file Keycard does not have yet
// (book's plan leaves out the people each account already has, so
// importing a file twice adds nothing the second time).
func addContacts(e *env, b *book.Book, p book.FilePlan[accounts.Contact], dry bool) error {
	rep := &intakeReport{what: "contact", dry: dry, problems: p.Problems, ignored: p.Ignored, existing: p.Existing}
	if !dry {
		// One transaction: the file comes in whole or not at all.
		if _, _, err := b.AddContacts(book.CLI, p.Add); err != nil {
			return err
		}
	}
	for _, c := range p.Add {
		rep.added = append(rep.added, c.Name)
	}
	rep.print(e.stdout)
	return nil
}

func importICS(e *env, file, account string, dry bool) error {
	return withInput(e, file, dry, func(f io.Reader, b *book.Book) error {
		var fallback accounts.ID
		if strings.TrimSpace(account) != "" {
			a, err := b.FindAccount(account)
			if err != nil {
				return err
			}
			fallback = a.ID
		}
		return addVisits(e, b, f, fallback, dry)
	})
}

func addVisits(e *env, b *book.Book, f io.Reader, fallback accounts.ID, dry bool) error {
	p, err := b.PlanCalendarFor(f, fallback)
	if err != nil {
		return err
	}
	rep := &intakeReport{what: "visit", dry: dry, problems: p.Problems}
	for _, v := range p.Have {
		rep.existing = append(rep.existing, visitName(v))
	}
	if !dry {
		if _, _, err := b.AddVisits(book.CLI, p.Add); err != nil {
			return err
		}
	}
	for _, v := range p.Add {
		rep.added = append(rep.added, visitName(v))
	}
	rep.print(e.stdout)
	return nil
}

func visitName(v accounts.Visit) string {
	return fmt.Sprintf("%s %s", v.At.Format("2006-01-02 15:04"), v.Objective)
}

// importDealsCSV adds the opportunities of a CRM export to their
// accounts' plans, in one transaction; the rows of accounts Keycard does
// not have are listed and left out, and a second run adds nothing.
func importDealsCSV(e *env, file string, o book.CSVImport, dry bool) error {
	return withInput(e, file, dry, func(f io.Reader, b *book.Book) error {
		raw, err := book.ReadImportFile(f)
		if err != nil {
			return fmt.Errorf("read the opportunities file: %w", err)
		}
		p, err := b.PlanDealsCSV(raw, o)
		if err != nil {
			return err
		}
		if !dry {
			if _, _, err := b.AddDeals(book.CLI, p.Add); err != nil {
				return err
			}
		}
		rep := &intakeReport{what: "opportunity", dry: dry, problems: p.Problems, ignored: p.Ignored, existing: p.Existing, money: p.Money}
		for _, d := range p.Add {
			rep.added = append(rep.added, book.DealName(d))
		}
		rep.print(e.stdout)
		return nil
	})
}

// importTeamCSV adds a sales-team sheet to the team directory.
func importTeamCSV(e *env, file string, dry bool) error {
	return withInput(e, file, dry, func(f io.Reader, b *book.Book) error {
		p, err := b.PlanTeamCSV(f)
		if err != nil {
			return err
		}
		if !dry {
			if _, err := b.AddPeople(p.Add); err != nil {
				return err
			}
		}
		rep := &intakeReport{what: "person", dry: dry, problems: p.Problems, ignored: p.Ignored, existing: p.Existing}
		for _, x := range p.Add {
			rep.added = append(rep.added, teamLine(x))
		}
		rep.print(e.stdout)
		return nil
	})
}

func teamLine(p accounts.Person) string {
	return tr("cli.intake.team_line", "Name", p.Name, "Manager", p.Manager, "Region", p.Region)
}

// importRatesCSV adds the exchange rates of a file (currency, rate, date)
// to the table; a rate already there is skipped, a changed one replaced.
func importRatesCSV(e *env, file string, dry bool) error {
	return withInput(e, file, dry, func(f io.Reader, b *book.Book) error {
		p, err := b.PlanRates(f)
		if err != nil {
			return err
		}
		if !dry {
			if _, err := b.ImportRates(book.CLI, p); err != nil {
				return err
			}
		}
		rep := &intakeReport{what: "rate", dry: dry, problems: p.Read.Problems, ignored: p.Read.Ignored}
		for _, x := range p.Add {
			rep.added = append(rep.added, rateLine(x))
		}
		for _, x := range p.Replace {
			rep.added = append(rep.added, tr("cli.rates.replaced", "Rate", rateLine(x)))
		}
		for _, x := range p.Same {
			rep.existing = append(rep.existing, rateLine(x))
		}
		rep.print(e.stdout)
		return nil
	})
}

func rateLine(x accounts.Rate) string {
	return tr("cli.rates.line", "Currency", x.Currency, "Rate", strconv.FormatFloat(x.PerUnit, 'f', -1, 64), "Date", x.ValidFrom.String())
}
