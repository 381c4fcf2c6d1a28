package documents

import "keycard/accounts"

// scoreRisk is the risk the app shows for the account on today, so that a
// document always agrees with the app.
func scoreRisk(f *accounts.AccountData, today accounts.Date) accounts.RiskScore {
	return accounts.ScoreRisk(f.RiskInput(), today)
}
