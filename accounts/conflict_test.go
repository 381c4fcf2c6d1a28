package accounts

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The records of these tests are real Keycard records, marshalled as
// storage stores them, edited as two laptops would.

var (
	t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Hour)
	t2 = t0.Add(2 * time.Hour)
)

func testContact() Contact {
	return Contact{
		Meta:      Meta{ID: "c-1", Version: 3, CreatedAt: t0, UpdatedAt: t0},
		AccountID: "a-1", Name: "王芳", Title: "采购总监", Department: "采购部",
		Phone: "+86 138 0000 0001", Email: "wang.fang@example.cn", Influence: 4,
		Role: RoleEconomic, Attitude: AttitudeSupporter, Birthday: NewDate(1980, 5, 17),
	}
}

func testVisit() Visit {
	return Visit{
		Meta:      Meta{ID: "v-1", Version: 2, CreatedAt: t0, UpdatedAt: t0},
		AccountID: "a-1", At: t0, Kind: KindOnSite, Objective: "续约谈判",
		NextSteps: []NextStep{
			{ID: "n-1", Text: "发送报价", Owner: "李雷", Due: NewDate(2026, 11, 9)},
			{ID: "n-2", Text: "安排工厂参观", Due: NewDate(2026, 11, 20)},
		},
		Gifts: []Gift{{Item: "茶叶", Value: Amount(300, "CNY")}},
	}
}

func testAccount() Account {
	return Account{
		Meta: Meta{ID: "a-1", Version: 7, CreatedAt: t0, UpdatedAt: t0},
		Name: "华东精密机械", Owner: "王芳", Team: []string{"李雷", "韩梅梅"},
		Tier: TierKey, Stage: StageGrowth, Currency: "CNY",
		Revenue:     []RevenueEntry{{Period: "2025", Amount: Amount(1200000, "CNY")}},
		Potential:   Amount(5000000, "CNY"),
		Competitors: []Competitor{{Name: "博世", Share: 0.4, Position: "incumbent"}},
	}
}

