package accounts

// PhraseKeys lists the translation keys the domain builds from codes at run
// time (enumeration labels, rule sentences, the role "why" of coverage), so
// that the test of the translation files can tell a key in use from a
// leftover. Keys written out whole in the source are found by that test
// itself.
func PhraseKeys() []string {
	var out []string
	enum := func(kind string, codes []string) {
		out = append(out, "enum."+kind+".name")
		for _, c := range codes {
			out = append(out, "enum."+kind+"."+c)
		}
	}
	enum(tierSet.kind, tierSet.codes())
	enum(abcSet.kind, abcSet.codes())
	enum(stageSet.kind, stageSet.codes())
	enum(roleSet.kind, roleSet.codes())
	enum(attitudeSet.kind, attitudeSet.codes())
	enum(trustSet.kind, trustSet.codes())
	enum(styleSet.kind, styleSet.codes())
	enum(contactStatusSet.kind, contactStatusSet.codes())
	enum(levelSet.kind, levelSet.codes())
	enum(visitKindSet.kind, visitKindSet.codes())
	enum(outcomeSet.kind, outcomeSet.codes())
	enum(warningKindSet.kind, warningKindSet.codes())
	enum(severitySet.kind, severitySet.codes())
	enum(warningStatusSet.kind, warningStatusSet.codes())
	enum(progressSet.kind, progressSet.codes())
	enum(oppStageSet.kind, oppStageSet.codes())
	enum(riskLevelSet.kind, riskLevelSet.codes())
	enum(handoverStatusSet.kind, handoverStatusSet.codes())
	enum(cardItemSet.kind, cardItemSet.codes())
	enum(creditClassSet.kind, creditClassSet.codes())
	enum(exitReasonSet.kind, exitReasonSet.codes())
	enum(periodKindSet.kind, periodKindSet.codes())
	for _, r := range completenessRules {
		out = append(out, missingKey(r.Item))
	}
	for _, r := range balanceRules {
		out = append(out, "balance."+r.Code+".advice")
	}
	for _, r := range ExitReasons() {
		out = append(out, "winback.fix."+string(r))
	}
	for _, k := range WarningKinds() {
		for _, m := range Playbook(k) {
			out = append(out, m.Title.Key, m.Detail.Key)
		}
	}
	for _, s := range Styles() {
		out = append(out, s.Advice().Key)
	}
	for _, q := range Quadrants() {
		out = append(out, q.Label().Key)
	}
	for _, r := range riskRules {
		out = append(out, r.keys()...)
	}
	for _, s := range []Signal{recordedSignal, capSignal} {
		out = append(out, s.Weight.Key, s.Meaning.Key)
	}
	for _, r := range coverageRules {
		out = append(out, r.keys()...)
	}
	for _, r := range BuyingRoles() {
		out = append(out, "coverage.role_why."+string(r))
	}
	for _, c := range []string{ECONFLICT, EINTERNAL, EINVALID, ENOTFOUND, ELOCKED, EFORMAT, EVERSION} {
		out = append(out, "error.code."+c)
	}
	return out
}
