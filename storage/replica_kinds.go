package storage

import (
	"errors"
	"fmt"

	"keycard/accounts"
)

// How each kind of record is read from the server and written here. Bodies
// from the server are outside data: each is decoded, normalised and
// validated like a local write, and must be the record its reference names
// (same id, same account) with ids that can be part of a key. Writes keep
// every index entry right record by record (no account is rewritten whole),
// give the record the next local version (an open form then sees "changed
// elsewhere") and leave the summary to the caller, once per account.

// record is one record decoded for the replica.
type record struct {
	v    any            // *accounts.Account, *accounts.Contact, …
	m    *accounts.Meta // nil for a map layout, which has none
	acct accounts.ID    // "" for a handover
}

func (r *record) meta() *accounts.Meta { return r.m }

// kindOps reads, writes and removes one kind of record.
type kindOps struct {
	// decode reads a body as the record in names.
	decode func(raw []byte, in Incoming) (*record, error)
	// write stores the record with its index entries and returns the
	// accounts whose summaries it changed.
	write func(t *txn, r *record) ([]accounts.ID, error)
	// remove deletes the record here (it is here) and returns its account.
	remove func(t *txn, ref Ref) (accounts.ID, error)
}

var replicaKinds = map[Kind]kindOps{
	KindAccount: {decodeAccount, writeAccountRecord, removeAccount},
	KindContact: {decodeContact, writeContactRecord, removeContact},
	KindLink: {decodeLink, writeChildRecord(kindLink, func(l *accounts.InfluenceLink) *accounts.Meta { return &l.Meta }),
		removeChild(kindLink)},
	KindWarning: {decodeWarning, writeChildRecord(kindWarning, func(w *accounts.Warning) *accounts.Meta { return &w.Meta }),
		removeChild(kindWarning)},
	KindVisit:    {decodeVisit, writeVisitRecord, removeVisit},
	KindPlan:     {decodePlan, writePlanRecord, removeSingle(kindPlan)},
	KindLayout:   {decodeLayout, writeLayoutRecord, removeSingle(kindLayout)},
	KindHandover: {decodeHandover, writeHandoverRecord, removeHandover},
	KindReview:   {decodeReviewRecord, writeReviewRecord, removeReview},
}

// kindEntity names a kind of record in a sentence.
var kindEntity = map[Kind]string{
	KindAccount: "account", KindContact: "contact", KindLink: "influence link", KindWarning: "warning sign",
	KindVisit: "visit", KindPlan: "plan", KindLayout: "map layout", KindHandover: "handover",
	KindReview: "review",
}

// errNotThisRecord refuses a body that is not the record its reference
// names, or whose ids cannot be stored; such a record is skipped and counted.
var errNotThisRecord = errors.New("the body is not the record it is sent as")

// errIDElsewhere refuses a record whose id another kind of record here uses.
var errIDElsewhere = errors.New("the id is used by another record here")

// accountOf is the account a child record says it belongs to, checked
// against the reference.
func accountOf(body, sent accounts.ID) (accounts.ID, error) {
	if !validKeyID(body) || (sent != "" && sent != body) {
		return "", errNotThisRecord
	}
	return body, nil
}

