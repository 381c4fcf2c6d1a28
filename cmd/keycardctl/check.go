package main

import (
	"fmt"

	"keycard/storage"
)

var checkCommand = command{
	name:    "check",
	args:    "",
	summary: "cli.cmd.check.summary",
	run:     runCheck,
}

func runCheck(e *env, args []string) int {
	fs := e.flags()
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	if err := check(e); err != nil {
		return e.fail(err)
	}
	return exitOK
}

func check(e *env) (err error) {
	s, err := e.open(true, storage.Options{})
	if err != nil {
		return err
	}
	defer closeStore(s, &err)
	if err := s.Check(); err != nil {
		return err
	}
	st, err := s.Stats()
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tr("cli.check.ok", "Path", s.Path(), "Accounts", st.Accounts, "Contacts", st.Contacts, "Visits", st.Visits))
	return nil
}
