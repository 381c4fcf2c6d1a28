package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/locale"
)

func TestFormAdapters(t *testing.T) {
	test.NewApp()
	var errs []accounts.FieldError
	for _, tc := range []struct {
		in   string
		want int64
	}{{"1,234.5", 123450}, {"12.5万", 12500000}, {"", 0}, {"3.2m", 320000000}} {
		e := entry(tc.in)
		if got := readMoney("x", e, "", &errs); got.Minor != tc.want {
			t.Errorf("readMoney(%q) = %d, want %d", tc.in, got.Minor, tc.want)
		}
	}
	if len(errs) != 0 {
		t.Fatalf("good amounts gave problems: %v", errs)
	}
	// an amount shown in an entry reads back to the same value
	m := accounts.Money{Minor: 123456789}
	if got := readMoney("x", entry(moneyText(m)), "", &errs); got.Minor != m.Minor {
		t.Errorf("round trip of %d gave %d", m.Minor, got.Minor)
	}
	readMoney("potential", entry("lots"), "", &errs)
	if len(errs) != 1 || errs[0].Field != "potential" || locale.Say(locale.Chinese, errs[0].Msg) == locale.Say(locale.English, errs[0].Msg) {
		t.Errorf("a bad amount should give one bilingual problem on its field, got %v", errs)
	}

	errs = nil
	if v := readPercent("r", entry("35"), &errs); v != 0.35 {
		t.Errorf("35 %% read as %v", v)
	}
	if s := percentText(0.35); s != "35" {
		t.Errorf("percentText(0.35) = %q", s)
	}
	d := widget.NewDateEntry()
	d.SetText("2026-03-31")
	if got := readDate("due", d, &errs); got != accounts.NewDate(2026, 3, 31) {
		t.Errorf("typed ISO date read as %v", got)
	}
	d.SetText("someday")
	readDate("due", d, &errs)
	if len(errs) != 1 || errs[0].Field != "due" {
		t.Errorf("a bad date should be a problem on its field, got %v", errs)
	}
	if got := fmt.Sprint(splitList("制造业，长期合作; EU, , EU")); got != "[制造业 长期合作 EU EU]" {
		t.Errorf("splitList = %s", got)
	}
}

func TestFieldErrorsGoNextToTheirField(t *testing.T) {
	test.NewApp()
	fe := fieldErrors{}
	fe.field("name", entry(""))
	fe.field("revenue", entry(""))
	rest := fe.show([]accounts.FieldError{
		{Field: "name", Msg: accounts.Phrase{Key: "field.account.account_needs_name"}},
		{Field: "revenue[1].period", Msg: accounts.Say("field.account.period_invalid", "Period", "2026-Q5")},
		{Field: "somewhere_else", Msg: accounts.Phrase{Key: "field.contact.contact_belong_account"}},
	})
	if !fe["name"].Visible() || fe["name"].Text == "" {
		t.Error("the name problem is not shown next to the name")
	}
	if fe["revenue"].Text == "" {
		t.Error("a problem of a revenue row should show under the revenue list")
	}
	if len(rest) != 1 || rest[0].Field != "somewhere_else" {
		t.Errorf("unplaced problems = %v", rest)
	}
	fe.show(nil)
	if fe["name"].Visible() {
		t.Error("messages stay after the problems are fixed")
	}
}
