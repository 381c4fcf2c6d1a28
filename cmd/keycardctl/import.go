package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"keycard/accounts"
	"keycard/book"
	"keycard/storage"
)

var importCommand = command{
	name:    "import",
	args:    "FILE.keycard [--dry-run] [--passphrase-file FILE] [--json]",
	summary: "cli.cmd.import.summary",
	help:    "cli.cmd.import.help",
	run:     runImport,
}

// importReport is what an import or its preview did.
type importReport struct {
	DryRun   bool
	Manifest book.Manifest
	Sealed   bool
	Plan     book.ImportPlan
}

// importJSON is the JSON form of an import report: the records' names and
// reasons are sentences in the language of the environment, as a script
// reading the report has always found them.
type importJSON struct {
	DryRun   bool           `json:"dry_run"`
	Manifest book.Manifest  `json:"manifest"`
	Sealed   bool           `json:"sealed"`
	Plan     importPlanJSON `json:"plan"`
}

type importPlanJSON struct {
	Added     []importItemJSON `json:"added"`
	Updated   []importItemJSON `json:"updated"`
	Skipped   []importItemJSON `json:"skipped"`
	Conflicts []importItemJSON `json:"conflicts"`
	// More counts, by list and kind, the records a large bundle's lists
	// leave out (every account is listed).
	More map[string]map[string]int `json:"more,omitempty"`
}

type importItemJSON struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Changes is the number of records the import writes, listed or not.
func (p importPlanJSON) Changes() int {
	n := len(p.Added) + len(p.Updated)
	for _, list := range []string{book.PlanAdded, book.PlanUpdated} {
		for _, k := range p.More[list] {
			n += k
		}
	}
	return n
}

func (r importReport) json() importJSON {
	items := func(in []book.ImportItem) []importItemJSON {
		out := make([]importItemJSON, len(in))
		for i, it := range in {
			out[i] = importItemJSON{Kind: it.Kind, ID: it.ID, Name: say(it.Name), Reason: say(it.Reason)}
		}
		return out
	}
	p := r.Plan
	return importJSON{DryRun: r.DryRun, Manifest: r.Manifest, Sealed: r.Sealed,
		Plan: importPlanJSON{Added: items(p.Added), Updated: items(p.Updated), Skipped: items(p.Skipped), Conflicts: items(p.Conflicts), More: p.More}}
}

func runImport(e *env, args []string) int {
	fs := e.flags()
	dry := fs.Bool("dry-run", false, tr("cli.flag.import.dry_run"))
	passFile := fs.String("passphrase-file", "", tr("cli.flag.import.passphrase_file"))
	asJSON := fs.Bool("json", false, tr("cli.flag.import.json"))
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	}
	pass, err := passphrase(*passFile)
	if err != nil {
		return e.fail(err)
	}
	rep, err := importBundle(e, pos[0], pass, *dry)
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		return e.printJSON(rep.json())
	}
	printImport(e.stdout, pos[0], rep)
	return exitOK
}

func importBundle(e *env, file, pass string, dry bool) (rep importReport, err error) {
	// The bundle is opened (its archive, manifest and passphrase checked)
	// before the database, and its accounts are then read as a stream
	// into the preview or the import's one transaction.
	f, err := book.OpenBundle(file, pass)
	if err != nil {
		if accounts.ErrorCode(err) == book.EPASSPHRASE && pass == "" {
			err = &accounts.Error{Code: book.EPASSPHRASE, Err: err,
				Msg: accounts.Say("cli.import.sealed", "Path", file, "Env", EnvPassphrase)}
		}
		return rep, err
	}
	defer f.Close()
	m := f.Manifest()
	rep = importReport{DryRun: dry, Manifest: m, Sealed: m.Sealed}
	s, cleanup, err := importStore(e, dry)
	if err != nil {
		return rep, err
	}
	defer func() {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if dry {
		rep.Plan, err = writer(s).PlanBundle(f)
	} else {
		rep.Plan, _, err = writer(s).ImportBundle(book.CLI, f, "")
	}
	return rep, err
}

// importStore opens the database for an import. A preview must write
// nothing, not even a new database file: when there is none yet it plans
// against an empty scratch database instead.
func importStore(e *env, dry bool) (*storage.Store, func() error, error) {
	if !dry {
		s, err := e.open(false, storage.Options{})
		if err != nil {
			return nil, nil, err
		}
		return s, s.Close, nil
	}
	p, err := e.path()
	if err != nil {
		return nil, nil, err
	}
	if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
		s, err := e.open(true, storage.Options{})
		if err != nil {
			return nil, nil, err
		}
		return s, s.Close, nil
	}
	dir, err := os.MkdirTemp("", "keycard-preview-")
	if err != nil {
		return nil, nil, fmt.Errorf("create a scratch folder for the preview: %w", err)
	}
	s, err := storage.Open(filepath.Join(dir, "preview.db"), storage.Options{NoSync: true, Now: clock})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return s, func() error {
		err := s.Close()
		os.RemoveAll(dir)
		return err
	}, nil
}

func printImport(w io.Writer, file string, rep importReport) {
	m := rep.Manifest
	fmt.Fprintf(w, "%s: %s\n", file, tr("cli.import.bundle", "Accounts", count("account", m.Counts.Accounts), "From", m.CreatedBy,
		"At", m.CreatedAt.Local().Format("2006-01-02 15:04"), "Sealed", rep.Sealed))
	p := rep.Plan
	key := "cli.import.done"
	if rep.DryRun {
		key = "cli.import.dry"
	}
	fmt.Fprintln(w, tr(key, "Added", p.Count(book.PlanAdded), "Updated", p.Count(book.PlanUpdated),
		"Skipped", p.Count(book.PlanSkipped), "Conflicts", p.Count(book.PlanConflicts)))
	listItems(w, tr("cli.import.added"), p.Added, p.More[book.PlanAdded], false)
	listItems(w, tr("cli.import.updated"), p.Updated, p.More[book.PlanUpdated], false)
	listItems(w, tr("cli.import.conflicts"), p.Conflicts, p.More[book.PlanConflicts], true)
	if p.Changes() == 0 && p.Count(book.PlanConflicts) == 0 {
		fmt.Fprintln(w, tr("cli.import.nothing"))
	}
}

// listItems lists the accounts among items by name, and counts the rest by
// kind: a bundle of 30 accounts can hold thousands of visits. more counts
// by kind the records the plan did not list (a large bundle's).
func listItems(w io.Writer, title string, items []book.ImportItem, more map[string]int, all bool) {
	total := len(items)
	for _, n := range more {
		total += n
	}
	if total == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s (%d)\n", title, total)
	kinds := map[string]int{}
	var order []string
	t := &table{}
	tally := func(kind string, n int) {
		if kinds[kind] == 0 {
			order = append(order, kind)
		}
		kinds[kind] += n
	}
	for _, it := range items {
		if all || it.Kind == "account" {
			t.add(it.Kind, clip(say(it.Name), 60), say(it.Reason))
			continue
		}
		tally(it.Kind, 1)
	}
	for _, kind := range slices.Sorted(maps.Keys(more)) {
		tally(kind, more[kind])
	}
	t.write(w, "  ")
	if len(order) > 0 {
		parts := make([]string, len(order))
		for i, k := range order {
			parts[i] = count(k, kinds[k])
		}
		key := "cli.import.rest"
		if len(t.rows) > 0 {
			key = "cli.import.rest_and"
		}
		fmt.Fprintf(w, "  %s\n", tr(key, "Parts", strings.Join(parts, tr("cli.list_sep"))))
	}
}
