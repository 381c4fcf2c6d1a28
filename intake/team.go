package intake

import (
	"io"

	"keycard/accounts"
)

// A sales-team sheet: one row per salesperson with their manager and
// regional office (sales_agent, manager, regional_office), which becomes
// the team directory.

var teamHeaders = map[string]string{
	"salesagent": colPerson, "agent": colPerson, "salesperson": colPerson, "name": colPerson, "person": colPerson,
	"employee": colPerson, "owner": colPerson, "姓名": colPerson, "销售": colPerson, "销售代表": colPerson, "员工": colPerson, "客户经理": colPerson,
	"manager": colManager, "salesmanager": colManager, "reportsto": colManager, "经理": colManager, "上级": colManager, "销售经理": colManager, "主管": colManager,
	"regionaloffice": colRegion, "region": colRegion, "office": colRegion, "territory": colRegion, "area": colRegion,
	"区域": colRegion, "大区": colRegion, "地区": colRegion, "办事处": colRegion,
	"email": colEmail, "emailaddress": colEmail, "邮箱": colEmail, "电子邮件": colEmail,
}

// ReadTeamCSV reads a sales-team sheet into team directory entries. A
// person twice in the file is taken once (the first row), the later rows
// listed.
func ReadTeamCSV(r io.Reader) (Result[accounts.Person], error) {
	text, assumed, err := readText(r, "team")
	if err != nil {
		return Result[accounts.Person]{}, err
	}
	res, err := guarded("team", func(dl *deadline) (Result[accounts.Person], error) {
		return readTeam(text, dl)
	})
	if err == nil {
		res.assumedCharset(assumed)
	}
	return res, err
}

func readTeam(text string, dl *deadline) (Result[accounts.Person], error) {
	var res Result[accounts.Person]
	t, err := readTable(text, "team", teamHeaders, dl)
	if err != nil {
		return res, err
	}
	res.Ignored = t.ignored
	if !t.has(colPerson) {
		return res, accounts.Errorf(accounts.EINVALID, "intake.team.no_person_column")
	}
	res.Problems = append(res.Problems, t.bad...)
	seen := map[string]int{}
	for i, rec := range t.rows {
		if dl.over() {
			return Result[accounts.Person]{}, tooSlow("team")
		}
		row := t.rowNums[i]
		p := accounts.Person{Name: t.get(rec, colPerson), Manager: t.get(rec, colManager), Region: t.get(rec, colRegion), Email: t.get(rec, colEmail)}
		p.Normalize()
		if first, dup := seen[accounts.PersonKey(p.Name)]; dup && p.Name != "" {
			res.problem(row, "name", accounts.Say("intake.csv.duplicate", "Name", p.Name, "Row", first), false)
			continue
		}
		if err := p.Validate(); err != nil {
			res.invalid(row, err)
			continue
		}
		seen[accounts.PersonKey(p.Name)] = row
		res.add(p, row, "")
	}
	return res, nil
}
