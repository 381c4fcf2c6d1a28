package book

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"keycard/accounts"
	"keycard/credentials"
	"keycard/storage"
	"keycard/teamserver"
)

// TeamSyncJob is the name of a sync round among the book's jobs.
const TeamSyncJob = "team sync"

// TeamState is what the sync badge shows.
type TeamState string

const (
	TeamOff      TeamState = "off"     // not connected to a team server
	TeamSynced   TeamState = "synced"  // everything is up and down
	TeamSyncing  TeamState = "syncing" // a round is running
	TeamWaiting  TeamState = "waiting" // changes are waiting to go up
	TeamOffline  TeamState = "offline" // the server cannot be reached; work goes on here
	TeamProblem  TeamState = "problem" // the server refused (password, disabled user, too new…)
	teamStateEnd TeamState = ""
)

// TeamStatus is the state of sync, for the badge, the connect dialog and
// `keycardctl sync`.
type TeamStatus struct {
	State     TeamState
	Server    string
	Login     string
	Name      string
	Role      string
	LastSync  time.Time // zero: never
	Waiting   int       // records waiting to go up
	Conflicts int       // fields kept for the person to choose
	LocalOnly int       // records the server's rules keep on this laptop only
	// Err is the last failure (EOFFLINE, EAUTH, EVERSION…), nil after a
	// good round; locale.Error says it.
	Err error
}

// Linked reports whether the database is connected to a team server.
func (s TeamStatus) Linked() bool { return s.State != TeamOff && s.State != teamStateEnd }

// SyncReport is what one round moved.
type SyncReport struct {
	Up        int // records that went up
	Down      int // records that came down and were stored here
	Conflicts int // new conflicts kept for the person
	Refused   int // records the server's rules refused (kept here only)
	Revoked   []storage.Revoked
	Skipped   int // records from the server that were not valid
}

// teamState is the sync engine's memory.
type teamState struct {
	mu      sync.Mutex
	conn    *teamserver.Conn
	status  TeamStatus
	subs    map[int]func(TeamStatus)
	nextSub int
	// running background sync: cancel ends the loop and the listener.
	cancel context.CancelFunc
	wake   chan struct{}
	unsub  func()
	done   sync.WaitGroup
	// names maps logins to people's names (peopleNames), read at namesAt.
	names   map[string]string
	namesAt time.Time
	// creds keeps passwords; tests replace it.
	creds *credentials.Store
	// dial is teamserver.Dial; tests may wrap it.
	dial func(ctx context.Context, server, login, password string) (*teamserver.Conn, error)
}

// nameOf is the person's name of a login, if the list of people is known.
func (t *teamState) nameOf(login string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, ok := t.names[login]
	return n, ok
}

func (b *Book) credStore() *credentials.Store {
	b.team.mu.Lock()
	defer b.team.mu.Unlock()
	if b.team.creds == nil {
		// KEYCARD_CREDENTIALS=file keeps the password in an owner-only file
		// beside the database instead of the system's store: for servers
		// and test machines without a desktop session.
		b.team.creds = &credentials.Store{Fallback: filepath.Dir(b.Path()), NoSystem: os.Getenv("KEYCARD_CREDENTIALS") == "file"}
	}
	return b.team.creds
}

// SetCredentials replaces where passwords are kept (tests force the file).
func (b *Book) SetCredentials(c *credentials.Store) {
	b.team.mu.Lock()
	b.team.creds = c
	b.team.mu.Unlock()
}

// Connected is the result of Connect.
type Connected struct {
	Me        teamserver.Identity
	Queued    int    // records of this laptop queued to go up
	KeptLocal int    // accounts of other people left on this laptop only
	Password  string // where the password is kept: "system" or a file
}

