package accounts

// This file holds the shapes of the computed views: the risk score, coverage
// findings and the map layout. The rules that fill them live in risk.go,
// value.go, coverage.go and layout.go.

// Reason is one traceable part of a risk score: "+18: no visit for 74 days,
// cadence 30 days". Points of all reasons add up to the score (before the
// cap at 100, which is itself shown as a reason).
type Reason struct {
	Code     string `json:"code"` // stable: "no_visit_in_cadence", "warning:late_payment"…
	Points   int    `json:"points"`
	Text     Phrase `json:"text"`     // the sentence with its evidence
	Recorded bool   `json:"recorded"` // from a recorded warning sign, not derived
}

// RiskScore is an account's defection risk, 0–100, with its reasons.
type RiskScore struct {
	AccountID ID        `json:"account_id"`
	Score     int       `json:"score"`
	Level     RiskLevel `json:"level"`
	Reasons   []Reason  `json:"reasons"` // highest points first
}

// Finding is one result of the coverage analysis of the buying centre: what
// is wrong, why it matters and what to do next.
type Finding struct {
	Code       string   `json:"code"` // stable: "no_economic_buyer", "single_threaded"…
	Severity   Severity `json:"severity"`
	What       Phrase   `json:"what"`
	Why        Phrase   `json:"why"`
	Action     Phrase   `json:"action"`
	ContactIDs []ID     `json:"contact_ids,omitempty"`
}
