package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"runtime/debug"
	"slices"
	"strings"

	"keycard/accounts"
	"keycard/book"
	"keycard/locale"
)

// EnvPassphrase holds a bundle passphrase for scripts, so it need not appear
// on a command line (where other users of the computer can see it).
const EnvPassphrase = "KEYCARD_PASSPHRASE"

var exportCommand = command{
	name:    "export",
	args:    "(--owner NAME | ACCOUNT...) -o FILE.keycard [--private] [--passphrase-file FILE] [--by NAME]",
	summary: "cli.cmd.export.summary",
	help:    "cli.cmd.export.help",
	run:     runExport,
}

func runExport(e *env, args []string) int {
	fs := e.flags()
	owner := fs.String("owner", "", tr("cli.flag.export.owner"))
	out := fs.String("o", "", tr("cli.flag.export.o"))
	private := fs.Bool("private", false, tr("cli.flag.export.private"))
	passFile := fs.String("passphrase-file", "", tr("cli.flag.export.passphrase_file"))
	by := fs.String("by", "", tr("cli.flag.export.by"))
	pos, code, done := e.parse(fs, args, 0, 1<<20)
	if done {
		return code
	}
	switch {
	case *owner == "" && len(pos) == 0:
		return e.usageError("say what to export: --owner NAME or one or more accounts")
	case *owner != "" && len(pos) > 0:
		return e.usageError("give either --owner or accounts, not both")
	case *out == "":
		return e.usageError("-o FILE is required")
	}
	pass, err := passphrase(*passFile)
	if err != nil {
		return e.fail(err)
	}
	o := book.BundleOptions{CreatedBy: *by, Now: clock(), IncludePrivate: *private, Passphrase: pass, AppVersion: appVersion()}
	if o.CreatedBy == "" {
		o.CreatedBy = *owner
	}
	if o.CreatedBy == "" {
		if u, err := user.Current(); err == nil {
			o.CreatedBy = u.Username
		}
	}
	if err := export(e, *owner, pos, *out, o); err != nil {
		return e.fail(err)
	}
	return exitOK
}

func export(e *env, owner string, queries []string, out string, o book.BundleOptions) (err error) {
	b, err := e.reader()
	if err != nil {
		return err
	}
	defer closeBook(b, &err)
	ids, err := exportIDs(b, owner, queries)
	if err != nil {
		return err
	}
	m, err := b.WriteBundle(out, ids, o)
	if err != nil {
		return err
	}
	size := ""
	if fi, err := os.Stat(out); err == nil {
		size = ", " + locale.ByteSize(fi.Size())
	}
	var notes []accounts.Phrase
	if m.Sealed {
		notes = append(notes, accounts.Phrase{Key: "cli.export.sealed"})
	}
	if m.IncludePrivate {
		notes = append(notes, accounts.Phrase{Key: "bundle.private.in"})
	} else {
		notes = append(notes, accounts.Phrase{Key: "bundle.private.out"})
	}
	c := m.Counts
	fmt.Fprintln(e.stdout, tr("cli.export.done", "Accounts", count("account", c.Accounts), "Contacts", count("contact", c.Contacts),
		"Visits", count("visit", c.Visits), "Warnings", count("warning", c.Warnings), "Plans", count("plan", c.Plans),
		"Path", out, "Size", size, "Notes", notes))
	return nil
}

// exportIDs are the chosen accounts, each once, in the order given.
func exportIDs(b *book.Book, owner string, queries []string) ([]accounts.ID, error) {
	var ids []accounts.ID
	if owner != "" {
		sums, err := b.SummariesByOwner(owner)
		if err != nil {
			return nil, err
		}
		if len(sums) == 0 {
			return nil, accounts.Errorf(accounts.ENOTFOUND, "cli.export.no_accounts", "Owner", owner)
		}
		for _, sm := range sums {
			ids = append(ids, sm.ID)
		}
		return ids, nil
	}
	for _, q := range queries {
		a, err := b.FindAccount(q)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, a.ID) {
			ids = append(ids, a.ID)
		}
	}
	return ids, nil
}

// passphrase reads the first line of file, else $KEYCARD_PASSPHRASE; empty
// means no passphrase.
func passphrase(file string) (string, error) {
	if file == "" {
		return os.Getenv(EnvPassphrase), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		msg := accounts.Say("cli.passphrase.unreadable", "Path", file)
		if errors.Is(err, fs.ErrNotExist) {
			msg = accounts.Say("cli.passphrase.missing", "Path", file)
		}
		return "", &accounts.Error{Code: accounts.ENOTFOUND, Msg: msg, Err: err}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", accounts.Errorf(accounts.EINVALID, "cli.passphrase.empty", "Path", file)
	}
	return line, nil
}

// appVersion is the module version the binary was built from, when known.
func appVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return ""
}

// count says "1 account" or "3 accounts" of a kind of record.
func count(kind string, n int) string { return tr("cli.count."+kind, "N", n) }
