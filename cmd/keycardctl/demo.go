package main

import (
	"fmt"

	"keycard/accounts"
	"keycard/book"
)

var demoCommand = command{
	name:    "demo",
	args:    "[--seed N] [--force]",
	summary: "cli.cmd.demo.summary",
	help:    "cli.cmd.demo.help",
	run:     runDemo,
}

func runDemo(e *env, args []string) int {
	fs := e.flags()
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same portfolio")
	force := fs.Bool("force", false, tr("cli.flag.demo.force"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	if err := loadDemo(e, *seed, *force); err != nil {
		return e.fail(err)
	}
	return exitOK
}

func loadDemo(e *env, seed int64, force bool) (err error) {
	b, err := e.openBook(readWrite)
	if err != nil {
		return err
	}
	defer closeBook(b, &err)
	if err := refuseNonEmpty(b, force, "demo"); err != nil {
		return err
	}
	n, _, err := b.GenerateDemo(book.CLI, book.DemoOptions{Seed: seed}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tr("cli.demo.done", "Accounts", n.Accounts, "Contacts", n.Contacts, "Visits", n.Visits, "Path", b.Path()))
	return nil
}

// refuseNonEmpty keeps generated data from landing among real accounts.
func refuseNonEmpty(b *book.Book, force bool, cmd string) error {
	if force {
		return nil
	}
	sums, err := b.Summaries()
	if err != nil {
		return err
	}
	if len(sums) > 0 {
		return accounts.Errorf(accounts.ECONFLICT, "cli.demo.not_empty", "Path", b.Path(), "Count", len(sums), "Command", cmd)
	}
	return nil
}
