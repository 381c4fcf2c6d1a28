package book

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"keycard/accounts"
	"keycard/storage"
	"keycard/teamserver"
)

// pushBatch is how many records go up in one server transaction.
const pushBatch = 500

// pushRounds bounds the push loop of one round: each pass either empties
// the outbox a batch at a time or resolves conflicts, so a healthy round
// needs far fewer; the bound only stops a server that keeps answering
// "conflict".
const pushRounds = 10_000

// SyncOnce runs one round: everything waiting goes up, then everything
// new on the server comes down. It is safe to run beside the person's
// work; it never blocks a form. A connection lost halfway loses nothing:
// the outbox keeps what did not go up, and a pull's cursor only moves
// after the whole pull is stored.
func (b *Book) SyncOnce(ctx context.Context) (SyncReport, error) {
	l, err := b.linked()
	if err != nil {
		return SyncReport{}, err
	}
	b.setStatus(b.readStatus(nil, true))
	rep, fresh, err := b.round(ctx, l)
	if err != nil && isConnLoss(err) {
		b.closeConn()
		if !fresh && ctx.Err() == nil {
			// The connection kept from the last round was lost meanwhile
			// (the server restarted, or ended the person's sessions): one
			// more try signs in again and says what is wrong now.
			var more SyncReport
			more, _, err = b.round(ctx, l)
			rep = rep.add(more)
			if err != nil && isConnLoss(err) {
				b.closeConn()
			}
		}
	}
	b.refreshStatus(err)
	return rep, err
}

// isConnLoss reports a failure after which the connection is not reused.
func isConnLoss(err error) bool {
	switch accounts.ErrorCode(err) {
	case accounts.EINVALID, accounts.ENOTFOUND:
		return false
	}
	return true
}

// round is one push and pull on the kept connection, or a new one; fresh
// says it was signed in for this round.
func (b *Book) round(ctx context.Context, l *storage.TeamLink) (rep SyncReport, fresh bool, err error) {
	c, fresh, err := b.conn(ctx, l)
	if err != nil {
		return rep, fresh, err
	}
	b.peopleNames(ctx, c) // before the push, whose conflicts name people too
	if err := b.push(ctx, c, &rep); err != nil {
		return rep, fresh, err
	}
	if err := b.pull(ctx, c, l, &rep); err != nil {
		return rep, fresh, err
	}
	return rep, fresh, c.Synced(ctx)
}

// add sums two reports (a round tried again).
func (r SyncReport) add(o SyncReport) SyncReport {
	r.Up += o.Up
	r.Down += o.Down
	r.Conflicts += o.Conflicts
	r.Refused += o.Refused
	r.Skipped += o.Skipped
	r.Revoked = append(r.Revoked, o.Revoked...)
	return r
}

// push sends the outbox a batch at a time. Conflicts are merged here (the
// server's version becomes the base) and the merged record goes up in the
// next pass; refused records stay on this laptop only.
func (b *Book) push(ctx context.Context, c *teamserver.Conn, rep *SyncReport) error {
	st := b.st()
	for pass := 0; pass < pushRounds; pass++ {
		out, err := st.Outbox(pushBatch)
		if err != nil || len(out) == 0 {
			return err
		}
		out, err = dropNeverPushed(st, out)
		if err != nil {
			return err
		}
		if len(out) == 0 {
			continue
		}
		recs, notes, err := outgoing(out)
		if err != nil {
			return err
		}
		res, err := c.Push(ctx, recs, notes)
		if err != nil {
			return err
		}
		progress, err := b.settle(out, recs, res, rep)
		if err != nil {
			return err
		}
		if !progress {
			return nil
		}
	}
	return nil
}

