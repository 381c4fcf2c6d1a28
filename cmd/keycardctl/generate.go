package main

import (
	"fmt"
	"os"
	"time"

	"keycard/accounts"
	"keycard/book"
	"keycard/demo"
	"keycard/storage"
)

var generateCommand = command{
	name:    "generate",
	args:    "--db FILE [--accounts N] [--seed S] [--force]",
	summary: "cli.cmd.generate.summary",
	help:    "cli.cmd.generate.help",
	run:     runGenerate,
}

// generateBatch is how many accounts go into one write transaction.
const generateBatch = 200

func runGenerate(e *env, args []string) int {
	fs := e.flags()
	n := fs.Int("accounts", demo.LargeAccounts, tr("cli.flag.generate.accounts"))
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

func generate(e *env, n int, seed int64, force bool) (err error) {
	start := time.Now()
	s, err := e.open(false, storage.Options{NoSync: true})
	if err != nil {
		return err
	}
	path := s.Path()
	closed := false
	defer func() {
		if !closed {
			closeStore(s, &err)
		}
	}()
	if err := refuseNonEmpty(s, force, "generate"); err != nil {
		return err
	}
	var (
		batch            = make([]accounts.AccountData, 0, generateBatch)
		done             int
		contacts, visits int
		every            = max(generateBatch, n/10/generateBatch*generateBatch)
	)
	w := writer(s)
	flush := func() error {
		if _, err := w.AddAccounts(book.CLI, batch); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		if done%every == 0 || done == n {
			fmt.Fprintf(e.stdout, "%7d/%d accounts  %9d contacts  %10d visits  %s\n",
				done, n, contacts, visits, time.Since(start).Round(100*time.Millisecond))
		}
		return nil
	}
	err = demo.GenerateEach(demo.Options{Seed: seed, Accounts: n, Now: clock(), Large: true}, func(d accounts.AccountData) error {
		contacts += len(d.Contacts)
		visits += len(d.Visits)
		batch = append(batch, d)
		if len(batch) == generateBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		return err
	}
	closed = true
	if err := s.Close(); err != nil {
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
		size = ", " + byteSize(fi.Size())
	}
	fmt.Fprintln(e.stdout, tr("cli.generate.done", "Accounts", n, "Contacts", contacts, "Visits", visits, "Path", path,
		"Took", time.Since(start).Round(100*time.Millisecond), "Size", size))
	return nil
}
