package intake

import (
	"io"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/locale"
)

// Opportunities from a CRM's export: a sales-pipeline sheet (account,
// sales_agent, product, deal_stage, engage_date, close_date, close_value)
// or Salesforce's Opportunity report (Id, Name, AccountId, StageName,
// Amount, CloseDate, CurrencyIsoCode), English or Chinese headers.

// column keys of an opportunity sheet beside those of csv.go.
const (
	colAccountID = "accountid"
	colProduct   = "product"
	colValue     = "value"
	colClose     = "close"
	colEngage    = "engage"
	colExtID     = "extid"
	colParent    = "parent"
	colPerson    = "person"
	colManager   = "manager"
)

var dealHeaders = map[string]string{
	"account": colAccount, "accountname": colAccount, "company": colAccount, "companyname": colAccount, "customer": colAccount,
	"customername": colAccount, "客户": colAccount, "客户名称": colAccount, "公司": colAccount, "公司名称": colAccount,
	"accountid": colAccountID, "客户编号": colAccountID, "客户id": colAccountID,
	"opportunityname": colName, "opportunity": colName, "name": colName, "dealname": colName, "deal": colName,
	"商机": colName, "商机名称": colName, "项目名称": colName, "机会名称": colName,
	"product": colProduct, "productname": colProduct, "series": colProduct, "产品": colProduct, "产品名称": colProduct,
	"value": colValue, "amount": colValue, "closevalue": colValue, "dealvalue": colValue, "opportunityamount": colValue,
	"金额": colValue, "商机金额": colValue, "预计金额": colValue, "成交金额": colValue,
	"currency": colCurrency, "currencyisocode": colCurrency, "opportunitycurrency": colCurrency, "币种": colCurrency, "货币": colCurrency,
	"stage": colStage, "dealstage": colStage, "stagename": colStage, "阶段": colStage, "商机阶段": colStage, "销售阶段": colStage,
	"expectedclose": colClose, "closedate": colClose, "closingdate": colClose, "expectedclosedate": colClose,
	"预计成交日期": colClose, "成交日期": colClose, "预计签约日期": colClose,
	"engagedate": colEngage, "createddate": colEngage, "opendate": colEngage, "接洽日期": colEngage, "创建日期": colEngage,
	"owner": colOwner, "salesagent": colOwner, "opportunityowner": colOwner, "ownername": colOwner, "salesperson": colOwner,
	"负责人": colOwner, "销售": colOwner, "销售代表": colOwner, "客户经理": colOwner,
	"opportunityid": colExtID, "id": colExtID, "dealid": colExtID, "商机编号": colExtID, "商机id": colExtID,
	"description": colNotes, "notes": colNotes, "备注": colNotes, "描述": colNotes,
}

// dealStages maps the stage names of common CRMs (keys folded by
// headerKey) onto Keycard's pipeline. Salesforce's default sales process
// runs Prospecting → Qualification → Needs Analysis → Value Proposition →
// Id. Decision Makers → Perception Analysis → Proposal/Price Quote →
// Negotiation/Review → Closed Won | Closed Lost; pipeline sheets say
// Prospecting, Engaging, Won, Lost. Keycard's own labels, in either
// language, are read by locale.Parse before this table.
var dealStages = map[string]accounts.OpportunityStage{
	"prospecting": accounts.StageWhiteSpace, "prospect": accounts.StageWhiteSpace, "lead": accounts.StageWhiteSpace,
	"new": accounts.StageWhiteSpace, "whitespace": accounts.StageWhiteSpace, "线索": accounts.StageWhiteSpace,
	"潜在": accounts.StageWhiteSpace, "初步接洽": accounts.StageWhiteSpace,
	"engaging": accounts.StageQualified, "qualification": accounts.StageQualified, "qualified": accounts.StageQualified,
	"needsanalysis": accounts.StageQualified, "valueproposition": accounts.StageQualified, "iddecisionmakers": accounts.StageQualified,
	"perceptionanalysis": accounts.StageQualified, "discovery": accounts.StageQualified, "develop": accounts.StageQualified,
	"需求分析": accounts.StageQualified, "需求确认": accounts.StageQualified, "跟进中": accounts.StageQualified,
	"proposal/pricequote": accounts.StageProposal, "proposal": accounts.StageProposal, "pricequote": accounts.StageProposal,
	"quote": accounts.StageProposal, "propose": accounts.StageProposal, "方案报价": accounts.StageProposal, "报价": accounts.StageProposal, "方案": accounts.StageProposal,
	"negotiation/review": accounts.StageNegotiation, "negotiation": accounts.StageNegotiation, "commit": accounts.StageNegotiation,
	"close": accounts.StageNegotiation, "谈判": accounts.StageNegotiation, "商务谈判": accounts.StageNegotiation,
	"won": accounts.StageWon, "closedwon": accounts.StageWon, "closed/won": accounts.StageWon, "赢单": accounts.StageWon, "成交": accounts.StageWon, "已成交": accounts.StageWon,
	"lost": accounts.StageLost, "closedlost": accounts.StageLost, "closed/lost": accounts.StageLost, "输单": accounts.StageLost, "丢单": accounts.StageLost, "失败": accounts.StageLost,
}