// settle records the server's answers: accepted records get their new
// base, conflicts are merged, refused ones are kept local. It reports
// whether anything moved, so a pass that changes nothing ends the loop.
func (b *Book) settle(out []storage.Outgoing, recs []teamserver.Push, res []teamserver.PushResult, rep *SyncReport) (bool, error) {
	byRef := make(map[storage.Ref]int, len(out))
	for i := range out {
		byRef[out[i].Ref] = i
	}
	var pushed []storage.Pushed
	var theirs []storage.Incoming
	var local []storage.Ref
	for _, r := range res {
		ref := storage.Ref{Kind: storage.Kind(r.Kind), ID: accounts.ID(r.ID)}
		i, ok := byRef[ref]
		if !ok {
			continue
		}
		switch {
		case r.Refused || (r.Conflict && r.Theirs == nil):
			local = append(local, ref)
		case r.Conflict:
			in := incoming(*r.Theirs)
			if n, ok := b.team.nameOf(in.By); ok {
				in.By = n
			}
			theirs = append(theirs, in)
		default:
			var body json.RawMessage
			if !recs[i].Deleted {
				body = recs[i].Body
			}
			pushed = append(pushed, storage.Pushed{Ref: ref, Seq: out[i].Seq, Rev: r.Rev, Body: body})
		}
	}
	st := b.st()
	if err := st.MarkPushed(pushed); err != nil {
		return false, err
	}
	if err := st.KeepLocal(local); err != nil {
		return false, err
	}
	rep.Up += len(pushed)
	rep.Refused += len(local)
	if len(theirs) > 0 {
		if err := b.applyIncoming(theirs, nil, nil, rep); err != nil {
			return false, err
		}
	}
	return len(pushed)+len(local)+len(theirs) > 0, nil
}

// dropNeverPushed settles records created and deleted here before they
// ever went up: the server has nothing to delete.
func dropNeverPushed(st *storage.Store, out []storage.Outgoing) ([]storage.Outgoing, error) {
	var keep []storage.Outgoing
	var gone []storage.Pushed
	for _, o := range out {
		if o.Body == nil && o.Base.Rev == 0 {
			gone = append(gone, storage.Pushed{Ref: o.Ref, Seq: o.Seq})
			continue
		}
		keep = append(keep, o)
	}
	if len(gone) == 0 {
		return out, nil
	}
	return keep, st.MarkPushed(gone)
}

// outgoing turns waiting records into what the server stores: a contact's
// private remarks leave the record and go as the author's own note.
func outgoing(out []storage.Outgoing) ([]teamserver.Push, []teamserver.Note, error) {
	recs := make([]teamserver.Push, len(out))
	var notes []teamserver.Note
	for i, o := range out {
		p := teamserver.Push{BaseRev: o.Base.Rev, Record: teamserver.Record{
			Kind: string(o.Kind), ID: string(o.ID), Account: string(o.Account), Body: o.Body, Deleted: o.Body == nil,
		}}
		for _, a := range o.Accounts {
			p.Accounts = append(p.Accounts, string(a))
		}
		if p.Deleted {
			p.Body = o.Base.Body
			if p.Body == nil {
				p.Body = json.RawMessage(`{}`)
			}
		}
		if o.Kind == storage.KindContact && !p.Deleted {
			body, text, err := splitPrivate(o.Body)
			if err != nil {
				return nil, nil, err
			}
			p.Body = body
			notes = append(notes, teamserver.Note{ContactID: string(o.ID), Account: string(o.Account), Text: text})
		}
		recs[i] = p
	}
	return recs, notes, nil
}

// splitPrivate takes a contact's private remarks out of its JSON.
func splitPrivate(body json.RawMessage) (json.RawMessage, string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, "", &accounts.Error{Code: accounts.EINTERNAL, Err: err}
	}
	raw, ok := m["private_remarks"]
	if !ok {
		return body, "", nil
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return nil, "", &accounts.Error{Code: accounts.EINTERNAL, Err: err}
	}
	delete(m, "private_remarks")
	out, err := json.Marshal(m)
	if err != nil {
		return nil, "", &accounts.Error{Code: accounts.EINTERNAL, Err: err}
	}
	return out, text, nil
}

func incoming(r teamserver.Record) storage.Incoming {
	return storage.Incoming{
		Ref:     storage.Ref{Kind: storage.Kind(r.Kind), ID: accounts.ID(r.ID)},
		Account: accounts.ID(r.Account),
		Rev:     r.Rev,
		Deleted: r.Deleted,
		Body:    r.Body,
		By:      r.By,
	}
}

