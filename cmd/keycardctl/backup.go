package main

import (
	"fmt"
	"os"

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
		size = " (" + byteSize(fi.Size()) + ")"
	}
	fmt.Fprintln(e.stdout, tr("cli.backup.done", "Path", s.Path(), "File", file, "Size", size))
	return nil
}

// byteSize formats n as "812 KB", "1.3 GB".
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}
