package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/book"
	"keycard/storage"
)

func sampleSummaries() []storage.Summary {
	d := accounts.NewDate
	return []storage.Summary{
		{ID: "1", Name: "华东精密制造", LegalName: "华东精密制造有限公司", Owner: "Li Wei", Tier: accounts.TierStrategic, Stage: accounts.StageMature,
			Tags: []string{"制造业"}, ContactNames: []string{"张伟", "Wang Fang"}, Revenue: accounts.Money{Minor: 500}, LastVisit: d(2026, 10, 1), NextFollowUp: d(2026, 12, 1)},
		{ID: "2", Name: "Nordlicht Logistics", LegalName: "Nordlicht Logistics GmbH", Owner: "Tom Becker", Tier: accounts.TierKey, Stage: accounts.StageMature,
			Tags: []string{"EU"}, ContactNames: []string{"Jonas Weber"}, Revenue: accounts.Money{Minor: 900}, LastVisit: d(2026, 11, 1)},
		{ID: "3", Name: "alpine precision", Owner: "Tom Becker", Tier: accounts.TierGrowth, Stage: accounts.StageProspect,
			Revenue: accounts.Money{Minor: 100}, NextFollowUp: d(2026, 11, 20)},
	}
}

func names(m *portfolioModel) []string {
	var out []string
	for i := 0; i < m.Len(); i++ {
		r, _ := m.At(i)
		out = append(out, r.Name)
	}
	return out
}