func decodeAccount(raw []byte, in Incoming) (*record, error) {
	var a accounts.Account
	if err := decodeRecord(raw, &a); err != nil {
		return nil, err
	}
	a.Normalize()
	if a.ID != in.ID || (in.Account != "" && in.Account != a.ID) {
		return nil, errNotThisRecord
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return &record{v: &a, m: &a.Meta, acct: a.ID}, nil
}

func writeAccountRecord(t *txn, r *record) ([]accounts.ID, error) {
	n := r.v.(*accounts.Account)
	var old accounts.Account
	ok, err := t.get(accountKey(n.ID), &old)
	if err != nil {
		return nil, err
	}
	n.Version = 1
	if ok {
		n.Version = old.Version + 1
		if err := indexAccount(&old, t.del); err != nil {
			return nil, err
		}
	}
	if err := t.putJSON(accountKey(n.ID), n); err != nil {
		return nil, err
	}
	return []accounts.ID{n.ID}, indexAccount(n, t.put)
}

func removeAccount(t *txn, ref Ref) (accounts.ID, error) {
	if err := t.deleteHistory(ref.ID); err != nil {
		return "", err
	}
	return ref.ID, t.deleteAccount(ref.ID)
}

func decodeContact(raw []byte, in Incoming) (*record, error) {
	var c accounts.Contact
	if err := decodeRecord(raw, &c); err != nil {
		return nil, err
	}
	c.Normalize()
	acct, err := accountOf(c.AccountID, in.Account)
	if err != nil || c.ID != in.ID {
		return nil, errNotThisRecord
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &record{v: &c, m: &c.Meta, acct: acct}, nil
}

// storedChild finds a contact, link, visit or warning by id: its key and
// whether it is here; an id another kind of record uses is refused.
func (t *txn) storedChild(id accounts.ID, kind byte) ([]byte, bool, error) {
	if key, ok := t.lookup(id, kind); ok {
		return key, true, nil
	}
	if t.idGet([]byte(id)) != nil {
		return nil, false, errIDElsewhere
	}
	return nil, false, nil
}

func writeContactRecord(t *txn, r *record) ([]accounts.ID, error) {
	n := r.v.(*accounts.Contact)
	oldKey, here, err := t.storedChild(n.ID, kindContact)
	if err != nil {
		return nil, err
	}
	touched := []accounts.ID{n.AccountID}
	var old *accounts.Contact
	n.Version, n.PrivateRemarks = 1, ""
	if here {
		old = &accounts.Contact{}
		if _, err := t.get(oldKey, old); err != nil {
			return nil, err
		}
		// The server never has private remarks: they stay as they are here.
		n.Version, n.PrivateRemarks = old.Version+1, old.PrivateRemarks
		if old.AccountID != n.AccountID {
			if err := t.deleteChild(old.AccountID, kindContact, n.ID); err != nil {
				return nil, err
			}
			if err := t.recordContactChange(old, nil); err != nil {
				return nil, err
			}
			touched, old = append(touched, old.AccountID), nil
		}
	}
	key := childKey(n.AccountID, kindContact, n.ID)
	if err := t.putJSON(key, n); err != nil {
		return nil, err
	}
	if err := indexChild(n.ID, key, t.put); err != nil {
		return nil, err
	}
	return touched, t.recordContactChange(old, n)
}

func removeContact(t *txn, ref Ref) (accounts.ID, error) {
	key, _ := t.lookup(ref.ID, kindContact)
	var old accounts.Contact
	if _, err := t.get(key, &old); err != nil {
		return "", err
	}
	if err := t.deleteChild(old.AccountID, kindContact, ref.ID); err != nil {
		return "", err
	}
	return old.AccountID, t.recordContactChange(&old, nil)
}

func decodeLink(raw []byte, in Incoming) (*record, error) {
	var l accounts.InfluenceLink
	if err := decodeRecord(raw, &l); err != nil {
		return nil, err
	}
	acct, err := accountOf(l.AccountID, in.Account)
	if err != nil || l.ID != in.ID {
		return nil, errNotThisRecord
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return &record{v: &l, m: &l.Meta, acct: acct}, nil
}

func decodeWarning(raw []byte, in Incoming) (*record, error) {
	var w accounts.Warning
	if err := decodeRecord(raw, &w); err != nil {
		return nil, err
	}
	acct, err := accountOf(w.AccountID, in.Account)
	if err != nil || w.ID != in.ID {
		return nil, errNotThisRecord
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	return &record{v: &w, m: &w.Meta, acct: acct}, nil
}

// writeChildRecord stores an influence link or a warning sign: records
// that only the ids index points at.
func writeChildRecord[T any](kind byte, metaOf func(*T) *accounts.Meta) func(t *txn, r *record) ([]accounts.ID, error) {
	return func(t *txn, r *record) ([]accounts.ID, error) {
		m := r.meta()
		oldKey, here, err := t.storedChild(m.ID, kind)
		if err != nil {
			return nil, err
		}
		touched := []accounts.ID{r.acct}
		m.Version = 1
		if here {
			var old T
			if _, err := t.get(oldKey, &old); err != nil {
				return nil, err
			}
			om := metaOf(&old)
			m.Version = om.Version + 1
			if p, _ := parseKey(oldKey); p.account != r.acct {
				if err := t.deleteChild(p.account, kind, m.ID); err != nil {
					return nil, err
				}
				touched = append(touched, p.account)
			}
		}
		key := childKey(r.acct, kind, m.ID)
		if err := t.putJSON(key, r.v); err != nil {
			return nil, err
		}
		return touched, indexChild(m.ID, key, t.put)
	}
}

func removeChild(kind byte) func(t *txn, ref Ref) (accounts.ID, error) {
	return func(t *txn, ref Ref) (accounts.ID, error) {
		key, _ := t.lookup(ref.ID, kind)
		p, _ := parseKey(key)
		return p.account, t.deleteChild(p.account, kind, ref.ID)
	}
}

func decodeVisit(raw []byte, in Incoming) (*record, error) {
	var v accounts.Visit
	if err := decodeRecord(raw, &v); err != nil {
		return nil, err
	}
	v.Normalize()
	acct, err := accountOf(v.AccountID, in.Account)
	if err != nil || v.ID != in.ID || len(visitTime(v.At)) != len(visitTimeLayout) {
		return nil, errNotThisRecord
	}
	steps := map[accounts.ID]bool{}
	for _, n := range v.NextSteps {
		if !validKeyID(n.ID) || steps[n.ID] {
			return nil, errNotThisRecord
		}
		steps[n.ID] = true
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	return &record{v: &v, m: &v.Meta, acct: acct}, nil
}

func writeVisitRecord(t *txn, r *record) ([]accounts.ID, error) {
	n := r.v.(*accounts.Visit)
	oldKey, here, err := t.storedChild(n.ID, kindVisit)
	if err != nil {
		return nil, err
	}
	touched := []accounts.ID{n.AccountID}
	n.Version = 1
	if here {
		var old accounts.Visit
		if _, err := t.get(oldKey, &old); err != nil {
			return nil, err
		}
		n.Version = old.Version + 1
		if old.AccountID != n.AccountID {
			touched = append(touched, old.AccountID)
		}
		if err := indexVisit(&old, oldKey, t.del); err != nil {
			return nil, err
		}
		if err := t.delData(oldKey); err != nil {
			return nil, err
		}
	}
	key := visitKey(n.AccountID, n.At, n.ID)
	if err := t.putJSON(key, n); err != nil {
		return nil, err
	}
	return touched, indexVisit(n, key, t.put)
}

func removeVisit(t *txn, ref Ref) (accounts.ID, error) {
	old, key, err := t.storedVisit(ref.ID)
	if err != nil {
		return "", err
	}
	if err := indexVisit(old, key, t.del); err != nil {
		return "", err
	}
	return old.AccountID, t.delData(key)
}

func decodePlan(raw []byte, in Incoming) (*record, error) {
	var p accounts.Plan
	if err := decodeRecord(raw, &p); err != nil {
		return nil, err
	}
	p.Normalize()
	acct, err := accountOf(p.AccountID, in.Account)
	if err != nil || p.ID != in.ID || acct != in.ID {
		return nil, errNotThisRecord
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &record{v: &p, m: &p.Meta, acct: acct}, nil
}

func writePlanRecord(t *txn, r *record) ([]accounts.ID, error) {
	n := r.v.(*accounts.Plan)
	key := singleKey(r.acct, kindPlan)
	var old accounts.Plan
	ok, err := t.get(key, &old)
	if err != nil {
		return nil, err
	}
	n.Version = 1
	if ok {
		n.Version = old.Version + 1
	}
	return []accounts.ID{r.acct}, t.putJSON(key, n)
}

func decodeLayout(raw []byte, in Incoming) (*record, error) {
	var l accounts.MapLayout
	if err := decodeRecord(raw, &l); err != nil {
		return nil, err
	}
	acct, err := accountOf(l.AccountID, in.Account)
	if err != nil || acct != in.ID {
		return nil, errNotThisRecord
	}
	return &record{v: &l, acct: acct}, nil
}

func writeLayoutRecord(t *txn, r *record) ([]accounts.ID, error) {
	return []accounts.ID{r.acct}, t.putJSON(singleKey(r.acct, kindLayout), r.v)
}

func removeSingle(kind byte) func(t *txn, ref Ref) (accounts.ID, error) {
	return func(t *txn, ref Ref) (accounts.ID, error) {
		return ref.ID, t.delData(singleKey(ref.ID, kind))
	}
}

func decodeHandover(raw []byte, in Incoming) (*record, error) {
	var h accounts.Handover
	if err := decodeRecord(raw, &h); err != nil {
		return nil, err
	}
	if h.ID != in.ID {
		return nil, errNotThisRecord
	}
	if err := h.Validate(); err != nil {
		return nil, err
	}
	return &record{v: &h, m: &h.Meta}, nil
}

func writeHandoverRecord(t *txn, r *record) ([]accounts.ID, error) {
	n := r.v.(*accounts.Handover)
	n.Version = 1
	if raw := t.b(bktHandovers).Get([]byte(n.ID)); raw != nil {
		var old accounts.Handover
		if err := decodeRecord(raw, &old); err != nil {
			return nil, fmt.Errorf("decode handover %s: %w", n.ID, err)
		}
		n.Version = old.Version + 1
	}
	return nil, t.putHandover(n)
}

func removeHandover(t *txn, ref Ref) (accounts.ID, error) {
	return "", t.delHandover(ref.ID)
}