// pull brings down every change since the link's cursor, page by page,
// and moves the cursor only when the whole pull is stored: a pull cut off
// halfway starts again from the old cursor, and the pages already stored
// are skipped by their revisions.
func (b *Book) pull(ctx context.Context, c *teamserver.Conn, l *storage.TeamLink, rep *SyncReport) error {
	names := b.peopleNames(ctx, c)
	cursor, err := c.Pull(ctx, l.Cursor, func(p teamserver.Page) error {
		in := make([]storage.Incoming, len(p.Records))
		for i, r := range p.Records {
			if n, ok := names[r.By]; ok {
				r.By = n // a conflict names the colleague as the app shows people
			}
			in[i] = incoming(r)
		}
		rev := make([]storage.Revoked, len(p.Revoked))
		for i, r := range p.Revoked {
			rev[i] = storage.Revoked{Account: accounts.ID(r.Account), Name: r.Name, To: r.To, At: b.now().UTC()}
		}
		if err := b.applyIncoming(in, rev, nil, rep); err != nil {
			return err
		}
		return b.applyNotes(p.Notes)
	})
	if err != nil {
		return err
	}
	now, err := b.linked()
	if err != nil {
		return err
	}
	now.Cursor, now.LastSync = cursor, b.now().UTC()
	return b.st().SaveTeamLink(*now)
}

// namesFresh is how long the server's list of people is reused for
// naming who made a change; a person added meanwhile is named by login.
const namesFresh = 10 * time.Minute

// peopleNames maps the server's logins to people's names, so a conflict
// names the colleague as the app shows people. It is read before a pull
// (the connection serves one query at a time) and kept for namesFresh, so
// an idle round costs no extra query; a failure leaves logins as they are.
func (b *Book) peopleNames(ctx context.Context, c *teamserver.Conn) map[string]string {
	b.team.mu.Lock()
	m, at := b.team.names, b.team.namesAt
	b.team.mu.Unlock()
	if m != nil && time.Since(at) < namesFresh {
		return m
	}
	users, err := c.Users(ctx)
	if err != nil {
		return m
	}
	m = make(map[string]string, len(users))
	for _, u := range users {
		m[u.Login] = u.Name
	}
	b.team.mu.Lock()
	b.team.names, b.team.namesAt = m, time.Now()
	b.team.mu.Unlock()
	return m
}

// applyIncoming stores records from the server and tells every view, as
// for any other change (Origin Server).
func (b *Book) applyIncoming(in []storage.Incoming, rev []storage.Revoked, link *storage.TeamLink, rep *SyncReport) error {
	if len(in) == 0 && len(rev) == 0 {
		return nil
	}
	ap, err := b.st().ApplyIncoming(in, rev, accounts.MergeRecord, link)
	if err != nil {
		return err
	}
	rep.Down += len(in) - ap.Skipped - ap.Seen
	rep.Conflicts += ap.Conflicts
	rep.Skipped += ap.Skipped
	rep.Revoked = append(rep.Revoked, rev...)
	b.publish(Change{Source: Source{Origin: Server, View: "team"}, Accounts: dedupe(ap.Changed), Deleted: dedupe(ap.Deleted),
		Portfolio: len(ap.Changed)+len(ap.Deleted) > 0})
	return nil
}

// applyNotes sets the person's own private remarks written on another of
// their laptops.
func (b *Book) applyNotes(notes []teamserver.Note) error {
	var ids []accounts.ID
	for _, n := range notes {
		acct, err := b.st().SetPrivateRemarks(accounts.ID(n.ContactID), n.Text)
		if accounts.ErrorCode(err) == accounts.ENOTFOUND {
			continue // a contact deleted here or not yet here: nothing to show it on
		}
		if err != nil {
			return err
		}
		ids = append(ids, acct)
	}
	if len(ids) > 0 {
		b.publish(Change{Source: Source{Origin: Server, View: "team"}, Accounts: dedupe(ids)})
	}
	return nil
}

