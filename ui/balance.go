package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// Sales against collections (检阅销售、收款是否平衡) on the profile card: the
// latest period's revenue and its trend, the overdue receivables and their
// share, the credit class, and the domain's advice where they are out of
// balance. It reads the stored account, so it shows what was saved.

// balanceBlock sits in the commercial group of the profile card.
type balanceBlock struct {
	facts   *widget.Label
	advice  *widget.Label
	content fyne.CanvasObject
}

func newBalanceBlock() *balanceBlock {
	b := &balanceBlock{
		facts:  &widget.Label{Wrapping: fyne.TextWrapWord},
		advice: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance},
	}
	title := &widget.Label{Text: lang.L("balance.title"), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameCaptionText}
	b.content = container.NewVBox(widget.NewSeparator(), title, b.facts, b.advice)
	return b
}

// show works out the account's balance on day.
func (b *balanceBlock) show(a *accounts.Account, day accounts.Date) {
	v := accounts.Balance(a, day)
	b.facts.SetText(balanceFacts(&v))
	var adv []string
	for _, p := range v.Advice {
		adv = append(adv, "• "+tx(p))
	}
	b.advice.Importance = widget.SuccessImportance
	if v.OutOfBalance {
		b.advice.Importance = widget.WarningImportance
	}
	b.advice.SetText(strings.Join(adv, "\n"))
	if len(adv) == 0 {
		b.advice.Hide()
	} else {
		b.advice.Show()
	}
}

// balanceFacts is the block's first lines: period and revenue with the
// trend, then overdue and credit.
func balanceFacts(v *accounts.BalanceView) string {
	var line1 string
	switch {
	case v.Period == "":
		line1 = lang.L("balance.norevenue")
	case v.HasTrend:
		line1 = lang.L("balance.latest.trend", map[string]any{"Period": v.Period, "Revenue": v.Revenue.String(), "Trend": fmt.Sprintf("%+.0f", v.TrendPct)})
	default:
		line1 = lang.L("balance.latest", map[string]any{"Period": v.Period, "Revenue": v.Revenue.String()})
	}
	var line2 string
	switch {
	case v.Overdue.Minor <= 0:
		line2 = lang.L("balance.overdue.none")
	case v.OverdueShare >= 0:
		line2 = lang.L("balance.overdue.share", map[string]any{"Amount": v.Overdue.String(), "Pct": fmt.Sprintf("%.0f", v.OverdueShare*100)})
	default:
		line2 = lang.L("balance.overdue", map[string]any{"Amount": v.Overdue.String()})
	}
	credit := tx(v.Credit.Label())
	if v.CreditRating != "" {
		credit += " (" + v.CreditRating + ")"
	}
	return line1 + "\n" + line2 + " · " + credit
}
