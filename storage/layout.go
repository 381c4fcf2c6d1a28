package storage

// The layout of a Keycard database file (schema 5).
//
// Records live in one bucket, "data", under keys that begin with the account's
// id, so that everything of one account is one range scan of "<accountID>/"
// and deleting an account is one range delete:
//
//	data
//	  <accountID>/a                          Account
//	  <accountID>/c/<contactID>              Contact
//	  <accountID>/l/<linkID>                 InfluenceLink
//	  <accountID>/m                          MapLayout
//	  <accountID>/p                          Plan
//	  <accountID>/v/<at><visitID>            Visit; <at> is the visit time in UTC,
//	                                         fixed width "2006-01-02T15:04:05.000000000Z",
//	                                         so visits come in date order
//	  <accountID>/w/<warningID>              Warning
//	handovers
//	  <handoverID>                           Handover
//	risk
//	  <accountID>\x00<YYYY-MM-DD>           RiskPoint: the account's risk score on
//	                                         that day (one per account and day)
//	changes
//	  <accountID>\x00<at>\x00<seq>          MapChange: one change to the account's
//	                                         decision-maker map; <at> as for visits,
//	                                         <seq> the bucket's sequence in 16 hex
//	                                         digits, so changes of one moment keep
//	                                         their order
//	reviews
//	  <accountID>\x00<at>\x00<seq>          Review: one weekly card review of the
//	                                         account (who, when, comment), keyed as
//	                                         "changes"; newest first read backwards
//	meta
//	  schema                                 the schema number as JSON, e.g. 5
//	  collation                              the collation the summary keys were made
//	                                         with (schema 5, sumrow.go)
//
// A database linked to a team server also keeps its replica bookkeeping
// (replica.go, outbox.go, apply.go); a database that is not linked has none
// of these buckets:
//
//	team         link                  → TeamLink JSON
//	             local/<accountID>     → "" (an account Link left on this laptop only)
//	outbox       <kind>/<id>           → {account, accounts, seq}: the record changed here
//	                                     and waits to go up
//	base         <kind>/<id>           → {rev, body, remarks}: the server's revision and body
//	                                     this laptop last agreed with
//	conflicts    <kind>/<id>\x00<path> → Conflict JSON
//	handed       <accountID>           → Revoked JSON (kept after Unlink: it is history)
//
// Every put or delete of a key in "data" or "handovers" goes through
// txn.putData, txn.delData, txn.putHandover (outbox.go), which note the
// record; the write transaction adds its outbox entries before it commits.
// So on a linked database no write can change a record without queueing it.
//
// Values are the entities as JSON; the schema number in "meta" says how to
// read all of them. Indexes, each kept up to date by the transaction that
// writes the record, and rebuilt from "data" by the migration to schema 2:
//
//	ids          <id>                                  → data key (contacts, links, visits, warnings)
//	summary      <name's sort key>\x00\x00<accountID>  → summaryRow, CBOR (schema 5, sumrow.go:
//	                                                     the rows in the list's order)
//	summary_keys <accountID>                           → the account's key in summary
//	idx_owner    <owner>\x00<accountID>                → ""
//	idx_renewal  <YYYY-MM-DD>\x00<accountID>           → accountID (accounts with a renewal date)
//	idx_due      <YYYY-MM-DD>\x00<visitID>\x00<stepID> → accountID (open next steps with a due date)
//	idx_open     <accountID>\x00<due or ~>\x00<visitID>\x00<stepID> → "" (every open next step;
//	                                                     "~" sorts undated steps last)
//	(idx_visits, <at>\x00<visitID> → data key, until schema 4: see recentVisits)
//
// Facts (facts.go, schema 3): what the portfolio-wide reads use of each
// contact and visit, CBOR arrays under the record's own data key, written
// by putData and delData from the record's bytes, so no write can miss
// them; built from "data" by the migration to schema 3:
//
//	facts         <accountID>/c/<contactID>            → contactFact (name, title, role, influence,
//	                                                     attitude, trust, status, reporting line,
//	                                                     leaving date, MovedTo, birthday)
//	              <accountID>/v/<at><visitID>          → visitFact (time and offset, kind, outcome,
//	                                                     contacts, next steps with their texts; from
//	                                                     schema 4 a seal: the CRC-32C of the record
//	                                                     and the fact, sealed.go)
//	idx_birthday  <MM-DD>\x00<contact's data key>       → "" (contacts with a birthday)
//
// A bulk write (PutAccountData, an import) keeps its index entries until
// the end of its transaction and puts them in key order (later.go).
// "risk", "changes" and "reviews" are history: they are not derived from "data" (a
// score depends on the day it was taken, a change on the edit that made it),
// so a rebuild leaves them alone, and deleting an account deletes its
// entries there too. Replacing an account with PutAccountData or an import
// keeps them. They came after schema 2 without a schema change: a file
// that lacks them reads as having no history, and the first write that
// needs one creates it.
//
// idx_open lets a write recompute an account's summary (next follow-up, open
// follow-ups) from keys alone, without decoding the account's visits.

