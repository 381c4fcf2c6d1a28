package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// Card completeness on the profile card and in the portfolio list. The
// score is coaching data for the weekly card review — what would make the
// card useful before the next visit — so the block leads with what is
// missing and why, never with a ranking of the rep.

// maxMissingShown is how many missing items the profile card lists before
// "and N more": the heaviest come first, and six is what fits beside the
// identity fields without pushing them off screen.
const maxMissingShown = 6

// cardBlock is the completeness block at the top of the profile card.
type cardBlock struct {
	score   *widget.Label
	missing *widget.Label
	content *widget.Card
}

func newCardBlock() *cardBlock {
	b := &cardBlock{
		score:   &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		missing: &widget.Label{Wrapping: fyne.TextWrapWord},
	}
	note := &widget.Label{Text: lang.L("card.coaching"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	b.content = &widget.Card{Content: container.NewVBox(b.score, b.missing, note)}
	b.content.ExtendBaseWidget(b.content)
	b.content.Hide()
	return b
}

// show scores the loaded account on day.
func (b *cardBlock) show(d *accounts.AccountData, day accounts.Date) {
	c := accounts.CardCompleteness(d, day)
	b.score.SetText(lang.L("card.score", map[string]any{"Score": c.Score}))
	b.missing.SetText(missingText(c))
	b.content.Show()
}

// missingText lists the missing items, heaviest first, at most
// maxMissingShown and then how many more.
func missingText(c accounts.Completeness) string {
	if len(c.Missing) == 0 {
		return lang.L("card.complete")
	}
	s := lang.L("card.missing")
	for i, m := range c.Missing {
		if i == maxMissingShown {
			s += "\n" + lang.L("card.more", map[string]any{"Count": len(c.Missing) - i})
			break
		}
		s += "\n• " + tx(m.Phrase)
	}
	return s
}

// cardBadge is the short completeness of a portfolio row, "" when not
// scored yet.
func cardBadge(score int) string {
	if score < 0 {
		return ""
	}
	return lang.L("portfolio.card", map[string]any{"Score": score})
}
