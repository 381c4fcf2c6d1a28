package intake

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"keycard/accounts"
	"keycard/locale"
)

// CSVOptions are what a CSV file does not say itself.
type CSVOptions struct {
	// Owner owns every account whose row names no owner.
	Owner string
	// Now dates the revenue of an "annual revenue" column (the current
	// year); the zero time leaves that column out.
	Now time.Time
	// Account finds the account a contact row belongs to, by the name or
	// id the row gives. Nil leaves AccountID empty for the caller to fill
	// from Result.Refs.
	Account func(nameOrID string) (accounts.ID, bool)
	// DefaultAccount takes the contacts of rows that name no account.
	DefaultAccount accounts.ID
	// Money says in which currency and unit money columns (an account's
	// revenue, an opportunity's value) are written.
	Money Money
	// ParentColumn names the column of an accounts file that gives each
	// account's parent in a group; empty: a column headed subsidiary_of,
	// ParentId, parent, 上级单位 or 母公司.
	ParentColumn string
}

// maxBadRows stops reading a file that is evidently not a CSV export
// instead of listing ten thousand identical complaints.
const maxBadRows = 200

// column keys: what a header means to Keycard.
const (
	colName       = "name"
	colLegal      = "legal"
	colIndustry   = "industry"
	colWebsite    = "website"
	colRegion     = "region"
	colCity       = "city"
	colCountry    = "country"
	colAddress    = "address"
	colStreet     = "street"
	colBillCity   = "billcity"
	colBillState  = "billstate"
	colBillPostal = "billpostal"
	colBillCtry   = "billcountry"
	colPhone      = "phone"
	colMobile     = "mobile"
	colOwner      = "owner"
	colTier       = "tier"
	colStage      = "stage"
	colRevenue    = "revenue"
	colTags       = "tags"
	colNotes      = "notes"
	colCurrency   = "currency"
	colFirst      = "first"
	colLast       = "last"
	colTitle      = "title"
	colDept       = "department"
	colEmail      = "email"
	colAccount    = "account"
	colBirthday   = "birthday"
	colMessaging  = "messaging"
)

// accountHeaders maps normalised headers (see headerKey) of common CRM and
// Excel exports, English and Chinese, to what they mean for an account.
var accountHeaders = map[string]string{
	"name": colName, "accountname": colName, "account": colName, "company": colName, "companyname": colName,
	"organization": colName, "organisation": colName, "organizationname": colName, "customer": colName,
	"customername": colName, "客户名称": colName, "公司名称": colName, "客户": colName, "公司": colName,
	"企业名称": colName, "单位名称": colName, "名称": colName,
	"legalname": colLegal, "registeredname": colLegal, "法定名称": colLegal, "公司全称": colLegal, "工商注册名称": colLegal,
	"industry": colIndustry, "sector": colIndustry, "行业": colIndustry, "所属行业": colIndustry,
	"website": colWebsite, "web": colWebsite, "url": colWebsite, "homepage": colWebsite, "网址": colWebsite, "网站": colWebsite, "公司网址": colWebsite,
	"region": colRegion, "territory": colRegion, "area": colRegion, "地区": colRegion, "区域": colRegion, "所在地区": colRegion,
	"city": colCity, "城市": colCity, "country": colCountry, "国家": colCountry, "省份": colRegion,
	"address": colAddress, "billingaddress": colAddress, "地址": colAddress, "公司地址": colAddress, "详细地址": colAddress,
	"street": colStreet, "billingstreet": colStreet,
	"billingcity": colBillCity, "billingstate": colBillState, "billingpostalcode": colBillPostal, "billingcountry": colBillCtry,
	"phone": colPhone, "telephone": colPhone, "tel": colPhone, "电话": colPhone, "公司电话": colPhone,
	"owner": colOwner, "accountowner": colOwner, "ownername": colOwner, "负责人": colOwner, "客户经理": colOwner, "销售负责人": colOwner,
	"tier": colTier, "level": colTier, "级别": colTier, "客户级别": colTier, "等级": colTier,
	"stage": colStage, "lifecyclestage": colStage, "阶段": colStage, "客户阶段": colStage, "生命周期": colStage,
	"annualrevenue": colRevenue, "revenue": colRevenue, "年收入": colRevenue, "年销售额": colRevenue, "营业收入": colRevenue,
	"tags": colTags, "tag": colTags, "labels": colTags, "type": colTags, "accounttype": colTags, "标签": colTags, "类型": colTags,
	"description": colNotes, "notes": colNotes, "note": colNotes, "备注": colNotes, "描述": colNotes,
	"currency": colCurrency, "currencyisocode": colCurrency, "币种": colCurrency, "货币": colCurrency,
	"id": colExtID, "accountid": colExtID, "crmid": colExtID, "externalid": colExtID, "客户编号": colExtID, "客户代码": colExtID, "客户id": colExtID,
	"subsidiaryof": colParent, "parentid": colParent, "parent": colParent, "parentaccount": colParent, "parentaccountname": colParent,
	"parentaccountid": colParent, "上级单位": colParent, "母公司": colParent, "上级客户": colParent, "所属集团": colParent, "集团": colParent,
}