func TestPortfolioModelFilterAndSort(t *testing.T) {
	risk := []accounts.RiskLevel{accounts.RiskHigh, accounts.RiskLow, accounts.RiskLow}
	m := newPortfolioModel(sampleSummaries(), risk)
	for _, tc := range []struct {
		name string
		f    portfolioFilter
		want string
	}{
		{"all by name, case-insensitive", portfolioFilter{}, "[alpine precision Nordlicht Logistics 华东精密制造]"},
		{"chinese name", portfolioFilter{Query: "精密"}, "[华东精密制造]"},
		{"legal name", portfolioFilter{Query: "gmbh"}, "[Nordlicht Logistics]"},
		{"tag", portfolioFilter{Query: "制造业"}, "[华东精密制造]"},
		{"contact name, english, any case", portfolioFilter{Query: "WANG fang"}, "[华东精密制造]"},
		{"contact name, chinese", portfolioFilter{Query: "张伟"}, "[华东精密制造]"},
		{"every word must match", portfolioFilter{Query: "precision nordlicht"}, "[]"},
		{"owner", portfolioFilter{Owner: "Tom Becker"}, "[alpine precision Nordlicht Logistics]"},
		{"tier", portfolioFilter{Tier: accounts.TierKey}, "[Nordlicht Logistics]"},
		{"stage", portfolioFilter{Stage: accounts.StageProspect}, "[alpine precision]"},
		{"risk", portfolioFilter{Risk: accounts.RiskHigh}, "[华东精密制造]"},
		{"follow-up soonest first, none last", portfolioFilter{Sort: sortByFollowUp}, "[alpine precision 华东精密制造 Nordlicht Logistics]"},
		{"last visit oldest first, never first", portfolioFilter{Sort: sortByLastVisit}, "[alpine precision 华东精密制造 Nordlicht Logistics]"},
		{"revenue largest first", portfolioFilter{Sort: sortByRevenue}, "[Nordlicht Logistics 华东精密制造 alpine precision]"},
		{"filter and sort together", portfolioFilter{Owner: "Tom Becker", Sort: sortByRevenue}, "[Nordlicht Logistics alpine precision]"},
	} {
		m.apply(tc.f)
		if got := fmt.Sprint(names(m)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	if got := fmt.Sprint(m.Owners()); got != "[Li Wei Tom Becker]" {
		t.Errorf("owners = %s", got)
	}
	m.apply(portfolioFilter{})
	if i := m.IndexOf("2"); i != 1 {
		t.Errorf("IndexOf(2) = %d, want 1", i)
	}
}

// bigPortfolio makes n summaries shaped like the generated benchmark set.
func bigPortfolio(n int) []storage.Summary {
	owners := []string{"Li Wei", "王芳", "Sarah Chen", "Tom Becker", "刘洋", "Anna Schmidt"}
	zh := []string{"华东", "深圳", "北京", "长江", "南方", "天府", "海湾", "金陵"}
	en := []string{"Nordlicht", "Pacific", "Alpine", "Kestrel", "Meridian", "Sakura", "Rheinwerk", "Blue Ridge"}
	out := make([]storage.Summary, n)
	for i := range out {
		name := fmt.Sprintf("%s精密制造 %d", zh[i%len(zh)], i)
		if i%2 == 1 {
			name = fmt.Sprintf("%s Logistics %d", en[i%len(en)], i)
		}
		contacts := make([]string, 15)
		for j := range contacts {
			contacts[j] = fmt.Sprintf("Contact %d-%d 张%d", i, j, j)
		}
		out[i] = storage.Summary{
			ID: accounts.ID(fmt.Sprint(i)), Name: name, LegalName: name + " Co., Ltd.", Owner: owners[i%len(owners)],
			Tier: accounts.Tiers()[i%4], Stage: accounts.Stages()[i%5], Tags: []string{"制造业", "EU"},
			ContactNames: contacts, Revenue: accounts.Money{Minor: int64(i * 7919 % 100000)},
			LastVisit: accounts.NewDate(2026, 1, 1).AddDays(i % 300), NextFollowUp: accounts.NewDate(2026, 1, 1).AddDays(i % 400),
		}
	}
	return out
}

// Building the list model for 10,000 accounts (done on every reload).
func BenchmarkPortfolioModelBuild10k(b *testing.B) {
	rows := bigPortfolio(10000)
	b.ResetTimer()
	for b.Loop() {
		newPortfolioModel(rows, nil)
	}
}

// One keystroke in the search box over 10,000 accounts; budget 10 ms.
func BenchmarkPortfolioSearchKeystroke10k(b *testing.B) {
	m := newPortfolioModel(bigPortfolio(10000), nil)
	queries := []string{"n", "no", "nor", "nord", "nordl", "张", "华东", "contact 42"}
	// The first apply sorts the rows once for this order; a keystroke
	// after it does not.
	m.apply(portfolioFilter{Query: "", Sort: sortByFollowUp})
	i := 0
	for b.Loop() {
		m.apply(portfolioFilter{Query: queries[i%len(queries)], Sort: sortByFollowUp})
		i++
	}
}

func groupSummaries() []storage.Summary {
	return []storage.Summary{
		{ID: "g", Name: "Acme Corporation", Owner: "Li Wei", Revenue: accounts.Amount(100, "USD")},
		{ID: "a", Name: "Acme Asia", Owner: "Li Wei", ParentID: "g", Revenue: accounts.Amount(50, "USD")},
		{ID: "p", Name: "Acme Shenzhen Plant", Owner: "Tom Becker", ParentID: "a", Revenue: accounts.Amount(700, "CNY")},
		{ID: "e", Name: "Acme Europe", Owner: "Li Wei", ParentID: "g"},
		{ID: "b", Name: "Beta", Owner: "Tom Becker"},
	}
}

// TestPortfolioModelGroups folds subsidiaries under their group's head,
// unfolds level by level, and lists every match flat under a filter.
func TestPortfolioModelGroups(t *testing.T) {
	m := newPortfolioModel(groupSummaries(), nil)
	if got := fmt.Sprint(names(m)); got != "[Acme Corporation Beta]" {
		t.Fatalf("folded %s", got)
	}
	if g, open := m.GroupAt(0); !g || open {
		t.Errorf("Acme Corporation: group %v open %v", g, open)
	}
	subs, rev := m.GroupLine(0)
	if subs != 3 || fmt.Sprint(rev) != "[CNY 700 USD 150]" {
		t.Errorf("group line %d %v", subs, rev)
	}
	m.Toggle("g", portfolioFilter{})
	if got := fmt.Sprint(names(m)); got != "[Acme Corporation Acme Asia Acme Europe Beta]" {
		t.Fatalf("one level open %s", got)
	}
	m.Toggle("a", portfolioFilter{})
	if got := fmt.Sprint(names(m)); got != "[Acme Corporation Acme Asia Acme Shenzhen Plant Acme Europe Beta]" {
		t.Fatalf("two levels open %s", got)
	}
	if m.DepthAt(2) != 2 || m.DepthAt(1) != 1 || m.DepthAt(4) != 0 {
		t.Errorf("depths %d %d %d", m.DepthAt(2), m.DepthAt(1), m.DepthAt(4))
	}
	f := portfolioFilter{Owner: "Tom Becker"}
	m.apply(f)
	if got := fmt.Sprint(names(m)); got != "[Acme Shenzhen Plant Beta]" || m.ParentName(0) != "Acme Asia" || m.DepthAt(0) != 0 {
		t.Fatalf("filtered %s (parent %q)", got, m.ParentName(0))
	}
	m.apply(portfolioFilter{Sort: sortByRevenue})
	if got := fmt.Sprint(names(m)); got != "[Acme Corporation Acme Asia Acme Shenzhen Plant Acme Europe Beta]" {
		t.Errorf("by revenue %s", got)
	}
}

// Typing narrows the rows the search before kept; each step shows what the
// same filter shows applied to all rows, whatever came before it (deleting
// a letter, changing the owner or the order, a risk filter).
func TestPortfolioModelTypingNarrowsAndStaysRight(t *testing.T) {
	risk := []accounts.RiskLevel{accounts.RiskHigh, accounts.RiskLow, accounts.RiskLow}
	m := newPortfolioModel(sampleSummaries(), risk)
	steps := []portfolioFilter{
		{Query: "l"}, {Query: "lo"}, {Query: "log"}, {Query: "lo"}, {Query: "l"},
		{Query: "p"}, {Query: "pr"}, {Query: "pr", Sort: sortByRevenue}, {Query: "pre", Sort: sortByRevenue},
		{Query: "pre", Owner: "Tom Becker"}, {Query: "pre", Owner: "Li Wei"}, {Query: "prec", Owner: "Li Wei"},
		{Query: "n"}, {Query: "n "}, {Query: "n l"}, {Query: "n l", Risk: accounts.RiskLow}, {Query: "n lo", Risk: accounts.RiskLow},
		{Query: "WANG"}, {Query: "wang f"}, {Query: ""}, {Query: "华"}, {Query: "华东"},
	}
	for i, f := range steps {
		m.apply(f)
		fresh := newPortfolioModel(sampleSummaries(), risk)
		fresh.apply(f)
		if got, want := fmt.Sprint(names(m)), fmt.Sprint(names(fresh)); got != want {
			t.Errorf("step %d %+v: got %s, want %s", i, f, got, want)
		}
	}
	// A risk level that changes under a search is seen by the next one.
	m.apply(portfolioFilter{Query: "n", Risk: accounts.RiskLow})
	m.risk[0] = accounts.RiskLow
	m.apply(portfolioFilter{Query: "n ", Risk: accounts.RiskLow})
	if got := fmt.Sprint(names(m)); got != "[alpine precision Nordlicht Logistics 华东精密制造]" {
		t.Errorf("after the risk changed: %s", got)
	}
}

// The list's model takes the store's order as the name order and builds no
// search texts until asked: it must show and search exactly as a model that
// sorts and builds them itself, whatever the names' scripts and cases.
func TestListModelIsTheStoresNameOrder(t *testing.T) {
	s := demoStore(t)
	for i, name := range []string{"alpine precision", "Alpine Precision", "北方重工", "bei fang", "Zeta", "阿里", "ábaco"} {
		a := accounts.Account{Meta: accounts.Meta{ID: accounts.ID(fmt.Sprintf("zz%02d", i))}, Name: name, Owner: "Li Wei",
			Tier: accounts.TierKey, Stage: accounts.StageMature}
		if err := s.CreateAccount(&a); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	list, sorted := newListModel(rows), newPortfolioModel(rows, nil)
	if list.hay != nil {
		t.Fatal("the list model built its search texts before the list showed")
	}
	for _, f := range []portfolioFilter{{}, {Sort: sortByName}, {Sort: sortByRevenue}, {Query: "alpine"}, {Query: "北方"}, {Owner: "Li Wei"}} {
		list.apply(f)
		sorted.apply(f)
		if got, want := fmt.Sprint(names(list)), fmt.Sprint(names(sorted)); got != want {
			t.Errorf("%+v: the list model shows %s, sorting shows %s", f, got, want)
		}
	}
	// Texts built off the UI goroutine are taken only when no search built
	// them first, and only for the same rows.
	fresh := newListModel(rows)
	fresh.setHay(haystacks(rows[:1]))
	if fresh.hay != nil {
		t.Fatal("search texts for other rows were taken")
	}
	fresh.setHay(haystacks(rows))
	fresh.apply(portfolioFilter{Query: "zeta"})
	if got := fmt.Sprint(names(fresh)); got != "[Zeta]" {
		t.Fatalf("search with texts from the background: %s", got)
	}
}

// A search in name order picks rows with one pass over all the search
// texts; it must keep exactly the rows whose own texts hold every word,
// never a match that runs from one row into the next.
func TestSearchFindsWhatEachRowHolds(t *testing.T) {
	contacts := [][]string{{"Li Wei", "王芳"}, {"Zhang Min"}, nil, {"Alpine Ops", "li"}, {"Ab Ba"}}
	var rows []storage.Summary
	for i := range 40 {
		rows = append(rows, storage.Summary{
			ID: accounts.ID(fmt.Sprintf("id%02d", i)), Name: fmt.Sprintf("Acct %02d %s", i, []string{"Alpine", "华东精密", "Beta", "al"}[i%4]),
			LegalName: []string{"", "Alpha GmbH", "北方 Ltd"}[i%3], Tags: [][]string{nil, {"KEY"}, {"pi", "wei"}}[i%3],
			ContactNames: contacts[i%len(contacts)],
		})
	}
	m := newListModel(rows)
	want := func(q string) []string {
		var out []string
	rows:
		for i := range rows {
			text := strings.ToLower(strings.Join(append(append([]string{rows[i].Name, rows[i].LegalName}, rows[i].Tags...), rows[i].ContactNames...), "\n"))
			for _, w := range strings.Fields(strings.ToLower(q)) {
				if !strings.Contains(text, w) {
					continue rows
				}
			}
			out = append(out, rows[i].Name)
		}
		return out
	}
	// Each query after the first of a run narrows the one before, as typing does.
	for _, q := range []string{"a", "al", "alp", "alpi", "华", "华东", "li wei", "li", "LI W", "pi", "ipi", "0", "09 b", "gmbh", "ltd 北方", "key", "yl", "\x00", "a\x00", "zz", "wei王", "alpine ops", "bab", "ab", "b b", "芳王"} {
		m.apply(portfolioFilter{Query: q})
		if got, want := fmt.Sprint(names(m)), fmt.Sprint(want(q)); got != want {
			t.Errorf("search %q shows %s, want %s", q, got, want)
		}
	}
	// In another order, and with a select, the same rows (in that order).
	for i := range rows {
		rows[i].Revenue.Minor = int64((i * 37) % 11)
		rows[i].Owner = []string{"Li Wei", "Wang Fang"}[i%2]
	}
	m = newListModel(rows)
	for _, q := range []string{"a", "al", "alp", "华东", "li wei", "bab", "zz", "a\x00"} {
		for _, f := range []portfolioFilter{{Query: q, Sort: sortByRevenue}, {Query: q, Owner: "Wang Fang"}, {Query: q, Owner: "Li Wei", Sort: sortByLastVisit}} {
			m.apply(f)
			pos := map[int]int{}
			for k, i := range m.order(f.Sort) {
				pos[i] = k
			}
			for k := 1; k < len(m.view); k++ {
				if pos[m.view[k-1]] > pos[m.view[k]] {
					t.Fatalf("%+v: the rows are not in the order asked for", f)
				}
			}
			got := names(m)
			var wantNames []string
			for _, n := range want(q) {
				for _, r := range rows {
					if r.Name == n && (f.Owner == "" || r.Owner == f.Owner) {
						wantNames = append(wantNames, n)
					}
				}
			}
			slices.Sort(got)
			slices.Sort(wantNames)
			if fmt.Sprint(got) != fmt.Sprint(wantNames) {
				t.Errorf("%+v shows %s, want %s", f, got, wantNames)
			}
		}
	}
}

// A change that leaves every account's names alone (a visit) keeps the
// search texts already built; a rename builds them again, and the search
// finds the new name.
func TestSearchTextsOutliveChangesThatLeaveNamesAlone(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	w.wait() // the background texts
	before := w.portfolio.model.hay
	if before == nil {
		t.Fatal("the search texts were not built after the list showed")
	}
	r, _ := w.portfolio.model.At(3)
	v := accounts.Visit{AccountID: r.ID, At: testNow.Add(-time.Hour), Kind: accounts.KindOnSite, Summary: "Quarterly review"}
	if _, err := w.book.LogVisit(book.From("test"), &v); err != nil {
		t.Fatal(err)
	}
	w.wait()
	if got := w.portfolio.model.hay; got != before {
		t.Fatal("a visit made the search texts be built again")
	}

	a, err := s.Account(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Name = "Zyxwv Renamed Works"
	if _, err := w.book.UpdateAccount(book.From("test"), a); err != nil {
		t.Fatal(err)
	}
	w.wait()
	if got := w.portfolio.model.hay; got == before {
		t.Fatal("a rename kept the old search texts")
	}
	test.Type(w.portfolio.search, "zyxwv")
	if n := w.portfolio.model.Len(); n != 1 {
		t.Fatalf("searching the new name shows %d rows, want 1", n)
	}
}

func TestSearchTextsForOtherRows(t *testing.T) {
	rows := []storage.Summary{{ID: "a", Name: "Alpha", Tags: []string{"key"}, ContactNames: []string{"Li Wei"}}, {ID: "b", Name: "Beta"}}
	built := builtTexts{rows: rows, hay: haystacks(rows)}
	change := func(f func(r []storage.Summary) []storage.Summary) []storage.Summary {
		c := slices.Clone(rows)
		return f(c)
	}
	for _, tc := range []struct {
		name string
		rows []storage.Summary
		same bool
	}{
		{"the same rows", change(func(r []storage.Summary) []storage.Summary { return r }), true},
		{"another figure", change(func(r []storage.Summary) []storage.Summary { r[1].OpenFollowUps = 3; return r }), true},
		{"a rename", change(func(r []storage.Summary) []storage.Summary { r[1].Name = "Gamma"; return r }), false},
		{"a legal name", change(func(r []storage.Summary) []storage.Summary { r[1].LegalName = "Beta AG"; return r }), false},
		{"a tag", change(func(r []storage.Summary) []storage.Summary { r[0].Tags = []string{"key", "new"}; return r }), false},
		{"a contact", change(func(r []storage.Summary) []storage.Summary {
			r[0].ContactNames = []string{"Li Wei", "王芳"}
			return r
		}), false},
		{"one row fewer", rows[:1], false},
		{"none", nil, false},
	} {
		if got := built.forRows(tc.rows) == built.hay; got != tc.same {
			t.Errorf("%s: texts kept %v, want %v", tc.name, got, tc.same)
		}
	}
	if (builtTexts{rows: rows}).forRows(rows) != nil {
		t.Error("texts not yet built were handed on")
	}
}