// DealStage maps a CRM's stage name onto Keycard's stages.
func DealStage(s string) (accounts.OpportunityStage, bool) {
	if st, err := locale.Parse(s, accounts.OpportunityStages()); err == nil {
		return st, true
	}
	st, ok := dealStages[headerKey(s)]
	return st, ok
}

// Money says how to read a file's money columns: in which currency when a
// row names none, and in which unit (a column "in millions").
type Money struct {
	Currency string
	Unit     Unit
}

// Unit is what one written in a money column stands for.
type Unit string

// Units of money columns.
const (
	UnitOne      Unit = "one"
	UnitThousand Unit = "thousand"
	UnitMillion  Unit = "million"
)

// ParseUnit reads --unit: one, thousand or million, or 千, 万, 百万.
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "one", "1", "units", "个":
		return UnitOne, nil
	case "thousand", "thousands", "k", "1000", "千":
		return UnitThousand, nil
	case "million", "millions", "m", "mn", "1000000", "百万":
		return UnitMillion, nil
	}
	return "", accounts.Errorf(accounts.EINVALID, "intake.money.bad_unit", "Value", s)
}

// Factor is what one in the column is worth.
func (u Unit) Factor() float64 {
	switch u {
	case UnitThousand:
		return 1e3
	case UnitMillion:
		return 1e6
	}
	return 1
}

// Phrase says how money columns are read, for the preview.
func (m Money) Phrase() accounts.Phrase {
	cur := m.Currency
	if cur == "" {
		cur = accounts.DefaultCurrency
	}
	u := m.Unit
	if u == "" {
		u = UnitOne
	}
	return accounts.Say("intake.money.read_as", "Unit", accounts.Phrase{Key: "intake.money.unit." + string(u)}, "Currency", cur)
}

// Check refuses a currency that is not an ISO code.
func (m Money) Check() error {
	c := strings.ToUpper(strings.TrimSpace(m.Currency))
	if c != "" && (len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		return accounts.Errorf(accounts.EINVALID, "intake.money.bad_currency", "Value", m.Currency)
	}
	return nil
}

// amount reads a money cell in the file's unit.
func (m Money) amount(s string) (int64, error) {
	return accounts.ParseAmountIn(stripCurrency(s), m.Unit.Factor())
}

// ReadDealsCSV reads opportunities from a CRM export. Each row's account
// (its name, or the CRM id of an account imported with one) is matched
// through o.Account; a row whose account Keycard does not have is left
// out and listed. Refs[i] is the account as the file wrote it.
func ReadDealsCSV(r io.Reader, o CSVOptions) (Result[accounts.Deal], error) {
	text, assumed, err := readText(r, "opportunities")
	if err != nil {
		return Result[accounts.Deal]{}, err
	}
	res, err := guarded("opportunities", func(dl *deadline) (Result[accounts.Deal], error) {
		return readDeals(text, o, dl)
	})
	if err == nil {
		res.assumedCharset(assumed)
	}
	return res, err
}

func readDeals(text string, o CSVOptions, dl *deadline) (Result[accounts.Deal], error) {
	var res Result[accounts.Deal]
	t, err := readTable(text, "opportunities", dealHeaders, dl)
	if err != nil {
		return res, err
	}
	res.Ignored = t.ignored
	if !t.has(colAccount) && !t.has(colAccountID) {
		return res, accounts.Errorf(accounts.EINVALID, "intake.deals.no_account_column")
	}
	if !t.has(colProduct) && !t.has(colName) {
		return res, accounts.Errorf(accounts.EINVALID, "intake.deals.no_product_column")
	}
	res.Problems = append(res.Problems, t.bad...)
	for i, rec := range t.rows {
		if dl.over() {
			return Result[accounts.Deal]{}, tooSlow("opportunities")
		}
		row := t.rowNums[i]
		d, ref, ok := dealFromRow(t, rec, row, o, &res)
		if !ok {
			continue
		}
		if err := validateDeal(&d); err != nil {
			res.invalid(row, err)
			continue
		}
		res.add(d, row, ref)
	}
	return res, nil
}