// withParentColumn returns the header table of an accounts file with the
// person's own parent column, when they named one.
func withParentColumn(name string) map[string]string {
	if strings.TrimSpace(name) == "" {
		return accountHeaders
	}
	m := make(map[string]string, len(accountHeaders)+1)
	for k, v := range accountHeaders {
		if v != colParent {
			m[k] = v
		}
	}
	m[headerKey(name)] = colParent
	return m
}

// contactHeaders does the same for contact lists.
var contactHeaders = map[string]string{
	"name": colName, "fullname": colName, "contactname": colName, "contact": colName, "姓名": colName, "联系人": colName, "联系人姓名": colName,
	"firstname": colFirst, "givenname": colFirst, "名": colFirst,
	"lastname": colLast, "surname": colLast, "familyname": colLast, "姓": colLast,
	"title": colTitle, "jobtitle": colTitle, "position": colTitle, "职务": colTitle, "职位": colTitle, "头衔": colTitle,
	"department": colDept, "dept": colDept, "部门": colDept,
	"email": colEmail, "emailaddress": colEmail, "email1": colEmail, "e-mail": colEmail, "邮箱": colEmail, "电子邮件": colEmail, "电子邮箱": colEmail,
	"phone": colPhone, "phone1": colPhone, "telephone": colPhone, "businessphone": colPhone, "workphone": colPhone, "电话": colPhone, "办公电话": colPhone,
	"mobile": colMobile, "mobilephone": colMobile, "cell": colMobile, "cellphone": colMobile, "phone2": colMobile, "手机": colMobile, "移动电话": colMobile,
	"account": colAccount, "accountname": colAccount, "accountid": colAccount, "company": colAccount, "companyname": colAccount,
	"organization": colAccount, "organisation": colAccount, "客户": colAccount, "客户名称": colAccount, "公司": colAccount, "公司名称": colAccount, "单位": colAccount,
	"birthday": colBirthday, "birthdate": colBirthday, "dateofbirth": colBirthday, "dob": colBirthday, "生日": colBirthday, "出生日期": colBirthday,
	"wechat": colMessaging, "weixin": colMessaging, "messagingid": colMessaging, "whatsapp": colMessaging, "微信": colMessaging, "微信号": colMessaging,
}

// headerKey folds the ways one header is written ("Account Name",
// "account_name", "AccountName ") into one key.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		if r == ' ' || r == '_' || r == '.' || r == '-' || r == '\u3000' || r == '(' || r == ')' || r == '（' || r == '）' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// table is a CSV file read into its header mapping and rows.
type table struct {
	cols    map[string]int // column key → index of the first column with it
	ignored []string
	rows    [][]string
	rowNums []int
	bad     []Problem
}

