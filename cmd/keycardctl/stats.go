package main

import (
	"strconv"

	"keycard/locale"
	"keycard/storage"
)

var statsCommand = command{
	name:    "stats",
	args:    "[--json]",
	summary: "cli.cmd.stats.summary",
	run:     runStats,
}

func runStats(e *env, args []string) int {
	fs := e.flags()
	asJSON := fs.Bool("json", false, tr("cli.flag.stats.json"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	st, err := stats(e)
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		return e.printJSON(st)
	}
	t := &table{}
	t.add(tr("cli.stats.file"), st.Path)
	t.add(tr("cli.stats.size"), locale.ByteSize(st.SizeBytes))
	t.add(tr("cli.stats.schema"), strconv.Itoa(st.Schema))
	for _, r := range []struct {
		k string
		n int
	}{{"accounts", st.Accounts}, {"contacts", st.Contacts}, {"links", st.Links}, {"visits", st.Visits},
		{"warnings", st.Warnings}, {"plans", st.Plans}, {"opportunities", st.Opportunities}, {"handovers", st.Handovers}} {
		t.add(tr("cli.stats."+r.k), strconv.Itoa(r.n))
	}
	t.write(e.stdout, "")
	return exitOK
}

func stats(e *env) (st storage.Stats, err error) {
	s, err := e.open(true, storage.Options{})
	if err != nil {
		return st, err
	}
	defer closeStore(s, &err)
	return s.Stats()
}
