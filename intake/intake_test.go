package intake

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/locale"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func gb18030(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func problems[T any](r Result[T]) string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, locale.Say(locale.English, p.Line()))
	}
	return strings.Join(out, "\n")
}

func TestReadAccountsCSV(t *testing.T) {
	zh := "客户名称,行业,地区,负责人,级别,阶段,年销售额,标签,备注\n" +
		"华东精密机械有限公司,制造业,上海,王芳,战略客户,成熟期,12.5万,重点;华东,老客户\n" +
		"北方能源集团,能源,北京,,重点客户,衰退期,,,\n"
	tests := []struct {
		name      string
		in        string
		opts      CSVOptions
		wantNames []string
		check     func(t *testing.T, r Result[accounts.Account])
		wantProbs []string // substrings
		wantErr   string
		opts2     bool // also date the revenue
	}{
		{
			name: "Chinese headers, UTF-8 with BOM", in: "\ufeff" + zh, opts: CSVOptions{Owner: "李雷", Now: now},
			wantNames: []string{"华东精密机械有限公司", "北方能源集团"},
			check: func(t *testing.T, r Result[accounts.Account]) {
				a := r.Records[0]
				if a.Owner != "王芳" || a.Tier != accounts.TierStrategic || !a.TierManual || a.Stage != accounts.StageMature ||
					a.Industry != "制造业" || a.Region != "上海" || a.Notes != "老客户" || len(a.Tags) != 2 {
					t.Errorf("first row mapped as %+v", a)
				}
				if len(a.Revenue) != 1 || a.Revenue[0].Period != "2026" || a.Revenue[0].Amount.Minor != 12_500_000 {
					t.Errorf("revenue %+v, want 125000.00 for 2026", a.Revenue)
				}
				if b := r.Records[1]; b.Owner != "李雷" || b.Stage != accounts.StageDecline {
					t.Errorf("second row: owner %q stage %q, want the default owner and decline", b.Owner, b.Stage)
				}
			},
		},
		{
			name: "GB18030 from Chinese Excel", in: gb18030(t, zh), opts: CSVOptions{Owner: "李雷"},
			wantNames: []string{"华东精密机械有限公司", "北方能源集团"},
		},
		{
			name: "semicolons from European Excel", opts: CSVOptions{Owner: "Ana"},
			in:        "Account Name;Industry;City;Country;Tier;Stage\nMüller GmbH;Maschinenbau;München;Deutschland;key;growth\n\"Dupont; Fils\";Chimie;Lyon;France;gold;\n",
			wantNames: []string{"Müller GmbH", "Dupont; Fils"},
			check: func(t *testing.T, r Result[accounts.Account]) {
				if r.Records[0].Region != "München, Deutschland" || r.Records[0].Tier != accounts.TierKey {
					t.Errorf("first row %+v", r.Records[0])
				}
				if r.Records[1].Tier != accounts.TierMaintain || r.Records[1].Stage != accounts.StageProspect {
					t.Errorf("unknown tier and empty stage gave %q %q, want maintain and prospect", r.Records[1].Tier, r.Records[1].Stage)
				}
			},
			wantProbs: []string{`row 3: "gold" is not a tier`, "row 3: no stage given; imported as prospect"},
		},
		{
			name: "broken rows are reported and left out", opts: CSVOptions{Owner: "Ana"},
			in: "Name,Website,Stage,Annual Revenue\n" +
				"Good Co,https://good.example,growth,\n" +
				",https://noname.example,growth,\n" +
				"Bad Site,ftp://files.example,growth,\n" +
				"Good Co,,growth,\n" +
				"Odd Revenue,,growth,lots\n" +
				"\"Broken \"quote\" Inc\",,growth,\n" +
				",,,\n" +
				"Last Co,,exit,\n",
			opts2:     true,
			wantNames: []string{"Good Co", "Odd Revenue", "Last Co"},
			wantProbs: []string{"row 3: the account needs a name", "row 4: the website is not a web address", "row 5: Good Co is already on row 2", `row 6: "lots" is not an amount`, "row 7: this row is not valid CSV"},
		},
		{name: "no name column", in: "Foo,Bar\n1,2\n", opts: CSVOptions{Owner: "x"}, wantErr: "holds the account name"},
		{name: "no owner anywhere", in: "Name\nAcme\n", wantErr: "no Owner"},
		{name: "empty file", in: "  \n", opts: CSVOptions{Owner: "x"}, wantErr: "empty"},
		{name: "UTF-16 file", in: "\xff\xfeN\x00a\x00", opts: CSVOptions{Owner: "x"}, wantErr: "UTF-16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts
			if tc.opts2 {
				o.Now = now
			}
			r, err := ReadAccountsCSV(strings.NewReader(tc.in), o)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(locale.Error(locale.English, err), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range r.Records {
				names = append(names, a.Name)
				if err := a.Validate(); err != nil {
					t.Errorf("returned an invalid account: %v", err)
				}
			}
			if strings.Join(names, "|") != strings.Join(tc.wantNames, "|") {
				t.Errorf("imported %q, want %q\nproblems:\n%s", names, tc.wantNames, problems(r))
			}
			got := problems(r)
			for _, w := range tc.wantProbs {
				if !strings.Contains(got, w) {
					t.Errorf("problems do not say %q:\n%s", w, got)
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func TestReadAccountsCSVSalesforceExport(t *testing.T) {
	r, err := ReadAccountsCSV(open(t, "salesforce_accounts.csv"), CSVOptions{Owner: "Ana", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Records) != 50 || r.Skipped() != 0 {
		t.Fatalf("%d accounts, %d rows left out; want all 50\n%s", len(r.Records), r.Skipped(), problems(r))
	}
	a := r.Records[0]
	if a.Name != "Zoonoodle 37" || a.Address != "4 Del Mar Pass, Newark, DE 19725, United States" ||
		a.Region != "Newark, United States" || a.Industry != "" || !strings.Contains(a.Notes, "Phone: 1(302)556-4395") ||
		len(a.Revenue) != 1 || a.Revenue[0].Amount.Minor != 511758600 {
		t.Errorf("first account mapped as %+v", a)
	}
	if !strings.Contains(strings.Join(r.Ignored, ","), "NumberOfEmployees") || strings.Contains(strings.Join(r.Ignored, ","), "billingstreet") {
		t.Errorf("ignored columns %q: want NumberOfEmployees listed and the billing address used", r.Ignored)
	}
}

func TestReadContactsCSV(t *testing.T) {
	acme := accounts.ID("acct-acme")
	find := func(s string) (accounts.ID, bool) {
		if s == "Acme" || s == "艾克米" || s == "@AccountRef10" {
			return acme, true
		}
		return "", false
	}
	tests := []struct {
		name      string
		in        string
		want      []string // name|title|email|phone|birthday
		wantProbs []string
		wantErr   string
	}{
		{
			name: "Chinese GB18030", in: gb18030(t, "姓名,职务,部门,邮箱,电话,手机,公司名称,生日,微信\n张伟,采购总监,采购部,zhang@acme.cn,021-5555,13800000000,艾克米,1980-03-31,zw_wechat\n"),
			want: []string{"张伟|采购总监|zhang@acme.cn|021-5555 / 13800000000|1980-03-31"},
		},
		{
			name: "first and last names, broken rows",
			in: "First Name;Last Name;Company;Email;Date of birth\n" +
				"Ada;Lovelace;Acme;ada@acme.example;1815-12-10\n" +
				"伟;张;Acme;;\n" +
				"Bob;Stone;Nowhere Ltd;bob@nowhere.example;\n" +
				"Cy;Hill;Acme;not-an-email;\n" +
				"Di;Moss;;di@acme.example;\n" +
				"Ed;Wu;Acme;;31/12/1990\n",
			want:      []string{"Ada Lovelace||ada@acme.example||1815-12-10", "张伟||||", "Ed Wu||||"},
			wantProbs: []string{`row 4: there is no account "Nowhere Ltd"`, "row 5: the email address is not valid", "row 6: the row does not say which account", `row 7: "31/12/1990" is not a date`},
		},
		{name: "no name column", in: "Email,Company\na@b.c,Acme\n", wantErr: "contact's name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ReadContactsCSV(strings.NewReader(tc.in), CSVOptions{Account: find})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(locale.Error(locale.English, err), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range r.Records {
				if c.AccountID != acme {
					t.Errorf("%s: account %q", c.Name, c.AccountID)
				}
				bd := ""
				if !c.Birthday.IsZero() {
					bd = c.Birthday.String()
				}
				got = append(got, strings.Join([]string{c.Name, c.Title, c.Email, c.Phone, bd}, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\nproblems:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"), problems(r))
			}
			for _, w := range tc.wantProbs {
				if !strings.Contains(problems(r), w) {
					t.Errorf("problems do not say %q:\n%s", w, problems(r))
				}
			}
		})
	}
}

func TestReadContactsCSVSalesforceExport(t *testing.T) {
	// Only @AccountRef10 is known: its contacts come in, the rest are
	// reported with the reference that did not match.
	r, err := ReadContactsCSV(open(t, "salesforce_contacts.csv"), CSVOptions{Account: func(s string) (accounts.ID, bool) {
		return "acct", s == "@AccountRef10"
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Records) == 0 || r.Records[0].Name != "Lianna Sinisbury" || r.Records[0].Title != "Statistician I" {
		t.Fatalf("records %+v", r.Records)
	}
	if len(r.Records)+r.Skipped() != 150 || !strings.Contains(problems(r), `there is no account "@AccountRef1"`) {
		t.Errorf("%d imported + %d left out, want 150 rows in all\n%s", len(r.Records), r.Skipped(), problems(r))
	}
}

func TestReadVCards(t *testing.T) {
	tests := []struct {
		file, want, org string
		ignored         string
		prob            string
	}{
		{"john_doe_iphone.vcf", "Mr. John Richter James Doe Sr.|Money Counter|Accounting|john.doe@ibm.com|905-555-1234 / 905-777-1234|2012-06-06", "IBM", "PHOTO", ""},
		{"outlook_2007.vcf", "Mr. Michael Angstadt Jr.|TheJobTitle|TheDepartment|mike.angstadt@gmail.com|(111) 555-4444 / (111) 555-1111|1922-03-10", "TheCompany", "NOTE", ""},
		{"rfc6350_example.vcf", "Simon Perreault|||simon.perreault@viagenie.ca|+1-418-656-9254;ext=102 / +1-418-262-6501|", "Viagenie", "ADR", `the birthday "--0203" has no year`},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			r, err := ReadVCards(open(t, tc.file), "acct")
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Records) != 1 {
				t.Fatalf("%d contacts, want 1\n%s", len(r.Records), problems(r))
			}
			c := r.Records[0]
			bd := ""
			if !c.Birthday.IsZero() {
				bd = c.Birthday.String()
			}
			got := strings.Join([]string{c.Name, c.Title, c.Department, c.Email, c.Phone, bd}, "|")
			if got != tc.want || r.Refs[0] != tc.org || c.AccountID != "acct" {
				t.Errorf("got %q org %q account %q\nwant %q org %q", got, r.Refs[0], c.AccountID, tc.want, tc.org)
			}
			if c.PrivateRemarks != "" || c.PersonalInterests != "" {
				t.Errorf("the card's note went into %q / %q; it must not", c.PrivateRemarks, c.PersonalInterests)
			}
			if !strings.Contains(strings.Join(r.Ignored, ","), tc.ignored) {
				t.Errorf("ignored %q, want %s listed", r.Ignored, tc.ignored)
			}
			if !strings.Contains(problems(r), tc.prob) {
				t.Errorf("problems %q, want %q", problems(r), tc.prob)
			}
		})
	}
}

func TestReadVCardsChinesePhoneExport(t *testing.T) {
	// vCard 2.1 as Android phones write Chinese names: quoted-printable
	// UTF-8, broken over lines, bare type parameters; plus a company card
	// and a card with a WeChat id.
	in := "BEGIN:VCARD\r\nVERSION:2.1\r\n" +
		"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=BC=9F;;;\r\n" +
		"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=BC=9F=E6=80=BB=E7=\r\n=BB=8F=E7=90=86\r\n" +
		"TEL;CELL;PREF:13800000000\r\nTEL;HOME:010-1111\r\nTEL;WORK;FAX:010-2222\r\n" +
		"X-WECHAT:zhangwei88\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Acme Inc\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nEMAIL:not-an-address\r\nEND:VCARD\r\n"
	r, err := ReadVCards(strings.NewReader(in), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Records) != 1 {
		t.Fatalf("%d contacts, want 1\n%s", len(r.Records), problems(r))
	}
	c := r.Records[0]
	if c.Name != "张伟总经理" || c.Phone != "13800000000" || c.MessagingID != "zhangwei88" || c.AccountID != "" {
		t.Errorf("got %+v", c)
	}
	p := problems(r)
	if !strings.Contains(p, "row 2: this card is a org") || !strings.Contains(p, "row 3: the email address is not valid") {
		t.Errorf("problems:\n%s", p)
	}
}

func TestReadVCardsRefusesOtherFiles(t *testing.T) {
	for _, in := range []string{"", "hello\nworld\n", "Name,Email\nA,b@c.d\n"} {
		if _, err := ReadVCards(strings.NewReader(in), "a"); err == nil {
			t.Errorf("%q read as vCards", in)
		}
	}
	big := bytes.Repeat([]byte("x"), MaxFileSize+1)
	if _, err := ReadVCards(bytes.NewReader(big), "a"); err == nil || !strings.Contains(locale.Error(locale.English, err), "larger than 50 MB") {
		t.Errorf("a file over the limit gave %v", err)
	}
}

func TestReadICalendar(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	tests := []struct {
		file       string
		wantAt     []time.Time
		wantKind   []accounts.VisitKind
		wantObj    string
		wantSumm   string
		wantProb   string
		wantNoEvts bool
	}{
		{file: "x_location.ics", wantAt: []time.Time{time.Date(2016, 10, 28, 14, 0, 0, 0, zurich)}, wantKind: []accounts.VisitKind{accounts.KindOnSite},
			wantObj: "Daily Sync", wantSumm: "Some Description\n\nLocation: Roadstar 16\n12764 Happyville\nDenmark", wantProb: "repeats; only its first date"},
		// Exchange's own zone name, resolved through the file's VTIMEZONE: summer time, +02:00.
		{file: "issue_165_missing_event.ics", wantAt: []time.Time{time.Date(2015, 7, 3, 8, 0, 0, 0, time.UTC)}, wantKind: []accounts.VisitKind{accounts.KindOther}, wantObj: "Sprint 25 Daily Standup"},
		{file: "created_calendar_with_unicode_fields.ics", wantAt: []time.Time{time.Date(2010, 10, 10, 10, 0, 0, 0, time.UTC), time.Date(2010, 10, 10, 0, 0, 0, 0, time.UTC)},
			wantKind: []accounts.VisitKind{accounts.KindOnSite, accounts.KindOther}, wantObj: "Non-ASCII Test: ÄÖÜ äöü €", wantProb: "row 3: event has no start time"},
		{file: "issue_350.ics", wantAt: []time.Time{time.Date(2022, 2, 22, 18, 30, 0, 0, time.UTC)}, wantKind: []accounts.VisitKind{accounts.KindVideo}},
		{file: "bom_calendar.ics", wantProb: "holds no events"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			r, err := ReadICalendar(open(t, tc.file), ICSOptions{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Records) != len(tc.wantAt) {
				t.Fatalf("%d visits, want %d\n%s", len(r.Records), len(tc.wantAt), problems(r))
			}
			for i, v := range r.Records {
				if !v.At.Equal(tc.wantAt[i]) || v.Kind != tc.wantKind[i] {
					t.Errorf("visit %d at %v kind %s, want %v %s", i, v.At, v.Kind, tc.wantAt[i], tc.wantKind[i])
				}
			}
			if tc.wantObj != "" && r.Records[0].Objective != tc.wantObj {
				t.Errorf("objective %q", r.Records[0].Objective)
			}
			if tc.wantSumm != "" && r.Records[0].Summary != tc.wantSumm {
				t.Errorf("summary %q", r.Records[0].Summary)
			}
			if !strings.Contains(problems(r), tc.wantProb) {
				t.Errorf("problems %q, want %q", problems(r), tc.wantProb)
			}
		})
	}
}

func TestReadICalendarMatchesAttendees(t *testing.T) {
	in := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" +
		"BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Asia/Shanghai:20260310T093000\r\nSUMMARY:季度回顾\r\n" +
		"DESCRIPTION:Join https://meeting.tencent.com/dm/abc\r\nORGANIZER:mailto:me@ours.example\r\n" +
		"ATTENDEE;CN=Zhang:mailto:Zhang@Acme.example\r\nATTENDEE:mailto:stranger@else.example\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:2\r\nDTSTART:20260311T010000Z\r\nSUMMARY:Lunch\r\nATTENDEE:mailto:stranger@else.example\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:3\r\nDTSTART:20260312T010000Z\r\nSTATUS:CANCELLED\r\nSUMMARY:Off\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	contacts := map[string]accounts.ID{"zhang@acme.example": "c-zhang"}
	r, err := ReadICalendar(strings.NewReader(in), ICSOptions{
		ContactByEmail: func(m string) (accounts.ID, bool) { id, ok := contacts[m]; return id, ok },
		Account: func(ev Event) (accounts.ID, bool) {
			if len(ev.ContactIDs) > 0 {
				return "acct-acme", true
			}
			return "", false
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Records) != 1 {
		t.Fatalf("%d visits\n%s", len(r.Records), problems(r))
	}
	v := r.Records[0]
	if v.AccountID != "acct-acme" || len(v.ContactIDs) != 1 || v.ContactIDs[0] != "c-zhang" || v.Kind != accounts.KindVideo ||
		!v.At.Equal(time.Date(2026, 3, 10, 1, 30, 0, 0, time.UTC)) || v.Objective != "季度回顾" {
		t.Errorf("visit %+v", v)
	}
	p := problems(r)
	if !strings.Contains(p, `row 2: event "Lunch" on 2026-03-11 matches no account`) || !strings.Contains(p, `row 3: event "Off" was cancelled`) {
		t.Errorf("problems:\n%s", p)
	}
}

func TestReadICalendarRefusesOtherFiles(t *testing.T) {
	for _, in := range []string{"", "BEGIN:VCARD\nEND:VCARD\n", "BEGIN:VCALENDAR\nBEGIN:VEVENT\n"} {
		if _, err := ReadICalendar(strings.NewReader(in), ICSOptions{}); err == nil {
			t.Errorf("%q read as a calendar", in)
		}
	}
}

// BenchmarkReadAccountsCSV reads a 2,000-account export, the size of a
// large real portfolio.
func BenchmarkReadAccountsCSV(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Account Name,Industry,City,Country,Owner,Tier,Stage,Annual Revenue,Website\n")
	for i := 0; i < 2000; i++ {
		sb.WriteString("Account " + strings.Repeat("x", i%7) + string(rune('A'+i%26)) + " " + time.Duration(i).String() +
			",Manufacturing,Shanghai,China,Ana,key,growth,125000,https://a.example\n")
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		r, err := ReadAccountsCSV(strings.NewReader(in), CSVOptions{Now: now})
		if err != nil || len(r.Records) != 2000 {
			b.Fatalf("%d records, %v", len(r.Records), err)
		}
	}
}

// Problems are shown in the interface language, so each carries Chinese too.
func TestProblemsSpeakBothLanguages(t *testing.T) {
	in := "name,tier,annual revenue\nAcme,platinum,abc\n,key,\n"
	res, err := ReadAccountsCSV(strings.NewReader(in), CSVOptions{Owner: "Li Wei", Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) == 0 {
		t.Fatal("no problems reported for a bad tier, a bad amount and a missing name")
	}
	for _, p := range res.Problems {
		if en, zh := locale.Say(locale.English, p.Msg), locale.Say(locale.Chinese, p.Msg); zh == "" || zh == en {
			t.Errorf("row %d %s has no Chinese message: %q", p.Row, p.Field, en)
		}
	}
}
