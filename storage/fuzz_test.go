package storage

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"keycard/accounts"
)

// FuzzOpenAnyFile gives Open whatever bytes as a database file: nothing may
// crash (a panic or a memory fault is a failed test, and the fault would
// kill the fuzzer), take long, or change the file; a file that opens must
// be listed and checked without a panic, and one that fails must fail with
// a sentence.
func FuzzOpenAnyFile(f *testing.F) {
	s, path := newStore(f)
	a := mkAccount(f, s, "Acme", "Li Wei")
	mkContact(f, s, a.ID, "Zhang", "")
	mkVisit(f, s, a.ID, t0)
	s.Close()
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:4096+100])
	f.Add([]byte("not a database"))
	f.Add([]byte{})
	defer func(d time.Duration) { recheckAfter = d }(recheckAfter)
	recheckAfter = 0 // no other program writes these files
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		s, err := Open(p, Options{ReadOnly: true})
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("open took %v", took)
		}
		if err != nil {
			if say(err) == "" {
				t.Fatalf("error without a sentence: %v", err)
			}
			return
		}
		defer s.Close()
		_, _ = s.Summaries()
		_ = s.Check()
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("took %v", took)
		}
		after, _ := os.ReadFile(p)
		if string(after) != string(data) {
			t.Fatal("a read-only open changed the file")
		}
	})
}

// fuzzKinds are the kinds FuzzApplyIncoming sends a body as.
var fuzzKinds = []Kind{KindAccount, KindContact, KindLink, KindVisit, KindWarning, KindPlan, KindLayout, KindHandover, "gadget"}

