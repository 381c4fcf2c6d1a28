package accounts

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Meta is what every stored record carries. Version starts at 1 on create
// and goes up by one on every update; an update that carries a version other
// than the stored one is refused (optimistic concurrency), so two windows or
// an import cannot silently overwrite each other's edits.
type Meta struct {
	ID        ID        `json:"id"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Account is a key account's profile card (大客户资料卡): who they are, what
// they are worth to us, how the relationship stands, who else sells to them
// and what we know of their goals and habits. The contacts, visits, warning
// signs and plan hang off it by AccountID.
type Account struct {
	Meta

	// Identity.
	Name      string   `json:"name"`
	LegalName string   `json:"legal_name,omitempty"`
	Industry  string   `json:"industry,omitempty"`
	Region    string   `json:"region,omitempty"`
	City      string   `json:"city,omitempty"` // groups visit routes within a region
	Address   string   `json:"address,omitempty"`
	Website   string   `json:"website,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	// ParentID is the account's parent in a group (集团客户): the group's
	// head or an intermediate holding; empty when it belongs to none.
	ParentID ID `json:"parent_id,omitempty"`
	// ExternalID is the account's id in the CRM it was imported from
	// (Salesforce's Id), so the CRM's references to it (ParentId,
	// AccountId) find it again.
	ExternalID string `json:"external_id,omitempty"`

	// Ownership.
	Owner        string            `json:"owner"`
	Team         []string          `json:"team,omitempty"`
	OwnerHistory []OwnershipChange `json:"owner_history,omitempty"`

	// Classification. TierManual marks a tier the user chose over the
	// suggested one, so the suggestion does not overwrite it.
	Tier       Tier  `json:"tier"`
	TierManual bool  `json:"tier_manual,omitempty"`
	Stage      Stage `json:"stage"`

	// Commercial. Currency is the account's billing currency; amounts without
	// one are in it.
	Currency           string         `json:"currency,omitempty"`
	Revenue            []RevenueEntry `json:"revenue,omitempty"`
	Potential          Money          `json:"potential"` // what we could sell them a year
	CreditRating       string         `json:"credit_rating,omitempty"`
	PaymentTerms       string         `json:"payment_terms,omitempty"` // e.g. "Net 60"
	OverdueReceivables Money          `json:"overdue_receivables"`
	RenewalDate        Date           `json:"renewal_date"`
	CadenceDays        int            `json:"cadence_days,omitempty"` // how often the account should be seen; 0 = no cadence

	// Competition and understanding (知己知彼).
	Competitors       []Competitor `json:"competitors,omitempty"`
	StrategicGoals    string       `json:"strategic_goals,omitempty"`
	ValueProposition  string       `json:"value_proposition,omitempty"`
	WhyTheyBuy        string       `json:"why_they_buy,omitempty"`
	Strengths         string       `json:"strengths,omitempty"`
	Weaknesses        string       `json:"weaknesses,omitempty"`
	TransactionHabits string       `json:"transaction_habits,omitempty"` // 交易习惯
	Notes             string       `json:"notes,omitempty"`

	// Value model inputs (editable; see the value rules).
	RetentionRate float64 `json:"retention_rate,omitempty"` // yearly, 0–1; 0 means the default
	DiscountRate  float64 `json:"discount_rate,omitempty"`  // yearly, 0–1; 0 means the default

	// Targets are the yearly sales targets the manager sets in the regional
	// plan, one per year.
	Targets []YearTarget `json:"targets,omitempty"`
	// Exit records why and when the account was lost. It is set when the
	// account moves to the exit stage; older exits may lack it.
	Exit *ExitRecord `json:"exit,omitempty"`
}

// RevenueEntry is what the account bought from us in one period, and what we
// believe it spent in our category in total (for share of wallet).
type RevenueEntry struct {
	Period      string `json:"period"`       // "2026", "2026-Q3" or "2026-07"
	Amount      Money  `json:"amount"`       // revenue with us
	WalletTotal Money  `json:"wallet_total"` // their estimated total spend in our category; 0 = unknown
}

// ShareOfWallet returns Amount/WalletTotal, or -1 when the total is unknown.
func (r RevenueEntry) ShareOfWallet() float64 {
	if r.WalletTotal.Minor <= 0 {
		return -1
	}
	return float64(r.Amount.Minor) / float64(r.WalletTotal.Minor)
}

// Competitor is another supplier present at the account.
type Competitor struct {
	Name     string  `json:"name"`
	Share    float64 `json:"share,omitempty"` // estimated share of the account's spend, 0–1
	Position string  `json:"position,omitempty"`
	Notes    string  `json:"notes,omitempty"`
}

// OwnershipChange records one change of owner, kept for the whole life of
// the account.
type OwnershipChange struct {
	From       string    `json:"from"`
	To         string    `json:"to"`
	At         time.Time `json:"at"`
	Reason     string    `json:"reason,omitempty"`
	HandoverID ID        `json:"handover_id,omitempty"`
}

