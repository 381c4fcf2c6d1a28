package accounts

import (
	"sort"
	"strconv"
	"time"
)

// The map's change history answers the question asked before every visit:
// "what changed since I was last there?". Each change is one field of one
// contact, from one value to another, so it can be listed, filtered by date
// and read as a sentence.

// Fields a MapChange can record.
const (
	ChangeAttitude  = "attitude"
	ChangeInfluence = "influence"
	ChangeRole      = "role"
	ChangeTrust     = "trust"
	ChangeAdded     = "added"
	ChangeLeft      = "left"
	ChangeRemoved   = "removed"
)

// MapChange is one change to the decision-maker map. From and To hold stable
// codes ("neutral", "supporter", "4"), not labels, so the history reads
// correctly in either language.
type MapChange struct {
	AccountID ID        `json:"account_id"`
	ContactID ID        `json:"contact_id"`
	At        time.Time `json:"at"`
	Field     string    `json:"field"` // one of the Change… constants
	From      string    `json:"from,omitempty"`
	To        string    `json:"to,omitempty"`
}

// Describe returns the change as something to say about the named person:
// "Attitude of 张伟 changed from Neutral to Supporter". Codes become labels
// where the field has them.
func (c MapChange) Describe(who Phrase) Phrase {
	switch c.Field {
	case ChangeAdded, ChangeRemoved:
		return Say("mapchange."+c.Field, "Name", who)
	case ChangeLeft:
		if c.To == string(StatusActive) {
			return Say("mapchange.back", "Name", who)
		}
		return Say("mapchange.left", "Name", who)
	}
	label := func(code string) any {
		switch c.Field {
		case ChangeAttitude:
			return Attitude(code).Label()
		case ChangeRole:
			return BuyingRole(code).Label()
		case ChangeTrust:
			return Trust(code).Label()
		}
		return code
	}
	var field any = c.Field
	switch c.Field {
	case ChangeAttitude, ChangeInfluence, ChangeRole, ChangeTrust:
		field = Phrase{Key: "mapchange.field." + c.Field}
	}
	return Say("mapchange.changed", "Field", field, "Name", who, "From", label(c.From), "To", label(c.To))
}

// DiffContact lists what changed on the map between two versions of a
// contact: old nil means the contact was added, new nil that it was removed.
// Only the fields the map shows are compared; a new phone number is not news
// before a visit.
func DiffContact(old, new *Contact, at time.Time) []MapChange {
	switch {
	case old == nil && new == nil:
		return nil
	case old == nil:
		return []MapChange{{AccountID: new.AccountID, ContactID: new.ID, At: at, Field: ChangeAdded}}
	case new == nil:
		return []MapChange{{AccountID: old.AccountID, ContactID: old.ID, At: at, Field: ChangeRemoved}}
	}
	var out []MapChange
	add := func(field, from, to string) {
		if from != to {
			out = append(out, MapChange{AccountID: new.AccountID, ContactID: new.ID, At: at, Field: field, From: from, To: to})
		}
	}
	if old.Active() != new.Active() {
		from, to := string(StatusActive), string(StatusLeft)
		if new.Active() {
			from, to = to, from
		}
		add(ChangeLeft, from, to)
	}
	add(ChangeRole, string(old.Role), string(new.Role))
	add(ChangeAttitude, string(old.Attitude), string(new.Attitude))
	add(ChangeInfluence, strconv.Itoa(old.Influence), strconv.Itoa(new.Influence))
	add(ChangeTrust, string(trustOrUnknown(old.Trust)), string(trustOrUnknown(new.Trust)))
	return out
}

// ChangesSince returns the changes made strictly after since, oldest first
// (changes at the same moment keep their order), for "what changed since the
// last visit".
func ChangesSince(all []MapChange, since time.Time) []MapChange {
	var out []MapChange
	for _, c := range all {
		if c.At.After(since) {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// trustOrUnknown treats an unset trust as unknown, as Normalize does, so a
// record saved before normalisation does not show a change that is none.
func trustOrUnknown(t Trust) Trust {
	if t == "" {
		return TrustUnknown
	}
	return t
}