// FuzzApplyIncoming gives ApplyIncoming any body as any kind of record, on
// a database holding a synced account with (when edit is set) changes
// waiting to go up, so that bodies are merged too. Bodies from the server
// are outside data: nothing may panic or fail, take long, leave the check
// dirty or store a record that does not validate.
func FuzzApplyIncoming(f *testing.F) {
	r := newRemote()
	seed := map[Kind]any{KindAccount: &r.a, KindContact: &r.c, KindLink: &r.l, KindVisit: &r.v, KindWarning: &r.w,
		KindPlan: &r.p, KindLayout: &r.m, KindHandover: &r.h}
	for i, k := range fuzzKinds {
		if v, ok := seed[k]; ok {
			raw := []byte(body(f, v))
			f.Add(uint8(i), "", false, false, raw)
			f.Add(uint8(i), "", false, true, raw)
			f.Add(uint8(i), "", true, true, raw)
			f.Add(uint8(i), "x", false, true, bytes.Replace(raw, []byte(`"acct-1"`), []byte(`"acct-2"`), -1))
		}
	}
	f.Add(uint8(0), "", false, false, []byte(`{"id":"acct-1","name":"\u0000","owner":"a\u0000b","tier":"key","stage":"growth"}`))
	f.Add(uint8(3), "", false, true, []byte(`{"id":"vs-1","account_id":"acct-1","at":"2026-01-01T00:00:00Z","kind":"call","next_steps":[{"id":"a\u0000b","text":"x"},{"id":"a\u0000b","text":"y"}]}`))
	f.Add(uint8(1), "ct-1", true, false, []byte(`null`))
	f.Add(uint8(128), "", false, true, []byte(body(f, &r.a))) // with a revocation of the account
	f.Add(uint8(2), "", false, false, []byte(`[]`))
	f.Fuzz(func(t *testing.T, kind uint8, id string, deleted, edit bool, raw []byte) {
		k := fuzzKinds[int(kind)%len(fuzzKinds)]
		s, err := Open(filepath.Join(t.TempDir(), "fuzz.db"), Options{NoSync: true, Now: (&testClock{t: t0}).now})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.Link(testLink, nil); err != nil {
			t.Fatal(err)
		}
		sv := &server{t: t}
		r := newRemote()
		if _, err := s.ApplyIncoming(r.all(sv), nil, fakeMerge, nil); err != nil {
			t.Fatal(err)
		}
		if edit {
			fuzzEdits(t, s, r)
		}
		if id == "" {
			id = map[Kind]string{KindContact: "ct-1", KindLink: "ln-1", KindVisit: "vs-1", KindWarning: "wn-1", KindHandover: "ho-1"}[k]
			if id == "" {
				id = "acct-1"
			}
		}
		in := []Incoming{{Ref: Ref{Kind: k, ID: accounts.ID(id)}, Account: "acct-1", Rev: 100, Deleted: deleted, Body: raw}}
		var revoked []Revoked
		if kind >= 128 {
			revoked = []Revoked{{Account: "acct-1", To: "Wang Fang"}}
		}
		start := time.Now()
		if _, err := s.ApplyIncoming(in, revoked, fakeMerge, nil); err != nil {
			t.Fatalf("ApplyIncoming failed: %v", err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("took %v", took)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("check: %s", say(err))
		}
		fuzzAllValid(t, s)
		if _, err := s.Outbox(0); err != nil {
			t.Fatal(err)
		}
	})
}

// fuzzEdits changes the synced records here, so that they wait to go up.
func fuzzEdits(t *testing.T, s *Store, r *remote) {
	a, err := s.Account(r.a.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Region = "North"
	c, _ := s.Contact(r.c.ID)
	c.Title, c.PrivateRemarks = "CFO", "likes tea"
	v, _ := s.Visit(r.v.ID)
	v.Summary = "edited here"
	for _, err := range []error{s.UpdateAccount(a), s.UpdateContact(c), s.UpdateVisit(v), s.DeleteWarning(r.w.ID)} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// fuzzAllValid loads every account and handover and validates each record.
func fuzzAllValid(t *testing.T, s *Store) {
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, sm := range sums {
		d, err := s.LoadAccount(sm.ID)
		if err != nil {
			t.Fatal(err)
		}
		errs := []error{d.Account.Validate()}
		for i := range d.Contacts {
			errs = append(errs, d.Contacts[i].Validate())
		}
		for i := range d.Visits {
			errs = append(errs, d.Visits[i].Validate())
		}
		for i := range d.Links {
			errs = append(errs, d.Links[i].Validate())
		}
		for i := range d.Warnings {
			errs = append(errs, d.Warnings[i].Validate())
		}
		if d.Plan != nil {
			errs = append(errs, d.Plan.Validate())
		}
		for _, err := range errs {
			if err != nil {
				t.Fatalf("a stored record does not validate: %s", say(err))
			}
		}
	}
	hs, err := s.Handovers()
	if err != nil {
		t.Fatal(err)
	}
	for i := range hs {
		if err := hs[i].Validate(); err != nil {
			t.Fatalf("a stored handover does not validate: %s", say(err))
		}
	}
}

// FuzzHandReaders gives the hand-written record readers any bytes: what one
// of them accepts, encoding/json must read the same way (anything else goes
// to encoding/json anyway), and none may panic.
func FuzzHandReaders(f *testing.F) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 8, time.FixedZone("CST", 8*3600))
	for _, v := range []any{
		accounts.Visit{Meta: accounts.Meta{ID: "v1", Version: 2, CreatedAt: at}, AccountID: "a", At: at, Kind: accounts.KindCall,
			ContactIDs: []accounts.ID{"c"}, OurPeople: []string{"王"}, Summary: "s\"\\", Outcome: accounts.OutcomePositive,
			NextSteps: []accounts.NextStep{{ID: "n", Text: "t", Due: accounts.NewDate(2026, 1, 2)}},
			Gifts:     []accounts.Gift{{Item: "tea", Value: accounts.Money{Minor: 5, Currency: "CNY"}}}},
		accounts.Contact{Meta: accounts.Meta{ID: "c1"}, AccountID: "a", Name: "Li", Influence: 3, Birthday: accounts.NewDate(1980, 2, 29)},
		RiskPoint{Date: accounts.NewDate(2026, 1, 2), Score: 4, Level: accounts.RiskHigh},
	} {
		raw, _ := json.Marshal(v)
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var hv, jv accounts.Visit
		if r := (jsonReader{b: raw, s: string(raw)}); r.visit(&hv) && r.end() {
			if err := json.Unmarshal(raw, &jv); err != nil || !reflect.DeepEqual(hv, jv) {
				t.Fatalf("visit %q: by hand %+v, encoding/json %+v (%v)", raw, hv, jv, err)
			}
		}
		var hc, jc accounts.Contact
		if r := (jsonReader{b: raw, s: string(raw)}); r.riskContact(&hc) && r.end() {
			var x riskContact
			if err := json.Unmarshal(raw, &x); err != nil {
				t.Fatalf("contact %q: read by hand, refused by encoding/json: %v", raw, err)
			}
			if err := decodeRiskContactJSON(raw, &jc); err != nil || !reflect.DeepEqual(hc, jc) {
				t.Fatalf("contact %q: by hand %+v, encoding/json %+v (%v)", raw, hc, jc, err)
			}
		}
		var hp, jp RiskPoint
		if r := (jsonReader{b: raw, s: string(raw)}); r.riskPoint(&hp) && r.end() {
			if err := json.Unmarshal(raw, &jp); err != nil || !reflect.DeepEqual(hp, jp) {
				t.Fatalf("risk point %q: by hand %+v, encoding/json %+v (%v)", raw, hp, jp, err)
			}
		}
	})
}