import (
	"bytes"
	"strings"
	"time"

	"keycard/accounts"
)

// schemaVersion is the schema this build writes; files with a greater one are
// refused, files with a smaller one are migrated on open.
const schemaVersion = 5

var (
	bktMeta      = []byte("meta")
	bktData      = []byte("data")
	bktHandovers = []byte("handovers")
	bktIDs       = []byte("ids")
	bktSummary   = []byte("summary")
	bktSumKeys   = []byte("summary_keys")
	bktOwner     = []byte("idx_owner")
	bktRenewal   = []byte("idx_renewal")
	bktDue       = []byte("idx_due")
	bktOpen      = []byte("idx_open")
	bktVisits    = []byte("idx_visits") // until schema 4: the migration to 5 deletes it
	bktRisk      = []byte("risk")
	bktChanges   = []byte("changes")
	bktReviews   = []byte("reviews")
	bktFacts     = []byte("facts")
	bktBirthdays = []byte("idx_birthday")

	bktTeam      = []byte("team")
	bktOutbox    = []byte("outbox")
	bktBase      = []byte("base")
	bktConflicts = []byte("conflicts")
	bktHanded    = []byte("handed")

	keySchema    = []byte("schema")
	keyCollation = []byte("collation") // collation.Version the summary keys were made with (schema 5)
	keyLink      = []byte("link")
)

// recordBuckets hold the data itself (schema 1 and later).
var recordBuckets = [][]byte{bktMeta, bktData, bktHandovers}

// historyBuckets are created with a new file, and by the first write that
// needs them in a file made before they existed.
var historyBuckets = [][]byte{bktRisk, bktChanges, bktReviews}

// indexBuckets are derived from the records and can be rebuilt from them.
var indexBuckets = [][]byte{bktIDs, bktSummary, bktSumKeys, bktOwner, bktRenewal, bktDue, bktOpen}

// factBuckets are derived from the records too (facts.go); schema 3 added them.
var factBuckets = [][]byte{bktFacts, bktBirthdays}

// Kinds of record under an account's prefix.
const (
	kindAccount = 'a'
	kindContact = 'c'
	kindLink    = 'l'
	kindLayout  = 'm'
	kindPlan    = 'p'
	kindVisit   = 'v'
	kindWarning = 'w'
)

const visitTimeLayout = "2006-01-02T15:04:05.000000000Z"

// visitTime is t in UTC in visitTimeLayout.
func visitTime(t time.Time) string {
	var b [len(visitTimeLayout)]byte
	return string(appendVisitTime(b[:0], t))
}

// appendVisitTime appends t in UTC in visitTimeLayout. Every visit key and
// index entry is built with it, and the integrity check builds one for each
// of a million visits, where time.Format's layout parsing was a tenth of the
// check's time; the fixed width is written digit by digit (years outside
// 0-9999, which the layout would not keep fixed, go through Format).
func appendVisitTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(dst, visitTimeLayout)
	}
	h, mi, s := t.Clock()
	n := len(dst)
	dst = append(dst, visitTimeLayout...)
	b := dst[n:]
	digits(b[0:4], y)
	digits(b[5:7], int(mo))
	digits(b[8:10], d)
	digits(b[11:13], h)
	digits(b[14:16], mi)
	digits(b[17:19], s)
	digits(b[20:29], t.Nanosecond())
	return dst
}

