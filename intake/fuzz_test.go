package intake

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

// The fuzz targets feed every reader arbitrary files and check what the
// issue asks of a reader of files from outside: it does not panic (the
// recover in guarded would hide a panic, so panicHook reports it), it
// answers within callBound, and every record it returns passes the
// domain's validation, with its row and reference.

// callBound is far above the time any seed takes (milliseconds) and far
// below the hang a hostile rule used to cause.
const callBound = 3 * time.Second

// fixtures is where real files from other tools' test suites are kept on
// the development machines; its files are added as seeds when present.
const fixtures = "/work/shared/fixtures"

// seedFiles adds as seeds the files in testdata and in the shared fixtures
// whose names end in one of exts.
func seedFiles(f *testing.F, exts ...string) {
	for _, root := range []string{"testdata", fixtures} {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			for _, ext := range exts {
				if strings.HasSuffix(strings.ToLower(path), ext) {
					if b, err := os.ReadFile(path); err == nil && len(b) < 1<<20 {
						f.Add(string(b))
					}
				}
			}
			return nil
		})
	}
}

// checked runs one read under the fuzz checks.
func checked[T any](t *testing.T, read func() (Result[T], error), validate func(*T) error) {
	var panicked any
	panicHook = func(p any) { panicked = p }
	defer func() { panicHook = nil }()
	start := time.Now()
	r, err := read()
	if d := time.Since(start); d > callBound {
		t.Fatalf("took %s", d)
	}
	if panicked != nil {
		t.Fatalf("panic: %v", panicked)
	}
	if err != nil {
		if _, ok := err.(*accounts.Error); !ok && !strings.Contains(err.Error(), "read the") {
			t.Fatalf("error without a sentence: %v", err)
		}
		return
	}
	if len(r.Records) != len(r.Rows) || len(r.Records) != len(r.Refs) {
		t.Fatalf("%d records, %d rows, %d refs", len(r.Records), len(r.Rows), len(r.Refs))
	}
	for i := range r.Records {
		if err := validate(&r.Records[i]); err != nil {
			t.Fatalf("invalid record %d returned: %v", i, err)
		}
	}
}

// FuzzReadAccountsCSV checks the accounts CSV reader.
func FuzzReadAccountsCSV(f *testing.F) {
	f.Add("Name,Owner,Tier,Stage,Website,Annual Revenue\nAcme,Ana,key,growth,https://a.example,12.5万\n")
	f.Add("客户名称;负责人;级别\n华东;王芳;战略客户\n\"bad\"quote;x;y\n")
	f.Add(gb18030(&testing.T{}, "客户名称,行业\n北方,能源\n"))
	seedFiles(f, ".csv")
	f.Fuzz(func(t *testing.T, in string) {
		checked(t, func() (Result[accounts.Account], error) {
			return ReadAccountsCSV(strings.NewReader(in), CSVOptions{Owner: "Ana", Now: now})
		}, func(a *accounts.Account) error { return a.Validate() })
	})
}

// FuzzReadContactsCSV checks the contacts CSV reader, matching every
// company to one account.
func FuzzReadContactsCSV(f *testing.F) {
	f.Add("Name,Title,Email,Company,Birthday\nAda Lovelace,CTO,ada@example.com,Acme,1980-03-31\n")
	f.Add("姓名,职务,邮箱,客户名称,生日\n王芳,采购总监,wf@example.cn,华东精密,1985/6/1\n")
	seedFiles(f, ".csv")
	match := func(ref string) (accounts.ID, bool) { return "acct", strings.TrimSpace(ref) != "" }
	f.Fuzz(func(t *testing.T, in string) {
		checked(t, func() (Result[accounts.Contact], error) {
			return ReadContactsCSV(strings.NewReader(in), CSVOptions{Account: match})
		}, func(c *accounts.Contact) error { return c.Validate() })
	})
}

// FuzzReadVCards checks the vCard reader.
func FuzzReadVCards(f *testing.F) {
	f.Add("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:\x8eR\x93c;\x91\xbe\x98Y\r\nTEL;WORK;VOICE:+81 3 1234\r\nEND:VCARD\r\n")
	f.Add("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:=CD=F5=B7=BC\r\nEND:VCARD\r\n")
	f.Add("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nORG:Acme;R&D\r\nBDAY:--0331\r\nEND:VCARD\r\n")
	seedFiles(f, ".vcf", ".vcard")
	f.Fuzz(func(t *testing.T, in string) {
		checked(t, func() (Result[accounts.Contact], error) {
			return ReadVCards(strings.NewReader(in), "acct")
		}, func(c *accounts.Contact) error { return c.Validate() })
	})
}

