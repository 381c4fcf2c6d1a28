package accounts

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
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

// Describe returns the change as a sentence about the named person:
// "Attitude of 张伟 changed from Neutral to Supporter".
func (c MapChange) Describe(lang string, name string) string {
	zh := strings.HasPrefix(strings.ToLower(lang), "zh")
	label := func(code string) string {
		var t Text
		switch c.Field {
		case ChangeAttitude:
			t = Attitude(code).Label()
		case ChangeRole:
			t = BuyingRole(code).Label()
		case ChangeTrust:
			t = Trust(code).Label()
		default:
			return code
		}
		return t.In(lang)
	}
	field := map[string]Text{
		ChangeAttitude:  {"Attitude", "态度"},
		ChangeInfluence: {"Influence", "影响力"},
		ChangeRole:      {"Buying role", "采购角色"},
		ChangeTrust:     {"Trust", "信任程度"},
	}
	switch c.Field {
	case ChangeAdded:
		if zh {
			return name + " 被加入决策图"
		}
		return name + " was added to the map"
	case ChangeRemoved:
		if zh {
			return name + " 从决策图中删除"
		}
		return name + " was removed from the map"
	case ChangeLeft:
		if c.To == string(StatusActive) {
			if zh {
				return name + " 重新标记为在职"
			}
			return name + " is marked as working at the account again"
		}
		if zh {
			return name + " 已离职"
		}
		return name + " left the company"
	}
	f, ok := field[c.Field]
	if !ok {
		f = Text{c.Field, c.Field}
	}
	if zh {
		return fmt.Sprintf("%s的%s由%s变为%s", name, f.Zh, label(c.From), label(c.To))
	}
	return fmt.Sprintf("%s of %s changed from %s to %s", f.En, name, label(c.From), label(c.To))
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