// factSamples are facts as factEnc writes them, with the corners of each
// field: no lists and empty ones, negative and large times and offsets,
// texts in other scripts.
func factSamples() []any {
	return []any{
		&visitFact{At: 1772571967000000008, Offset: 8 * 3600, Kind: accounts.KindCall, Outcome: accounts.OutcomePositive,
			Contacts: []accounts.ID{"c1", "c2"},
			Steps:    []stepFact{{ID: "n", Owner: "王芳", Due: 20260102, Text: "寄样品"}, {ID: "m", Done: true, DoneOn: 20251231}}},
		&visitFact{At: -62135596800000000, Offset: -12 * 3600, Contacts: []accounts.ID{}, Steps: []stepFact{}},
		&visitFact{},
		&contactFact{Placeholder: true, Name: "Li Wei", Title: "采购总监", ReportsTo: "c0", Role: accounts.RoleEconomic,
			Influence: -3, Attitude: accounts.AttitudeChampion, Trust: "high", Status: accounts.StatusLeft,
			LeftOn: 20260131, MovedTo: "c9", Birthday: 19800229},
		&contactFact{Influence: 1 << 40},
		&summaryRow{ID: "a1", Name: "华东精密", LegalName: "华东精密制造有限公司", Owner: "Li Wei", Tier: accounts.TierKey,
			Stage: accounts.StageGrowth, Industry: "制造业", Region: "华东", Tags: []string{"key", "长期"},
			ContactNames: []string{"王芳", "Zhang Min"}, Revenue: -1 << 40, Currency: "CNY", RenewalDate: 20270301,
			CadenceDays: 30, LastVisit: 20261130, NextFollowUp: 20261201, OpenFollowUps: 3, Version: 7, ParentID: "p", ExternalID: "x-1"},
		&summaryRow{Tags: []string{}, ContactNames: []string{""}},
		&summaryRow{},
	}
}

// FuzzFactReaders: what the hand reader of the facts (factcbor.go) takes,
// the CBOR library must read to the same value; what it does not take goes
// to the library, so only agreement needs holding.
func FuzzFactReaders(f *testing.F) {
	for _, x := range factSamples() {
		raw, err := factEnc.Marshal(x)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var hv visitFact
		if r := (cborReader{b: raw, s: string(raw)}); r.visitFact(&hv) && r.end() {
			var lv visitFact
			if err := factDec.Unmarshal(raw, &lv); err != nil || !reflect.DeepEqual(hv, lv) {
				t.Fatalf("visit fact %x: by hand %+v, by the library %+v (%v)", raw, hv, lv, err)
			}
		}
		var hc contactFact
		if r := (cborReader{b: raw, s: string(raw)}); r.contactFact(&hc) && r.end() {
			var lc contactFact
			if err := factDec.Unmarshal(raw, &lc); err != nil || !reflect.DeepEqual(hc, lc) {
				t.Fatalf("contact fact %x: by hand %+v, by the library %+v (%v)", raw, hc, lc, err)
			}
		}
		var hs Summary
		if r := (cborReader{b: raw, s: string(raw)}); r.summaryRow(&hs, &stringArena{}) && r.end() {
			var row summaryRow
			var ls Summary
			err := factDec.Unmarshal(raw, &row)
			row.summary(&ls)
			if err != nil || !reflect.DeepEqual(hs, ls) {
				t.Fatalf("summary row %x: by hand %+v, by the library %+v (%v)", raw, hs, ls, err)
			}
		}
	})
}
