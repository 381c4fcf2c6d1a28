package storage

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// A contact's birthday entry follows the contact through an update, a
// change of birthday and a deletion, and Check agrees at each step.
func TestBirthdaysFollowTheContact(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	c := accounts.Contact{AccountID: a.ID, Name: "Zhang Wei", Title: "CFO", Influence: 5, Birthday: accounts.NewDate(1975, 12, 5)}
	if err := s.CreateContact(&c); err != nil {
		t.Fatal(err)
	}
	mkContact(t, s, a.ID, "No Birthday", "")
	from := accounts.NewDate(2026, 11, 30)
	names := func(from accounts.Date) []string {
		t.Helper()
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		bs, err := s.Birthdays(from, 14)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, b := range bs {
			out = append(out, b.Name+" "+b.Title+" "+b.Birthday.String())
		}
		return out
	}
	if got := names(from); len(got) != 1 || got[0] != "Zhang Wei CFO 1975-12-05" {
		t.Fatalf("birthdays %v", got)
	}
	c.Birthday = accounts.NewDate(1975, 3, 1)
	c.Title = "CEO"
	if err := s.UpdateContact(&c); err != nil {
		t.Fatal(err)
	}
	if got := names(from); len(got) != 0 {
		t.Fatalf("the old birthday is still listed: %v", got)
	}
	if got := names(accounts.NewDate(2027, 2, 28)); len(got) != 1 || got[0] != "Zhang Wei CEO 1975-03-01" {
		t.Fatalf("the new birthday: %v", got)
	}
	if err := s.DeleteContact(c.ID); err != nil {
		t.Fatal(err)
	}
	if got := names(accounts.NewDate(2027, 2, 28)); len(got) != 0 {
		t.Fatalf("a deleted contact's birthday: %v", got)
	}
}

// A 29 February birthday shows on 1 March of a year without one, and on
// its own day in a leap year.
func TestBirthdaysIncludeTheDayBefore(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	c := accounts.Contact{AccountID: a.ID, Name: "Leap", Influence: 3, Birthday: accounts.NewDate(1988, 2, 29)}
	if err := s.CreateContact(&c); err != nil {
		t.Fatal(err)
	}
	bs, err := s.Birthdays(accounts.NewDate(2027, 3, 1), 14)
	if err != nil || len(bs) != 1 || bs[0].AccountID != a.ID || bs[0].ID != c.ID {
		t.Fatalf("%v %v", bs, err)
	}
	if bs, _ := s.Birthdays(accounts.NewDate(2028, 3, 1), 14); len(bs) != 0 {
		t.Fatalf("in a leap year it is on 29 February, not in the window from 1 March: %v", bs)
	}
	if bs, _ := s.Birthdays(accounts.NewDate(2028, 2, 20), 14); len(bs) != 1 {
		t.Fatalf("in a leap year: %v", bs)
	}
}

// A visit's facts give back what the risk rules and Today read, the time
// in the offset it was written with.
func TestVisitFactsRoundTrip(t *testing.T) {
	at, err := time.Parse(time.RFC3339, "2026-11-20T07:30:00+08:00")
	if err != nil {
		t.Fatal(err)
	}
	v := accounts.Visit{Meta: accounts.Meta{ID: "v1"}, AccountID: "a1", At: at, Kind: accounts.KindCall,
		Outcome: accounts.OutcomePositive, ContactIDs: []accounts.ID{"c1", "c2"}, Summary: "long notes",
		NextSteps: []accounts.NextStep{{ID: "s1", Text: "send the offer", Owner: "Li Wei", Due: accounts.NewDate(2026, 12, 1)},
			{ID: "s2", Text: "done one", Done: true, DoneOn: accounts.NewDate(2026, 11, 21)}}}
	raw, err := factEnc.Marshal(visitFactOf(&v))
	if err != nil {
		t.Fatal(err)
	}
	key := visitKey(v.AccountID, v.At, v.ID)
	p, _ := parseKey(key)
	var got accounts.Visit
	if err := visitOfFact(p, raw, &got); err != nil {
		t.Fatal(err)
	}
	if !got.At.Equal(at) || accounts.DateOf(got.At) != accounts.NewDate(2026, 11, 20) || got.ID != "v1" || got.AccountID != "a1" ||
		got.Kind != v.Kind || got.Outcome != v.Outcome || len(got.ContactIDs) != 2 || got.Summary != "" ||
		len(got.NextSteps) != 2 || got.NextSteps[0] != v.NextSteps[0] || got.NextSteps[1] != v.NextSteps[1] {
		t.Fatalf("got %+v", got)
	}
	if len(raw) > 120 {
		t.Errorf("the facts of a visit take %d bytes", len(raw))
	}
}