// Connect links this database to a team server as login: it signs in
// (refusing what teamserver.Dial refuses), keeps the password in the
// system's credential store, and queues this laptop's accounts that are
// the person's to share (a rep's own and their account team's; everything
// for a manager or admin) to go up with the next sync.
func (b *Book) Connect(ctx context.Context, server, login, password string) (Connected, error) {
	if l, err := b.st().TeamLinkInfo(); err != nil {
		return Connected{}, err
	} else if l != nil && (l.Server != server || l.Login != login) {
		return Connected{}, accounts.Errorf(accounts.ECONFLICT, "team.connect.already", "Server", l.Server, "Login", l.Login)
	}
	conn, err := b.dialer()(ctx, server, login, password)
	if err != nil {
		return Connected{}, err
	}
	defer conn.Close()
	me := conn.Me()
	where, err := b.credStore().Save(server, login, password)
	if err != nil {
		return Connected{}, err
	}
	link := storage.TeamLink{Server: server, Login: me.Login, Name: me.Name, Role: string(me.Role), LinkedAt: b.now().UTC()}
	res, err := b.st().Link(link, shareRule(me))
	if err != nil {
		return Connected{}, err
	}
	b.refreshStatus(nil)
	b.wakeSync()
	return Connected{Me: me, Queued: res.Queued, KeptLocal: res.KeptLocal, Password: where}, nil
}

// shareRule says which accounts of this laptop go up on connecting: the
// server would refuse a rep's upload of somebody else's account.
func shareRule(me teamserver.Identity) func(*accounts.Account) bool {
	return func(a *accounts.Account) bool {
		if me.Role != teamserver.RoleRep {
			return true
		}
		if sameName(a.Owner, me.Name) {
			return true
		}
		for _, t := range a.Team {
			if sameName(t, me.Name) {
				return true
			}
		}
		return false
	}
}

func sameName(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }

// Disconnect unlinks the database: the records stay here, the changes
// waiting to go up are dropped, and the saved password is removed.
func (b *Book) Disconnect() error {
	l, err := b.st().TeamLinkInfo()
	if err != nil || l == nil {
		return err
	}
	b.closeConn()
	if err := b.st().Unlink(); err != nil {
		return err
	}
	_ = b.credStore().Delete(l.Server, l.Login)
	b.refreshStatus(nil)
	return nil
}

func (b *Book) dialer() func(ctx context.Context, server, login, password string) (*teamserver.Conn, error) {
	b.team.mu.Lock()
	defer b.team.mu.Unlock()
	if b.team.dial != nil {
		return b.team.dial
	}
	return teamserver.Dial
}

// conn returns the open connection of the linked database, signing in with
// the saved password when there is none (fresh is then true).
func (b *Book) conn(ctx context.Context, l *storage.TeamLink) (c *teamserver.Conn, fresh bool, err error) {
	b.team.mu.Lock()
	c = b.team.conn
	b.team.mu.Unlock()
	if c != nil {
		return c, false, nil
	}
	pw, err := b.credStore().Load(l.Server, l.Login)
	if err != nil {
		return nil, true, err
	}
	c, err = b.dialer()(ctx, l.Server, l.Login, pw)
	if err != nil {
		return nil, true, err
	}
	b.team.mu.Lock()
	if b.team.conn != nil { // another round signed in meanwhile
		kept := b.team.conn
		b.team.mu.Unlock()
		c.Close()
		return kept, false, nil
	}
	b.team.conn = c
	b.team.mu.Unlock()
	return c, true, nil
}

func (b *Book) closeConn() {
	b.team.mu.Lock()
	c := b.team.conn
	b.team.conn = nil
	b.team.mu.Unlock()
	if c != nil {
		c.Close()
	}
}

// TeamStatus is the state of sync now.
func (b *Book) TeamStatus() TeamStatus {
	b.team.mu.Lock()
	s := b.team.status
	b.team.mu.Unlock()
	if s.State == teamStateEnd {
		s = b.readStatus(nil, false)
		b.team.mu.Lock()
		if b.team.status.State == teamStateEnd {
			b.team.status = s
		}
		b.team.mu.Unlock()
	}
	return s
}