func raw(t testing.TB, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func edit[T any](v T, f func(*T)) T {
	f(&v)
	return v
}

// stepsEdit copies the next steps before f edits them, so that cases do not
// share a backing array.
func stepsEdit(f func(v *Visit)) func(*Visit) {
	return func(v *Visit) {
		v.NextSteps = slices.Clone(v.NextSteps)
		f(v)
	}
}

type mergeCase struct {
	name               string
	base, mine, theirs any // a nil base: created on both laptops
	want               any
	conflicts          []FieldConflict
}

func mergeCases() []mergeCase {
	c, v, a := testContact(), testVisit(), testAccount()
	n3 := NextStep{ID: "n-3", Text: "寄样品", Due: NewDate(2026, 12, 1)}
	n4 := NextStep{ID: "n-4", Text: "约技术交流", Due: NewDate(2026, 12, 3)}
	return []mergeCase{
		{name: "contact: each side a different field",
			base: c, mine: edit(c, func(x *Contact) { x.Phone = "+86 139 1111 2222" }),
			theirs: edit(c, func(x *Contact) { x.Title = "供应链副总裁" }),
			want:   edit(c, func(x *Contact) { x.Phone, x.Title = "+86 139 1111 2222", "供应链副总裁" })},
		{name: "contact: only mine changed",
			base: c, mine: edit(c, func(x *Contact) { x.Attitude = AttitudeChampion }), theirs: c,
			want: edit(c, func(x *Contact) { x.Attitude = AttitudeChampion })},
		{name: "contact: both the same change",
			base: c, mine: edit(c, func(x *Contact) { x.Phone = "+86 139 0" }), theirs: edit(c, func(x *Contact) { x.Phone = "+86 139 0" }),
			want: edit(c, func(x *Contact) { x.Phone = "+86 139 0" })},
		{name: "contact: both changed the phone differently",
			base: c, mine: edit(c, func(x *Contact) { x.Phone = "+86 139 MINE" }), theirs: edit(c, func(x *Contact) { x.Phone = "+86 139 THEIRS" }),
			want:      edit(c, func(x *Contact) { x.Phone = "+86 139 THEIRS" }),
			conflicts: []FieldConflict{{Path: "phone", Mine: json.RawMessage(`"+86 139 MINE"`), Theirs: json.RawMessage(`"+86 139 THEIRS"`)}}},
		{name: "contact: mine cleared a field theirs left",
			base: c, mine: edit(c, func(x *Contact) { x.Email = "" }), theirs: c,
			want: edit(c, func(x *Contact) { x.Email = "" })},
		{name: "contact: mine cleared a field theirs changed",
			base: c, mine: edit(c, func(x *Contact) { x.Email = "" }), theirs: edit(c, func(x *Contact) { x.Email = "wf@example.cn" }),
			want:      edit(c, func(x *Contact) { x.Email = "wf@example.cn" }),
			conflicts: []FieldConflict{{Path: "email", Mine: nil, Theirs: json.RawMessage(`"wf@example.cn"`)}}},
		{name: "contact: version is theirs, updated_at the later (mine)",
			base: c, mine: edit(c, func(x *Contact) { x.Version, x.UpdatedAt, x.Title = 5, t2, "总监" }),
			theirs: edit(c, func(x *Contact) { x.Version, x.UpdatedAt, x.Phone = 4, t1, "1" }),
			want:   edit(c, func(x *Contact) { x.Version, x.UpdatedAt, x.Title, x.Phone = 4, t2, "总监", "1" })},
		{name: "contact: updated_at the later (theirs)",
			base: c, mine: edit(c, func(x *Contact) { x.Version, x.UpdatedAt = 4, t1 }),
			theirs: edit(c, func(x *Contact) { x.Version, x.UpdatedAt = 9, t2 }),
			want:   edit(c, func(x *Contact) { x.Version, x.UpdatedAt = 9, t2 })},
		{name: "contact: created on both laptops",
			base: nil, mine: edit(c, func(x *Contact) { x.Phone = "1" }), theirs: edit(c, func(x *Contact) { x.Phone = "2"; x.UpdatedAt = t1 }),
			want:      edit(c, func(x *Contact) { x.Phone = "2"; x.UpdatedAt = t1 }),
			conflicts: []FieldConflict{{Path: "phone", Mine: json.RawMessage(`"1"`), Theirs: json.RawMessage(`"2"`)}}},
		{name: "visit: next steps added on both laptops are both kept",
			base: v, mine: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = append(x.NextSteps, n3) })),
			theirs: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = append(x.NextSteps, n4) })),
			want:   edit(v, stepsEdit(func(x *Visit) { x.NextSteps = append(x.NextSteps, n4, n3) }))},
		{name: "visit: a step removed by mine, unchanged by theirs, is removed",
			base: v, mine: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = x.NextSteps[1:] })),
			theirs: edit(v, func(x *Visit) { x.Summary = "谈得很好" }),
			want:   edit(v, stepsEdit(func(x *Visit) { x.NextSteps = x.NextSteps[1:]; x.Summary = "谈得很好" }))},
		{name: "visit: a step removed by mine, changed by theirs, is kept as changed",
			base: v, mine: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = x.NextSteps[1:] })),
			theirs: edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Due = NewDate(2026, 11, 10) })),
			want:   edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Due = NewDate(2026, 11, 10) }))},
		{name: "visit: a step removed by theirs, changed by mine, is kept as changed",
			base: v, mine: edit(v, stepsEdit(func(x *Visit) { x.NextSteps[1].Text = "安排工厂参观（含午餐）" })),
			theirs: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = x.NextSteps[:1] })),
			want:   edit(v, stepsEdit(func(x *Visit) { x.NextSteps[1].Text = "安排工厂参观（含午餐）" }))},
		{name: "visit: a step removed on both",
			base: v, mine: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = x.NextSteps[1:]; x.Summary = "a" })),
			theirs: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = x.NextSteps[1:]; x.Outcome = "positive" })),
			want:   edit(v, stepsEdit(func(x *Visit) { x.NextSteps = x.NextSteps[1:]; x.Summary = "a"; x.Outcome = "positive" }))},
		{name: "visit: different fields of one step",
			base: v, mine: edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Text = "发送正式报价" })),
			theirs: edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Done, x.NextSteps[0].DoneOn = true, NewDate(2026, 11, 8) })),
			want: edit(v, stepsEdit(func(x *Visit) {
				x.NextSteps[0].Text, x.NextSteps[0].Done, x.NextSteps[0].DoneOn = "发送正式报价", true, NewDate(2026, 11, 8)
			}))},
		{name: "visit: one step's due date changed on both",
			base: v, mine: edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Due = NewDate(2026, 11, 11) })),
			theirs: edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Due = NewDate(2026, 11, 12) })),
			want:   edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Due = NewDate(2026, 11, 12) })),
			conflicts: []FieldConflict{{Path: "next_steps[n-1].due",
				Mine: json.RawMessage(`"2026-11-11"`), Theirs: json.RawMessage(`"2026-11-12"`)}}},
		{name: "visit: mine removed every step, theirs added one",
			base: v, mine: edit(v, func(x *Visit) { x.NextSteps = nil }),
			theirs: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = append(x.NextSteps, n3) })),
			want:   edit(v, func(x *Visit) { x.NextSteps = []NextStep{n3} })},
		{name: "visit: every step gone on one side, one on the other",
			base: v, mine: edit(v, func(x *Visit) { x.NextSteps = nil }),
			theirs: edit(v, stepsEdit(func(x *Visit) { x.NextSteps = x.NextSteps[1:] })),
			want:   edit(v, func(x *Visit) { x.NextSteps = nil })},
		{name: "visit: steps added to a visit without any",
			base: edit(v, func(x *Visit) { x.NextSteps = nil }), mine: edit(v, func(x *Visit) { x.NextSteps = []NextStep{n3} }),
			theirs: edit(v, func(x *Visit) { x.NextSteps = []NextStep{n4} }),
			want:   edit(v, func(x *Visit) { x.NextSteps = []NextStep{n4, n3} })},
		{name: "visit: gifts (no ids) are one value",
			base: v, mine: edit(v, func(x *Visit) { x.Gifts = append(slices.Clone(x.Gifts), Gift{Item: "月饼"}) }),
			theirs: edit(v, func(x *Visit) { x.Gifts = nil }),
			want:   edit(v, func(x *Visit) { x.Gifts = nil }),
			conflicts: []FieldConflict{{Path: "gifts",
				Mine: raw(&testing.T{}, append(slices.Clone(v.Gifts), Gift{Item: "月饼"})), Theirs: nil}}},
		{name: "account: the team changed on both is one value",
			base: a, mine: edit(a, func(x *Account) { x.Team = []string{"李雷", "韩梅梅", "张伟"} }),
			theirs: edit(a, func(x *Account) { x.Team = []string{"李雷"} }),
			want:   edit(a, func(x *Account) { x.Team = []string{"李雷"} }),
			conflicts: []FieldConflict{{Path: "team",
				Mine: json.RawMessage(`["李雷","韩梅梅","张伟"]`), Theirs: json.RawMessage(`["李雷"]`)}}},
		{name: "account: competitors (no ids) changed on both",
			base: a, mine: edit(a, func(x *Account) { x.Competitors = []Competitor{{Name: "博世", Share: 0.3}} }),
			theirs: edit(a, func(x *Account) { x.Competitors = []Competitor{{Name: "博世", Share: 0.4}, {Name: "西门子"}} }),
			want:   edit(a, func(x *Account) { x.Competitors = []Competitor{{Name: "博世", Share: 0.4}, {Name: "西门子"}} }),
			conflicts: []FieldConflict{{Path: "competitors",
				Mine:   json.RawMessage(`[{"name":"博世","share":0.3}]`),
				Theirs: json.RawMessage(`[{"name":"博世","share":0.4},{"name":"西门子"}]`)}}},
		{name: "account: revenue and the stage on different sides",
			base: a, mine: edit(a, func(x *Account) {
				x.Revenue = append(slices.Clone(x.Revenue), RevenueEntry{Period: "2026", Amount: Amount(1500000, "CNY")})
			}),
			theirs: edit(a, func(x *Account) { x.Stage = StageMature }),
			want: edit(a, func(x *Account) {
				x.Revenue = append(slices.Clone(x.Revenue), RevenueEntry{Period: "2026", Amount: Amount(1500000, "CNY")})
				x.Stage = StageMature
			})},
		{name: "account: two fields of one nested object",
			base: a, mine: edit(a, func(x *Account) { x.Potential.Minor = 1 }),
			theirs: edit(a, func(x *Account) { x.Potential.Currency = "USD" }),
			want:   edit(a, func(x *Account) { x.Potential = Money{Minor: 1, Currency: "USD"} })},
		{name: "account: one nested field on both",
			base: a, mine: edit(a, func(x *Account) { x.Potential.Minor = 1 }),
			theirs:    edit(a, func(x *Account) { x.Potential.Minor = 2 }),
			want:      edit(a, func(x *Account) { x.Potential.Minor = 2 }),
			conflicts: []FieldConflict{{Path: "potential.minor", Mine: json.RawMessage(`1`), Theirs: json.RawMessage(`2`)}}},
	}
}

