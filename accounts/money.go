package accounts

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Money is an amount in minor units (cents, fen) of a currency. Integer
// minor units keep sums exact; the currency travels with the amount because a
// portfolio can hold accounts billed in CNY, USD and EUR.
type Money struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency,omitempty"` // ISO 4217, e.g. "CNY"; empty means the account's currency
}

// DefaultCurrency is used where no currency is given.
const DefaultCurrency = "CNY"

// Currencies lists the codes offered in forms, most common first.
var Currencies = []string{"CNY", "USD", "EUR", "HKD", "JPY", "GBP", "SGD"}

// Amount returns a Money of the given major units (e.g. yuan).
func Amount(major float64, currency string) Money {
	return Money{Minor: int64(math.Round(major * 100)), Currency: currency}
}

// Major returns the amount in major units.
func (m Money) Major() float64 { return float64(m.Minor) / 100 }

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.Minor == 0 }

// String formats as "CNY 1,234,567.89" (no decimals when whole).
func (m Money) String() string {
	cur := m.Currency
	if cur == "" {
		cur = DefaultCurrency
	}
	return cur + " " + FormatAmount(m.Minor)
}

// FormatAmount formats minor units with thousands separators.
func FormatAmount(minor int64) string {
	neg := minor < 0
	if neg {
		minor = -minor
	}
	whole, frac := minor/100, minor%100
	s := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != 0 {
		out += fmt.Sprintf(".%02d", frac)
	}
	if neg {
		out = "-" + out
	}
	return out
}

// ParseAmount reads "1,234.5", "1234", "12.5万" (ten-thousands) or "3.2m"
// into minor units.
func ParseAmount(in string) (int64, error) { return ParseAmountIn(in, 1) }

// ParseAmountIn reads an amount written in units of unit (1e6 for a
// column "in millions") into minor units, scaling before rounding so that
// "1.2345" millions keeps its last digits.
func ParseAmountIn(in string, unit float64) (int64, error) {
	if unit <= 0 {
		unit = 1
	}
	s := strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(in, ",", ""), "，", ""))
	if s == "" {
		return 0, nil
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "万"):
		mult, s = 1e4, strings.TrimSuffix(s, "万")
	case strings.HasSuffix(s, "亿"):
		mult, s = 1e8, strings.TrimSuffix(s, "亿")
	case strings.HasSuffix(strings.ToLower(s), "k"):
		mult, s = 1e3, s[:len(s)-1]
	case strings.HasSuffix(strings.ToLower(s), "m"):
		mult, s = 1e6, s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f*mult*unit) > 9e15 {
		return 0, &Error{Code: EINVALID, Msg: Say("error.amount.invalid", "Value", strings.TrimSpace(in))}
	}
	return int64(math.Round(f * mult * unit * 100)), nil
}

func validCurrency(c string) bool {
	if c == "" {
		return true
	}
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func (p *problems) money(field string, m Money) {
	if m.Minor < 0 {
		p.add(field, Phrase{Key: "field.money.amount_cannot_negative"})
	}
	if !validCurrency(m.Currency) {
		p.add(field, Say("field.money.currency", "Value", m.Currency))
	}
}
