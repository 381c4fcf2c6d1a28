package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base32"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"keycard/accounts"
	"keycard/book"
	"keycard/teamserver"
)

// The team server's commands: IT's administration (init, add-user,
// disable-user, status; each takes --server with an administrative URL) and
// a person's link to the server (connect, handover); `keycardctl sync` runs
// one round.
var teamCommand = command{
	name:    "team",
	args:    "SUBCOMMAND ...",
	summary: "cli.cmd.team.summary",
	help:    "cli.cmd.team.help",
	run:     runTeam,
}

var syncCommand = command{
	name:    "sync",
	args:    "",
	summary: "cli.cmd.sync.summary",
	help:    "cli.cmd.sync.help",
	run:     runSync,
}

// teamTimeout bounds each administrative command and a sync round.
const teamTimeout = 5 * time.Minute

// teamSubcommands is the dispatch table of `keycardctl team`.
func teamSubcommands() []command {
	return []command{
		{name: "init", args: "--server URL", summary: "cli.cmd.team_init.summary", run: runTeamInit},
		{name: "add-user", args: "LOGIN --name NAME --role ROLE --server URL", summary: "cli.cmd.team_add_user.summary", help: "cli.cmd.team_add_user.help", run: runTeamAddUser},
		{name: "disable-user", args: "LOGIN --server URL", summary: "cli.cmd.team_disable_user.summary", run: runTeamDisableUser},
		{name: "enable-user", args: "LOGIN --server URL", summary: "cli.cmd.team_enable_user.summary", run: runTeamEnableUser},
		{name: "status", args: "--server URL", summary: "cli.cmd.team_status.summary", run: runTeamStatus},
		{name: "connect", args: "--server URL --user LOGIN", summary: "cli.cmd.team_connect.summary", help: "cli.cmd.team_connect.help", run: runTeamConnect},
		{name: "disconnect", args: "", summary: "cli.cmd.team_disconnect.summary", run: runTeamDisconnect},
		{name: "handover", args: "ACCOUNT... --to LOGIN", summary: "cli.cmd.team_handover.summary", help: "cli.cmd.team_handover.help", run: runTeamHandover},
	}
}

func runTeam(e *env, args []string) int {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprintf(e.stdout, "%s\n\n%s\n\n%s\n", tr("cli.usage.command", "Name", "team", "Args", "SUBCOMMAND ..."), tr("cli.cmd.team.help"), tr("cli.usage.commands"))
		for _, c := range teamSubcommands() {
			fmt.Fprintf(e.stdout, "  %-13s %s\n", c.name, tr(c.summary))
		}
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range teamSubcommands() {
		if c.name == args[0] {
			c.name = "team " + c.name
			e.cmd = &c
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "keycardctl team: %s\n", tr("cli.usage.unknown_command", "Command", args[0]))
	return exitUsage
}

func teamContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), teamTimeout)
}

// serverFlag adds --server to fs.
func serverFlag(fs *flag.FlagSet) *string {
	return fs.String("server", "", tr("cli.flag.server"))
}

// needServer refuses a missing --server with a sentence.
func (e *env) needServer(url string) bool {
	if strings.TrimSpace(url) == "" {
		e.usageError("%s", tr("cli.team.need_server"))
		return false
	}
	return true
}

func runTeamInit(e *env, args []string) int {
	fs := e.flags()
	server := serverFlag(fs)
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	} else if !e.needServer(*server) {
		return exitUsage
	}
	ctx, cancel := teamContext()
	defer cancel()
	n, err := teamserver.Init(ctx, *server)
	if err != nil {
		return e.fail(err)
	}
	if n == 0 {
		fmt.Fprintln(e.stdout, tr("cli.team.init.current"))
	} else {
		fmt.Fprintln(e.stdout, tr("cli.team.init.done", "Count", n))
	}
	return exitOK
}

// listFlag is a flag that may be given several times (--team A --team B).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// roles maps the --role values (English, or Chinese) to the server's roles.
var roles = map[string]teamserver.Role{
	"rep": teamserver.RoleRep, "manager": teamserver.RoleManager, "admin": teamserver.RoleAdmin,
	"销售": teamserver.RoleRep, "经理": teamserver.RoleManager, "管理员": teamserver.RoleAdmin,
}