func TestMergeRecordKeycardRecords(t *testing.T) {
	for _, tc := range mergeCases() {
		t.Run(tc.name, func(t *testing.T) {
			var base json.RawMessage
			if tc.base != nil {
				base = raw(t, tc.base)
			}
			mine, theirs := raw(t, tc.mine), raw(t, tc.theirs)
			merged, conflicts, err := MergeRecord(base, mine, theirs)
			if err != nil {
				t.Fatal(err)
			}
			if want := raw(t, tc.want); !EqualJSON(merged, want) {
				t.Errorf("merged\n %s\nwant\n %s", merged, want)
			}
			if !sameConflicts(conflicts, tc.conflicts) {
				t.Errorf("conflicts %s, want %s", conflictsString(conflicts), conflictsString(tc.conflicts))
			}
			again, _, _ := MergeRecord(base, mine, theirs)
			if string(again) != string(merged) {
				t.Errorf("two merges gave different bytes:\n%s\n%s", merged, again)
			}
			checkKeepMine(t, merged, mine, conflicts)
		})
	}
}

// The records the merge decodes come back as the accounts types.
func TestMergeRecordDecodesAsKeycardTypes(t *testing.T) {
	v := testVisit()
	mine := edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Due = NewDate(2026, 11, 11) }))
	theirs := edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Due = NewDate(2026, 11, 12); x.Summary = "好" }))
	merged, conflicts, err := MergeRecord(raw(t, v), raw(t, mine), raw(t, theirs))
	if err != nil {
		t.Fatal(err)
	}
	kept, err := SetField(merged, conflicts[0].Path, conflicts[0].Mine)
	if err != nil {
		t.Fatal(err)
	}
	var got Visit
	if err := json.Unmarshal(kept, &got); err != nil {
		t.Fatal(err)
	}
	if got.NextSteps[0].Due != NewDate(2026, 11, 11) || got.Summary != "好" || len(got.NextSteps) != 2 {
		t.Errorf("keeping mine gave %+v", got)
	}
	if err := got.Validate(); err != nil {
		t.Error(err)
	}
}

