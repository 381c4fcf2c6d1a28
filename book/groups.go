package book

import (
	"bytes"
	"io"

	"keycard/accounts"
	"keycard/intake"
)

// Group accounts, opportunities and the team directory from CRM exports.

// accountKeys lists the stored accounts as an import finds them: by name,
// CRM id or Keycard id, with their parents.
func (b *Book) accountKeys() ([]intake.AccountKey, error) {
	sums, err := b.st().Summaries()
	if err != nil {
		return nil, err
	}
	keys := make([]intake.AccountKey, len(sums))
	for i, s := range sums {
		keys[i] = intake.AccountKey{ID: s.ID, Name: s.Name, ExternalID: s.ExternalID, ParentID: s.ParentID}
	}
	return keys, nil
}

// resolveParents gives the accounts of a file new ids and the parents its
// parent column names, among the file's rows (in any order) and the
// stored accounts; what cannot be placed is a kept problem.
func (b *Book) resolveParents(p *FilePlan[accounts.Account]) error {
	for i := range p.Add {
		if p.Add[i].ID == "" {
			p.Add[i].ID = accounts.NewID()
		}
	}
	if len(p.refs) == 0 {
		return nil
	}
	keys, err := b.accountKeys()
	if err != nil {
		return err
	}
	p.Problems = append(p.Problems, intake.ResolveParents(p.Add, p.refs, p.rows, keys)...)
	return nil
}

// Groups returns the group tree of all accounts, from the summaries.
func (b *Book) Groups() (*accounts.Groups, error) {
	sums, err := b.st().Summaries()
	if err != nil {
		return nil, err
	}
	return GroupsOf(sums), nil
}

// GroupsOf builds the group tree of a list of summaries.
func GroupsOf(sums []Summary) *accounts.Groups {
	list := make([]accounts.Membership, len(sums))
	for i, s := range sums {
		list[i] = accounts.Membership{ID: s.ID, ParentID: s.ParentID}
	}
	return accounts.NewGroups(list)
}

// PlanDealsCSV reads opportunities from a CRM export (read by
// ReadImportFile), matching each row's account by CRM id or name; rows of
// accounts Keycard does not have are listed, and opportunities the
// accounts have already are left out.
func (b *Book) PlanDealsCSV(raw []byte, o CSVImport) (FilePlan[accounts.Deal], error) {
	if err := o.Money.Check(); err != nil {
		return FilePlan[accounts.Deal]{}, err
	}
	keys, err := b.accountKeys()
	if err != nil {
		return FilePlan[accounts.Deal]{}, err
	}
	res, err := intake.ReadDealsCSV(bytes.NewReader(raw), intake.CSVOptions{Owner: o.Owner, Money: o.Money, Account: intake.MatchAccountKeys(keys)})
	if err != nil {
		return FilePlan[accounts.Deal]{}, err
	}
	stored, err := b.st().DealsOf()
	if err != nil {
		return FilePlan[accounts.Deal]{}, err
	}
	add, have := intake.NewDealsOnly(res.Records, stored)
	names := make([]string, len(have))
	for i, d := range have {
		names[i] = DealName(d)
	}
	p := FilePlan[accounts.Deal]{Add: add, Have: len(have), Existing: names, Problems: res.Problems, Ignored: res.Ignored}
	if moneyOptions(o.Money) {
		p.Money = o.Money.Phrase()
	}
	return p, nil
}

// DealName names an opportunity in a list: its name, else its product.
func DealName(d accounts.Deal) string {
	if d.Name != "" {
		return d.Name
	}
	return d.Product
}

// AddDeals stores the opportunities of a file in one transaction: all of
// them or, on any error, none.
func (b *Book) AddDeals(src Source, ds []accounts.Deal) (added int, c Change, err error) {
	return addAll(b, src, ds, b.st().AddDeals, func(d *accounts.Deal) accounts.ID { return d.AccountID })
}

// PlanTeamCSV reads a sales-team sheet; people whose entry is already in
// the directory as the file has it are left out.
func (b *Book) PlanTeamCSV(r io.Reader) (FilePlan[accounts.Person], error) {
	res, err := intake.ReadTeamCSV(r)
	if err != nil {
		return FilePlan[accounts.Person]{}, err
	}
	stored, err := b.st().People()
	if err != nil {
		return FilePlan[accounts.Person]{}, err
	}
	known := map[string]accounts.Person{}
	for _, p := range stored {
		known[accounts.PersonKey(p.Name)] = p
	}
	p := FilePlan[accounts.Person]{Problems: res.Problems, Ignored: res.Ignored}
	for _, x := range res.Records {
		if old, ok := known[accounts.PersonKey(x.Name)]; ok && old == x {
			p.Have++
			p.Existing = append(p.Existing, x.Name)
			continue
		}
		p.Add = append(p.Add, x)
	}
	return p, nil
}

// AddPeople stores team directory entries (new, or replacing the entry of
// the same name) in one transaction.
func (b *Book) AddPeople(people []accounts.Person) (int, error) {
	if len(people) == 0 {
		return 0, nil
	}
	return b.st().PutPeople(people)
}

// People returns the team directory by name.
func (b *Book) People() ([]accounts.Person, error) { return b.st().People() }

// GroupOf says what the account's documents print of its group: nil when
// it belongs to none and heads none.
func (b *Book) GroupOf(id accounts.ID) (*accounts.GroupInfo, error) {
	sums, err := b.st().Summaries()
	if err != nil {
		return nil, err
	}
	return GroupInfoOf(sums, id), nil
}

// GroupInfoOf builds an account's GroupInfo from the summaries.
func GroupInfoOf(sums []Summary, id accounts.ID) *accounts.GroupInfo {
	g := GroupsOf(sums)
	by := make(map[accounts.ID]*Summary, len(sums))
	for i := range sums {
		by[sums[i].ID] = &sums[i]
	}
	if _, ok := by[id]; !ok || (g.Parent(id) == "" && !g.IsGroup(id)) {
		return nil
	}
	info := &accounts.GroupInfo{}
	path := g.Path(id)
	for _, p := range path[:len(path)-1] {
		info.Path = append(info.Path, by[p].Name)
	}
	base := g.Depth(id)
	for _, s := range g.Subsidiaries(id) {
		m := by[s]
		info.Members = append(info.Members, accounts.GroupMember{Name: m.Name, Owner: m.Owner, Depth: g.Depth(s) - base, Revenue: m.Revenue})
	}
	info.Revenue = g.GroupRevenue(id, func(a accounts.ID) accounts.Money { return by[a].Revenue }, accounts.DefaultCurrency).Amounts()
	return info
}