func (t *table) get(rec []string, key string) string {
	i, ok := t.cols[key]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (t *table) has(key string) bool { _, ok := t.cols[key]; return ok }

// readTable reads a CSV export: it detects the encoding and the separator
// (European Excel writes ";"), maps the header with headers, and keeps the
// non-empty rows with their row numbers as a spreadsheet shows them.
func readTable(text, what string, headers map[string]string, dl *deadline) (*table, error) {
	if strings.TrimSpace(text) == "" {
		return nil, accounts.Errorf(accounts.EINVALID, "intake.empty", "What", whatFile(what))
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffComma(text)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, accounts.Errorf(accounts.EINVALID, "intake.no_header", "What", whatFile(what))
	}
	t := &table{cols: map[string]int{}}
	for i, h := range header {
		h = strings.TrimPrefix(h, "\ufeff")
		key, ok := headers[headerKey(h)]
		if !ok {
			if strings.TrimSpace(h) != "" {
				t.ignored = append(t.ignored, strings.TrimSpace(h))
			}
			continue
		}
		if _, dup := t.cols[key]; !dup {
			t.cols[key] = i
		}
	}
	row := 1
	for {
		if dl.over() {
			return nil, tooSlow(what)
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		row++
		if err != nil && !errors.Is(err, csv.ErrFieldCount) {
			t.bad = append(t.bad, Problem{Row: row, Msg: accounts.Phrase{Key: "intake.csv.bad_row"}})
			if len(t.bad) >= maxBadRows {
				return nil, accounts.Errorf(accounts.EINVALID, "intake.csv.too_many_bad", "What", whatFile(what), "Max", maxBadRows)
			}
			continue
		}
		if blank(rec) {
			continue
		}
		t.rows = append(t.rows, rec)
		t.rowNums = append(t.rowNums, row)
	}
	return t, nil
}

// sniffComma picks the separator that splits the header line most: Excel
// in much of Europe saves with ";", some tools use tabs.
func sniffComma(text string) rune {
	line := text
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		line = text[:i]
	}
	best, n := ',', strings.Count(line, ",")
	for _, c := range []rune{';', '\t'} {
		if k := strings.Count(line, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// ReadAccountsCSV reads accounts from a CSV export of Excel or a CRM. The
// header row says which column is which (see the package's header table:
// Name/Account Name/Company/客户名称, Industry/行业, Website/网址,
// Region/City/Country/地区, the billing address parts, Phone, Owner/负责人,
// Tier/级别, Stage/阶段, Annual Revenue, Tags, Description/备注); other
// columns are listed in Result.Ignored. A missing or unknown tier becomes
// maintain and a missing or unknown stage prospect, each with a kept
// problem; a row the domain refuses is left out with its reasons.
func ReadAccountsCSV(r io.Reader, o CSVOptions) (Result[accounts.Account], error) {
	text, assumed, err := readText(r, "accounts")
	if err != nil {
		return Result[accounts.Account]{}, err
	}
	res, err := guarded("accounts", func(dl *deadline) (Result[accounts.Account], error) {
		return readAccounts(text, o, dl)
	})
	if err == nil {
		res.assumedCharset(assumed)
	}
	return res, err
}

func readAccounts(text string, o CSVOptions, dl *deadline) (Result[accounts.Account], error) {
	var res Result[accounts.Account]
	t, err := readTable(text, "accounts", withParentColumn(o.ParentColumn), dl)
	if err != nil {
		return res, err
	}
	res.Ignored = t.ignored
	if o.ParentColumn != "" && !t.has(colParent) {
		return res, accounts.Errorf(accounts.EINVALID, "intake.group.no_parent_column", "Column", o.ParentColumn)
	}
	if !t.has(colName) {
		return res, accounts.Errorf(accounts.EINVALID, "intake.csv.no_account_name")
	}
	if !t.has(colOwner) && strings.TrimSpace(o.Owner) == "" {
		return res, accounts.Errorf(accounts.EINVALID, "intake.csv.no_owner")
	}
	if !t.has(colStage) {
		res.problem(0, "stage", accounts.Phrase{Key: "intake.csv.no_stage_column"}, true)
	}
	res.Problems = append(res.Problems, t.bad...)
	seen := map[string]int{}
	for i, rec := range t.rows {
		if dl.over() {
			return Result[accounts.Account]{}, tooSlow("accounts")
		}
		row := t.rowNums[i]
		a := accountFromRow(t, rec, row, o, &res)
		key := strings.ToLower(strings.TrimSpace(a.Name))
		if first, dup := seen[key]; dup && key != "" {
			res.problem(row, "name", accounts.Say("intake.csv.duplicate", "Name", a.Name, "Row", first), false)
			continue
		}
		a.Normalize()
		if err := a.Validate(); err != nil {
			res.invalid(row, err)
			continue
		}
		seen[key] = row
		res.add(a, row, t.get(rec, colParent))
	}
	return res, nil
}

func accountFromRow(t *table, rec []string, row int, o CSVOptions, res *Result[accounts.Account]) accounts.Account {
	a := accounts.Account{
		Name:       t.get(rec, colName),
		LegalName:  t.get(rec, colLegal),
		Industry:   t.get(rec, colIndustry),
		Website:    t.get(rec, colWebsite),
		Owner:      t.get(rec, colOwner),
		Currency:   t.get(rec, colCurrency),
		ExternalID: t.get(rec, colExtID),
	}
	if a.Currency == "" {
		a.Currency = strings.ToUpper(strings.TrimSpace(o.Money.Currency))
	}
	if a.Owner == "" {
		a.Owner = o.Owner
	}
	if strings.EqualFold(a.Industry, "n/a") {
		a.Industry = ""
	}
	a.Region = t.get(rec, colRegion)
	if a.Region == "" {
		a.Region = joinNonEmpty(", ", t.get(rec, colCity), t.get(rec, colCountry))
	}
	if a.Region == "" {
		a.Region = joinNonEmpty(", ", t.get(rec, colBillCity), t.get(rec, colBillCtry))
	}
	a.Address = t.get(rec, colAddress)
	if a.Address == "" {
		a.Address = joinNonEmpty(", ", t.get(rec, colStreet), t.get(rec, colBillCity),
			joinNonEmpty(" ", t.get(rec, colBillState), t.get(rec, colBillPostal)), t.get(rec, colBillCtry))
	}
	a.Tags = splitList(t.get(rec, colTags))
	var notes []string
	if n := t.get(rec, colNotes); n != "" {
		notes = append(notes, n)
	}
	if p := t.get(rec, colPhone); p != "" {
		notes = append(notes, "Phone: "+p) // the profile card has no phone of its own
	}
	a.Notes = strings.Join(notes, "\n")

	a.Tier = accounts.TierMaintain
	if s := t.get(rec, colTier); s != "" {
		if tier, err := locale.Parse(s, accounts.Tiers()); err == nil {
			a.Tier = tier
			a.TierManual = true // the file chose it: a suggestion must not overwrite it
		} else {
			res.problem(row, "tier", accounts.Say("intake.csv.bad_tier", "Value", s), true)
		}
	}
	a.Stage = accounts.StageProspect
	if s := t.get(rec, colStage); s != "" {
		if st, err := locale.Parse(s, accounts.Stages()); err == nil {
			a.Stage = st
		} else {
			res.problem(row, "stage", accounts.Say("intake.csv.bad_stage", "Value", s), true)
		}
	} else if t.has(colStage) {
		res.problem(row, "stage", accounts.Phrase{Key: "intake.csv.no_stage"}, true)
	}
	if s := t.get(rec, colRevenue); s != "" && !o.Now.IsZero() {
		if minor, err := o.Money.amount(s); err == nil {
			if minor > 0 {
				a.Revenue = []accounts.RevenueEntry{{Period: strconv.Itoa(o.Now.Year()), Amount: accounts.Money{Minor: minor, Currency: strings.ToUpper(a.Currency)}}}
			}
		} else {
			res.problem(row, "revenue", accounts.Say("intake.csv.bad_revenue", "Value", s), true)
		}
	}
	return a
}

// stripCurrency drops the currency signs people type into amount cells.
func stripCurrency(s string) string {
	return strings.TrimSpace(strings.Trim(s, "$€¥£￥ "))
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// splitList splits a tags cell on the separators people use in English and
// Chinese text.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '；' || r == '，' || r == '、' || r == '|'
	})
}

// ReadContactsCSV reads contacts from a CSV export. The header row says
// which column is which: Name/Full Name/姓名 or First Name/Last Name (名/姓),
// Title/职务, Department/部门, Email/邮箱, Phone/电话, Mobile/手机,
// Account/Company/客户名称 (a name or an id, matched through o.Account),
// Birthday/生日 and WeChat/微信. A row whose account cannot be matched, or
// that the domain refuses, is left out with its reasons.
func ReadContactsCSV(r io.Reader, o CSVOptions) (Result[accounts.Contact], error) {
	text, assumed, err := readText(r, "contacts")
	if err != nil {
		return Result[accounts.Contact]{}, err
	}
	res, err := guarded("contacts", func(dl *deadline) (Result[accounts.Contact], error) {
		return readContacts(text, o, dl)
	})
	if err == nil {
		res.assumedCharset(assumed)
	}
	return res, err
}

func readContacts(text string, o CSVOptions, dl *deadline) (Result[accounts.Contact], error) {
	var res Result[accounts.Contact]
	t, err := readTable(text, "contacts", contactHeaders, dl)
	if err != nil {
		return res, err
	}
	res.Ignored = t.ignored
	if !t.has(colName) && !t.has(colFirst) && !t.has(colLast) {
		return res, accounts.Errorf(accounts.EINVALID, "intake.csv.no_contact_name")
	}
	if !t.has(colAccount) && o.DefaultAccount == "" && o.Account != nil {
		return res, accounts.Errorf(accounts.EINVALID, "intake.csv.no_account_column")
	}
	res.Problems = append(res.Problems, t.bad...)
	for i, rec := range t.rows {
		if dl.over() {
			return Result[accounts.Contact]{}, tooSlow("contacts")
		}
		row := t.rowNums[i]
		c := accounts.Contact{
			Name:        t.get(rec, colName),
			Title:       t.get(rec, colTitle),
			Department:  t.get(rec, colDept),
			Email:       t.get(rec, colEmail),
			MessagingID: t.get(rec, colMessaging),
			Phone:       joinNonEmpty(" / ", t.get(rec, colPhone), t.get(rec, colMobile)),
			Influence:   3,
		}
		if c.Name == "" {
			c.Name = personName(t.get(rec, colFirst), t.get(rec, colLast))
		}
		if s := t.get(rec, colBirthday); s != "" {
			if d, err := accounts.ParseDate(s); err == nil {
				c.Birthday = d
			} else {
				res.problem(row, "birthday", accounts.Say("intake.csv.bad_birthday", "Value", s), true)
			}
		}
		ref := t.get(rec, colAccount)
		switch {
		case ref != "" && o.Account != nil:
			id, ok := o.Account(ref)
			if !ok {
				res.problem(row, "account_id", accounts.Say("intake.csv.no_such_account", "Name", ref), false)
				continue
			}
			c.AccountID = id
		case ref == "" && o.DefaultAccount == "" && o.Account != nil:
			res.problem(row, "account_id", accounts.Phrase{Key: "intake.csv.no_account"}, false)
			continue
		default:
			c.AccountID = o.DefaultAccount
		}
		if err := validateContact(&c); err != nil {
			res.invalid(row, err)
			continue
		}
		res.add(c, row, ref)
	}
	return res, nil
}

// personName puts a first and last name together the way each is written:
// 张 + 伟 is 张伟, Ada + Lovelace is "Ada Lovelace".
func personName(first, last string) string {
	if hasHan(first) || hasHan(last) {
		return last + first
	}
	return joinNonEmpty(" ", first, last)
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// validateContact normalises and validates c, which may not have its
// account yet.
func validateContact(c *accounts.Contact) error {
	c.Normalize()
	return validatePending(&c.AccountID, c.Validate)
}