// Background sync: on start, soon after a change made here, when the
// server announces a change (LISTEN/NOTIFY), and every interval.
const (
	syncInterval   = 60 * time.Second
	offlineRetry   = 20 * time.Second
	refusedRetry   = 5 * time.Minute
	afterLocalEdit = 2 * time.Second
	notLinkedLook  = 5 * time.Second
)

// StartTeamSync runs sync in the background until Close: never on the UI's
// goroutine, never blocking a form. A database that is not linked starts
// it too: the loop idles until Connect links it.
func (b *Book) StartTeamSync() {
	b.team.mu.Lock()
	if b.team.cancel != nil {
		b.team.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.team.cancel = cancel
	b.team.wake = make(chan struct{}, 1)
	b.team.mu.Unlock()
	unsub := b.Subscribe(func(c Change) {
		if c.Source.Origin != Server {
			b.wakeSyncAfter(afterLocalEdit)
		}
	})
	b.team.mu.Lock()
	b.team.unsub = unsub
	b.team.mu.Unlock()
	b.team.done.Add(2)
	go b.syncLoop(ctx)
	go b.listenLoop(ctx)
	b.wakeSync()
}

// stopTeamSync ends the loop and the listener (Close).
func (b *Book) stopTeamSync() {
	b.team.mu.Lock()
	cancel, unsub := b.team.cancel, b.team.unsub
	b.team.cancel, b.team.unsub = nil, nil
	b.team.mu.Unlock()
	if unsub != nil {
		unsub()
	}
	if cancel != nil {
		cancel()
		b.team.done.Wait()
	}
	b.closeConn()
}

func (b *Book) wakeSync() {
	b.team.mu.Lock()
	w := b.team.wake
	b.team.mu.Unlock()
	if w == nil {
		return
	}
	select {
	case w <- struct{}{}:
	default:
	}
}

func (b *Book) wakeSyncAfter(d time.Duration) { time.AfterFunc(d, b.wakeSync) }

func (b *Book) syncLoop(ctx context.Context) {
	defer b.team.done.Done()
	next := syncInterval
	for {
		b.team.mu.Lock()
		wake := b.team.wake
		b.team.mu.Unlock()
		t := time.NewTimer(next)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-wake:
			t.Stop()
		case <-t.C:
		}
		next = b.backgroundRound(ctx)
	}
}

// backgroundRound runs one round as a job (so Close and a restore wait for
// it) and says when to try next.
func (b *Book) backgroundRound(ctx context.Context) time.Duration {
	if l, _ := b.st().TeamLinkInfo(); l == nil {
		return syncInterval
	}
	done := make(chan error, 1)
	err := b.jobs.Start(TeamSyncJob, Again, func(jctx context.Context) {
		_, err := b.SyncOnce(jctx)
		select {
		case done <- err:
		default:
		}
	})
	if err != nil {
		return offlineRetry // closing, restoring, or a round already running
	}
	select {
	case err = <-done:
	case <-ctx.Done():
		return syncInterval
	}
	switch code := accounts.ErrorCode(err); {
	case err == nil:
		return syncInterval
	case code == accounts.EOFFLINE || code == accounts.EINTERNAL:
		return offlineRetry
	default:
		return refusedRetry
	}
}

// listenLoop keeps a LISTEN connection open while the database is linked
// and wakes the sync loop when the server announces a change. Losing it is
// not an error the person sees: the periodic round still runs.
func (b *Book) listenLoop(ctx context.Context) {
	defer b.team.done.Done()
	for ctx.Err() == nil {
		err := b.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		// Not linked (err nil): look again soon, so a database connected
		// while the app runs hears its colleagues within seconds.
		wait := offlineRetry
		if err == nil {
			wait = notLinkedLook
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

func (b *Book) listenOnce(ctx context.Context) error {
	l, err := b.st().TeamLinkInfo()
	if err != nil || l == nil {
		return err
	}
	pw, err := b.credStore().Load(l.Server, l.Login)
	if err != nil {
		return err
	}
	c, err := b.dialer()(ctx, l.Server, l.Login, pw)
	if err != nil {
		return err
	}
	defer c.Close()
	err = c.Listen(ctx, b.wakeSync)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
