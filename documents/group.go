package documents

import (
	"strings"

	"keycard/accounts"
)

// The account plan of a group account (集团客户) says where the account
// stands in its group, and for a group's head or holding, which
// subsidiaries it has and what they buy together.

// groupLine is the cover's line for the group: the chain of parents, or
// the number of subsidiaries of a group's head.
func groupLine(d *doc, g *accounts.GroupInfo) []kv {
	switch {
	case g == nil:
		return nil
	case len(g.Path) > 0:
		return []kv{{d.t("group"), strings.Join(g.Path, " › ")}}
	}
	return []kv{{d.t("group"), d.tf("groupHead", len(g.Members))}}
}

// groupSection prints the group: parents, subsidiaries with their owner
// and revenue, and the revenue of the account with its subsidiaries.
func (d *doc) groupSection(g *accounts.GroupInfo, cur string) {
	if g == nil {
		return
	}
	d.h1(d.t("group"), 30)
	if len(g.Path) > 0 {
		d.labelled(d.t("groupPartOf"), strings.Join(g.Path, " › "))
	}
	if len(g.Members) == 0 {
		return
	}
	totals := make([]string, len(g.Revenue))
	for i, m := range g.Revenue {
		totals[i] = d.money(m, cur)
	}
	d.labelled(d.t("groupRevenue"), strings.Join(totals, " + "))
	rows := make([][]cell, 0, len(g.Members))
	for _, m := range g.Members {
		rev := ""
		if !m.Revenue.IsZero() {
			rev = d.money(m.Revenue, cur)
		}
		rows = append(rows, []cell{plain(strings.Repeat("› ", m.Depth-1) + m.Name), plain(m.Owner), plain(rev)})
	}
	d.table([]column{{head: d.t("groupSubsidiary"), width: 12}, {head: d.t("owner"), width: 6}, {head: d.t("groupLatestRevenue"), width: 6, align: "R"}}, rows)
}
