package documents

import (
	"bytes"
	"strings"
	"testing"

	"keycard/accounts"
)

// TestPlanShowsGroup: the plan of a subsidiary that heads subsidiaries of
// its own names its parents on the cover and in the group section, lists
// its subsidiaries and their revenue, in both languages.
func TestPlanShowsGroup(t *testing.T) {
	f := &accounts.AccountData{Account: accounts.Account{Meta: accounts.Meta{ID: "x"}, Name: "华润医药", Owner: "Li Wei",
		Tier: accounts.TierKey, Stage: accounts.StageGrowth}}
	g := &accounts.GroupInfo{Path: []string{"华润集团"},
		Members: []accounts.GroupMember{{Name: "华润三九", Owner: "Wang Fang", Depth: 1, Revenue: accounts.Amount(784, "CNY")},
			{Name: "三九工厂", Depth: 2}},
		Revenue: []accounts.Money{accounts.Amount(1107, "CNY"), accounts.Amount(5, "USD")}}
	for _, lang := range []string{"en", "zh"} {
		drawn := map[string]bool{}
		var buf bytes.Buffer
		if err := accountPlan(&buf, f, Options{Lang: lang, Now: testNow, Group: g}, func(s string) { drawn[s] = true }); err != nil {
			t.Fatal(err)
		}
		all := ""
		for s := range drawn {
			all += s + "\n"
		}
		for _, want := range []string{"华润集团", "华润三九", "› 三九工厂", "CNY 784", "CNY 1,107 + USD 5", w("group", lang)} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: the plan does not show %q", lang, want)
			}
		}
	}
	var buf bytes.Buffer
	drawn := map[string]bool{}
	if err := accountPlan(&buf, f, Options{Lang: "en", Now: testNow}, func(s string) { drawn[s] = true }); err != nil {
		t.Fatal(err)
	}
	if drawn[w("group", "en")] {
		t.Error("a plan without a group shows a group section")
	}
}
