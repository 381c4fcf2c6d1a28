package book

import (
	"testing"

	"keycard/accounts"
)

// TestGroupsInDocumentsAndRegionPlan: an account's GroupInfo names its
// parents and subsidiaries across owners and regions, and the regional
// plan names each row's group.
func TestGroupsInDocumentsAndRegionPlan(t *testing.T) {
	b := demoBook(t)
	sums, err := b.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var region string
	var inRegion []Summary
	for _, s := range sums {
		if s.Region != "" && s.Stage != accounts.StageExit && (region == "" || s.Region == region) {
			region = s.Region
			inRegion = append(inRegion, s)
		}
	}
	if len(inRegion) < 2 {
		t.Fatalf("the demo's region %q has %d accounts", region, len(inRegion))
	}
	head, sub := inRegion[0], inRegion[1]
	a, err := b.st().Account(sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.ParentID = head.ID
	if err := b.st().UpdateAccount(a); err != nil {
		t.Fatal(err)
	}
	info, err := b.GroupOf(sub.ID)
	if err != nil || info == nil || len(info.Path) != 1 || info.Path[0] != head.Name {
		t.Fatalf("group of the subsidiary %+v %v", info, err)
	}
	info, _ = b.GroupOf(head.ID)
	if info == nil || len(info.Members) != 1 || info.Members[0].Name != sub.Name || len(info.Revenue) == 0 {
		t.Fatalf("group of the head %+v", info)
	}
	if info, _ := b.GroupOf(inRegion[len(inRegion)-1].ID); len(inRegion) > 2 && info != nil {
		t.Errorf("an account in no group has %+v", info)
	}
	v, err := b.RegionPlan(region, b.Today().Year)
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, r := range v.Rows {
		if r.AccountID == sub.ID || r.AccountID == head.ID {
			if r.Group != head.Name {
				t.Errorf("%s: group %q, want %q", r.Name, r.Group, head.Name)
			}
			named++
		} else if r.Group != "" {
			t.Errorf("%s in group %q", r.Name, r.Group)
		}
	}
	if named != 2 {
		t.Errorf("%d rows of the group in the plan", named)
	}
}
