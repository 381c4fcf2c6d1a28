package storage

import (
	"bytes"
	"fmt"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
	"keycard/collation"
)

// Summary rows (schema 5). The portfolio list reads every account's summary
// when a session starts: as JSON keyed by account id, that was 60-75 ms for
// 10,000 accounts, a third of it reading JSON strings and a seventh sorting
// by name, against half a millisecond for a cursor over the same rows. Now
// each row is a CBOR array written by the library (factEnc) and read back
// by hand in the one shape it writes, like the facts (factcbor.go), and it
// is stored under a key that sorts in the list's order:
//
//	summary       <name's sort key, escaped>\x00\x00<accountID> → summaryRow
//	summary_keys  <accountID>                                    → its key in summary
//
// The sort key is the collation's (pinyin for Chinese, case ignored); its
// zero bytes are written as \x00\xff, so that the \x00\x00 after it ends
// it below any longer key and the account id breaks ties, exactly as the
// list sorted before. A reader of one account's summary finds its key in
// summary_keys; every walk over the accounts in id order walks
// summary_keys.

// summaryRow is a Summary as stored.
type summaryRow struct {
	_             struct{} `cbor:",toarray"`
	ID            accounts.ID
	Name          string
	LegalName     string
	Owner         string
	Tier          accounts.Tier
	Stage         accounts.Stage
	Industry      string
	Region        string
	Tags          []string // null when none
	ContactNames  []string // null when none
	Revenue       int64    // minor units
	Currency      string
	RenewalDate   int32 // dateNum
	CadenceDays   int64
	LastVisit     int32
	NextFollowUp  int32
	OpenFollowUps int64
	Version       int64
	ParentID      accounts.ID
	ExternalID    string
}

func rowOf(s *Summary) summaryRow {
	return summaryRow{
		ID: s.ID, Name: s.Name, LegalName: s.LegalName, Owner: s.Owner, Tier: s.Tier, Stage: s.Stage,
		Industry: s.Industry, Region: s.Region, Tags: nilIfEmpty(s.Tags), ContactNames: nilIfEmpty(s.ContactNames),
		Revenue: s.Revenue.Minor, Currency: s.Revenue.Currency, RenewalDate: dateNum(s.RenewalDate),
		CadenceDays: int64(s.CadenceDays), LastVisit: dateNum(s.LastVisit), NextFollowUp: dateNum(s.NextFollowUp),
		OpenFollowUps: int64(s.OpenFollowUps), Version: s.Version, ParentID: s.ParentID, ExternalID: s.ExternalID,
	}
}

