package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// RiskPoint is an account's risk score as it stood on one day: a point of
// the trend beside the score, and what "risk rose since last week" compares.
type RiskPoint struct {
	Date  accounts.Date      `json:"date"`
	Score int                `json:"score"`
	Level accounts.RiskLevel `json:"level"`
	// Card is the profile card's completeness score of the same day, nil in
	// snapshots saved without it (before it was kept, or by a caller that
	// has no card): the list shows it at start before the day's scan.
	Card *int `json:"card,omitempty"`
}

func riskKey(acct accounts.ID, day accounts.Date) []byte {
	return append(historyPrefix(acct), day.String()...)
}

// SaveRiskSnapshots stores the scores as the accounts' snapshots of day, in
// one transaction, replacing any snapshot of the same day. Scores of
// accounts deleted since they were scored are left out. cards, when given,
// are the accounts' card completeness scores in the order of scores.
func (s *Store) SaveRiskSnapshots(day accounts.Date, scores []accounts.RiskScore, cards ...int) error {
	if day.IsZero() {
		return invalid("storage.risk.no_day")
	}
	if len(cards) != 0 && len(cards) != len(scores) {
		return fmt.Errorf("save risk snapshots: %d card scores for %d accounts", len(cards), len(scores))
	}
	points := make([][]byte, len(scores))
	for i, sc := range scores {
		if !validKeyID(sc.AccountID) {
			return invalid("storage.risk.bad_account", "ID", sc.AccountID)
		}
		if sc.Score < 0 || sc.Score > 100 {
			return invalid("storage.risk.bad_score", "Score", sc.Score)
		}
		level := sc.Level
		if level == "" {
			level = accounts.RiskLevelOf(sc.Score)
		} else if !level.Valid() {
			return invalid("storage.risk.bad_level", "Level", level)
		}
		pt := RiskPoint{Date: day, Score: sc.Score, Level: level}
		if len(cards) != 0 {
			pt.Card = &cards[i]
		}
		raw, err := json.Marshal(pt)
		if err != nil {
			return err
		}
		points[i] = raw
	}
	return s.update(func(t *txn) error {
		b, err := t.tx.CreateBucketIfNotExists(bktRisk)
		if err != nil {
			return err
		}
		for i, sc := range scores {
			if t.b(bktData).Get(accountKey(sc.AccountID)) == nil {
				continue
			}
			if err := b.Put(riskKey(sc.AccountID, day), points[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func decodeRiskPoint(k, v []byte) (RiskPoint, error) {
	// By hand first: the start reads every account's latest snapshot
	// three times (the list's badges, Today's risen accounts), and
	// encoding/json's reflection was most of that; anything unexpected
	// goes to encoding/json.
	var p RiskPoint
	r := jsonReader{b: v, s: string(v)}
	if r.riskPoint(&p) && r.end() {
		return p, nil
	}
	p = RiskPoint{}
	if err := decodeRecord(v, &p); err != nil {
		return p, fmt.Errorf("decode risk snapshot %q: %w", k, err)
	}
	return p, nil
}

// RiskHistory returns the account's snapshots from the day from on (all of
// them when from is zero), oldest first.
func (s *Store) RiskHistory(accountID accounts.ID, from accounts.Date) ([]RiskPoint, error) {
	var out []RiskPoint
	err := s.view(func(t *txn) error {
		if err := t.requireAccount(accountID); err != nil {
			return err
		}
		b := t.b(bktRisk)
		if b == nil {
			return nil
		}
		pre := historyPrefix(accountID)
		c := b.Cursor()
		for k, v := c.Seek(riskKey(accountID, from)); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
			p, err := decodeRiskPoint(k, v)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RiskOn returns, for every account with a snapshot on or before day, the
// latest such snapshot: RiskOn(today) is the current level of each account
// as last scored, RiskOn(today − 7) what it was a week ago.
func (s *Store) RiskOn(day accounts.Date) (map[accounts.ID]RiskPoint, error) {
	out := map[accounts.ID]RiskPoint{}
	err := s.view(func(t *txn) error {
		b := t.b(bktRisk)
		if b == nil {
			return nil
		}
		// One buffer for the keys sought, the day written once: the start
		// reads this for every account three times.
		dayKey := day.String()
		var key []byte
		c := b.Cursor()
		k, _ := c.First()
		for k != nil {
			i := bytes.IndexByte(k, 0)
			if i <= 0 {
				k, _ = c.Next()
				continue
			}
			acct := accounts.ID(k[:i])
			// The first key after every snapshot of acct on or before day;
			// the one before it is the latest of them, if it is acct's.
			key = append(append(append(key[:0], k[:i+1]...), dayKey...), 0xff)
			pre := key[:i+1]
			next, _ := c.Seek(key)
			var pk, pv []byte
			if next == nil {
				pk, pv = c.Last()
			} else {
				pk, pv = c.Prev()
			}
			if pk != nil && bytes.HasPrefix(pk, pre) {
				p, err := decodeRiskPoint(pk, pv)
				if err != nil {
					return err
				}
				out[acct] = p
			}
			// On to the next account: \x01 sorts after acct's "\x00…" keys.
			key = append(key[:i], 1)
			k, _ = c.Seek(key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// The portfolio's risk view scores every account, and a full LoadAccount
// spends nearly all of its time decoding the texts of visits (SPIN notes,
// summaries) that no rule of the score reads. The risk inputs below decode a
// visit into what the rules of the score and the map use, and a contact
// without their private and personal texts.

// riskVisit is a visit without its texts. The fields it leaves out are
// listed as skipped, so that a strict decode (strict.go) still refuses a
// field a visit does not have; TestProjectionsNameEveryField keeps the list
// in step with accounts.Visit.
type riskVisit struct {
	ID         accounts.ID        `json:"id"`
	AccountID  accounts.ID        `json:"account_id"`
	At         time.Time          `json:"at"`
	Kind       accounts.VisitKind `json:"kind"`
	ContactIDs []accounts.ID      `json:"contact_ids"`
	Outcome    accounts.Outcome   `json:"outcome"`
	NextSteps  []struct {
		ID     accounts.ID   `json:"id"`
		Owner  string        `json:"owner"`
		Due    accounts.Date `json:"due"`
		Done   bool          `json:"done"`
		DoneOn accounts.Date `json:"done_on"`
		Text   string        `json:"text"` // Today lists it beside the facts
	} `json:"next_steps"`

	Version     skipped `json:"version"`
	CreatedAt   skipped `json:"created_at"`
	UpdatedAt   skipped `json:"updated_at"`
	OurPeople   skipped `json:"our_people"`
	Objective   skipped `json:"objective"`
	Situation   skipped `json:"situation"`
	Problem     skipped `json:"problem"`
	Implication skipped `json:"implication"`
	NeedPayoff  skipped `json:"need_payoff"`
	Summary     skipped `json:"summary"`
	Gifts       skipped `json:"gifts"`
}

// riskContact is a contact with what the map and the score show; the rest
// is skipped, as in riskVisit.
type riskContact struct {
	ID          accounts.ID            `json:"id"`
	AccountID   accounts.ID            `json:"account_id"`
	Placeholder bool                   `json:"placeholder"`
	Name        string                 `json:"name"`
	Title       string                 `json:"title"`
	ReportsTo   accounts.ID            `json:"reports_to"`
	Role        accounts.BuyingRole    `json:"role"`
	Influence   int                    `json:"influence"`
	Attitude    accounts.Attitude      `json:"attitude"`
	Trust       accounts.Trust         `json:"trust"`
	Status      accounts.ContactStatus `json:"status"`
	LeftOn      accounts.Date          `json:"left_on"`
	MovedTo     accounts.ID            `json:"moved_to"`
	Birthday    accounts.Date          `json:"birthday"` // for Today, through the facts

	Version           skipped `json:"version"`
	CreatedAt         skipped `json:"created_at"`
	UpdatedAt         skipped `json:"updated_at"`
	Department        skipped `json:"department"`
	Phone             skipped `json:"phone"`
	Email             skipped `json:"email"`
	MessagingID       skipped `json:"messaging_id"`
	Style             skipped `json:"style"`
	PersonalInterests skipped `json:"personal_interests"`
	PersonalWins      skipped `json:"personal_wins"`
	PrivateRemarks    skipped `json:"private_remarks"`
	LeftTo            skipped `json:"left_to"`
	MovedFrom         skipped `json:"moved_from"`
	PreviousRole      skipped `json:"previous_role"`
	Relationships     skipped `json:"relationships"`
}

// skipped is a field a projection leaves out: encoding/json checks that it
// is well-formed and keeps nothing of it.
type skipped struct{}

func (*skipped) UnmarshalJSON([]byte) error { return nil }

// decodeRiskContact reads a contact as riskContact projects it, by hand as
// decodeRiskVisit does (the check and the index rebuild read all 150,000
// contacts of a large book, and encoding/json's reflection was a sixth of
// the check's time); anything unexpected falls back to encoding/json.
func decodeRiskContact(raw []byte, c *accounts.Contact) error {
	return decodeRiskContactIn(raw, string(raw), c)
}

// decodeRiskContactIn is decodeRiskContact with raw already copied into s,
// which the contact's strings are cut out of (see accountWalk).
func decodeRiskContactIn(raw []byte, s string, c *accounts.Contact) error {
	r := jsonReader{b: raw, s: s}
	if r.riskContact(c) && r.end() {
		return nil
	}
	return decodeRiskContactJSON(raw, c)
}

func decodeRiskContactJSON(raw []byte, c *accounts.Contact) error {
	var x riskContact
	if err := decodeRecord(raw, &x); err != nil {
		return err
	}
	*c = accounts.Contact{Meta: accounts.Meta{ID: x.ID}, AccountID: x.AccountID,
		Placeholder: x.Placeholder, Name: x.Name, Title: x.Title, ReportsTo: x.ReportsTo, Role: x.Role,
		Influence: x.Influence, Attitude: x.Attitude, Trust: x.Trust, Status: x.Status, LeftOn: x.LeftOn,
		MovedTo: x.MovedTo, Birthday: x.Birthday}
	return nil
}

// decodeVisitRecord reads a whole visit by hand (jsonReader.visit); anything
// unexpected goes to encoding/json, strict in tests, which reads it or says
// what is wrong.
func decodeVisitRecord(raw []byte, v *accounts.Visit) error {
	r := jsonReader{b: raw, s: string(raw)}
	if r.visit(v) && r.end() {
		return nil
	}
	*v = accounts.Visit{}
	return decodeRecord(raw, v)
}

// decodeRiskVisit reads a visit as written by json.Marshal, skipping its
// texts without unquoting them; anything unexpected (a field a visit does
// not have among them) falls back to encoding/json, strict in tests. Over the visits of the large set this halves the time of
// reading the risk inputs.
func decodeRiskVisit(raw []byte, v *accounts.Visit) error {
	// One copy of the whole value, out of the transaction's memory; the
	// strings are cut out of it.
	return decodeRiskVisitIn(raw, string(raw), v)
}

// decodeRiskVisitIn is decodeRiskVisit with raw already copied into s.
func decodeRiskVisitIn(raw []byte, s string, v *accounts.Visit) error {
	r := jsonReader{b: raw, s: s}
	if r.riskVisit(v) && r.end() {
		return nil
	}
	return decodeRiskVisitJSON(raw, v)
}

func decodeRiskVisitJSON(raw []byte, v *accounts.Visit) error {
	var x riskVisit
	if err := decodeRecord(raw, &x); err != nil {
		return err
	}
	*v = accounts.Visit{Meta: accounts.Meta{ID: x.ID}, AccountID: x.AccountID, At: x.At, Kind: x.Kind,
		ContactIDs: x.ContactIDs, Outcome: x.Outcome}
	if len(x.NextSteps) > 0 {
		v.NextSteps = make([]accounts.NextStep, len(x.NextSteps))
		for i, st := range x.NextSteps {
			v.NextSteps[i] = accounts.NextStep{ID: st.ID, Owner: st.Owner, Due: st.Due, Done: st.Done, DoneOn: st.DoneOn, Text: st.Text}
		}
	}
	return nil
}

// riskInput decodes one account's risk input: the account, its plan and
// warning signs from the records, its contacts and visits from their facts
// (facts.go), which leave the texts out; ok is false when the account does
// not exist.
func (t *txn) riskInput(acct accounts.ID, ar *riskArena) (in accounts.RiskInput, ok bool, err error) {
	data := t.b(bktData)
	a := &accounts.Account{}
	if ok, err := t.get(accountKey(acct), a); err != nil || !ok {
		return in, false, err
	}
	in.Account = a
	if raw := data.Get(singleKey(acct, kindPlan)); raw != nil {
		in.Plan = &accounts.Plan{}
		if err := decodeRecord(raw, in.Plan); err != nil {
			return in, false, fmt.Errorf("decode the plan of %s: %w", acct, err)
		}
	}
	wpre := []byte(string(acct) + "/" + string(kindWarning) + "/")
	c := data.Cursor()
	for k, v := c.Seek(wpre); k != nil && bytes.HasPrefix(k, wpre); k, v = c.Next() {
		in.Warnings = append(in.Warnings, accounts.Warning{})
		if err := decodeRecord(v, &in.Warnings[len(in.Warnings)-1]); err != nil {
			return in, false, fmt.Errorf("decode %s: %w", k, err)
		}
	}
	// Two passes over the account's facts: count, then decode into slices
	// of the right size (growing a slice of visits copied more than the
	// decoding cost on a large account).
	pre := accountPrefix(acct)
	fc := t.b(bktFacts).Cursor()
	var nc, nv, size int
	for k, v := fc.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = fc.Next() {
		if len(k) > len(pre) && k[len(pre)] == kindContact {
			nc++
		} else {
			nv++
		}
		size += len(k) - len(pre) + len(v)
	}
	in.Contacts, in.Visits = take(&ar.contacts, nc), take(&ar.visits, nv)
	// One copy of all the account's facts and their keys' ids, out of the
	// transaction's memory, that their strings are cut out of (a string
	// each was most of the walk's garbage): the buffer is exactly their
	// size, and nothing in it is written twice.
	buf := make([]byte, 0, size)
	for k, v := fc.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = fc.Next() {
		if len(buf)+len(k)-len(pre)+len(v) > cap(buf) {
			return in, false, fmt.Errorf("the facts of %s changed under a read", acct) // cannot: one transaction
		}
		buf = append(buf, k[len(pre):]...)
		p, ok := childOf(acct, pre, k, borrow(buf[len(buf)-(len(k)-len(pre)):]))
		if !ok {
			return in, false, fmt.Errorf("the facts key %q is not a record's", k)
		}
		buf = append(buf, v...)
		s := borrow(buf[len(buf)-len(v):])
		switch p.kind {
		case kindContact:
			in.Contacts = append(in.Contacts, accounts.Contact{})
			err = contactOfFactIn(p, v, s, &in.Contacts[len(in.Contacts)-1])
		case kindVisit:
			in.Visits = append(in.Visits, accounts.Visit{})
			err = ar.visitOfFact(p, v, s, &in.Visits[len(in.Visits)-1])
		}
		if err != nil {
			return in, false, err
		}
	}
	return in, true, nil
}

// riskArena holds the arrays that a chunk of risk inputs point into: their
// contacts, visits, the visits' attendees and next steps. EachRiskInput
// hands a chunk's arena back once the caller has seen the chunk, and the
// next chunk decodes into the same memory: allocating them anew was most
// of the walk's garbage on the large set (0.9 GB a pass). The zero arena
// allocates as it goes and is never reused: what RiskInputFor returns is
// the caller's to keep.
type riskArena struct {
	contacts []accounts.Contact
	visits   []accounts.Visit
	ids      []accounts.ID
	steps    []accounts.NextStep
	fact     visitFact // decoded into again and again; its slices are copied out
	zone     lastZone
}

// reset makes the arena's memory free for the next chunk.
func (ar *riskArena) reset() {
	ar.contacts, ar.visits, ar.ids, ar.steps = ar.contacts[:0], ar.visits[:0], ar.ids[:0], ar.steps[:0]
}

// take returns an empty slice with room for n elements, carved from the
// arena's array (a bigger array when it is full; the chunk's earlier
// inputs keep the old one), which appends of up to n fill in place.
func take[T any](arena *[]T, n int) []T {
	if n == 0 {
		return nil // as a fresh decode has it
	}
	a := *arena
	if cap(a)-len(a) < n {
		a = make([]T, 0, max(n, 2*cap(a), 256))
	}
	*arena = a[:len(a)+n]
	return a[len(a) : len(a) : len(a)+n]
}

// visitOfFact decodes a visit's facts into v, its attendees and next steps
// into the arena.
func (ar *riskArena) visitOfFact(p parsedKey, raw []byte, s string, v *accounts.Visit) error {
	f := &ar.fact
	if err := decodeVisitFact(raw, s, f); err != nil {
		return fmt.Errorf("decode the facts of visit %s: %w", p.id, err)
	}
	*v = accounts.Visit{Meta: accounts.Meta{ID: p.id}, AccountID: p.account, At: ar.zone.at(f),
		Kind: f.Kind, Outcome: f.Outcome}
	if len(f.Contacts) > 0 {
		v.ContactIDs = append(take(&ar.ids, len(f.Contacts)), f.Contacts...)
	}
	if len(f.Steps) > 0 {
		v.NextSteps = take(&ar.steps, len(f.Steps))
		for i := range f.Steps {
			v.NextSteps = append(v.NextSteps, f.Steps[i].step())
		}
	}
	return nil
}

// childOf takes apart the key k of a contact's or a visit's facts under the
// account acct (prefix pre), as parseKey does without copying the account's
// id again for each record. The record's id is cut out of ids, which holds
// k's bytes past the prefix (a copy that outlives the transaction).
func childOf(acct accounts.ID, pre, k []byte, ids string) (parsedKey, bool) {
	rest := k[len(pre):]
	p := parsedKey{account: acct}
	switch {
	case len(rest) > 2 && rest[0] == kindContact && rest[1] == '/':
		p.kind, p.id = kindContact, accounts.ID(ids[2:])
	case len(rest) > 2+len(visitTimeLayout) && rest[0] == kindVisit && rest[1] == '/':
		p.kind, p.id = kindVisit, accounts.ID(ids[2+len(visitTimeLayout):])
	default:
		return p, false
	}
	return p, true
}

// EachRiskInput calls fn with the risk input of every account, in id order,
// from one moment of the file, so that all scores see the same state. The
// input carries the account, its warning signs and plan in full, and its
// contacts and visits without their texts: a contact has its id, name,
// title, reporting line, role, influence, attitude, trust, status, leaving
// date, MovedTo and birthday; a visit its id, time, kind, contacts, outcome
// and next steps. Visits come oldest first.
//
// Decoding is nine tenths of the walk, so two readers decode alternate
// chunks of accounts, each in its own read transaction (opened back to
// back until both see the same commit), while fn runs on the caller's
// goroutine in order. fn must not write to the store (collect the scores,
// then call SaveRiskSnapshots); an error from fn stops the walk and is
// returned as it is. fn must not keep the input's Contacts or Visits (nor a
// visit's ContactIDs or NextSteps) after it returns: their memory is reused
// for later accounts (riskArena). The account, plan and warnings are fn's.
func (s *Store) EachRiskInput(fn func(accounts.RiskInput) error) error {
	s.gate.enter()
	defer s.gate.leave()
	if s.db == nil {
		return closedError()
	}
	var txs []*bolt.Tx
	err := wrapTx(s.guard(func() error {
		var err error
		txs, err = s.beginSame(2)
		return err
	}))
	if err != nil {
		return err
	}
	for _, tx := range txs {
		defer tx.Rollback()
	}
	var ids []accounts.ID
	if err := wrapTx(s.guard(func() error { ids = accountIDs(txs[0]); return nil })); err != nil {
		return err
	}
	chunks := (len(ids) + riskChunk - 1) / riskChunk
	stop := make(chan struct{})
	var wg sync.WaitGroup
	out := make([]chan *riskBatch, len(txs))
	free := make([]chan *riskBatch, len(txs))
	for w := range out {
		// A reader fills one chunk while one waits for the caller and the
		// caller reads a third; each goes back to free once read.
		out[w], free[w] = make(chan *riskBatch, 1), make(chan *riskBatch, 3)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.readRiskChunks(&txn{tx: txs[w]}, ids, w, len(out), chunks, riskLane{out[w], free[w]}, stop)
		}()
	}
	defer wg.Wait()
	defer close(stop)
	for c := range chunks {
		batch := <-out[c%len(out)]
		if batch.err != nil {
			return batch.err
		}
		for _, in := range batch.inputs {
			// fn runs outside any guard: a panic in it is the caller's.
			if err := fn(in); err != nil {
				return err
			}
		}
		free[c%len(out)] <- batch // never blocks: at most three are out
	}
	return nil
}

// riskChunk is how many accounts a reader of EachRiskInput decodes before
// it hands them over.
const riskChunk = 64

// riskBatch is one chunk of risk inputs with the arena they point into, or
// the error that ended a reader.
type riskBatch struct {
	inputs []accounts.RiskInput
	arena  riskArena
	err    error
}

// riskLane is one reader's way to the caller: chunks go out, and come back
// on free once read, to be filled again.
type riskLane struct {
	out  chan<- *riskBatch
	free <-chan *riskBatch
}

// next is a batch to fill: one the caller has read, else a new one.
func (l riskLane) next() *riskBatch {
	select {
	case b := <-l.free:
		clear(b.inputs) // drop the accounts, plans and warnings the caller has seen
		b.inputs = b.inputs[:0]
		b.arena.reset()
		return b
	default:
		return &riskBatch{}
	}
}

// readRiskChunks decodes the chunks w, w+n, w+2n… of ids and sends each on
// the lane, until they are done or stop is closed.
func (s *Store) readRiskChunks(t *txn, ids []accounts.ID, w, n, chunks int, lane riskLane, stop <-chan struct{}) {
	for c := w; c < chunks; c += n {
		batch := lane.next()
		batch.err = wrapTx(s.guard(func() error {
			for _, id := range ids[c*riskChunk : min((c+1)*riskChunk, len(ids))] {
				in, ok, err := t.riskInput(id, &batch.arena)
				if err != nil {
					return err
				}
				if ok {
					batch.inputs = append(batch.inputs, in)
				}
			}
			return nil
		}))
		select {
		case lane.out <- batch:
		case <-stop:
			return
		}
		if batch.err != nil {
			return
		}
	}
}

// beginSame opens up to n read transactions that see the same commit; if
// writes keep committing between the opens, it settles for one. A read
// transaction held while the next one opens can block it: a write that
// must grow the file's mapping waits for the first, and bbolt holds new
// readers behind that write. So each further open waits at most a moment;
// then the first is let go and the opens start again.
func (s *Store) beginSame(n int) ([]*bolt.Tx, error) {
	for try := 0; ; try++ {
		first, err := s.db.Begin(false)
		if err != nil {
			return nil, err
		}
		txs := []*bolt.Tx{first}
		if try < 10 {
			txs = s.beginMore(first, n-1)
		}
		if len(txs) > 0 && (len(txs) == n || try >= 10) {
			return txs, nil
		}
	}
}

// beginMore opens k more read transactions beside first; it returns them
// all when they see first's commit, else nothing (having closed them all,
// first included).
func (s *Store) beginMore(first *bolt.Tx, k int) []*bolt.Tx {
	txs := []*bolt.Tx{first}
	closeAll := func() {
		for _, t := range txs {
			t.Rollback()
		}
	}
	for range k {
		got := make(chan *bolt.Tx, 1)
		go func() {
			tx, err := s.db.Begin(false)
			if err != nil {
				tx = nil
			}
			got <- tx
		}()
		var tx *bolt.Tx
		select {
		case tx = <-got:
		case <-time.After(50 * time.Millisecond):
			closeAll() // let a waiting write through, then start again
			if tx = <-got; tx != nil {
				tx.Rollback()
			}
			return nil
		}
		if tx == nil || tx.ID() != first.ID() {
			if tx != nil {
				tx.Rollback()
			}
			closeAll()
			return nil
		}
		txs = append(txs, tx)
	}
	return txs
}

// accountIDs lists the accounts in id order, from summary_keys.
func accountIDs(tx *bolt.Tx) []accounts.ID {
	var ids []accounts.ID
	c := tx.Bucket(bktSumKeys).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		ids = append(ids, accounts.ID(k))
	}
	return ids
}

// RiskInputFor returns one account's risk input, as EachRiskInput gives it.
func (s *Store) RiskInputFor(id accounts.ID) (accounts.RiskInput, error) {
	var in accounts.RiskInput
	err := s.view(func(t *txn) error {
		var ok bool
		var err error
		in, ok, err = t.riskInput(id, &riskArena{})
		if err == nil && !ok {
			err = notFound("account", id)
		}
		return err
	})
	return in, err
}

// riskVisit reads the fields of riskVisit.
//
// The lists of a visit read before into the same v (accountWalk reuses its
// visits) keep their memory; a list left empty reads as none, as it does
// from a fresh v.
func (r *jsonReader) riskVisit(v *accounts.Visit) bool {
	ids, steps := v.ContactIDs[:0], v.NextSteps[:0]
	*v = accounts.Visit{ContactIDs: ids, NextSteps: steps}
	defer func() {
		if len(v.ContactIDs) == 0 {
			v.ContactIDs = nil
		}
		if len(v.NextSteps) == 0 {
			v.NextSteps = nil
		}
	}()
	return r.object(func(k string) bool {
		if ok, known := r.visitFact(v, k); known {
			return ok
		}
		ok := true
		switch k {
		case "version", "created_at", "updated_at", "our_people", "objective",
			"situation", "problem", "implication", "need_payoff", "summary", "gifts":
			ok = r.skip()
		default:
			ok = false // not a field of a visit: see decodeRiskVisit
		}
		return ok
	})
}

// visit reads every field of a visit, as json.Marshal writes it: opening
// the largest account decodes its 2,000 visits, and encoding/json's
// reflection was most of that. False on anything it does not know; the
// caller then hands the record to encoding/json (decodeVisitRecord).
func (r *jsonReader) visit(v *accounts.Visit) bool {
	*v = accounts.Visit{}
	return r.object(func(k string) bool {
		if ok, known := r.visitFact(v, k); known {
			return ok
		}
		ok := true
		switch k {
		case "version":
			v.Version, ok = r.int()
		case "created_at":
			v.CreatedAt, ok = r.time()
		case "updated_at":
			v.UpdatedAt, ok = r.time()
		case "our_people":
			v.OurPeople, ok = r.strs()
		case "gifts":
			ok = r.array(func() bool {
				v.Gifts = append(v.Gifts, accounts.Gift{})
				return r.gift(&v.Gifts[len(v.Gifts)-1])
			})
		default:
			ok = r.visitText(v, k)
		}
		return ok
	})
}

// visitFact reads the field k if it is one both visit readers take (what
// the facts and the indexes are made of); known is false for any other.
func (r *jsonReader) visitFact(v *accounts.Visit, k string) (ok, known bool) {
	switch k {
	case "id":
		v.ID, ok = strOf[accounts.ID](r)
	case "account_id":
		v.AccountID, ok = strOf[accounts.ID](r)
	case "at":
		v.At, ok = r.time()
	case "kind":
		v.Kind, ok = strOf[accounts.VisitKind](r)
	case "outcome":
		v.Outcome, ok = strOf[accounts.Outcome](r)
	case "contact_ids":
		ok = r.array(func() bool {
			id, ok := strOf[accounts.ID](r)
			v.ContactIDs = append(v.ContactIDs, id)
			return ok
		})
	case "next_steps":
		ok = r.array(func() bool {
			v.NextSteps = append(v.NextSteps, accounts.NextStep{})
			return r.riskStep(&v.NextSteps[len(v.NextSteps)-1])
		})
	default:
		return false, false
	}
	return ok, true
}

// visitText reads one of a visit's texts, named k; false for a name that
// is none of them.
func (r *jsonReader) visitText(v *accounts.Visit, k string) bool {
	var to *string
	switch k {
	case "objective":
		to = &v.Objective
	case "situation":
		to = &v.Situation
	case "problem":
		to = &v.Problem
	case "implication":
		to = &v.Implication
	case "need_payoff":
		to = &v.NeedPayoff
	case "summary":
		to = &v.Summary
	default:
		return false // not a field of a visit: see decodeVisitRecord
	}
	var ok bool
	*to, ok = r.str()
	return ok
}

func (r *jsonReader) gift(g *accounts.Gift) bool {
	return r.object(func(k string) bool {
		ok := false
		switch k {
		case "item":
			g.Item, ok = r.str()
		case "value":
			ok = r.money(&g.Value)
		case "contact_id":
			g.ContactID, ok = strOf[accounts.ID](r)
		}
		return ok
	})
}

// time reads a time as encoding/json writes it (RFC 3339 with nanoseconds).
func (r *jsonReader) time() (time.Time, bool) {
	s, ok := r.str()
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// riskPoint reads the fields of a RiskPoint.
func (r *jsonReader) riskPoint(p *RiskPoint) bool {
	return r.object(func(k string) bool {
		ok := false
		var n int64
		switch k {
		case "date":
			p.Date, ok = r.date()
		case "score":
			n, ok = r.int()
			p.Score = int(n)
		case "level":
			p.Level, ok = strOf[accounts.RiskLevel](r)
		case "card":
			if r.byte('n') {
				p.Card, ok = nil, r.lit("ull")
				break
			}
			n, ok = r.int()
			card := int(n)
			p.Card = &card
		}
		return ok
	})
}

// riskContact reads the fields of riskContact.
func (r *jsonReader) riskContact(c *accounts.Contact) bool {
	*c = accounts.Contact{}
	return r.object(func(k string) bool {
		ok := true
		var n int64
		switch k {
		case "id":
			c.ID, ok = strOf[accounts.ID](r)
		case "account_id":
			c.AccountID, ok = strOf[accounts.ID](r)
		case "placeholder":
			c.Placeholder, ok = r.bool()
		case "name":
			c.Name, ok = r.str()
		case "title":
			c.Title, ok = r.str()
		case "reports_to":
			c.ReportsTo, ok = strOf[accounts.ID](r)
		case "role":
			c.Role, ok = strOf[accounts.BuyingRole](r)
		case "influence":
			n, ok = r.int()
			c.Influence = int(n)
		case "attitude":
			c.Attitude, ok = strOf[accounts.Attitude](r)
		case "trust":
			c.Trust, ok = strOf[accounts.Trust](r)
		case "status":
			c.Status, ok = strOf[accounts.ContactStatus](r)
		case "left_on":
			c.LeftOn, ok = r.date()
		case "moved_to":
			c.MovedTo, ok = strOf[accounts.ID](r)
		case "birthday":
			c.Birthday, ok = r.date()
		case "version", "created_at", "updated_at", "department", "phone", "email", "messaging_id", "style",
			"personal_interests", "personal_wins", "private_remarks", "left_to", "moved_from", "previous_role", "relationships":
			ok = r.skip()
		default:
			ok = false // not a field of a contact: see decodeRiskContact
		}
		return ok
	})
}

func (r *jsonReader) riskStep(st *accounts.NextStep) bool {
	return r.object(func(k string) bool {
		ok := true
		switch k {
		case "id":
			st.ID, ok = strOf[accounts.ID](r)
		case "owner":
			st.Owner, ok = r.str()
		case "due":
			st.Due, ok = r.date()
		case "done_on":
			st.DoneOn, ok = r.date()
		case "done":
			st.Done, ok = r.bool()
		case "text":
			st.Text, ok = r.str()
		default:
			ok = false // not a field of a next step: see decodeRiskVisit
		}
		return ok
	})
}

func (r *jsonReader) bool() (bool, bool) {
	switch {
	case r.byte('t'):
		return true, r.lit("rue")
	case r.byte('f'):
		return false, r.lit("alse")
	}
	return false, false
}

// skip passes over one value of any kind without decoding it.
func (r *jsonReader) skip() bool {
	r.ws()
	if r.i >= len(r.b) {
		return false
	}
	switch c := r.b[r.i]; c {
	case '"':
		return r.skipString()
	case '{', '[':
		depth := 0
		for r.i < len(r.b) {
			switch r.b[r.i] {
			case '"':
				if !r.skipString() {
					return false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					r.i++
					return true
				}
			}
			r.i++
		}
		return false
	case 't':
		r.i++
		return r.lit("rue")
	case 'f':
		r.i++
		return r.lit("alse")
	case 'n':
		r.i++
		return r.lit("ull")
	default:
		n := numberLen(r.b[r.i:])
		r.i += n
		return n > 0
	}
}

// numberLen is the length of the JSON number at the start of b, 0 if
// there is none: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, as
// encoding/json would read it.
func numberLen(b []byte) int {
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return 0
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return 0
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0
		}
	}
	return i
}

// skipString passes over a string, the reader being at its opening quote.
// It refuses what encoding/json refuses (a control character, a bad
// escape), so that a text no one reads here still cannot hide damage that
// opening the record would meet; plainRun passes eight plain bytes a step.
func (r *jsonReader) skipString() bool {
	b := r.b
	for j := r.i + 1; j < len(b); {
		j = plainRun(b, j)
		if j >= len(b) {
			return false
		}
		switch c := b[j]; {
		case c == '"':
			r.i = j + 1
			return true
		case c == '\\':
			n := escapeLen(b[j:])
			if n == 0 {
				return false
			}
			j += n
		case c < 0x20:
			return false
		default:
			j++
		}
	}
	return false
}

// escapeLen is the length of the JSON escape at the start of b (a
// backslash and what follows), 0 if it is not one.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		for _, c := range b[2:6] {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return 0
			}
		}
		return 6
	}
	return 0
}
