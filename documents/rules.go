package documents

import "keycard/accounts"

// scoreRisk is the risk the app shows for the account on today, so that a
// document always agrees with the app.
func scoreRisk(f AccountFile, today accounts.Date) accounts.RiskScore {
	return accounts.ScoreRisk(accounts.RiskInput{Account: &f.Account, Contacts: f.Contacts, Visits: f.Visits, Warnings: f.Warnings, Plan: f.Plan}, today)
}