// Today's follow-ups: the first ones of each side of today, read, and all of
// them counted.
func TestFollowUpsDueReadsTheFirstAndCountsAll(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	today := accounts.NewDate(2026, 11, 30)
	mkVisit(t, s, a.ID, t0.AddDate(0, 0, -30), today.AddDays(-9), today.AddDays(-3), today.AddDays(-1))
	mkVisit(t, s, a.ID, t0.AddDate(0, 0, -29), today, today.AddDays(6), today.AddDays(8))
	got, err := s.FollowUpsDue(today, today.AddDays(7), 2)
	if err != nil {
		t.Fatal(err)
	}
	if got.OverdueCount != 3 || got.SoonCount != 2 || len(got.Overdue) != 2 || len(got.Soon) != 2 {
		t.Fatalf("%+v", got)
	}
	if got.Overdue[0].Step.Due != today.AddDays(-9) || got.Overdue[1].Step.Due != today.AddDays(-3) ||
		got.Soon[0].Step.Due != today || got.Overdue[0].AccountName != "Acme" || got.Overdue[0].Step.Text != "follow up" {
		t.Fatalf("%+v", got)
	}
	all, _ := s.FollowUps(today.AddDays(7))
	if len(all) != 5 {
		t.Fatalf("FollowUps gave %d", len(all))
	}
}

// A bulk write puts its index entries at the end, in key order; an account
// written twice in one batch, or two accounts claiming one id, still come
// out as a single write would leave them.
func TestBulkWriteIndexesLikeSingleWrites(t *testing.T) {
	s, _ := newStore(t)
	a := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID()}, Name: "Acme", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	c := accounts.Contact{Meta: accounts.Meta{ID: accounts.NewID()}, AccountID: a.ID, Name: "Zhang", Influence: 3, Birthday: accounts.NewDate(1980, 1, 2)}
	v := accounts.Visit{Meta: accounts.Meta{ID: accounts.NewID()}, AccountID: a.ID, At: t0, Kind: accounts.KindCall,
		NextSteps: []accounts.NextStep{{ID: accounts.NewID(), Text: "call", Due: accounts.NewDate(2026, 12, 1)}}}
	first := accounts.AccountData{Account: a, Contacts: []accounts.Contact{c}, Visits: []accounts.Visit{v}}
	second := first
	second.Account.Name = "Acme Group"
	v2 := v
	v2.ID, v2.At, v2.NextSteps = accounts.NewID(), t0.Add(time.Hour), nil
	second.Visits = []accounts.Visit{v2}
	if err := s.PutAccountData([]accounts.AccountData{first, second}); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if fu, _ := s.FollowUps(accounts.NewDate(2026, 12, 31)); len(fu) != 0 {
		t.Errorf("the first write's follow-up survived: %v", fu)
	}
	other := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID()}, Name: "Globex", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	fresh := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID()}, Name: "Fresh", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	mine := accounts.Contact{Meta: accounts.Meta{ID: accounts.NewID()}, AccountID: fresh.ID, Name: "Wang", Influence: 3}
	stolen := mine
	stolen.AccountID = other.ID
	err := s.PutAccountData([]accounts.AccountData{{Account: fresh, Contacts: []accounts.Contact{mine}}, {Account: other, Contacts: []accounts.Contact{stolen}}})
	wantCode(t, err, accounts.EINVALID)
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

// An import into an empty file leaves its pages well filled: the records
// and the indexes come in bulk, so bbolt's half-full default for random
// inserts would double the file.
func TestImportLeavesPagesFull(t *testing.T) {
	src := importStore(t, "source", t0)
	data := portfolioOf(t, src, 120, 10, 30)
	dst := importStore(t, "successor", t0)
	if _, err := dst.Import(data); err != nil {
		t.Fatal(err)
	}
	dst.db.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bktData, bktFacts, bktIDs, bktSummary} {
			st := tx.Bucket(name).Stats()
			if used := float64(st.LeafInuse) / float64(st.LeafAlloc); used < 0.8 {
				t.Errorf("%s: leaf pages %.0f%% full", name, 100*used)
			}
		}
		return nil
	})
}

