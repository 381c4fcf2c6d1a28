package main

import (
	"fmt"

	"keycard/book"
	"keycard/locale"
)

var backupsCommand = command{
	name:    "backups",
	args:    "",
	summary: "cli.cmd.backups.summary",
	help:    "cli.cmd.backups.help",
	run:     runBackups,
}

// backupKind is the key of the label of a backup's kind.
var backupKind = map[string]string{
	book.KindDaily:         "backups.kind.daily",
	book.KindBeforeRestore: "backups.kind.before_restore",
}

func runBackups(e *env, args []string) int {
	fs := e.flags()
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	path, err := e.path()
	if err != nil {
		return e.fail(err)
	}
	list, err := book.ListBackups(path)
	if err != nil {
		return e.fail(err)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, tr("cli.backups.none", "Path", path, "Dir", book.BackupDir(path)))
		return exitOK
	}
	t := &table{}
	t.add(tr("cli.backups.date"), tr("cli.backups.size"), tr("cli.backups.kind"), tr("cli.backups.file"))
	for _, f := range list {
		t.add(f.Day.String()+" "+f.Made.Format("15:04"), locale.ByteSize(f.Size), tr(backupKind[f.Kind]), f.Path)
	}
	t.write(e.stdout, "")
	return exitOK
}