// CurrencyOrDefault returns the account's currency, CNY when unset.
func (a *Account) CurrencyOrDefault() string {
	if a.Currency == "" {
		return DefaultCurrency
	}
	return a.Currency
}

// LatestRevenue returns the entry with the greatest period and whether any exists.
func (a *Account) LatestRevenue() (RevenueEntry, bool) {
	var best RevenueEntry
	found := false
	for _, r := range a.Revenue {
		if !found || r.Period > best.Period {
			best, found = r, true
		}
	}
	return best, found
}

var periodRE = regexp.MustCompile(`^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$`)

// ValidPeriod reports whether p is "2026", "2026-Q3" or "2026-07".
func ValidPeriod(p string) bool { return periodRE.MatchString(p) }

// Normalize trims text fields and drops empty tags and team members so that
// stored records compare equal however they were typed.
func (a *Account) Normalize() {
	for _, s := range []*string{&a.Name, &a.LegalName, &a.Industry, &a.Region, &a.City, &a.Address, &a.Website, &a.Owner, &a.CreditRating, &a.PaymentTerms, &a.Currency, &a.ExternalID} {
		*s = strings.TrimSpace(*s)
	}
	a.Currency = strings.ToUpper(a.Currency)
	a.Tags = cleanList(a.Tags)
	a.Team = cleanList(a.Team)
}

func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Validate reports every bad field of the profile card at once.
func (a *Account) Validate() error {
	p := &problems{entity: "account"}
	if strings.TrimSpace(a.Name) == "" {
		p.add("name", Phrase{Key: "field.account.account_needs_name"})
	} else if len([]rune(a.Name)) > 200 {
		p.add("name", Phrase{Key: "field.account.name_longer_than_characters"})
	}
	if strings.TrimSpace(a.Owner) == "" {
		p.add("owner", Phrase{Key: "field.account.who_owns_account"})
	}
	if a.ParentID != "" && a.ParentID == a.ID {
		p.add("parent_id", Phrase{Key: "field.account.group.own_parent"})
	}
	if len(a.ExternalID) > 200 {
		p.add("external_id", Phrase{Key: "field.account.group.external_id_too_long"})
	}
	checkEnum(p, "tier", tierSet, a.Tier, true)
	checkEnum(p, "stage", stageSet, a.Stage, true)
	if a.Website != "" {
		u, err := url.Parse(a.Website)
		if err != nil || strings.ContainsAny(a.Website, " \t") || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
			p.add("website", Phrase{Key: "field.account.website_not_web_address"})
		}
	}
	if !validCurrency(a.Currency) {
		p.add("currency", Say("field.currency.code", "Value", a.Currency))
	}
	p.money("potential", a.Potential)
	p.money("overdue_receivables", a.OverdueReceivables)
	if a.CadenceDays < 0 || a.CadenceDays > 3650 {
		p.add("cadence_days", Phrase{Key: "field.account.visit_cadence_between_and"})
	}
	seen := map[string]bool{}
	for i, r := range a.Revenue {
		f := fmt.Sprintf("revenue[%d]", i)
		if !ValidPeriod(r.Period) {
			p.add(f+".period", Say("field.account.period_invalid", "Period", r.Period))
		} else if seen[r.Period] {
			p.add(f+".period", Say("field.account.period_twice", "Period", r.Period))
		}
		seen[r.Period] = true
		p.money(f+".amount", r.Amount)
		p.money(f+".wallet_total", r.WalletTotal)
		if r.WalletTotal.Minor > 0 && r.Amount.Minor > r.WalletTotal.Minor {
			p.add(f+".wallet_total", Phrase{Key: "field.account.their_total_spend_cannot"})
		}
	}
	for i, c := range a.Competitors {
		f := fmt.Sprintf("competitors[%d]", i)
		if strings.TrimSpace(c.Name) == "" {
			p.add(f+".name", Phrase{Key: "field.account.competitor_needs_name"})
		}
		if c.Share < 0 || c.Share > 1 {
			p.add(f+".share", Phrase{Key: "field.account.competitor_s_share_between"})
		}
	}
	a.checkManagerFields(p)
	for _, r := range []struct {
		f string
		v float64
	}{{"retention_rate", a.RetentionRate}, {"discount_rate", a.DiscountRate}} {
		if r.v < 0 || r.v >= 1 {
			p.add(r.f, Phrase{Key: "field.account.rate_at_least_and"})
		}
	}
	return p.err()
}

// checkManagerFields checks what the manager's views read: the place
// (region and city group visit routes), the yearly targets and the exit
// record. An account in the exit stage may lack the record (older data;
// the interface asks for it), but a record present must be whole.
func (a *Account) checkManagerFields(p *problems) {
	for _, f := range []struct{ name, v string }{{"region", a.Region}, {"city", a.City}} {
		if len([]rune(f.v)) > 200 {
			p.add(f.name, Phrase{Key: "field.account.place_too_long"})
		}
	}
	checkTargets(p, a.Targets)
	if a.Exit != nil {
		a.Exit.check(p, "exit.")
	}
}
