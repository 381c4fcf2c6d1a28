package main

import (
	"fmt"
	"os"
	"time"

	"keycard/book"
	"keycard/locale"
)

var generateCommand = command{
	name:    "generate",
	args:    "--db FILE [--accounts N] [--seed S] [--force]",
	summary: "cli.cmd.generate.summary",
	help:    "cli.cmd.generate.help",
	run:     runGenerate,
}

func runGenerate(e *env, args []string) int {
	fs := e.flags()
	n := fs.Int("accounts", book.LargeDemoAccounts, tr("cli.flag.generate.accounts"))
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same data")
	force := fs.Bool("force", false, tr("cli.flag.generate.force"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	if e.db == "" {
		return e.usageError("--db FILE is required")
	}
	if *n < 1 {
		return e.usageError("--accounts must be at least 1")
	}
	if err := generate(e, *n, *seed, *force); err != nil {
		return e.fail(err)
	}
	return exitOK
}

// progressLines is about how many progress lines a generation prints.
const progressLines = 10

func generate(e *env, n int, seed int64, force bool) (err error) {
	start := time.Now()
	b, err := e.openBook(bulkWrite)
	if err != nil {
		return err
	}
	path := b.Path()
	closed := false
	defer func() {
		if !closed {
			closeBook(b, &err)
		}
	}()
	if err := refuseNonEmpty(b, force, "generate"); err != nil {
		return err
	}
	// A line after about every tenth of the accounts, at a batch's end.
	every := max(book.DemoBatch, n/progressLines/book.DemoBatch*book.DemoBatch)
	progress := func(c book.DemoCount) {
		if c.Accounts%every == 0 || c.Accounts == n {
			fmt.Fprintf(e.stdout, "%7d/%d accounts  %9d contacts  %10d visits  %s\n",
				c.Accounts, n, c.Contacts, c.Visits, time.Since(start).Round(100*time.Millisecond))
		}
	}
	c, _, err := b.GenerateDemo(book.CLI, book.DemoOptions{Seed: seed, Accounts: n, Now: clock(), Large: true}, progress)
	if err != nil {
		return err
	}
	closed = true
	if err := b.Close(); err != nil {
		return err
	}
	// The writes skipped fsync for speed; one sync at the end makes the
	// finished file durable.
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Sync()
		f.Close()
	}
	size := ""
	if fi, err := os.Stat(path); err == nil {
		size = ", " + locale.ByteSize(fi.Size())
	}
	fmt.Fprintln(e.stdout, tr("cli.generate.done", "Accounts", n, "Contacts", c.Contacts, "Visits", c.Visits, "Path", path,
		"Took", time.Since(start).Round(100*time.Millisecond), "Size", size))
	return nil
}
