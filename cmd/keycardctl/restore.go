package main

import (
	"fmt"

	"keycard/storage"
)

var restoreCommand = command{
	name:    "restore",
	args:    "FILE",
	summary: "cli.cmd.restore.summary",
	help:    "cli.cmd.restore.help",
	run:     runRestore,
}

func runRestore(e *env, args []string) int {
	fs := e.flags()
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	}
	path, err := e.path()
	if err == nil {
		err = storage.Restore(pos[0], path)
	}
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.restore.done", "Backup", pos[0], "Path", path))
	return exitOK
}