// SubscribeTeam calls fn with every new sync status, on the goroutine that
// changed it.
func (b *Book) SubscribeTeam(fn func(TeamStatus)) (cancel func()) {
	b.team.mu.Lock()
	defer b.team.mu.Unlock()
	if b.team.subs == nil {
		b.team.subs = map[int]func(TeamStatus){}
	}
	id := b.team.nextSub
	b.team.nextSub++
	b.team.subs[id] = fn
	return func() {
		b.team.mu.Lock()
		delete(b.team.subs, id)
		b.team.mu.Unlock()
	}
}

// refreshStatus reads the link, the outbox and the conflicts and tells the
// subscribers. failure is the round's error (nil after a good round);
// syncing marks a running round.
func (b *Book) refreshStatus(failure error) {
	b.setStatus(b.readStatus(failure, false))
}

func (b *Book) readStatus(failure error, syncing bool) TeamStatus {
	st := b.st()
	l, err := st.TeamLinkInfo()
	if err != nil || l == nil {
		return TeamStatus{State: TeamOff, Err: err}
	}
	s := TeamStatus{Server: l.Server, Login: l.Login, Name: l.Name, Role: l.Role, LastSync: l.LastSync, LocalOnly: l.LocalOnly, Err: failure}
	s.Waiting, _ = st.OutboxLen()
	if cs, err := st.Conflicts(""); err == nil {
		s.Conflicts = len(cs)
	}
	s.State = stateOf(s, failure, syncing)
	return s
}

// stateOf is the badge's rule: a running round, then a failure (offline or
// a refusal), then work waiting, else synced.
func stateOf(s TeamStatus, failure error, syncing bool) TeamState {
	switch {
	case syncing:
		return TeamSyncing
	case failure != nil && accounts.ErrorCode(failure) == accounts.EOFFLINE:
		return TeamOffline
	case failure != nil:
		return TeamProblem
	case s.Waiting > 0:
		return TeamWaiting
	}
	return TeamSynced
}

func (b *Book) setStatus(s TeamStatus) {
	b.team.mu.Lock()
	b.team.status = s
	fns := make([]func(TeamStatus), 0, len(b.team.subs))
	for _, fn := range b.team.subs {
		fns = append(fns, fn)
	}
	b.team.mu.Unlock()
	for _, fn := range fns {
		fn(s)
	}
}

// TeamUsers lists the people on the server, for choosing a successor.
func (b *Book) TeamUsers(ctx context.Context) ([]teamserver.User, error) {
	l, err := b.linked()
	if err != nil {
		return nil, err
	}
	c, _, err := b.conn(ctx, l)
	if err != nil {
		return nil, err
	}
	us, err := c.Users(ctx)
	if err != nil {
		b.closeConn()
	}
	return us, err
}

func (b *Book) linked() (*storage.TeamLink, error) {
	l, err := b.st().TeamLinkInfo()
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, accounts.Errorf(accounts.ENOTFOUND, "team.not_connected")
	}
	return l, nil
}

// Conflicts lists the fields kept for the person to choose ("" for every account).
func (b *Book) Conflicts(acct accounts.ID) ([]Conflict, error) {
	return b.st().Conflicts(acct)
}

// ResolveConflict keeps mine (it goes up with the next sync) or theirs.
func (b *Book) ResolveConflict(src Source, c Conflict, keepMine bool) (Change, error) {
	acct, err := b.st().ResolveConflict(c.Ref, c.Path, keepMine)
	if err != nil {
		return Change{}, err
	}
	if acct == "" {
		acct = c.Account
	}
	ch := b.publish(Change{Source: src, Accounts: dedupe([]accounts.ID{acct}), Portfolio: c.Kind == storage.KindAccount})
	b.refreshStatus(nil)
	return ch, nil
}

// HandedOver lists the accounts that went to someone else through the
// team server and are no longer shown here.
func (b *Book) HandedOver() ([]Revoked, error) { return b.st().HandedOver() }
