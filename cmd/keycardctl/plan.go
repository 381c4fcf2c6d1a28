package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/book"
)

var planCommand = command{
	name:    "plan",
	args:    "(ACCOUNT | --all [--owner NAME]) [-o FILE|DIR] [--lang en|zh] [--paper A4|Letter] [--private]",
	summary: "cli.cmd.plan.summary",
	help:    "cli.cmd.plan.help",
	run:     func(e *env, args []string) int { return runDocument(e, args, book.KindPlan) },
}

// runDocument is the plan and brief commands; kind is book.KindPlan or
// book.KindBrief. The printing is book's, as in the app; keycardctl reads
// the command line and says where the files went.
func runDocument(e *env, args []string, kind string) int {
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
	opts := book.DocumentOptions{Lang: l, Paper: p, Now: clock(), IncludePrivate: *private}
	// Plans carry customer data: keycardctl writes them owner-only.
	pr := book.Print{Kind: kind, OwnerOnly: true}
	var err error
	if *all {
		err = printAll(e, pr, *owner, *out, opts)
	} else {
		err = printOne(e, pr, pos[0], *out, opts)
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

// printOne prints one account's document to out: a file, or a folder (an
// existing one, or one named with a trailing separator, created) that
// receives the document under its usual name.
func printOne(e *env, pr book.Print, query, out string, o book.DocumentOptions) (err error) {
	b, err := e.reader()
	if err != nil {
		return err
	}
	defer closeBook(b, &err)
	a, err := b.FindAccount(query)
	if err != nil {
		return err
	}
	path := out
	if out == "" || isDir(out) || strings.HasSuffix(out, string(os.PathSeparator)) || strings.HasSuffix(out, "/") {
		if out != "" {
			if err := book.MakeFolder(out); err != nil {
				return err
			}
		}
		path = filepath.Join(out, book.PlanFileName(*a, pr.Kind, o))
	}
	if err := b.PrintAccount(path, a.ID, pr, o); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, path)
	return nil
}

// printAll prints the document of every account (of owner) into the folder
// dir, a line per file as it is written.
func printAll(e *env, pr book.Print, owner, dir string, o book.DocumentOptions) (err error) {
	if dir == "" {
		dir = "."
	} else if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return accounts.Errorf(accounts.EINVALID, "cli.print.dir_is_file", "Path", dir)
	}
	b, err := e.reader()
	if err != nil {
		return err
	}
	defer closeBook(b, &err)
	start := time.Now()
	pr.Wrote = func(path string) { fmt.Fprintln(e.stdout, path) }
	n, _, err := b.PrintAll(dir, owner, pr, o)
	if err != nil {
		return err
	}
	if n == 0 {
		return accounts.Errorf(accounts.ENOTFOUND, "cli.print.nothing", "Why", noAccountsPhrase(owner, ""), "Kind", accounts.Phrase{Key: "file.kind." + pr.Kind})
	}
	fmt.Fprintln(e.stderr, tr("cli.print.done", "Docs", count(pr.Kind, n), "Took", time.Since(start).Round(10*time.Millisecond)))
	return nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
