package storage

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// Every write of a record goes through putData, delData or putHandover,
// which note the record in the transaction's recorder; update() then adds
// an outbox entry for each noted record before the transaction commits. So a
// linked database queues every change in the same bbolt transaction as the
// change itself (nothing is lost when the laptop is offline or the app is
// killed), and no write path can forget to: there is no other way to change
// a record (TestOnlyTheFunnelWritesRecords keeps it so). A database that is
// not linked pays one atomic load per write.

// outEntry is the value of an outbox entry.
type outEntry struct {
	Account  accounts.ID   `json:"account,omitempty"`
	Accounts []accounts.ID `json:"accounts,omitempty"`
	Seq      uint64        `json:"seq"`
}

// recorder collects the records one write transaction changed, in the
// order they were first changed.
type recorder struct {
	order   []string
	entries map[string]*outEntry
}

func (r *recorder) note(key string, e outEntry) {
	if r.entries == nil {
		r.entries = map[string]*outEntry{}
	}
	if old, ok := r.entries[key]; ok {
		old.Accounts = e.Accounts
		return
	}
	r.order = append(r.order, key)
	r.entries[key] = &e
}

// recordKinds maps the kind letter of a data key to the record's kind.
var recordKinds = map[byte]Kind{
	kindAccount: KindAccount, kindContact: KindContact, kindLink: KindLink, kindLayout: KindLayout,
	kindPlan: KindPlan, kindVisit: KindVisit, kindWarning: KindWarning,
}

// refOfKey names the record stored under a data key.
func refOfKey(key []byte) (Ref, accounts.ID, bool) {
	p, ok := parseKey(key)
	if !ok {
		return Ref{}, "", false
	}
	r := Ref{Kind: recordKinds[p.kind], ID: p.id}
	if p.id == "" {
		r.ID = p.account
	}
	return r, p.account, true
}

func outKey(r Ref) string { return string(r.Kind) + "/" + string(r.ID) }

// touchData notes the record under a data key as changed.
func (t *txn) touchData(key []byte) {
	if t.out == nil {
		return
	}
	if r, acct, ok := refOfKey(key); ok {
		t.out.note(outKey(r), outEntry{Account: acct})
	}
}

// putData stores a record's JSON under its data key.
func (t *txn) putData(key, raw []byte) error {
	t.touchData(key)
	if t.later != nil && t.later.records != nil {
		t.later.records[string(key)] = raw // put in key order at the end
		return nil
	}
	if err := t.putFact(key, raw); err != nil {
		return err
	}
	return t.b(bktData).Put(key, raw)
}

// putWaited puts a record putData kept waiting for flushLater (it was
// queued then) into data, the data bucket.
func (t *txn) putWaited(data *bolt.Bucket, key, raw []byte) error {
	if err := t.putFact(key, raw); err != nil {
		return err
	}
	return data.Put(key, raw)
}

// delData deletes the record under a data key.
func (t *txn) delData(key []byte) error {
	t.touchData(key)
	if t.later != nil && t.later.records != nil {
		delete(t.later.records, string(key))
	}
	if err := t.putFact(key, nil); err != nil {
		return err
	}
	return t.b(bktData).Delete(key)
}

// putHandover stores a handover.
func (t *txn) putHandover(n *accounts.Handover) error {
	raw, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return t.putHandoverRaw(n, raw)
}

func (t *txn) putHandoverRaw(n *accounts.Handover, raw []byte) error {
	if t.out != nil {
		t.out.note(outKey(Ref{Kind: KindHandover, ID: n.ID}), outEntry{Accounts: handoverAccounts(n)})
	}
	return t.b(bktHandovers).Put([]byte(n.ID), raw)
}

// delHandover deletes a handover (only a deletion from the server does).
func (t *txn) delHandover(id accounts.ID) error {
	if t.out != nil {
		t.out.note(outKey(Ref{Kind: KindHandover, ID: id}), outEntry{})
	}
	return t.b(bktHandovers).Delete([]byte(id))
}

func handoverAccounts(h *accounts.Handover) []accounts.ID {
	out := make([]accounts.ID, 0, len(h.Accounts))
	for _, a := range h.Accounts {
		out = append(out, a.AccountID)
	}
	return out
}

func localKey(acct accounts.ID) []byte { return []byte("local/" + string(acct)) }

// flushOutbox adds an outbox entry for every record the transaction
// changed, unless the database is not linked (the Store's cached flag
// may say "maybe linked"; the team bucket decides) or the record belongs
// to an account Link left on this laptop only.
func (t *txn) flushOutbox() error {
	if t.out == nil || len(t.out.order) == 0 {
		return nil
	}
	team := t.b(bktTeam)
	if team == nil {
		return nil
	}
	ob, err := t.tx.CreateBucketIfNotExists(bktOutbox)
	if err != nil {
		return err
	}
	local := map[accounts.ID]bool{}
	for _, k := range t.out.order {
		e := t.out.entries[k]
		if e.Account != "" {
			isLocal, seen := local[e.Account]
			if !seen {
				isLocal = team.Get(localKey(e.Account)) != nil
				local[e.Account] = isLocal
			}
			if isLocal {
				continue
			}
		}
		if err := queue(ob, k, *e); err != nil {
			return err
		}
	}
	return nil
}

// queue puts an outbox entry with the bucket's next sequence.
func queue(ob *bolt.Bucket, key string, e outEntry) error {
	seq, err := ob.NextSequence()
	if err != nil {
		return err
	}
	e.Seq = seq
	raw, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode outbox entry %s: %w", key, err)
	}
	return ob.Put([]byte(key), raw)
}
