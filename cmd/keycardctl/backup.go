package main

import (
	"fmt"
	"os"

	"keycard/locale"
	"keycard/storage"
)

var backupCommand = command{
	name:    "backup",
	args:    "FILE",
	summary: "cli.cmd.backup.summary",
	run:     runBackup,
}

func runBackup(e *env, args []string) int {
	fs := e.flags()
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	}
	if err := backup(e, pos[0]); err != nil {
		return e.fail(err)
	}
	return exitOK
}

func backup(e *env, file string) (err error) {
	s, err := e.open(true, storage.Options{})
	if err != nil {
		return err
	}
	defer closeStore(s, &err)
	// Through the book, whose backup checks the copy and refuses a damaged
	// database with a sentence.
	if err := writer(s).Backup(file); err != nil {
		return err
	}
	size := ""
	if fi, err := os.Stat(file); err == nil {
		size = " (" + locale.ByteSize(fi.Size()) + ")"
	}
	fmt.Fprintln(e.stdout, tr("cli.backup.done", "Path", s.Path(), "File", file, "Size", size))
	return nil
}
