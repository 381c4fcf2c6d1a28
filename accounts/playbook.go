package accounts

// Playbooks against defection (防止大客户叛离): for each kind of warning sign,
// two to four counter-measures drawn from the training material's themes —
// talk to the customer early and often, keep what we promise consistent
// with what we deliver, guarantee the service — that the user can add to
// the account plan as actions in one step. The table is playbooks; each
// measure's sentences are "playbook.<kind>.<key>.title" (the action) and
// ".detail" (why and how).

// CounterMeasure is one suggested answer to a warning sign: a stable key
// within its kind, the action's title and a detail sentence, and how many
// days from today the action is due.
type CounterMeasure struct {
	Key       string `json:"key"`
	Title     Phrase `json:"title"`
	Detail    Phrase `json:"detail"`
	DueInDays int    `json:"due_in_days"`
}

// measure is a row of the table before its sentences are named.
type measure struct {
	key  string
	days int
}

// playbooks is the table: per kind, the measures in the order to do them.
var playbooks = map[WarningKind][]measure{
	WarnMultiSourcing:     {{"touch_plan", 7}, {"value_review", 14}, {"service_guarantee", 30}},
	WarnStrategyChange:    {{"meet_leadership", 7}, {"realign_plan", 21}},
	WarnProcurementChange: {{"meet_procurement", 7}, {"requalify", 14}},
	WarnChannelConflict:   {{"clarify_roles", 7}, {"one_voice", 14}},
	WarnKeyPersonLeft:     {{"meet_successor", 14}, {"widen_contacts", 30}},
	WarnOrdersDeclining:   {{"ask_why", 7}, {"recovery_offer", 21}},
	WarnLatePayment:       {{"reconcile", 7}, {"payment_plan", 14}},
	WarnComplaint:         {{"respond", 2}, {"fix_confirm", 14}, {"check_back", 30}},
	WarnCompetitor:        {{"learn_offer", 7}, {"show_difference", 14}, {"service_guarantee", 21}},
	WarnPricePressure:     {{"value_case", 10}, {"options", 21}},
	WarnReducedAccess:     {{"ask_coach", 7}, {"executive_visit", 21}},
	WarnReorganisation:    {{"redraw_map", 14}, {"introduce", 21}},
	WarnBudgetCut:         {{"prioritise", 14}, {"flexible_terms", 21}},
}

// Playbook returns the counter-measures for a kind of warning sign; nil for
// an unknown kind.
func Playbook(kind WarningKind) []CounterMeasure {
	ms := playbooks[kind]
	if len(ms) == 0 {
		return nil
	}
	out := make([]CounterMeasure, len(ms))
	for i, m := range ms {
		base := "playbook." + string(kind) + "." + m.key
		out[i] = CounterMeasure{Key: m.key, Title: Phrase{Key: base + ".title"}, Detail: Phrase{Key: base + ".detail"}, DueInDays: m.days}
	}
	return out
}

// Action turns the measure into a plan action for the account: a new id,
// planned, due DueInDays from today, owned by the sign's owner when it has
// one, else the account's. Plan actions store their text as typed, so say
// (the caller's locale) writes the title in the user's language.
func (c CounterMeasure) Action(a *Account, w *Warning, today Date, say func(Phrase) string) Action {
	owner := a.Owner
	if w != nil && w.Owner != "" {
		owner = w.Owner
	}
	return Action{ID: NewID(), Text: say(c.Title), Owner: owner, Due: today.AddDays(c.DueInDays), Status: ProgressPlanned}
}