func TestMergeRecordRawJSON(t *testing.T) {
	for _, tc := range []struct {
		name, base, mine, theirs, want string
		paths                          []string
	}{
		{"numbers are kept exactly", `{"a":12345678901234567890,"b":1.50,"c":1}`, `{"a":12345678901234567890,"b":1.50,"c":2}`,
			`{"a":12345678901234567890,"b":1.50e0,"c":1}`, `{"a":12345678901234567890,"b":1.50e0,"c":2}`, nil},
		{"a null is not an absent field", `{"a":1}`, `{"a":null}`, `{"a":1,"b":2}`, `{"a":null,"b":2}`, nil},
		{"a base of null is an empty object", `null`, `{"a":1,"b":1}`, `{"a":1,"b":2}`, `{"a":1,"b":2}`, []string{"b"}},
		{"an id array emptied on both sides stays []", `{"s":[{"id":"1"},{"id":"2"}]}`, `{"s":[{"id":"2"}]}`, `{"s":[{"id":"1"}]}`, `{"s":[]}`, nil},
		{"an id array emptied, theirs null", `{"s":[{"id":"1"},{"id":"2"}]}`, `{"s":[{"id":"2"}]}`, `{"s":null}`, `{"s":null}`, nil},
		{"duplicate ids make one value", `{"s":[{"id":"1"}]}`, `{"s":[{"id":"1"},{"id":"1"}]}`, `{"s":[{"id":"2"}]}`, `{"s":[{"id":"2"}]}`, []string{"s"}},
		{"a number id makes one value", `{"s":[{"id":1}]}`, `{"s":[{"id":1,"x":1}]}`, `{"s":[{"id":1,"x":2}]}`, `{"s":[{"id":1,"x":2}]}`, []string{"s"}},
		{"an id a path cannot hold makes one value", `{"s":[]}`, `{"s":[{"id":"a]"}]}`, `{"s":[{"id":"b"}]}`, `{"s":[{"id":"b"}]}`, []string{"s"}},
		{"an array of scalars is one value", `{"s":[1,2]}`, `{"s":[1,2,3]}`, `{"s":[0,1,2]}`, `{"s":[0,1,2]}`, []string{"s"}},
		{"an object against a scalar", `{"o":{"a":1}}`, `{"o":{"a":2}}`, `{"o":"x"}`, `{"o":"x"}`, []string{"o"}},
		{"nested objects deeper", `{"o":{"p":{"q":1,"r":1}}}`, `{"o":{"p":{"q":2,"r":1}}}`, `{"o":{"p":{"q":3,"r":2}}}`,
			`{"o":{"p":{"q":3,"r":2}}}`, []string{"o.p.q"}},
		{"a key with a dot is quoted in the path", `{"o":{"a.b":1}}`, `{"o":{"a.b":2}}`, `{"o":{"a.b":3}}`, `{"o":{"a.b":3}}`, []string{`o["a.b"]`}},
		{"an empty key", `{"":1}`, `{"":2}`, `{"":3}`, `{"":3}`, []string{`[""]`}},
		{"version and updated_at inside elements", `{"s":[{"id":"x","version":1,"updated_at":"2026-01-01T00:00:00Z"}]}`,
			`{"s":[{"id":"x","version":2,"updated_at":"2026-01-03T00:00:00Z"}]}`, `{"s":[{"id":"x","version":3,"updated_at":"2026-01-02T00:00:00+08:00"}]}`,
			`{"s":[{"id":"x","version":3,"updated_at":"2026-01-03T00:00:00Z"}]}`, nil},
		{"created_at of a record both made: the earlier", "", `{"created_at":"2026-01-05T00:00:00Z","name":"a"}`, `{"created_at":"2026-01-03T00:00:00Z","name":"a"}`, `{"created_at":"2026-01-03T00:00:00Z","name":"a"}`, nil},
		{"created_at of a record both made: mine earlier", "", `{"created_at":"2026-01-02T00:00:00Z"}`, `{"created_at":"2026-01-03T00:00:00Z"}`, `{"created_at":"2026-01-02T00:00:00Z"}`, nil},
		{"updated_at as a date (layouts)", `{"updated_at":"2026-01-01"}`, `{"updated_at":"2026-01-05"}`, `{"updated_at":"2026-01-04"}`, `{"updated_at":"2026-01-05"}`, nil},
		{"updated_at removed by one side", `{"updated_at":"2026-01-01"}`, `{}`, `{"updated_at":"2026-01-04"}`, `{"updated_at":"2026-01-04"}`, nil},
		{"updated_at that is no time: theirs", `{"updated_at":1}`, `{"updated_at":2}`, `{"updated_at":"x"}`, `{"updated_at":"x"}`, nil},
		{"version removed by theirs", `{"version":1}`, `{"version":2}`, `{}`, `{"version":2}`, nil},
		{"both added the same element", `{}`, `{"s":[{"id":"x","a":1,"b":1}]}`, `{"s":[{"id":"x","a":1,"b":2}]}`, `{"s":[{"id":"x","a":1,"b":2}]}`, []string{"s[x].b"}},
		{"html characters are not escaped", `{"a":"<"}`, `{"a":"<&>"}`, `{"a":"<"}`, `{"a":"<&>"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			merged, conflicts, err := MergeRecord(json.RawMessage(tc.base), json.RawMessage(tc.mine), json.RawMessage(tc.theirs))
			if err != nil {
				t.Fatal(err)
			}
			if !EqualJSON(merged, json.RawMessage(tc.want)) {
				t.Errorf("merged %s, want %s", merged, tc.want)
			}
			var paths []string
			for _, c := range conflicts {
				paths = append(paths, c.Path)
			}
			if !slices.Equal(paths, tc.paths) {
				t.Errorf("conflicts at %q, want %q", paths, tc.paths)
			}
			checkKeepMine(t, merged, json.RawMessage(tc.mine), conflicts)
		})
	}
	merged, _, _ := MergeRecord(nil, json.RawMessage(`{"a":"<&>"}`), json.RawMessage(`{"a":"<&>"}`))
	if string(merged) != `{"a":"<&>"}` {
		t.Errorf("written %s", merged)
	}
	merged, _, _ = MergeRecord(nil, json.RawMessage(`{"b":1.50,"a":12345678901234567890}`), json.RawMessage(`{"a":12345678901234567890, "b":1.50}`))
	if string(merged) != `{"a":12345678901234567890,"b":1.50}` {
		t.Errorf("written %s", merged)
	}
}

func TestMergeRecordRefusesWhatIsNoRecord(t *testing.T) {
	ok := `{"a":1}`
	deep := strings.Repeat(`{"a":`, MaxRecordDepth) + "1" + strings.Repeat("}", MaxRecordDepth)
	tooDeep := `{"a":` + deep + "}"
	for _, tc := range []struct {
		name, base, mine, theirs, key string
	}{
		{"base an array", `[1]`, ok, ok, "error.merge.not_object"},
		{"mine null", ok, `null`, ok, "error.merge.not_object"},
		{"mine empty", ok, ``, ok, "error.merge.not_object"},
		{"theirs not JSON", ok, ok, `{"a":`, "error.merge.not_object"},
		{"theirs a string", ok, ok, `"a"`, "error.merge.not_object"},
		{"two values", ok, ok, `{"a":1}{"a":2}`, "error.merge.not_object"},
		{"nested too deeply", ok, tooDeep, ok, "error.merge.too_deep"},
		{"base nested too deeply", "[" + tooDeep + "]", ok, ok, "error.merge.too_deep"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			merged, _, err := MergeRecord(json.RawMessage(tc.base), json.RawMessage(tc.mine), json.RawMessage(tc.theirs))
			var e *Error
			if !errors.As(err, &e) || e.Code != EFORMAT || e.Msg.Key != tc.key || merged != nil {
				t.Errorf("got %s, %v; want %s %s", merged, err, EFORMAT, tc.key)
			}
		})
	}
	if _, _, err := MergeRecord(nil, json.RawMessage(deep), json.RawMessage(deep)); err != nil {
		t.Errorf("%d levels refused: %v", MaxRecordDepth, err)
	}
}

func TestSetField(t *testing.T) {
	rec := json.RawMessage(`{"a":1,"o":{"p":{"q":1}},"s":[{"id":"x","due":"2026-01-01","t":{"u":1}},{"id":"y"}],"k":{"a.b":1}}`)
	for _, tc := range []struct {
		path, value, want string
	}{
		{"a", `2`, `{"a":2}`},
		{"new", `"x"`, `{"new":"x"}`},
		{"a", ``, `{"a":null}`}, // removed: compared below as absent
		{"o.p.q", `[1]`, `{"o":{"p":{"q":[1]}}}`},
		{"o.p.r", `true`, `{"o":{"p":{"q":1,"r":true}}}`},
		{"s[x].due", `"2026-02-02"`, `{"s":[{"id":"x","due":"2026-02-02","t":{"u":1}},{"id":"y"}]}`},
		{"s[x].t.u", `2`, `{"s":[{"id":"x","due":"2026-01-01","t":{"u":2}},{"id":"y"}]}`},
		{"s[y]", `{"id":"y","n":1}`, `{"s":[{"id":"x","due":"2026-01-01","t":{"u":1}},{"id":"y","n":1}]}`},
		{"s[z]", `{"id":"z"}`, `{"s":[{"id":"x","due":"2026-01-01","t":{"u":1}},{"id":"y"},{"id":"z"}]}`},
		{"s[x]", ``, `{"s":[{"id":"y"}]}`},
		{"s[z]", ``, `{"s":[{"id":"x","due":"2026-01-01","t":{"u":1}},{"id":"y"}]}`},
		{`k["a.b"]`, `2`, `{"k":{"a.b":2}}`},
		{`["a"]`, `3`, `{"a":3}`},
	} {
		got, err := SetField(rec, tc.path, json.RawMessage(tc.value))
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		var g, w map[string]any
		json.Unmarshal(got, &g)
		json.Unmarshal([]byte(tc.want), &w)
		for k, v := range w {
			if tc.value == "" && tc.path == k {
				if _, there := g[k]; there {
					t.Errorf("%s: not removed: %s", tc.path, got)
				}
				continue
			}
			if !reflect.DeepEqual(g[k], v) {
				t.Errorf("%s = %s: got %s", tc.path, tc.value, got)
			}
		}
	}
	for _, tc := range []struct {
		path, value, code, key string
	}{
		{"", `1`, EINVALID, "error.merge.bad_path"},
		{"a.", `1`, EINVALID, "error.merge.bad_path"},
		{".a", `1`, EINVALID, "error.merge.bad_path"},
		{"a[]", `1`, EINVALID, "error.merge.bad_path"},
		{"s[x]y", `1`, EINVALID, "error.merge.bad_path"},
		{`k["a.b"`, `1`, EINVALID, "error.merge.bad_path"},
		{`k["a.b]`, `1`, EINVALID, "error.merge.bad_path"},
		{"a]", `1`, EINVALID, "error.merge.bad_path"},
		{"nothing.here", `1`, ENOTFOUND, "error.merge.no_field"},
		{"a.b", `1`, ENOTFOUND, "error.merge.no_field"},
		{"s[z].due", `1`, ENOTFOUND, "error.merge.no_field"},
		{"s.due", `1`, ENOTFOUND, "error.merge.no_field"},
		{"o[x]", `1`, ENOTFOUND, "error.merge.no_field"},
		{"[x]", `1`, ENOTFOUND, "error.merge.no_field"},
		{"a", `{`, EFORMAT, "error.merge.bad_value"},
		{"a", `1 2`, EFORMAT, "error.merge.bad_value"},
	} {
		_, err := SetField(rec, tc.path, json.RawMessage(tc.value))
		var e *Error
		if !errors.As(err, &e) || e.Code != tc.code || e.Msg.Key != tc.key {
			t.Errorf("SetField(%q, %s): %v, want %s %s", tc.path, tc.value, err, tc.code, tc.key)
		}
	}
	if _, err := SetField(json.RawMessage(`[]`), "a", json.RawMessage(`1`)); ErrorCode(err) != EFORMAT {
		t.Errorf("an array as the record: %v", err)
	}
}

// checkKeepMine applies "keep mine" for every conflict and checks that the
// record then holds mine at those paths, and that merged held theirs.
func checkKeepMine(t testing.TB, merged, mine json.RawMessage, conflicts []FieldConflict) {
	t.Helper()
	kept := merged
	for _, c := range conflicts {
		var err error
		if kept, err = SetField(kept, c.Path, c.Mine); err != nil {
			t.Fatalf("keep mine at %s: %v", c.Path, err)
		}
	}
	for _, c := range conflicts {
		got, want := valueAt(t, kept, c.Path), valueAt(t, mine, c.Path)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("after keeping mine, %s is %v; mine has %v", c.Path, got, want)
		}
		if th := valueAt(t, merged, c.Path); !reflect.DeepEqual(th, decodedOrMissing(c.Theirs)) {
			t.Errorf("merged holds %v at %s, the conflict says theirs is %s", th, c.Path, c.Theirs)
		}
		if reflect.DeepEqual(decodedOrMissing(c.Mine), decodedOrMissing(c.Theirs)) {
			t.Errorf("a conflict at %s between equal values %s", c.Path, c.Mine)
		}
	}
}

func decodedOrMissing(r json.RawMessage) any {
	if len(r) == 0 {
		return missing{}
	}
	v, _ := decodeValue(r)
	return v
}

// valueAt reads the value at a conflict's path; missing{} when there is none.
func valueAt(t testing.TB, rec json.RawMessage, path string) any {
	t.Helper()
	segs, ok := parsePath(path)
	if !ok {
		t.Fatalf("conflict path %q does not parse", path)
	}
	v, err := decodeValue(rec)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range segs {
		if s.isID {
			a, _ := v.([]any)
			v = missing{}
			for _, el := range a {
				if o, ok := el.(map[string]any); ok && o["id"] == s.name {
					v = o
				}
			}
			continue
		}
		o, ok := v.(map[string]any)
		if !ok {
			return missing{}
		}
		v = field(o, s.name)
	}
	return v
}

func sameConflicts(a, b []FieldConflict) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path || !reflect.DeepEqual(decodedOrMissing(a[i].Mine), decodedOrMissing(b[i].Mine)) ||
			!reflect.DeepEqual(decodedOrMissing(a[i].Theirs), decodedOrMissing(b[i].Theirs)) {
			return false
		}
	}
	return true
}

func conflictsString(cs []FieldConflict) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s: mine %s theirs %s", c.Path, c.Mine, c.Theirs))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// Properties, over random edits of real records.

// mutate makes one random edit somewhere in v: a field set, added or
// removed, an element of an id array added, removed or edited, deeper
// objects edited in turn.
func mutate(r *rand.Rand, v any, depth int) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		switch n := r.IntN(10); {
		case n < 6 && x["next_steps"] != nil: // where two laptops meet most
			x["next_steps"] = mutate(r, x["next_steps"], depth+1)
		case n < 8 && len(keys) > 0 && depth < 6:
			k := keys[r.IntN(len(keys))]
			x[k] = mutate(r, x[k], depth+1)
		case n < 9 && len(keys) > 0:
			delete(x, keys[r.IntN(len(keys))])
		default:
			x[[]string{"phone", "title", "summary", "version", "updated_at", "extra", "due"}[r.IntN(7)]] = scalar(r)
		}
		return x
	case []any:
		switch n := r.IntN(5); {
		case n == 0 && len(x) > 0:
			i := r.IntN(len(x))
			return append(x[:i:i], x[i+1:]...)
		case n < 4 && len(x) > 0:
			i := r.IntN(len(x))
			x[i] = mutate(r, x[i], depth+1)
			return x
		}
		if len(x) > 0 {
			if _, ok := x[0].(map[string]any); ok {
				return append(x, map[string]any{"id": fmt.Sprintf("e%d", r.IntN(6)), "text": scalar(r)})
			}
		}
		return append(x, scalar(r))
	}
	return scalar(r)
}

func scalar(r *rand.Rand) any {
	return []any{"a", "b", json.Number("1"), json.Number("2.50"), true, nil,
		"2026-01-02T03:04:05Z", "2026-01-03T00:00:00+08:00", map[string]any{"minor": json.Number("3")}}[r.IntN(9)]
}

func copyValue(t testing.TB, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	c, err := decodeValue(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func edited(t testing.TB, r *rand.Rand, base json.RawMessage) json.RawMessage {
	v, _ := decodeValue(base)
	for n := r.IntN(4); n >= 0; n-- {
		v = mutate(r, v, 0)
	}
	return raw(t, copyValue(t, v))
}

func TestMergeRecordProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 2026))
	records := []json.RawMessage{raw(t, testContact()), raw(t, testVisit()), raw(t, testAccount())}
	seen := map[bool]int{} // conflicts met, inside an element or not
	defer func() {
		t.Logf("conflicts: %d of fields, %d inside elements", seen[false], seen[true])
		if seen[false] < 100 || seen[true] < 20 {
			t.Errorf("the random edits met too few conflicts to test much: %v", seen)
		}
	}()
	for i := range 3000 {
		b := records[i%len(records)]
		x, y := edited(t, r, b), edited(t, r, b)
		if r.IntN(4) == 0 {
			y = x // the same edit on both
		}
		expectClean := func(what string, merged json.RawMessage, cs []FieldConflict, err error, want json.RawMessage) {
			t.Helper()
			if err != nil || len(cs) > 0 || !EqualJSON(merged, want) {
				t.Fatalf("%s\nbase %s\nx %s\ny %s\nmerged %s, %s, %v", what, b, x, y, merged, conflictsString(cs), err)
			}
		}
		m, cs, err := MergeRecord(b, x, b)
		expectClean("MergeRecord(b, x, b) != x", m, cs, err, x)
		m, cs, err = MergeRecord(b, b, y)
		expectClean("MergeRecord(b, b, y) != y", m, cs, err, y)
		m, cs, err = MergeRecord(b, x, x)
		expectClean("MergeRecord(b, x, x) != x", m, cs, err, x)
		m, cs, err = MergeRecord(b, x, y)
		if err != nil {
			t.Fatal(err)
		}
		checkKeepMine(t, m, x, cs)
		for _, c := range cs {
			seen[strings.Contains(c.Path, "[")]++
		}
		if t.Failed() {
			t.Fatalf("base %s\nmine %s\ntheirs %s\nmerged %s\n%s", b, x, y, m, conflictsString(cs))
		}
	}
}