func runTeamAddUser(e *env, args []string) int {
	fs := e.flags()
	server := serverFlag(fs)
	name := fs.String("name", "", tr("cli.flag.team_name"))
	role := fs.String("role", "rep", tr("cli.flag.team_role"))
	pwFile := fs.String("password-file", "", tr("cli.flag.password_file"))
	var teams listFlag
	fs.Var(&teams, "team", tr("cli.flag.team_team"))
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	} else if !e.needServer(*server) {
		return exitUsage
	}
	r, ok := roles[strings.ToLower(strings.TrimSpace(*role))]
	if !ok {
		return e.usageError("%s", tr("cli.team.bad_role", "Role", *role))
	}
	if strings.TrimSpace(*name) == "" {
		return e.usageError("%s", tr("cli.team.need_name"))
	}
	pw, generated := "", false
	if *pwFile != "" {
		p, err := readPasswordFile(*pwFile)
		if err != nil {
			return e.fail(err)
		}
		pw = p
	} else {
		pw, generated = newPassword(), true
	}
	ctx, cancel := teamContext()
	defer cancel()
	u := teamserver.NewUser{Login: pos[0], Name: strings.TrimSpace(*name), Role: r, Teams: teams, Password: pw}
	if err := teamserver.AddUser(ctx, *server, u); err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.team.add_user.done", "Login", u.Login, "Name", u.Name, "Role", tr("team.role."+string(r))))
	if generated {
		fmt.Fprintln(e.stdout, tr("cli.team.add_user.password", "Password", pw))
	}
	return exitOK
}

// newPassword makes a password IT hands to the person: 20 characters of
// base32 from the system's random source (100 bits).
func newPassword() string {
	b := make([]byte, 13)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:20]
}

// readPasswordFile reads a password from the first line of a file.
func readPasswordFile(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", &accounts.Error{Code: accounts.ENOTFOUND, Msg: accounts.Say("cli.team.password_file", "Path", path), Err: err}
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", accounts.Errorf(accounts.EINVALID, "cli.team.password_empty", "Path", path)
	}
	return line, nil
}

// askPassword reads the password from the file given, else from the
// terminal without echo, else from the first line of standard input.
func (e *env) askPassword(file, login string) (string, error) {
	if file != "" {
		return readPasswordFile(file)
	}
	if term.IsTerminal(int(os.Stdin.Fd())) {
		fmt.Fprint(e.stderr, tr("cli.team.password_prompt", "Login", login))
		raw, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", &accounts.Error{Code: accounts.EINVALID, Msg: accounts.Say("cli.team.password_empty", "Path", "-"), Err: err}
		}
		return string(raw), nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" || (err != nil && err != io.EOF) {
		return "", accounts.Errorf(accounts.EINVALID, "cli.team.password_empty", "Path", "-")
	}
	return line, nil
}

func runTeamDisableUser(e *env, args []string) int {
	return e.userSwitch(args, teamserver.DisableUser, "cli.team.disable_user.done")
}

func runTeamEnableUser(e *env, args []string) int {
	return e.userSwitch(args, teamserver.EnableUser, "cli.team.enable_user.done")
}

// userSwitch runs disable-user or enable-user: one LOGIN, --server, the
// server's call and the sentence that says it is done.
func (e *env) userSwitch(args []string, call func(ctx context.Context, server, login string) error, doneKey string) int {
	fs := e.flags()
	server := serverFlag(fs)
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	} else if !e.needServer(*server) {
		return exitUsage
	}
	ctx, cancel := teamContext()
	defer cancel()
	if err := call(ctx, *server, pos[0]); err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr(doneKey, "Login", pos[0]))
	return exitOK
}

func runTeamStatus(e *env, args []string) int {
	fs := e.flags()
	server := serverFlag(fs)
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	} else if !e.needServer(*server) {
		return exitUsage
	}
	ctx, cancel := teamContext()
	defer cancel()
	st, err := teamserver.ReadStatus(ctx, *server)
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.team.status.head", "Schema", st.Schema, "Users", len(st.Users), "Teams", len(st.Teams)))
	t := &table{}
	t.add(tr("cli.team.col.login"), tr("cli.team.col.name"), tr("cli.team.col.role"), tr("cli.team.col.teams"), tr("cli.team.col.state"), tr("cli.team.col.last_sync"))
	for _, u := range st.Users {
		state := tr("cli.team.state.active")
		if u.Disabled {
			state = tr("cli.team.state.disabled")
		}
		last := tr("cli.team.never")
		if !u.LastSync.IsZero() {
			last = u.LastSync.Local().Format("2006-01-02 15:04")
		}
		t.add(u.Login, u.Name, tr("team.role."+string(u.Role)), strings.Join(u.Teams, ", "), state, last)
	}
	t.write(e.stdout, "")
	if len(st.Teams) > 0 {
		fmt.Fprintln(e.stdout)
		tt := &table{}
		tt.add(tr("cli.team.col.team"), tr("cli.team.col.managers"), tr("cli.team.col.members"))
		for _, team := range st.Teams {
			tt.add(team.Name, strings.Join(team.Managers, ", "), strings.Join(team.Members, ", "))
		}
		tt.write(e.stdout, "")
	}
	return exitOK
}