// The risk walk reads on two transactions of one moment while writes go
// on: every walk sees every account once, in id order, and none fails.
func TestRiskWalkBesideWrites(t *testing.T) {
	s, _ := newStore(t)
	var ids []accounts.ID
	for i := range 300 {
		ids = append(ids, mkAccount(t, s, "Acme "+string(rune('A'+i%26))+string(rune('a'+i/26)), "Li Wei").ID)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 40 {
			v := accounts.Visit{AccountID: ids[i], At: t0, Kind: accounts.KindCall}
			if err := s.CreateVisit(&v); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 10 {
		var seen []accounts.ID
		err := s.EachRiskInput(func(in accounts.RiskInput) error {
			seen = append(seen, in.Account.ID)
			return nil
		})
		if err != nil || len(seen) != len(ids) || !slices.IsSorted(seen) {
			t.Fatalf("a walk beside writes: %d accounts, sorted %v, %v", len(seen), slices.IsSorted(seen), err)
		}
	}
	<-done
}

// The hand reader takes every fact as factEnc writes it (were it to fall
// back to the library, the risk scan would be three times slower, and
// right), and reads what the library reads.
func TestFactReadersTakeWhatTheLibraryWrites(t *testing.T) {
	for i, x := range factSamples() {
		raw, err := factEnc.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		r := cborReader{b: raw, s: string(raw)}
		var got, want any
		switch x.(type) {
		case *visitFact:
			var h, l visitFact
			ok := r.visitFact(&h) && r.end()
			if !ok {
				t.Errorf("sample %d: the hand reader did not take %x", i, raw)
			}
			err = factDec.Unmarshal(raw, &l)
			got, want = h, l
		case *contactFact:
			var h, l contactFact
			if !r.contactFact(&h) || !r.end() {
				t.Errorf("sample %d: the hand reader did not take %x", i, raw)
			}
			err = factDec.Unmarshal(raw, &l)
			got, want = h, l
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("sample %d: by hand %+v, by the library %+v (%v)", i, got, want, err)
		}
	}
}

// What the hand reader does not take, the library reads or refuses: a fact
// cut short, one with a byte too many, a map where an array was written.
func TestFactReadersLeaveTheRestToTheLibrary(t *testing.T) {
	good, err := factEnc.Marshal(&visitFact{At: 5, Kind: accounts.KindCall, Contacts: []accounts.ID{"c"}})
	if err != nil {
		t.Fatal(err)
	}
	asMap, err := cbor.Marshal(map[string]any{"At": 5})
	if err != nil {
		t.Fatal(err)
	}
	for name, raw := range map[string][]byte{
		"cut short":      good[:len(good)-1],
		"a byte more":    append(append([]byte(nil), good...), 0),
		"a map":          asMap,
		"not UTF-8":      {0x86, 0x05, 0x00, 0x61, 0xff, 0x60, 0xf6, 0xf6},
		"offset too big": {0x86, 0x05, 0x1a, 0xff, 0xff, 0xff, 0xff, 0x60, 0x60, 0xf6, 0xf6},
	} {
		var f visitFact
		if r := (cborReader{b: raw, s: string(raw)}); r.visitFact(&f) && r.end() {
			t.Errorf("%s: the hand reader took %x", name, raw)
		}
		if err := decodeVisitFact(raw, string(raw), &f); err == nil {
			t.Errorf("%s: %x decoded without an error", name, raw)
		}
	}
}

// The seal is the fact's last five bytes, and sealed agrees with what
// sealedVisitFact and sealedContactFact wrote: for the record it was sealed
// with, not for any other record, nor once a byte of the fact changes.
func TestSealIsTheLastFiveBytes(t *testing.T) {
	for i, x := range factSamples() {
		record := []byte(fmt.Sprintf(`{"id":"x","summary":"sample %d"}`, i))
		var raw []byte
		var err error
		switch f := x.(type) {
		case *visitFact:
			v := accounts.Visit{Meta: accounts.Meta{ID: "v"}, At: time.Unix(0, f.At).In(zoneAt(f.Offset)), Kind: f.Kind,
				Outcome: f.Outcome, ContactIDs: f.Contacts}
			for _, s := range f.Steps {
				v.NextSteps = append(v.NextSteps, accounts.NextStep{ID: s.ID, Owner: s.Owner, Due: numDate(s.Due), Done: s.Done,
					DoneOn: numDate(s.DoneOn), Text: s.Text})
			}
			raw, err = sealedVisitFact(&v, record)
		case *contactFact:
			c := accounts.Contact{Placeholder: f.Placeholder, Name: f.Name, Title: f.Title, ReportsTo: f.ReportsTo, Role: f.Role,
				Influence: f.Influence, Attitude: f.Attitude, Trust: f.Trust, Status: f.Status, LeftOn: numDate(f.LeftOn),
				MovedTo: f.MovedTo, Birthday: numDate(f.Birthday)}
			raw, err = sealedContactFact(&c, record)
		default:
			continue // a summary row: not sealed
		}
		if err != nil {
			t.Fatal(err)
		}
		if !sealed(record, raw) {
			t.Errorf("sample %d: %x is not sealed with its record", i, raw)
		}
		if sealed(append(record, ' '), raw) {
			t.Errorf("sample %d: sealed with another record", i)
		}
		for j := 1; j < len(raw)-sealLength; j++ {
			changed := slices.Clone(raw)
			changed[j] ^= 0x10
			if sealed(record, changed) {
				t.Fatalf("sample %d: byte %d changed and still sealed", i, j)
			}
		}
		var all []cbor.RawMessage // the fact's fields, as the library reads them
		if err := factDec.Unmarshal(raw, &all); err != nil {
			t.Fatal(err)
		}
		var seal []byte
		if err := factDec.Unmarshal(all[len(all)-1], &seal); err != nil || len(seal) != 4 || binary.BigEndian.Uint32(seal) != sealOf(record, raw) {
			t.Errorf("sample %d: the library reads the seal as %x (%v)", i, seal, err)
		}
	}
}
