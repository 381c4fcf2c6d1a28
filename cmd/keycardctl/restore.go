package main

import (
	"fmt"

	"keycard/book"
)

var restoreCommand = command{
	name:    "restore",
	args:    "FILE | --latest",
	summary: "cli.cmd.restore.summary",
	help:    "cli.cmd.restore.help",
	run:     runRestore,
}

func runRestore(e *env, args []string) int {
	fs := e.flags()
	latest := fs.Bool("latest", false, tr("cli.flag.restore.latest"))
	pos, code, done := e.parse(fs, args, 0, 1)
	if done {
		return code
	}
	switch {
	case *latest && len(pos) == 1:
		return e.usageError("%s", tr("cli.restore.both"))
	case !*latest && len(pos) == 0:
		return e.usageError("%s", tr("cli.usage.missing", "Arg", "FILE"))
	}
	path, err := e.path()
	if err != nil {
		return e.fail(err)
	}
	from := ""
	if *latest {
		f, err := book.LatestBackup(path)
		if err != nil {
			return e.fail(err)
		}
		from = f.Path
	} else {
		from = pos[0]
	}
	r, err := book.RestoreFile(from, path, clock())
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.restore.done", "Backup", from, "Path", path))
	switch {
	case r.Saved != "":
		fmt.Fprintln(e.stdout, tr("cli.restore.saved", "Saved", r.Saved))
	case r.Damaged != "":
		fmt.Fprintln(e.stdout, tr("cli.restore.damaged", "Kept", r.Damaged))
	}
	return exitOK
}
