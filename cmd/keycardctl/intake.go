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
	args:    "accounts|contacts|rates FILE.csv [--owner NAME] [--dry-run]",
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
	args:    "FILE.ics [--dry-run]",
	summary: "cli.cmd.import_ics.summary",
	help:    "cli.cmd.import_ics.help",
	run:     runImportICS,
}

func runImportCSV(e *env, args []string) int {
	fs := e.flags()
	dry := fs.Bool("dry-run", false, tr("cli.flag.intake.dry_run"))
	owner := fs.String("owner", "", tr("cli.flag.intake.owner"))
	pos, code, done := e.parse(fs, args, 2, 2)
	if done {
		return code
	}
	switch pos[0] {
	case "accounts":
		return e.done(importAccountsCSV(e, pos[1], *owner, *dry))
	case "contacts":
		return e.done(importContactsCSV(e, pos[1], *dry))
	case "rates":
		return e.done(importRatesCSV(e, pos[1], *dry))
	}
	return e.usageError("say accounts or contacts (or rates), not %q", pos[0])
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
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	}
	return e.done(importICS(e, pos[0], *dry))
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
}

func (r *intakeReport) print(w io.Writer) {
	left := 0
	for _, p := range r.problems {
		if !p.Kept {
			left++
		}
	}
	fmt.Fprintln(w, tr("cli.intake.done", "Dry", r.dry, "Added", count(r.what, len(r.added)), "Existing", len(r.existing), "Left", left))
	for _, n := range r.added {
		fmt.Fprintf(w, "  + %s\n", n)
	}
	for _, n := range r.existing {
		fmt.Fprintf(w, "  = %s\n", tr("cli.intake.existing", "Name", n))
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

func importAccountsCSV(e *env, file, owner string, dry bool) (err error) {
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
	read, err := book.ReadAccountsCSV(raw, owner, clock())
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
	rep := &intakeReport{what: "account", dry: dry, problems: p.Problems, ignored: p.Ignored, existing: p.Existing}
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

func importICS(e *env, file string, dry bool) error {
	return withInput(e, file, dry, func(f io.Reader, b *book.Book) error {
		return addVisits(e, b, f, dry)
	})
}

func addVisits(e *env, b *book.Book, f io.Reader, dry bool) error {
	p, err := b.PlanCalendar(f)
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
