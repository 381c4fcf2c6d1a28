package main

import (
	"fmt"

	"keycard/accounts"
	"keycard/book"
	"keycard/demo"
	"keycard/storage"
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
	s, err := e.open(false, storage.Options{})
	if err != nil {
		return err
	}
	defer closeStore(s, &err)
	if err := refuseNonEmpty(s, force, "demo"); err != nil {
		return err
	}
	data := demo.Generate(demo.Options{Seed: seed, Now: clock()})
	if _, err := writer(s).AddAccounts(book.CLI, data); err != nil {
		return err
	}
	var contacts, visits int
	for _, d := range data {
		contacts += len(d.Contacts)
		visits += len(d.Visits)
	}
	fmt.Fprintln(e.stdout, tr("cli.demo.done", "Accounts", len(data), "Contacts", contacts, "Visits", visits, "Path", s.Path()))
	return nil
}

// refuseNonEmpty keeps generated data from landing among real accounts.
func refuseNonEmpty(s *storage.Store, force bool, cmd string) error {
	if force {
		return nil
	}
	sums, err := s.Summaries()
	if err != nil {
		return err
	}
	if len(sums) > 0 {
		return accounts.Errorf(accounts.ECONFLICT, "cli.demo.not_empty", "Path", s.Path(), "Count", len(sums), "Command", cmd)
	}
	return nil
}