func runTeamConnect(e *env, args []string) int {
	fs := e.flags()
	server := serverFlag(fs)
	user := fs.String("user", "", tr("cli.flag.team_user"))
	pwFile := fs.String("password-file", "", tr("cli.flag.password_file"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	} else if !e.needServer(*server) {
		return exitUsage
	}
	if strings.TrimSpace(*user) == "" {
		return e.usageError("%s", tr("cli.team.need_user"))
	}
	pw, err := e.askPassword(*pwFile, *user)
	if err != nil {
		return e.fail(err)
	}
	b, err := e.openBook(readWrite)
	if err != nil {
		return e.fail(err)
	}
	defer closeBook(b, &err)
	ctx, cancel := teamContext()
	defer cancel()
	res, err := b.Connect(ctx, *server, *user, pw)
	if err != nil {
		return e.fail(err)
	}
	where := tr("cli.team.password_system")
	if res.Password != "system" {
		where = tr("cli.team.password_in_file", "Path", res.Password)
	}
	fmt.Fprintln(e.stdout, tr("cli.team.connect.done", "Name", res.Me.Name, "Login", res.Me.Login, "Role", tr("team.role."+string(res.Me.Role)), "Server", *server))
	fmt.Fprintln(e.stdout, where)
	fmt.Fprintln(e.stdout, tr("cli.team.connect.queued", "Count", res.Queued))
	if res.KeptLocal > 0 {
		fmt.Fprintln(e.stdout, tr("cli.team.connect.kept_local", "Count", res.KeptLocal))
	}
	return e.syncRound(b, ctx)
}

func runTeamDisconnect(e *env, args []string) int {
	fs := e.flags()
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	b, err := e.openBook(readWrite)
	if err != nil {
		return e.fail(err)
	}
	defer closeBook(b, &err)
	if err = b.Disconnect(); err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.team.disconnect.done"))
	return exitOK
}

func runSync(e *env, args []string) int {
	fs := e.flags()
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	b, err := e.openBook(readWrite)
	if err != nil {
		return e.fail(err)
	}
	defer closeBook(b, &err)
	ctx, cancel := teamContext()
	defer cancel()
	return e.syncRound(b, ctx)
}

// syncRound runs one round and prints what went up and down.
func (e *env) syncRound(b *book.Book, ctx context.Context) int {
	rep, err := b.SyncOnce(ctx)
	if err != nil {
		fmt.Fprintln(e.stdout, tr("cli.sync.partial", "Up", rep.Up, "Down", rep.Down))
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.sync.done", "Up", rep.Up, "Down", rep.Down))
	if rep.Conflicts > 0 {
		fmt.Fprintln(e.stdout, tr("cli.sync.conflicts", "Count", rep.Conflicts))
	}
	if rep.Refused > 0 {
		fmt.Fprintln(e.stdout, tr("cli.sync.refused", "Count", rep.Refused))
	}
	for _, r := range rep.Revoked {
		fmt.Fprintln(e.stdout, tr("cli.sync.handed_over", "Name", r.Name, "To", r.To))
	}
	if rep.Skipped > 0 {
		fmt.Fprintln(e.stdout, tr("cli.sync.skipped", "Count", rep.Skipped))
	}
	st := b.TeamStatus()
	if st.Waiting > 0 {
		fmt.Fprintln(e.stdout, tr("cli.sync.waiting", "Count", st.Waiting))
	}
	return exitOK
}

func runTeamHandover(e *env, args []string) int {
	fs := e.flags()
	to := fs.String("to", "", tr("cli.flag.team_to"))
	notes := fs.String("notes", "", tr("cli.flag.team_notes"))
	reason := fs.String("reason", "", tr("cli.flag.team_reason"))
	pos, code, done := e.parse(fs, args, 1, 1_000)
	if done {
		return code
	}
	if strings.TrimSpace(*to) == "" {
		return e.usageError("%s", tr("cli.team.need_to"))
	}
	b, err := e.openBook(readWrite)
	if err != nil {
		return e.fail(err)
	}
	defer closeBook(b, &err)
	ctx, cancel := teamContext()
	defer cancel()
	res, err := b.TeamHandover(ctx, book.CLI, pos, *to, book.HandoverNote{Notes: *notes, Reason: *reason})
	if err != nil {
		return e.fail(err)
	}
	for _, a := range res.Accounts {
		fmt.Fprintln(e.stdout, tr("cli.team.handover.moved", "Name", a.Name, "From", a.From, "To", res.To.Name))
	}
	return e.syncRound(b, ctx)
}