// digits writes n into b in decimal, zero-padded to b's width.
func digits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}

func accountPrefix(id accounts.ID) []byte { return []byte(string(id) + "/") }

func accountKey(id accounts.ID) []byte { return []byte(string(id) + "/a") }

func childKey(acct accounts.ID, kind byte, id accounts.ID) []byte {
	return []byte(string(acct) + "/" + string(kind) + "/" + string(id))
}

func singleKey(acct accounts.ID, kind byte) []byte {
	return []byte(string(acct) + "/" + string(kind))
}

func visitKey(acct accounts.ID, at time.Time, id accounts.ID) []byte {
	k := make([]byte, 0, len(acct)+3+len(visitTimeLayout)+len(id))
	k = append(append(k, acct...), "/v/"...)
	return append(appendVisitTime(k, at), id...)
}

// parsedKey is a data key taken apart.
type parsedKey struct {
	account accounts.ID
	kind    byte
	id      accounts.ID // empty for a, m, p
	at      string      // visits only
}

func parseKey(k []byte) (parsedKey, bool) {
	i := bytes.IndexByte(k, '/')
	if i <= 0 || i+1 >= len(k) {
		return parsedKey{}, false
	}
	p := parsedKey{account: accounts.ID(k[:i]), kind: k[i+1]}
	rest := k[i+2:]
	switch p.kind {
	case kindAccount, kindLayout, kindPlan:
		return p, len(rest) == 0
	case kindContact, kindLink, kindWarning:
		if len(rest) < 2 || rest[0] != '/' {
			return p, false
		}
		p.id = accounts.ID(rest[1:])
		return p, true
	case kindVisit:
		if len(rest) < 2+len(visitTimeLayout) || rest[0] != '/' {
			return p, false
		}
		p.at = string(rest[1 : 1+len(visitTimeLayout)])
		p.id = accounts.ID(rest[1+len(visitTimeLayout):])
		return p, true
	}
	return p, false
}

// join0 joins parts with NUL bytes, in one allocation (index keys are
// built for every record a check or a rebuild reads).
func join0(parts ...string) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, max(n, 0))
	for i, p := range parts {
		if i > 0 {
			k = append(k, 0)
		}
		k = append(k, p...)
	}
	return k
}

func ownerKey(owner string, acct accounts.ID) []byte { return join0(owner, string(acct)) }

func renewalKey(d accounts.Date, acct accounts.ID) []byte { return join0(d.String(), string(acct)) }

func dueKey(d accounts.Date, visit, step accounts.ID) []byte {
	return join0(d.String(), string(visit), string(step))
}

func openKey(acct accounts.ID, d accounts.Date, visit, step accounts.ID) []byte {
	due := d.String()
	if due == "" {
		due = "~"
	}
	return join0(string(acct), due, string(visit), string(step))
}

func visitIndexKey(at time.Time, visit accounts.ID) []byte {
	k := make([]byte, 0, len(visitTimeLayout)+1+len(visit))
	return append(append(appendVisitTime(k, at), 0), visit...)
}

// validKeyID reports whether an id given by a caller can be part of a key.
func validKeyID(id accounts.ID) bool {
	return id != "" && len(id) <= 100 && !strings.ContainsAny(string(id), "/\x00")
}

// newID gives a new record an id, or checks the one it brings (an import
// keeps the ids of the computer it came from). refused starts the message,
// e.g. "The visit was not saved".
func newID(id *accounts.ID, refused accounts.Phrase) error {
	if *id == "" {
		*id = accounts.NewID()
	} else if !validKeyID(*id) {
		return invalid("storage.id_unusable", "Refused", refused, "ID", *id)
	}
	return nil
}

// claimNewID checks, for a new record under acct, that the account exists and
// that no other record has the id.
func (t *txn) claimNewID(acct, id accounts.ID, refused accounts.Phrase) error {
	if err := t.requireAccount(acct); err != nil {
		return err
	}
	if t.idGet([]byte(id)) != nil {
		return invalid("storage.id_taken", "Refused", refused, "ID", id)
	}
	return nil
}