// FuzzReadICalendar checks the iCalendar reader, with Outlook's zones and
// the hostile time zones among the seeds.
func FuzzReadICalendar(f *testing.F) {
	for zone := range outlookZones {
		f.Add(outlookInvite(zone, "Custom", `"Custom"`, "20260715T090000"))
	}
	f.Add(outlookInvite("AUS Eastern", "Canberra, Melbourne, Sydney", "Canberra, Melbourne, Sydney", "20260115T090000"))
	seedFiles(f, ".ics")
	f.Fuzz(func(t *testing.T, in string) {
		checked(t, func() (Result[accounts.Visit], error) {
			return ReadICalendar(strings.NewReader(in), ICSOptions{Location: time.UTC})
		}, func(v *accounts.Visit) error { return validatePending(&v.AccountID, v.Validate) })
	})
}

// FuzzReadDealsCSV checks the opportunities reader, matching every
// account to one.
func FuzzReadDealsCSV(f *testing.F) {
	f.Add("account,product,deal_stage,engage_date,close_date,close_value\nAcme,GTX Pro,Won,2017-01-02,2017-03-01,4821\n")
	f.Add("Id,Name,AccountId,StageName,Amount,CloseDate\n006A,Big deal,001A,Closed Won,\"1,000.5\",3/15/2024\n")
	f.Add("商机编号,客户名称,产品,销售阶段,金额,预计成交日期\nCN1,华润集团,云平台,赢单,12.5万,2025年3月1日\n")
	seedFiles(f, ".csv")
	match := func(ref string) (accounts.ID, bool) { return "acct", strings.TrimSpace(ref) != "" }
	f.Fuzz(func(t *testing.T, in string) {
		checked(t, func() (Result[accounts.Deal], error) {
			return ReadDealsCSV(strings.NewReader(in), CSVOptions{Account: match, Money: Money{Currency: "USD", Unit: UnitMillion}})
		}, func(d *accounts.Deal) error {
			p := accounts.Plan{AccountID: d.AccountID, Opportunities: []accounts.Opportunity{d.Opportunity}}
			return p.Validate()
		})
	})
}

// FuzzReadTeamCSV checks the sales-team reader.
func FuzzReadTeamCSV(f *testing.F) {
	f.Add("sales_agent,manager,regional_office\nAnna Snelling,Dustin Brinkmann,Central\n")
	f.Add("姓名,经理,大区\n王芳,李伟,华东\n王芳,张敏,华南\n")
	seedFiles(f, ".csv")
	f.Fuzz(func(t *testing.T, in string) {
		checked(t, func() (Result[accounts.Person], error) {
			return ReadTeamCSV(strings.NewReader(in))
		}, func(p *accounts.Person) error { return p.Validate() })
	})
}

// FuzzReadAccountsParents checks the accounts reader with a parent column
// and money options.
func FuzzReadAccountsParents(f *testing.F) {
	f.Add("account,revenue,subsidiary_of\nAcme Asia,12.5,Acme\nAcme,100,\n")
	f.Add("Id,Name,ParentId,AnnualRevenue\n001B,Sub,001A,5\n001A,Head,,9\n")
	seedFiles(f, ".csv")
	f.Fuzz(func(t *testing.T, in string) {
		checked(t, func() (Result[accounts.Account], error) {
			return ReadAccountsCSV(strings.NewReader(in), CSVOptions{Owner: "Ana", Now: now, Money: Money{Currency: "USD", Unit: UnitMillion}})
		}, func(a *accounts.Account) error { return a.Validate() })
	})
}

// FuzzReadRatesCSV checks the exchange-rates CSV reader.
func FuzzReadRatesCSV(f *testing.F) {
	f.Add("currency,rate,date\nUSD,7.2,2026-06-01\nEUR,7.8,2026-06-01\n")
	f.Add("币种;汇率;生效日期\nUSD;7,1;2026/1/1\nXX;0;\nUSD;7.1;2026-01-01\n")
	f.Add("currency,rate,date\nUSD,NaN,2026-01-01\nJPY,1e308,2026-01-01\nGBP,-1,2026-02-30\n")
	seedFiles(f, "rates.csv")
	f.Fuzz(func(t *testing.T, in string) {
		checked(t, func() (Result[accounts.Rate], error) { return ReadRatesCSV(strings.NewReader(in)) },
			func(x *accounts.Rate) error { return x.Validate() })
	})
}
