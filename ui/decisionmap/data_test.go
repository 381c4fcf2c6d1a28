package decisionmap

import (
	"math/rand/v2"
	"time"

	"keycard/accounts"
)

// testToday is the day every decision-map test looks from.
var testToday = accounts.NewDate(2026, time.March, 16)

// smallCentre is a realistic 12-person buying centre of a Shanghai
// manufacturer: a mix of Chinese and English names, one seat to fill, one
// person who left, reporting lines and a few informal links.
func smallCentre() ([]accounts.Contact, []accounts.InfluenceLink, []accounts.Visit) {
	r := rand.New(rand.NewPCG(12, 12))
	acct := accounts.IDAt(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), r)
	base := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	mk := func(i int, name, title, dept string, role accounts.BuyingRole, infl int, att accounts.Attitude, trust accounts.Trust) accounts.Contact {
		c := accounts.Contact{AccountID: acct, Name: name, Title: title, Department: dept, Role: role, Influence: infl, Attitude: att, Trust: trust, Status: accounts.StatusActive}
		c.ID = accounts.IDAt(base.Add(time.Duration(i)*time.Hour), r)
		return c
	}
	cs := []accounts.Contact{
		mk(0, "王建国", "总经理", "", accounts.RoleEconomic, 5, accounts.AttitudeNeutral, accounts.TrustProfessional),
		mk(1, "", "CFO", "Finance", accounts.RoleEconomic, 4, "", accounts.TrustUnknown),
		mk(2, "Li Na", "CTO", "R&D", accounts.RoleTechnical, 4, accounts.AttitudeSupporter, accounts.TrustTrusted),
		mk(3, "陈志强", "采购总监", "采购部", accounts.RoleGatekeeper, 3, accounts.AttitudeSkeptic, accounts.TrustAcquainted),
		mk(4, "Michael Chen", "Plant Manager", "Operations", accounts.RoleUser, 3, accounts.AttitudeChampion, accounts.TrustAdvocate),
		mk(5, "刘洋", "IT 经理", "信息部", accounts.RoleTechnical, 2, accounts.AttitudeNeutral, accounts.TrustProfessional),
		mk(6, "Sarah Johnson", "Process Engineer", "Operations", accounts.RoleUser, 2, accounts.AttitudeSupporter, accounts.TrustTrusted),
		mk(7, "赵敏", "采购专员", "采购部", accounts.RoleGatekeeper, 1, accounts.AttitudeNeutral, accounts.TrustAcquainted),
		mk(8, "David Miller", "VP Operations", "Operations", accounts.RoleEconomic, 4, accounts.AttitudeChampion, accounts.TrustTrusted),
		mk(9, "孙丽", "质量经理", "质量部", accounts.RoleInfluencer, 3, accounts.AttitudeOpponent, accounts.TrustAcquainted),
		mk(10, "周杰", "财务经理", "财务部", accounts.RoleInfluencer, 2, accounts.AttitudeNeutral, accounts.TrustUnknown),
		mk(11, "黄磊", "生产主管", "Operations", accounts.RoleCoach, 2, accounts.AttitudeChampion, accounts.TrustTrusted),
	}
	bosses := []int{-1, 0, 0, 0, 0, 2, 4, 3, 0, 4, 1, 4}
	for i, b := range bosses {
		if b >= 0 {
			cs[i].ReportsTo = cs[b].ID
		}
	}
	cs[1].Placeholder = true
	cs[8].Status, cs[8].LeftOn, cs[8].LeftTo = accounts.StatusLeft, accounts.NewDate(2025, 11, 30), "Siemens"

	link := func(a, b, s int) accounts.InfluenceLink {
		return accounts.InfluenceLink{Meta: accounts.Meta{ID: accounts.IDAt(base, r)}, AccountID: acct, From: cs[a].ID, To: cs[b].ID, Strength: s}
	}
	links := []accounts.InfluenceLink{link(2, 0, 3), link(4, 3, 2), link(9, 0, 2), link(11, 4, 1), link(10, 3, 1)}

	visit := func(daysAgo int, who ...int) accounts.Visit {
		v := accounts.Visit{AccountID: acct, Kind: accounts.KindOnSite, At: testToday.AddDays(-daysAgo).Time().Add(10 * time.Hour)}
		for _, w := range who {
			v.ContactIDs = append(v.ContactIDs, cs[w].ID)
		}
		return v
	}
	visits := []accounts.Visit{visit(12, 2, 5), visit(40, 4, 6, 11), visit(130, 0), visit(200, 3, 7, 8), visit(3, 4)}
	return cs, links, visits
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"}
	given    = []string{"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "强", "晓明", "建华", "海燕", "志刚"}
	first    = []string{"James", "Emma", "Oliver", "Sophia", "Lucas", "Mia", "Daniel", "Grace", "Henry", "Chloe"}
	last     = []string{"Smith", "Müller", "Wong", "Tanaka", "Garcia", "Anderson", "O'Brien", "Kowalski"}
	titles   = []string{"部门经理", "Senior Engineer", "采购经理", "Project Lead", "质量主管", "IT Architect", "财务分析师", "Operations Director", "生产经理", "Buyer"}
)

// generated is an n-person organisation: a tree about four levels deep
// with mixed names, every attitude and role, some seats, some leavers and
// about n/10 influence links.
func generated(n int, seed uint64) ([]accounts.Contact, []accounts.InfluenceLink, []accounts.Visit) {
	r := rand.New(rand.NewPCG(seed, seed))
	acct := accounts.IDAt(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), r)
	base := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	roles, atts, trusts := accounts.BuyingRoles(), accounts.Attitudes(), accounts.Trusts()
	cs := make([]accounts.Contact, n)
	for i := range cs {
		c := &cs[i]
		c.ID = accounts.IDAt(base.Add(time.Duration(i)*time.Minute), r)
		c.AccountID = acct
		if r.IntN(2) == 0 {
			c.Name = surnames[r.IntN(len(surnames))] + given[r.IntN(len(given))]
		} else {
			c.Name = first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
		}
		c.Title = titles[r.IntN(len(titles))]
		c.Role = roles[r.IntN(len(roles))]
		c.Attitude = atts[r.IntN(len(atts))]
		c.Trust = trusts[r.IntN(len(trusts))]
		c.Influence = 1 + r.IntN(5)
		c.Status = accounts.StatusActive
		if i > 0 {
			// about four reports per manager, five or six levels deep
			c.ReportsTo = cs[max(0, (i-1)/4-r.IntN(2))].ID
		}
		switch {
		case i%23 == 7:
			c.Placeholder, c.Name = true, ""
		case i%17 == 5:
			c.Status, c.LeftOn = accounts.StatusLeft, testToday.AddDays(-30)
		}
	}
	var links []accounts.InfluenceLink
	for i := 0; i < n/10; i++ {
		a, b := r.IntN(n), r.IntN(n)
		if a != b {
			links = append(links, accounts.InfluenceLink{Meta: accounts.Meta{ID: accounts.IDAt(base, r)}, AccountID: acct, From: cs[a].ID, To: cs[b].ID, Strength: 1 + r.IntN(3)})
		}
	}
	var visits []accounts.Visit
	for i := 0; i < n; i++ {
		v := accounts.Visit{AccountID: acct, Kind: accounts.KindCall, At: testToday.AddDays(-r.IntN(300)).Time()}
		v.ContactIDs = []accounts.ID{cs[r.IntN(n)].ID, cs[r.IntN(n)].ID}
		visits = append(visits, v)
	}
	return cs, links, visits
}
