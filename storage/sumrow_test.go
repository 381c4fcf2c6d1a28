package storage

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// The summary keys sort as the list sorted its rows (collation, then id),
// whatever the names: the sort keys' own zero bytes, a name that is a
// prefix of another, names equal but for case.
func TestSummaryKeysSortAsTheList(t *testing.T) {
	names := []string{"", "a", "A", "ab", "a b", "Ab", "apple", "Apple", "APPLE", "ärger", "arger", "Zeta", "zeta",
		"中国银行", "中国", "中", "阿里巴巴", "北京银行", "招商银行", "1", "10", "2", "Ａｐｐｌｅ", "a\u0301", "á", "-a", "a-"}
	r := rand.New(rand.NewPCG(1, 2))
	var rows []Summary
	for i, n := range r.Perm(300) { // ids are unique, in no order of the names
		rows = append(rows, Summary{ID: accounts.ID(fmt.Sprintf("id%03d", n)), Name: names[i%len(names)]})
	}
	want := slices.Clone(rows)
	sortSummaries(want)
	got := slices.Clone(rows)
	slices.SortStableFunc(got, func(a, b Summary) int {
		return bytes.Compare(summaryKey(a.Name, a.ID), summaryKey(b.Name, b.ID))
	})
	for i := range want {
		if got[i].Name != want[i].Name || got[i].ID != want[i].ID {
			t.Fatalf("row %d: keys sort %q (%s), the list %q (%s)", i, got[i].Name, got[i].ID, want[i].Name, want[i].ID)
		}
	}
	for _, s := range rows {
		if id := idOfSummaryKey(summaryKey(s.Name, s.ID)); id != s.ID {
			t.Fatalf("the id at the end of %q's key is %q, want %q", s.Name, id, s.ID)
		}
	}
}

// What encodeSummary writes, the hand reader reads, to the same summary:
// falling back to the library would be right too, and slower.
func TestSummaryRowsAreReadByHand(t *testing.T) {
	for _, s := range []Summary{
		{ID: "a1", Name: "华东精密", LegalName: "华东精密制造有限公司", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth,
			Industry: "制造业", Region: "华东", Tags: []string{"key", "长期"}, ContactNames: []string{"王芳", "Zhang Min"},
			Revenue: accounts.Money{Minor: 1 << 40, Currency: "CNY"}, RenewalDate: accounts.NewDate(2027, 3, 1), CadenceDays: 30,
			LastVisit: accounts.NewDate(2026, 11, 30), NextFollowUp: accounts.NewDate(2026, 12, 1), OpenFollowUps: 3, Version: 7,
			ParentID: "p", ExternalID: "x-1"},
		{ID: "a2", Tags: []string{}, ContactNames: []string{}, Revenue: accounts.Money{Minor: -5}},
		{},
	} {
		raw, err := encodeSummary(&s)
		if err != nil {
			t.Fatal(err)
		}
		var got Summary
		if r := (cborReader{b: raw, s: string(raw)}); !r.summaryRow(&got, &stringArena{}) || !r.end() {
			t.Fatalf("the hand reader does not take the row of %+v", s)
		}
		want := s
		want.Tags, want.ContactNames = nilIfEmpty(s.Tags), nilIfEmpty(s.ContactNames)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read back %+v, want %+v", got, want)
		}
	}
	// Lists from the arena cannot grow into one another.
	a := stringArena{chunk: 8}
	first, second := a.take(2), a.take(2)
	second[0] = "kept"
	_ = append(first, "more")
	if second[0] != "kept" {
		t.Fatal("an append to one list wrote into the next")
	}
}

// Rows whose keys an older collation made (a newer golang.org/x/text may
// order a name differently) are put under this build's keys when the file
// opens, and the file notes the collation.
func TestSummaryKeysFollowTheCollation(t *testing.T) {
	s, path := newStore(t)
	var ids []accounts.ID
	for _, name := range []string{"Beta", "阿里巴巴", "alpha", "Zeta"} {
		ids = append(ids, mkAccount(t, s, name, "Li Wei").ID)
	}
	want, _ := s.Summaries()
	s.Close()
	// As an older collation might have left them: "Zeta" sorted first.
	rewriteAs(t, path, schemaVersion, func(tx *bolt.Tx) error {
		zeta := ids[3]
		old := summaryAt(tx, zeta)
		row := bytes.Clone(tx.Bucket(bktSummary).Get(old))
		moved := append([]byte{0x01, 0x00, 0x00}, zeta...)
		if err := tx.Bucket(bktSummary).Delete(old); err != nil {
			return err
		}
		if err := tx.Bucket(bktSummary).Put(moved, row); err != nil {
			return err
		}
		if err := tx.Bucket(bktSumKeys).Put([]byte(zeta), moved); err != nil {
			return err
		}
		return tx.Bucket(bktMeta).Put(keyCollation, []byte("unicode 1.0, keys 00000000"))
	})
	s = openMigrated(t, path) // also checks the file
	got, _ := s.Summaries()
	if fmt.Sprint(names(got)) != fmt.Sprint(names(want)) {
		t.Fatalf("after the collation changed the list reads %v, want %v", names(got), names(want))
	}
	s.db.View(func(tx *bolt.Tx) error {
		if v := string(tx.Bucket(bktMeta).Get(keyCollation)); v != collationVersion() {
			t.Errorf("the file notes the collation %q, want %q", v, collationVersion())
		}
		return nil
	})
}

func names(rows []Summary) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}
