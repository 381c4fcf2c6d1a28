package storage

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

// lenient switches strict decoding off for the rest of the test, as in the
// app.
func lenient(t *testing.T) {
	t.Helper()
	strictJSON = false
	t.Cleanup(func() { strictJSON = true })
}

func TestTestsDecodeStrictly(t *testing.T) {
	if !strictJSON {
		t.Fatal("strict decoding is off in a test binary")
	}
}

// A record on disk with a field its type does not have is refused with the
// field's name, on every path that reads it: the full load, the risk inputs
// (hand-written visit decoder, contact projection) and the summary. In the
// app the same record reads and the field is dropped, as before.
func TestUnknownFieldIsRefusedNotDropped(t *testing.T) {
	s, _ := newStore(t)
	a := accounts.Account{Name: "Strict Ltd", Owner: "Lin", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if err := s.CreateAccount(&a); err != nil {
		t.Fatal(err)
	}
	c := accounts.Contact{AccountID: a.ID, Name: "Wang", Influence: 3, Status: accounts.StatusActive}
	if err := s.CreateContact(&c); err != nil {
		t.Fatal(err)
	}
	v := accounts.Visit{AccountID: a.ID, At: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), Kind: accounts.VisitKinds()[0],
		Summary: "met", NextSteps: []accounts.NextStep{{Text: "send the offer", Due: accounts.NewDate(2026, 11, 20)}}}
	if err := s.CreateVisit(&v); err != nil {
		t.Fatal(err)
	}
	// Another build of Keycard wrote a field this one does not know.
	addField := func(key []byte, field string) {
		t.Helper()
		err := s.update(func(t2 *txn) error {
			raw := t2.b(bktData).Get(key)
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				return err
			}
			m[field] = "kept by a newer Keycard"
			out, _ := json.Marshal(m)
			return t2.b(bktData).Put(key, out)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	addField(visitKey(a.ID, v.At, v.ID), "mood")
	if _, err := s.LoadAccount(a.ID); err == nil || !strings.Contains(err.Error(), `unknown field "mood"`) {
		t.Fatalf("LoadAccount of a visit with an unknown field: %v, want it refused naming the field", err)
	}
	// The risk inputs come from the facts, made by the same projection
	// that Check reads the visit with.
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), `unknown field "mood"`) {
		t.Fatalf("Check of a visit with an unknown field: %v, want it refused naming the field", err)
	}
	strictJSON = false // as in the app
	d, err := s.LoadAccount(a.ID)
	strictJSON = true
	if err != nil || len(d.Visits) != 1 || d.Visits[0].Summary != "met" {
		t.Fatalf("the app cannot read the account: %v", err)
	}

	addField(childKey(a.ID, kindContact, c.ID), "nickname")
	addField(accountKey(a.ID), "colour")
	for name, read := range map[string]func() error{
		"LoadAccount": func() error { _, err := s.LoadAccount(a.ID); return err },
		"RiskInputFor": func() error {
			_, err := s.RiskInputFor(a.ID)
			return err
		},
		"Account": func() error { _, err := s.Account(a.ID); return err },
	} {
		if err := read(); err == nil || !strings.Contains(err.Error(), "unknown field") {
			t.Errorf("%s: %v, want the unknown field refused", name, err)
		}
	}
}

// The hand-written visit decoder and the projections name every field of
// what they read, so that only a field the domain type does not have is
// unknown: a field added to accounts.Visit or accounts.Contact must be added
// to them (read, or listed as skipped).
func TestProjectionsNameEveryField(t *testing.T) {
	for _, tc := range []struct {
		domain, projection any
	}{
		{accounts.Visit{}, riskVisit{}},
		{accounts.Contact{}, riskContact{}},
		{accounts.NextStep{}, reflect.Zero(reflect.TypeOf(riskVisit{}.NextSteps).Elem()).Interface()},
	} {
		want, got := jsonFields(reflect.TypeOf(tc.domain)), jsonFields(reflect.TypeOf(tc.projection))
		if !slices.Equal(want, got) {
			t.Errorf("%T names %v, %T has %v", tc.projection, got, tc.domain, want)
		}
	}
	// The hand-written decoder reads a visit with every field set without
	// falling back to encoding/json.
	v := accounts.Visit{Meta: accounts.Meta{ID: "v", Version: 2, CreatedAt: time.Now(), UpdatedAt: time.Now()}, AccountID: "a",
		At: time.Now(), Kind: "meeting", ContactIDs: []accounts.ID{"c"}, OurPeople: []string{"me"}, Objective: "o",
		Situation: "s", Problem: "p", Implication: "i", NeedPayoff: "n", Summary: "s", Outcome: "won",
		NextSteps: []accounts.NextStep{{ID: "n", Text: "t", Owner: "o", Due: accounts.NewDate(2026, 1, 2), Done: true, DoneOn: accounts.NewDate(2026, 1, 3)}},
		Gifts:     []accounts.Gift{{Item: "tea", Value: accounts.Money{Minor: 100, Currency: "CNY"}}}}
	raw, _ := json.Marshal(v)
	if names := jsonFields(reflect.TypeOf(v)); strings.Count(string(raw), `":`) < len(names) {
		t.Fatalf("the sample visit leaves a field empty: %s", raw)
	}
	r := jsonReader{b: raw, s: string(raw)}
	var got accounts.Visit
	if !r.riskVisit(&got) || !r.end() {
		t.Fatalf("the hand-written decoder does not know every field of a visit: %s", raw)
	}
}

// jsonFields lists the JSON names of a struct's fields, embedded structs
// flattened, sorted.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}