// dealFromRow maps one row; ok is false when the row is left out (its
// problem noted).
func dealFromRow(t *table, rec []string, row int, o CSVOptions, res *Result[accounts.Deal]) (accounts.Deal, string, bool) {
	var d accounts.Deal
	ref, id := t.get(rec, colAccount), t.get(rec, colAccountID)
	if ref == "" {
		ref = id
	}
	if ref == "" {
		res.problem(row, "account_id", accounts.Phrase{Key: "intake.deals.no_account"}, false)
		return d, "", false
	}
	if o.Account != nil {
		acct, ok := o.Account(id)
		if !ok || id == "" {
			acct, ok = o.Account(ref)
		}
		if !ok {
			res.problem(row, "account_id", accounts.Say("intake.csv.no_such_account", "Name", ref), false)
			return d, ref, false
		}
		d.AccountID = acct
	}
	d.Name, d.Product = t.get(rec, colName), t.get(rec, colProduct)
	if d.Product == "" {
		d.Product = d.Name
	}
	d.Owner, d.ExternalID, d.Notes = t.get(rec, colOwner), t.get(rec, colExtID), t.get(rec, colNotes)
	if d.Owner == "" {
		d.Owner = o.Owner
	}
	d.Value.Currency = strings.ToUpper(t.get(rec, colCurrency))
	if d.Value.Currency == "" {
		d.Value.Currency = o.Money.Currency
	}
	if s := t.get(rec, colValue); s != "" {
		if v, err := o.Money.amount(s); err == nil && v >= 0 {
			d.Value.Minor = v
		} else {
			res.problem(row, "value", accounts.Say("intake.deals.bad_value", "Value", s), true)
		}
	}
	d.Stage = dealStageOf(t, rec, row, res)
	engage, closeDay := dealDate(t, rec, colEngage, row, res), dealDate(t, rec, colClose, row, res)
	d.ExpectedClose = closeDay
	d.StageHistory = dealHistory(d.Stage, engage, closeDay)
	return d, ref, true
}

func dealStageOf(t *table, rec []string, row int, res *Result[accounts.Deal]) accounts.OpportunityStage {
	s := t.get(rec, colStage)
	if s == "" {
		return accounts.StageWhiteSpace
	}
	if st, ok := DealStage(s); ok {
		return st
	}
	res.problem(row, "stage", accounts.Say("intake.deals.bad_stage", "Value", s), true)
	return accounts.StageWhiteSpace
}

// dealHistory puts the dates a row gives into the stage history: the
// engage date is when the deal left the white space (it entered the
// stage it has now, or qualified if it has closed since); a won or lost
// deal's close date is when it closed.
func dealHistory(st accounts.OpportunityStage, engage, closeDay accounts.Date) []accounts.StageChange {
	var h []accounts.StageChange
	closed := !st.Open()
	if !engage.IsZero() && st != accounts.StageWhiteSpace {
		first := st
		if closed {
			first = accounts.StageQualified
		}
		h = append(h, accounts.StageChange{Stage: first, At: engage.Time()})
	}
	if closed && !closeDay.IsZero() {
		h = append(h, accounts.StageChange{Stage: st, At: closeDay.Time()})
	}
	return h
}

func dealDate(t *table, rec []string, col string, row int, res *Result[accounts.Deal]) accounts.Date {
	s := t.get(rec, col)
	if s == "" {
		return accounts.Date{}
	}
	d, ok := crmDate(s)
	if !ok {
		res.problem(row, col, accounts.Say("intake.deals.bad_date", "Value", s), true)
	}
	return d
}

// crmDate reads the dates CRM exports write: 2024-03-15, 2024/3/15,
// 2024年3月15日, Salesforce's US 3/15/2024, and timestamps
// (2024-03-15T09:30:00Z, 2024-03-15 09:30:00), whose day is kept.
func crmDate(s string) (accounts.Date, bool) {
	if d, err := accounts.ParseDate(s); err == nil {
		return d, true
	}
	for _, layout := range []string{"1/2/2006", "01/02/2006", time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "1/2/2006 15:04"} {
		if tm, err := time.Parse(layout, s); err == nil {
			return accounts.NewDate(tm.Year(), tm.Month(), tm.Day()), true
		}
	}
	return accounts.Date{}, false
}

// validateDeal checks the opportunity as the plan would.
func validateDeal(d *accounts.Deal) error {
	p := accounts.Plan{AccountID: "pending", Opportunities: []accounts.Opportunity{d.Opportunity}}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	d.Opportunity = p.Opportunities[0]
	d.ID = "" // the store gives the id
	return nil
}