func FuzzMergeRecord(f *testing.F) {
	c, v, a := testContact(), testVisit(), testAccount()
	for _, tc := range mergeCases() {
		var base []byte
		if tc.base != nil {
			base = raw(f, tc.base)
		}
		f.Add(base, []byte(raw(f, tc.mine)), []byte(raw(f, tc.theirs)))
	}
	f.Add([]byte(raw(f, c)), []byte(raw(f, a)), []byte(raw(f, v)))
	f.Add([]byte(`{"s":[{"id":"1"}]}`), []byte(`{"s":[{"id":"1","a":{"b":1}}]}`), []byte(`{"s":[{"id":"1","a":{"b":2}},{"id":"2"}]}`))
	f.Add([]byte(`{"a.b":{"[x]":1}}`), []byte(`{"a.b":{"[x]":2}}`), []byte(`{"a.b":{"[x]":3}}`))
	f.Fuzz(func(t *testing.T, base, mine, theirs []byte) {
		merged, conflicts, err := MergeRecord(base, mine, theirs)
		if err != nil {
			if ErrorCode(err) != EFORMAT {
				t.Fatalf("error %v is not EFORMAT", err)
			}
			return
		}
		if !json.Valid(merged) || depthOf(merged) > MaxRecordDepth {
			t.Fatalf("merged is no valid record: %s", merged)
		}
		again, _, _ := MergeRecord(base, mine, theirs)
		if string(again) != string(merged) {
			t.Fatalf("not deterministic:\n%s\n%s", merged, again)
		}
		checkKeepMine(t, merged, mine, conflicts)
		if len(base) > 0 && string(base) != "null" {
			m, cs, err := MergeRecord(base, mine, base)
			if err != nil || len(cs) > 0 || !EqualJSON(m, mine) {
				t.Fatalf("MergeRecord(b, x, b) != x: %s %v %v", m, cs, err)
			}
		}
	})
}

// BenchmarkMergeRecord merges a real account edited on two laptops, with one
// conflict, and a visit whose next steps both sides changed.
func BenchmarkMergeRecord(b *testing.B) {
	a := testAccount()
	base := raw(b, a)
	mine := raw(b, edit(a, func(x *Account) { x.Potential.Minor, x.Notes = 1, "续约在即" }))
	theirs := raw(b, edit(a, func(x *Account) { x.Potential.Minor, x.Stage = 2, StageMature }))
	v := testVisit()
	vb := raw(b, v)
	vm := raw(b, edit(v, stepsEdit(func(x *Visit) { x.NextSteps = append(x.NextSteps, NextStep{ID: "n-3", Text: "寄样品"}) })))
	vt := raw(b, edit(v, stepsEdit(func(x *Visit) { x.NextSteps[0].Done = true })))
	for b.Loop() {
		if _, cs, err := MergeRecord(base, mine, theirs); err != nil || len(cs) != 1 {
			b.Fatal(cs, err)
		}
		if _, _, err := MergeRecord(vb, vm, vt); err != nil {
			b.Fatal(err)
		}
	}
}