// nilIfEmpty writes an empty list as none: read back, it is nil either
// way, as the JSON rows' omitempty made it.
func nilIfEmpty(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (r *summaryRow) summary(s *Summary) {
	*s = Summary{
		ID: r.ID, Name: r.Name, LegalName: r.LegalName, Owner: r.Owner, Tier: r.Tier, Stage: r.Stage,
		Industry: r.Industry, Region: r.Region, Tags: nilIfEmpty(r.Tags), ContactNames: nilIfEmpty(r.ContactNames),
		Revenue: accounts.Money{Minor: r.Revenue, Currency: r.Currency}, RenewalDate: numDate(r.RenewalDate),
		CadenceDays: int(r.CadenceDays), LastVisit: numDate(r.LastVisit), NextFollowUp: numDate(r.NextFollowUp),
		OpenFollowUps: int(r.OpenFollowUps), Version: r.Version, ParentID: r.ParentID, ExternalID: r.ExternalID,
	}
}

// encodeSummary is s's stored row.
func encodeSummary(s *Summary) ([]byte, error) {
	row := rowOf(s)
	raw, err := factEnc.Marshal(&row)
	if err != nil {
		return nil, fmt.Errorf("encode the summary of %s: %w", s.ID, err)
	}
	return raw, nil
}

// summaryKey is where the summary of the account id named name is stored.
func summaryKey(name string, id accounts.ID) []byte {
	sk := collation.Key(name)
	k := make([]byte, 0, len(sk)+len(sk)/8+2+len(id))
	for _, c := range sk {
		k = append(k, c)
		if c == 0 {
			k = append(k, 0xff)
		}
	}
	k = append(k, 0, 0)
	return append(k, id...)
}

// idOfSummaryKey is the account id at the end of a summary key: after the
// first two zero bytes (the sort key's own zeros are followed by 0xff).
func idOfSummaryKey(k []byte) accounts.ID {
	if i := bytes.Index(k, []byte{0, 0}); i >= 0 {
		return accounts.ID(k[i+2:])
	}
	return accounts.ID(k)
}

// summaryRow reads a row into s; strings are cut out of r.s, and the
// lists out of list (their capacity is cut to their length, so an append
// to one never writes into the next).
func (r *cborReader) summaryRow(s *Summary, list *stringArena) bool {
	var ok [20]bool
	if n, good := r.array(); !good || n != len(ok) {
		return false
	}
	*s = Summary{}
	s.ID, ok[0] = textOf[accounts.ID](r)
	s.Name, ok[1] = r.text()
	s.LegalName, ok[2] = r.text()
	s.Owner, ok[3] = r.text()
	s.Tier, ok[4] = textOf[accounts.Tier](r)
	s.Stage, ok[5] = textOf[accounts.Stage](r)
	s.Industry, ok[6] = r.text()
	s.Region, ok[7] = r.text()
	s.Tags, ok[8] = r.texts(list)
	s.ContactNames, ok[9] = r.texts(list)
	s.Revenue.Minor, ok[10] = r.int64()
	s.Revenue.Currency, ok[11] = r.text()
	var renewal, last, next int32
	var cadence, open int64
	renewal, ok[12] = r.int32()
	cadence, ok[13] = r.int64()
	last, ok[14] = r.int32()
	next, ok[15] = r.int32()
	open, ok[16] = r.int64()
	s.Version, ok[17] = r.int64()
	s.ParentID, ok[18] = textOf[accounts.ID](r)
	s.ExternalID, ok[19] = r.text()
	s.RenewalDate, s.LastVisit, s.NextFollowUp = numDate(renewal), numDate(last), numDate(next)
	s.CadenceDays, s.OpenFollowUps = int(cadence), int(open)
	return ok == [20]bool{true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true} &&
		int64(s.CadenceDays) == cadence && int64(s.OpenFollowUps) == open
}

// texts reads a list of texts (null: none; an empty list is none too, as
// rowOf writes it).
func (r *cborReader) texts(list *stringArena) ([]string, bool) {
	if r.null() {
		return nil, true
	}
	n, ok := r.array()
	if !ok {
		return nil, false
	}
	out := list.take(n)
	for i := range out {
		if out[i], ok = r.text(); !ok {
			return nil, false
		}
	}
	return nilIfEmpty(out), true
}

// stringArena hands out lists of strings from chunks of chunk strings, so
// that the 150,000 contact names of a large book are not 10,000
// allocations. With chunk zero (a read of one summary) each list is
// allocated as it is: a chunk there cost 64 KB a summary.
type stringArena struct {
	free  []string
	chunk int
}

func (a *stringArena) take(n int) []string {
	if n > len(a.free) {
		a.free = make([]string, max(n, a.chunk))
	}
	out := a.free[:n:n]
	a.free = a.free[n:]
	return out
}

// decodeSummaryRow reads raw (its bytes also in s) into out: by hand, or
// by the library when the hand reader does not take it.
func decodeSummaryRow(raw []byte, s string, out *Summary, list *stringArena) error {
	r := cborReader{b: raw, s: s}
	if r.summaryRow(out, list) && r.end() {
		return nil
	}
	var row summaryRow
	if err := factDec.Unmarshal(raw, &row); err != nil {
		*out = Summary{}
		return err
	}
	row.summary(out)
	return nil
}

// summaryAt is the key of the account's summary row, nil when it has none.
func summaryAt(tx *bolt.Tx, id accounts.ID) []byte {
	return tx.Bucket(bktSumKeys).Get([]byte(id))
}

// putSummaryRow stores s's row under the key its name calls for, moving it
// when the name changed, and leaves the file alone when nothing did (a
// visit that changes no figure of the list: three pages less to write).
func putSummaryRow(tx *bolt.Tx, s *Summary) error {
	raw, err := encodeSummary(s)
	if err != nil {
		return err
	}
	rows, keys := tx.Bucket(bktSummary), tx.Bucket(bktSumKeys)
	key := summaryKey(s.Name, s.ID)
	if old := keys.Get([]byte(s.ID)); !bytes.Equal(old, key) {
		if old != nil {
			if err := rows.Delete(old); err != nil {
				return err
			}
		}
		if err := keys.Put([]byte(s.ID), key); err != nil {
			return err
		}
	}
	if bytes.Equal(rows.Get(key), raw) {
		return nil
	}
	return rows.Put(key, raw)
}

// deleteSummaryRow removes the account's summary row and its key.
func deleteSummaryRow(tx *bolt.Tx, id accounts.ID) error {
	keys := tx.Bucket(bktSumKeys)
	if old := keys.Get([]byte(id)); old != nil {
		if err := tx.Bucket(bktSummary).Delete(old); err != nil {
			return err
		}
	}
	return keys.Delete([]byte(id))
}

// readSummary is the summary of the account id, if it has one.
func readSummary(tx *bolt.Tx, id accounts.ID) (Summary, bool, error) {
	var s Summary
	key := summaryAt(tx, id)
	if key == nil {
		return s, false, nil
	}
	raw := tx.Bucket(bktSummary).Get(key)
	if raw == nil {
		return s, false, nil
	}
	if err := decodeSummaryRow(raw, string(raw), &s, &stringArena{}); err != nil {
		return s, true, fmt.Errorf("decode the summary of %s: %w", id, err)
	}
	return s, true, nil
}

// collationVersion is this build's collation (computed once).
var collationVersion = sync.OnceValue(collation.Version)

// rekeySummaries puts every summary row under the key this build's
// collation makes of its name, if the file's keys were made with another
// one (or it does not say), and notes the collation in meta. A newer
// golang.org/x/text may order a name differently; rows left under the
// old keys would sit out of the list's order, and the check would call
// them out of date.
func rekeySummaries(tx *bolt.Tx) error {
	meta := tx.Bucket(bktMeta)
	if string(meta.Get(keyCollation)) == collationVersion() {
		return nil
	}
	rows, keys := tx.Bucket(bktSummary), tx.Bucket(bktSumKeys)
	if rows != nil && keys != nil {
		// Not txn.summaries: it sizes its read by the pages' count of
		// keys, which a write transaction's unwritten rows are not in.
		var all []Summary
		lists := stringArena{chunk: 4096}
		err := rows.ForEach(func(k, v []byte) error {
			var s Summary
			if err := decodeSummaryRow(v, string(v), &s, &lists); err != nil {
				return fmt.Errorf("decode summary %q: %w", k, err)
			}
			all = append(all, s)
			return nil
		})
		if err != nil {
			return err
		}
		for _, b := range [][]byte{bktSummary, bktSumKeys} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		if err := putSummariesInOrder(tx, all); err != nil {
			return err
		}
	}
	return meta.Put(keyCollation, []byte(collationVersion()))
}

// toSchema5 is the migration to schema 5: the summaries as rows in the
// list's order, and no idx_visits.
func toSchema5(tx *bolt.Tx) error {
	if err := resortSummaries(tx); err != nil {
		return err
	}
	if tx.Bucket(bktVisits) != nil {
		return tx.DeleteBucket(bktVisits)
	}
	return nil
}

// resortSummaries moves every summary row to the key its name calls for
// (migration to schema 5, from JSON rows keyed by id; and a repair).
func resortSummaries(tx *bolt.Tx) error {
	var all []Summary
	if b := tx.Bucket(bktSummary); b != nil {
		if tx.Bucket(bktSumKeys) != nil {
			return nil // rows of schema 5 already: a rebuild of this same migration wrote them
		}
		err := b.ForEach(func(k, v []byte) error {
			var s Summary
			if err := decodeSummary(v, &s); err != nil {
				return fmt.Errorf("decode summary %s: %w", k, err)
			}
			all = append(all, s)
			return nil
		})
		if err != nil {
			return err
		}
		if err := tx.DeleteBucket(bktSummary); err != nil {
			return err
		}
	}
	return putSummariesInOrder(tx, all)
}

// putSummariesInOrder puts the summaries in the list's order into new
// summary buckets (each lands after the one before: full pages, nothing
// shifted) and notes the collation their keys were made with.
func putSummariesInOrder(tx *bolt.Tx, all []Summary) error {
	for _, b := range [][]byte{bktSummary, bktSumKeys} {
		bk, err := tx.CreateBucketIfNotExists(b)
		if err != nil {
			return err
		}
		bk.FillPercent = bulkFill
	}
	keys := make([][]byte, len(all))
	for i := range all {
		keys[i] = summaryKey(all[i].Name, all[i].ID)
	}
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(keys[a], keys[b]) })
	for _, i := range order {
		if err := putSummaryRow(tx, &all[i]); err != nil {
			return err
		}
	}
	// Every key was made just now, with this build's collation.
	return tx.Bucket(bktMeta).Put(keyCollation, []byte(collationVersion()))
}
