package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/assets"
	"keycard/book"
	"keycard/locale"
	"keycard/storage"
)

// Exit statuses: 2 for a command line that cannot be understood, 1 for a
// command that ran and failed.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// command is one subcommand. Adding one is a file with its run function and
// an entry in commandTable.
type command struct {
	name    string
	args    string // synopsis after the name, e.g. "[--owner NAME] [--json]"
	summary string // key of the line for the command list
	help    string // key of the paragraph for the command's own --help; may be empty
	run     func(e *env, args []string) int
}

func commandTable() []command {
	return []command{
		demoCommand,
		listCommand,
		showCommand,
		backupCommand,
		backupsCommand,
		restoreCommand,
		checkCommand,
		statsCommand,
		generateCommand,
		riskCommand,
		reviewCommand,
		balanceCommand,
		planCommand,
		briefCommand,
		routeCommand,
		regionPlanCommand,
		exportCommand,
		exportXLSXCommand,
		exportCSVCommand,
		exportVCardCommand,
		exportICSCommand,
		importCommand,
		importCSVCommand,
		importVCardCommand,
		importICSCommand,
		teamCommand,
		syncCommand,
	}
}

// clock is the time the commands see; tests replace it.
var clock = time.Now

// getenv reads the environment the language is chosen from; tests replace
// it to run the commands in either language.
var getenv = os.Getenv

// lang is the language the commands speak, chosen by run from the
// environment (LC_ALL, LC_MESSAGES, LANG, LANGUAGE): English or Chinese.
var lang = locale.English

// say returns a phrase in the commands' language.
func say(p accounts.Phrase) string { return locale.Say(lang, p) }

// tr returns the sentence of key with name/value pairs in the commands'
// language.
func tr(key string, pairs ...any) string { return say(accounts.Say(key, pairs...)) }

// env is what every command gets: the output streams and the global flags.
type env struct {
	stdout, stderr io.Writer
	db             string // --db as given, empty for the default
	cmd            *command
}

// run is the whole program: it parses args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	lang = locale.Choose("auto", getenv)
	top := flag.NewFlagSet("keycardctl", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	top.StringVar(&e.db, "db", "", tr("cli.flag.db"))
	showVersion := top.Bool("version", false, tr("cli.flag.version"))
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, top)
			return exitOK
		}
		fmt.Fprintf(stderr, "keycardctl: %s\n", tr("cli.usage.flags", "Problem", err.Error()))
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintln(stdout, "keycardctl "+assets.Describe())
		return exitOK
	}
	rest := top.Args()
	if len(rest) == 0 {
		fmt.Fprintln(stderr, "keycardctl: "+tr("cli.usage.no_command"))
		return exitUsage
	}
	if rest[0] == "help" {
		if len(rest) > 1 {
			return run([]string{rest[1], "--help"}, stdout, stderr)
		}
		usage(stdout, top)
		return exitOK
	}
	for _, c := range commandTable() {
		if c.name == rest[0] {
			e.cmd = &c
			return c.run(e, rest[1:])
		}
	}
	fmt.Fprintf(stderr, "keycardctl: %s\n", tr("cli.usage.unknown_command", "Command", rest[0]))
	return exitUsage
}

func usage(w io.Writer, top *flag.FlagSet) {
	fmt.Fprint(w, tr("cli.usage.intro")+"\n\n")
	fmt.Fprint(w, tr("cli.usage.synopsis")+"\n\n"+tr("cli.usage.commands")+"\n")
	for _, c := range commandTable() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, tr(c.summary))
	}
	fmt.Fprint(w, "\n"+tr("cli.usage.global_flags")+"\n")
	top.SetOutput(w)
	top.PrintDefaults()
	fmt.Fprint(w, "\n"+tr("cli.usage.more")+"\n")
}

// flags returns the command's flag set; every command also takes --db, so it
// may come before or after the command name.
func (e *env) flags() *flag.FlagSet {
	fs := flag.NewFlagSet(e.cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&e.db, "db", e.db, tr("cli.flag.db"))
	return fs
}

// parse reads flags and positional arguments in any order and checks that
// between min and max positionals were given. done is true when the command
// must stop (help printed or a usage error), with status code.
func (e *env) parse(fs *flag.FlagSet, args []string, min, max int) (pos []string, code int, done bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				e.commandUsage(fs)
				return nil, exitOK, true
			}
			return nil, e.usageError("%v", err), true
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	switch {
	case len(pos) < min:
		return nil, e.usageError("%s", tr("cli.usage.missing", "Arg", strings.Fields(e.cmd.args)[len(pos)])), true
	case len(pos) > max:
		return nil, e.usageError("%s", tr("cli.usage.unexpected", "Arg", pos[max])), true
	}
	return pos, exitOK, false
}

func (e *env) commandUsage(fs *flag.FlagSet) {
	w := e.stdout
	fmt.Fprintf(w, "%s\n\n%s\n", tr("cli.usage.command", "Name", e.cmd.name, "Args", e.cmd.args), tr(e.cmd.summary))
	if e.cmd.help != "" {
		fmt.Fprintf(w, "\n%s\n", tr(e.cmd.help))
	}
	fmt.Fprint(w, "\n"+tr("cli.usage.flags_head")+"\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

func (e *env) usageError(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "keycardctl %s: %s\n", e.cmd.name, tr("cli.usage.error", "Problem", fmt.Sprintf(format, args...), "Command", e.cmd.name))
	return exitUsage
}

// fail prints err as the one sentence a person sees and returns exitError.
func (e *env) fail(err error) int {
	msg := strings.Join(strings.Fields(locale.Error(lang, err)), " ") // one line, whatever the cause
	fmt.Fprintf(e.stderr, "keycardctl: %s\n", msg)
	return exitError
}

func (e *env) path() (string, error) { return storage.ResolvePath(e.db) }

// open opens the database. Reading commands open it read-only and refuse a
// missing file instead of creating an empty database by accident.
func (e *env) open(readOnly bool, opts storage.Options) (*storage.Store, error) {
	p, err := e.path()
	if err != nil {
		return nil, err
	}
	if readOnly {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			return nil, accounts.Errorf(accounts.ENOTFOUND, "cli.no_database", "Path", p)
		}
	}
	opts.ReadOnly = readOnly
	opts.Now = clock
	return storage.Open(p, opts)
}

// writer puts s under the application layer for keycardctl's use cases;
// closing the book closes s (an import's preview closes s itself).
func writer(s *storage.Store) *book.Book { return book.New(s, book.Options{Now: clock}) }

// How a command opens the database under the book.
const (
	readOnly  = iota // reading commands: a missing database is an error
	readWrite        // writing commands: a missing database is created
	bulkWrite        // generate: no sync per transaction, one at the end
)

// openBook opens the database under the application layer, through which
// every use case keycardctl shares with the app goes.
func (e *env) openBook(mode int) (*book.Book, error) {
	s, err := e.open(mode == readOnly, storage.Options{NoSync: mode == bulkWrite})
	if err != nil {
		return nil, err
	}
	return writer(s), nil
}

// reader opens the database read-only under the application layer.
func (e *env) reader() (*book.Book, error) { return e.openBook(readOnly) }

// closeStore closes s and turns a failed close into the command's error.
func closeStore(s *storage.Store, err *error) {
	if cerr := s.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
}

// closeBook closes b (and its store) and turns a failed close into the
// command's error.
func closeBook(b *book.Book, err *error) {
	if cerr := b.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
}
