package storage

import (
	"slices"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// A bulk write (a bundle import, a batch of whole accounts) puts hundreds
// of thousands of index entries in one transaction. bbolt splits pages only
// at commit, so until then every entry goes into one ever larger in-memory
// page, shifting all the entries after it: an import of 2,000 accounts took
// 198 s, three quarters of it copying memory. Collected and put in key
// order at the end, each entry lands after the last one and nothing moves.

// laterWrites are a bulk write's index entries, kept until flushLater.
type laterWrites struct {
	// buckets maps a bucket's name to its entries, key to value.
	buckets map[string]map[string][]byte
	// written are the accounts whose entries wait here: deleting one
	// again in the same write first puts them (deleteAccount finds index
	// entries through other index buckets).
	written map[accounts.ID]bool
	// records, when not nil, are the records themselves, data key to
	// JSON (deferRecords): an import's accounts come in any order, and
	// each one's keys put into the middle of a data bucket that only
	// splits at commit made a 2,500-account import take 175 s.
	records map[string][]byte
}

// deferIndexes makes the transaction's index entries wait for flushLater.
// The records and their facts come whole accounts at a time, so their
// pages are filled too (bbolt's half-full default suits single inserts and
// would leave a bulk-loaded file twice its size).
func (t *txn) deferIndexes() {
	t.later = &laterWrites{buckets: map[string]map[string][]byte{}, written: map[accounts.ID]bool{}}
	for _, b := range [][]byte{bktData, bktFacts, bktSummary, bktSumKeys} {
		t.b(b).FillPercent = bulkFill
	}
}

// bulkFill is how full a bulk write leaves the pages it writes.
const bulkFill = 0.9

// deferRecords makes the records wait for flushLater too, with their
// index entries. Only for a write that reads no record it wrote (an
// import: each account comes once); deleting an account again first puts
// what waits (settle).
func (t *txn) deferRecords() {
	t.deferIndexes()
	t.later.records = map[string][]byte{}
}

// putLater keeps one index entry for flushLater.
func (l *laterWrites) put(bucket, key, value []byte) {
	m := l.buckets[string(bucket)]
	if m == nil {
		m = map[string][]byte{}
		l.buckets[string(bucket)] = m
	}
	m[string(key)] = value
}

// flushLater puts the waiting entries, each bucket's in key order, and
// ends the deferral.
func (t *txn) flushLater() error {
	l := t.later
	if l == nil {
		return nil
	}
	// The records first: the index entries of their facts join the wait.
	if err := t.flushRecords(l.records); err != nil {
		return err
	}
	t.later = nil
	names := make([]string, 0, len(l.buckets))
	for name := range l.buckets {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		m := l.buckets[name]
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b := t.b([]byte(name))
		// Entries in key order fill their pages: bbolt's default of half
		// full is for random inserts.
		b.FillPercent = fillSorted(b, keys)
		for _, k := range keys {
			if err := b.Put([]byte(k), m[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

// flushRecords puts waiting records in key order, through putData's own
// path (their facts, then the record).
func (t *txn) flushRecords(records map[string][]byte) error {
	if len(records) == 0 {
		return nil
	}
	keys := make([]string, 0, len(records))
	for k := range records {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// An account's records are one run of keys (they share its prefix),
	// so even between records already stored they fill whole pages.
	data := t.b(bktData)
	data.FillPercent = bulkFill
	for _, k := range keys {
		if err := t.putWaited(data, []byte(k), records[k]); err != nil {
			return err
		}
	}
	return nil
}

// fillSorted is the fill for a bucket about to take keys in order: full
// pages when they all come after what it holds, else bbolt's default.
// Seek, not Last: Cursor.Last loops for ever on a bucket whose last leaf
// this transaction emptied (an account deleted before it is written
// again, as an import or a restore does).
func fillSorted(b *bolt.Bucket, keys []string) float64 {
	if len(keys) > 0 {
		if k, _ := b.Cursor().Seek([]byte(keys[0])); k == nil {
			return bulkFill
		}
	}
	return bolt.DefaultFillPercent
}

// settle puts the waiting entries now if some of them are the account's,
// and goes on deferring.
func (t *txn) settle(acct accounts.ID) error {
	if t.later == nil || !t.later.written[acct] {
		return nil
	}
	records := t.later.records != nil
	if err := t.flushLater(); err != nil {
		return err
	}
	if records {
		t.deferRecords()
	} else {
		t.deferIndexes()
	}
	return nil
}

// idGet reads the ids index, the entries waiting included.
func (t *txn) idGet(id []byte) []byte {
	if t.later != nil {
		if v, ok := t.later.buckets[string(bktIDs)][string(id)]; ok {
			return v
		}
	}
	return t.b(bktIDs).Get(id)
}

// idDelete removes an id, waiting or stored.
func (t *txn) idDelete(id []byte) error {
	if t.later != nil {
		delete(t.later.buckets[string(bktIDs)], string(id))
	}
	return t.b(bktIDs).Delete(id)
}
