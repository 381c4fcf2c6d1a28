package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"keycard/book"
)

// The data exports: tables to Excel and CSV, contacts to vCard, follow-ups
// and planned visits to iCalendar (book/exports.go). Every refusal of the
// command line comes before the database is opened, and every refusal of
// the book before the file is written: a bad flag never leaves a file.

var exportXLSXCommand = command{
	name:    "export-xlsx",
	args:    "[--what KIND] [--owner NAME] [--account NAME] [--lang en|zh] -o FILE.xlsx",
	summary: "cli.cmd.export_xlsx.summary",
	help:    "cli.cmd.export_sheet.help",
	run:     func(e *env, args []string) int { return runExportSheet(e, args, book.FormatXLSX) },
}

var exportCSVCommand = command{
	name:    "export-csv",
	args:    "[--what KIND] [--owner NAME] [--account NAME] [--lang en|zh] -o FILE.csv",
	summary: "cli.cmd.export_csv.summary",
	help:    "cli.cmd.export_sheet.help",
	run:     func(e *env, args []string) int { return runExportSheet(e, args, book.FormatCSV) },
}

var exportVCardCommand = command{
	name:    "export-vcard",
	args:    "ACCOUNT [--version 3.0|4.0] -o FILE.vcf",
	summary: "cli.cmd.export_vcard.summary",
	help:    "cli.cmd.export_vcard.help",
	run:     runExportVCard,
}

var exportICSCommand = command{
	name:    "export-ics",
	args:    "[--owner NAME] [--lang en|zh] -o FILE.ics",
	summary: "cli.cmd.export_ics.summary",
	help:    "cli.cmd.export_ics.help",
	run:     runExportICS,
}

func runExportSheet(e *env, args []string, format string) int {
	fs := e.flags()
	what := fs.String("what", book.SheetPortfolio, tr("cli.flag.dataexport.what", "Kinds", strings.Join(book.SheetKinds, "|")))
	owner := fs.String("owner", "", tr("cli.flag.dataexport.owner"))
	account := fs.String("account", "", tr("cli.flag.dataexport.account"))
	langFlag := fs.String("lang", "", tr("cli.flag.dataexport.lang"))
	out := fs.String("o", "", tr("cli.flag.dataexport.o"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	l, ok := parseLang(*langFlag)
	switch {
	case !slices.Contains(book.SheetKinds, *what):
		return e.usageError("%s", tr("dataexport.bad_what", "What", *what, "Kinds", strings.Join(book.SheetKinds, ", ")))
	case book.SheetNeedsAccount(*what) && *account == "":
		return e.usageError("%s", tr("cli.dataexport.need_account", "What", *what))
	case *account != "" && !book.SheetNeedsAccount(*what) && *what != book.SheetFollowUps:
		return e.usageError("%s", tr("cli.dataexport.account_unused", "What", *what))
	case !ok:
		return e.usageError("%s", tr("cli.dataexport.bad_lang", "Lang", *langFlag))
	case *out == "":
		return e.usageError("%s", tr("cli.dataexport.need_o"))
	}
	o := book.SheetOptions{What: *what, Format: format, Owner: *owner, Lang: l}
	n, err := exportSheet(e, *account, *out, o)
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.dataexport.sheet_done", "N", n, "What", tr(book.SheetTitle(o.What)), "Path", *out))
	return exitOK
}

func exportSheet(e *env, account, out string, o book.SheetOptions) (n int, err error) {
	b, err := e.reader()
	if err != nil {
		return 0, err
	}
	defer closeBook(b, &err)
	if account != "" {
		a, err := b.FindAccount(account)
		if err != nil {
			return 0, err
		}
		o.Account = a.ID
	}
	return b.ExportSheet(context.Background(), out, o)
}

func runExportVCard(e *env, args []string) int {
	fs := e.flags()
	version := fs.String("version", "3.0", tr("cli.flag.dataexport.version"))
	out := fs.String("o", "", tr("cli.flag.dataexport.o"))
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	}
	switch {
	case *version != "3.0" && *version != "4.0":
		return e.usageError("%s", tr("dataexport.bad_vcard_version", "Version", *version))
	case *out == "":
		return e.usageError("%s", tr("cli.dataexport.need_o"))
	}
	var n int
	var name string
	err := withReader(e, func(b *book.Book) error {
		a, err := b.FindAccount(pos[0])
		if err != nil {
			return err
		}
		name = a.Name
		n, err = b.ExportVCards(*out, a.ID, *version)
		return err
	})
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.dataexport.vcard_done", "N", n, "Name", name, "Version", *version, "Path", *out))
	return exitOK
}

func runExportICS(e *env, args []string) int {
	fs := e.flags()
	owner := fs.String("owner", "", tr("cli.flag.dataexport.owner"))
	langFlag := fs.String("lang", "", tr("cli.flag.dataexport.lang"))
	out := fs.String("o", "", tr("cli.flag.dataexport.o"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	l, ok := parseLang(*langFlag)
	switch {
	case !ok:
		return e.usageError("%s", tr("cli.dataexport.bad_lang", "Lang", *langFlag))
	case *out == "":
		return e.usageError("%s", tr("cli.dataexport.need_o"))
	}
	var n int
	err := withReader(e, func(b *book.Book) (err error) {
		n, err = b.ExportCalendar(*out, *owner, l)
		return err
	})
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.dataexport.ics_done", "N", n, "Path", *out))
	return exitOK
}

// withReader runs fn with the database open read-only under the book.
func withReader(e *env, fn func(b *book.Book) error) (err error) {
	b, err := e.reader()
	if err != nil {
		return err
	}
	defer closeBook(b, &err)
	return fn(b)
}
