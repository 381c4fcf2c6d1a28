package documents

import "keycard/accounts"

// The domain rules the documents print. Each is one call into package
// accounts so that a document always agrees with the app.

func scoreRisk(f AccountFile, today accounts.Date) accounts.RiskScore {
	return accounts.ScoreRisk(accounts.RiskInput{Account: &f.Account, Contacts: f.Contacts, Visits: f.Visits, Warnings: f.Warnings, Plan: f.Plan}, today)
}

func analyzeCoverage(contacts []accounts.Contact, visits []accounts.Visit, today accounts.Date) []accounts.Finding {
	return accounts.AnalyzeCoverage(contacts, visits, today)
}

// Map units of a contact card, as the app draws it.
const (
	cardWidth  = accounts.CardWidth
	cardHeight = accounts.CardHeight
)

func layoutMap(contacts []accounts.Contact) map[accounts.ID]accounts.Point {
	return accounts.LayoutMap(contacts)
}

func lastMet(visits []accounts.Visit) map[accounts.ID]accounts.Date {
	return accounts.LastMet(visits)
}
