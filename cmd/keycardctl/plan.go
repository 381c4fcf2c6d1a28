package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/atomicfile"
	"keycard/documents"
	"keycard/storage"
)

var planCommand = command{
	name:    "plan",
	args:    "(ACCOUNT | --all [--owner NAME]) [-o FILE|DIR] [--lang en|zh] [--paper A4|Letter] [--private]",
	summary: "cli.cmd.plan.summary",
	help:    "cli.cmd.plan.help",
	run:     func(e *env, args []string) int { return runDocument(e, args, "plan", documents.AccountPlan) },
}

// render is the shape of the documents package's printers.
type render func(w io.Writer, f *accounts.AccountData, o documents.Options) error

// runDocument is the plan and brief commands; kind names the file ("plan",
// "brief") as documents.PlanFileName expects.
func runDocument(e *env, args []string, kind string, print render) int {
	fs := e.flags()
	out := fs.String("o", "", tr("cli.flag.plan.o"))
	all := fs.Bool("all", false, tr("cli.flag.plan.all"))
	owner := fs.String("owner", "", tr("cli.flag.plan.owner"))
	lang := fs.String("lang", "en", tr("cli.flag.plan.lang"))
	paper := fs.String("paper", "A4", tr("cli.flag.plan.paper"))
	private := fs.Bool("private", false, tr("cli.flag.plan.private"))
	pos, code, done := e.parse(fs, args, 0, 1)
	if done {
		return code
	}
	switch {
	case *all && len(pos) > 0:
		return e.usageError("give either ACCOUNT or --all, not both")
	case !*all && len(pos) == 0:
		return e.usageError("missing ACCOUNT (or --all for every account)")
	case !*all && *owner != "":
		return e.usageError("--owner goes with --all; to print one account, name it")
	}
	l, ok := parseLang(*lang)
	if !ok {
		return e.usageError("--lang %q: choose en or zh", *lang)
	}
	p, ok := parsePaper(*paper)
	if !ok {
		return e.usageError("--paper %q: choose A4 or Letter", *paper)
	}
	opts := documents.Options{Lang: l, Paper: p, Now: clock(), IncludePrivate: *private}
	var err error
	if *all {
		err = printAll(e, kind, print, *owner, *out, opts)
	} else {
		err = printOne(e, kind, print, pos[0], *out, opts)
	}
	if err != nil {
		return e.fail(err)
	}
	return exitOK
}

func parsePaper(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "a4":
		return "A4", true
	case "letter", "us-letter", "usletter":
		return "Letter", true
	}
	return "", false
}

func printOne(e *env, kind string, print render, query, out string, o documents.Options) error {
	d, err := loadOne(e, query)
	if err != nil {
		return err
	}
	path := out
	if out == "" || isDir(out) || strings.HasSuffix(out, string(os.PathSeparator)) || strings.HasSuffix(out, "/") {
		if out != "" {
			if err := makeDir(out); err != nil {
				return err
			}
		}
		path = filepath.Join(out, documents.PlanFileName(d.Account, kind, o.Now))
	}
	if err := printTo(path, kind, print, d, o); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, path)
	return nil
}

func printAll(e *env, kind string, print render, owner, dir string, o documents.Options) (err error) {
	if dir == "" {
		dir = "."
	} else if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return accounts.Errorf(accounts.EINVALID, "cli.print.dir_is_file", "Path", dir)
	}
	s, err := e.open(true, storage.Options{})
	if err != nil {
		return err
	}
	defer closeStore(s, &err)
	var sums []storage.Summary
	if owner != "" {
		sums, err = s.SummariesByOwner(owner)
	} else {
		sums, err = s.Summaries()
	}
	if err != nil {
		return err
	}
	if len(sums) == 0 {
		return accounts.Errorf(accounts.ENOTFOUND, "cli.print.nothing", "Why", noAccountsPhrase(owner, ""), "Kind", accounts.Phrase{Key: "cli.kind." + kind})
	}
	if err := makeDir(dir); err != nil {
		return err
	}
	start := time.Now()
	used := map[string]bool{}
	for _, sm := range sums {
		d, err := s.LoadAccount(sm.ID)
		if err != nil {
			return err
		}
		name := documents.PlanFileName(d.Account, kind, o.Now)
		// Two accounts of the same name would overwrite each other's file.
		if used[name] {
			name = strings.TrimSuffix(name, ".pdf") + "-" + shortID(d.Account.ID) + ".pdf"
		}
		used[name] = true
		path := filepath.Join(dir, name)
		if err := printTo(path, kind, print, d, o); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, path)
	}
	fmt.Fprintln(e.stderr, tr("cli.print.done", "Docs", count(kind, len(sums)), "Took", time.Since(start).Round(10*time.Millisecond)))
	return nil
}

// shortID is the random tail of a UUIDv7, which differs between two
// accounts created in the same millisecond.
func shortID(id accounts.ID) string {
	s := strings.ReplaceAll(string(id), "-", "")
	return s[max(0, len(s)-8):]
}

func printTo(path, kind string, print render, d *accounts.AccountData, o documents.Options) error {
	err := writeAtomic(path, func(w io.Writer) error {
		return print(w, d, o)
	})
	if err != nil {
		var ae *accounts.Error
		if errors.As(err, &ae) {
			return err
		}
		return &accounts.Error{Code: accounts.EINTERNAL, Err: err,
			Msg: accounts.Say("cli.print.failed", "Kind", accounts.Phrase{Key: "cli.kind." + kind}, "Name", d.Account.Name)}
	}
	return nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// makeDir creates the folder for a batch of documents, owner-only: the file
// names carry customer names. An existing folder keeps its mode.
func makeDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &accounts.Error{Code: accounts.EINTERNAL, Err: err,
			Msg: accounts.Say("cli.print.mkdir", "Path", dir)}
	}
	return nil
}

// writeAtomic writes path so that a failure leaves no half file and an
// existing file is replaced only by a complete one. The file is readable by
// its owner only: plans and bundles carry customer data.
func writeAtomic(path string, write func(io.Writer) error) error {
	err := atomicfile.Write(path, 0o600, write)
	if fe := (*atomicfile.Error)(nil); errors.As(err, &fe) {
		code := accounts.EINTERNAL
		if errors.Is(err, atomicfile.ErrIsFolder) {
			code = accounts.EINVALID
		}
		return &accounts.Error{Code: code, Msg: fe.Phrase(), Err: err}
	}
	return err
}
