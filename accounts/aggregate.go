package accounts

// AccountData is the aggregate: one account with everything that hangs off
// it — its contacts and the influence links between them, its visits, its
// warning signs, its plan and the saved layout of its decision map. It is the
// unit the rest of Keycard passes around: what the store loads and writes in
// bulk (demo data, the generator, imports), what a handover bundle carries,
// what a PDF document prints and what the risk score reads. Visits are kept
// newest first.
type AccountData struct {
	Account  Account         `json:"account"`
	Contacts []Contact       `json:"contacts"`
	Links    []InfluenceLink `json:"links"`
	Visits   []Visit         `json:"visits"` // newest first
	Warnings []Warning       `json:"warnings"`
	Plan     *Plan           `json:"plan,omitempty"`
	Layout   *MapLayout      `json:"layout,omitempty"`
}

// RiskInput is what ScoreRisk reads of the account. It shares the
// aggregate's slices and account (no copy), so the result must not be kept
// past a change to d.
func (d *AccountData) RiskInput() RiskInput {
	return RiskInput{Account: &d.Account, Contacts: d.Contacts, Visits: d.Visits, Warnings: d.Warnings, Plan: d.Plan}
}
