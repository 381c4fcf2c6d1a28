package book

import (
	"context"
	"slices"
	"strings"

	"keycard/accounts"
	"keycard/teamserver"
)

// HandoverNote is what a manager writes for the successor.
type HandoverNote struct {
	Notes  string
	Reason string
}

// HandedAccount is one account a team handover moved.
type HandedAccount struct {
	ID   accounts.ID
	Name string
	From string
}

// TeamHandoverResult says what a team handover moved, and to whom.
type TeamHandoverResult struct {
	To       teamserver.User
	Accounts []HandedAccount
}

// TeamHandover is a manager's handover through the team server, without a
// file and without the departing person's laptop: the latest records come
// down first, then each departing owner's accounts pass to the successor
// in one handover (owner, open next steps, notes and the checklist of key
// contacts to be introduced), exactly as a local handover; the next sync
// takes it up, the successor's app receives the accounts and the departing
// person's app removes them. refs are account ids or names; toLogin is the
// successor's login (or display name) on the server.
func (b *Book) TeamHandover(ctx context.Context, src Source, refs []string, toLogin string, note HandoverNote) (TeamHandoverResult, error) {
	var res TeamHandoverResult
	l, err := b.linked()
	if err != nil {
		return res, err
	}
	if l.Role != string(teamserver.RoleManager) && l.Role != string(teamserver.RoleAdmin) {
		return res, accounts.Errorf(accounts.EFORBIDDEN, "team.handover.not_manager", "Name", l.Name)
	}
	if _, err := b.SyncOnce(ctx); err != nil {
		return res, err
	}
	users, err := b.TeamUsers(ctx)
	if err != nil {
		return res, err
	}
	to, err := successor(users, toLogin)
	if err != nil {
		return res, err
	}
	res.To = to
	byOwner, order, err := b.accountsByOwner(refs, to.Name)
	if err != nil {
		return res, err
	}
	for _, owner := range order {
		h, moved, err := b.handoverOf(owner, byOwner[owner], to.Name, note)
		if err != nil {
			return res, err
		}
		if _, err := b.CompleteHandover(src, h); err != nil {
			return res, err
		}
		res.Accounts = append(res.Accounts, moved...)
	}
	return res, nil
}

// successor finds the person on the server by login, or else by name.
func successor(users []teamserver.User, who string) (teamserver.User, error) {
	who = strings.TrimSpace(who)
	for _, byName := range []bool{false, true} {
		for _, u := range users {
			if (!byName && strings.EqualFold(u.Login, who)) || (byName && sameName(u.Name, who)) {
				if u.Disabled {
					return u, accounts.Errorf(accounts.EINVALID, "team.handover.to_disabled", "Login", u.Login)
				}
				return u, nil
			}
		}
	}
	return teamserver.User{}, accounts.Errorf(accounts.ENOTFOUND, "team.handover.no_such_user", "Login", who)
}

// accountsByOwner resolves refs to accounts grouped by their owner, in the
// order the owners first appear.
func (b *Book) accountsByOwner(refs []string, toName string) (map[string][]accounts.ID, []string, error) {
	by := map[string][]accounts.ID{}
	var order []string
	for _, ref := range refs {
		a, err := b.FindAccount(ref)
		if err != nil {
			return nil, nil, err
		}
		if sameName(a.Owner, toName) {
			return nil, nil, accounts.Errorf(accounts.EINVALID, "team.handover.already_theirs", "Name", a.Name, "To", toName)
		}
		if !slices.Contains(order, a.Owner) {
			order = append(order, a.Owner)
		}
		if !slices.Contains(by[a.Owner], a.ID) {
			by[a.Owner] = append(by[a.Owner], a.ID)
		}
	}
	return by, order, nil
}

// handoverOf builds one owner's handover: each account with the manager's
// notes and its key contacts to be introduced.
func (b *Book) handoverOf(owner string, ids []accounts.ID, to string, note HandoverNote) (*accounts.Handover, []HandedAccount, error) {
	h := &accounts.Handover{From: owner, Reason: note.Reason, Date: b.Today(), Status: accounts.HandoverDraft}
	var moved []HandedAccount
	for _, id := range ids {
		d, err := b.LoadAccount(id)
		if err != nil {
			return nil, nil, err
		}
		ha := accounts.HandoverAccount{AccountID: id, To: to, Notes: note.Notes}
		for _, c := range accounts.KeyContacts(d.Contacts) {
			ha.Introductions = append(ha.Introductions, accounts.Introduction{ContactID: c.ID})
		}
		h.Accounts = append(h.Accounts, ha)
		moved = append(moved, HandedAccount{ID: id, Name: d.Account.Name, From: owner})
	}
	return h, moved, nil
}

// MayHandOver refuses a handover here that the team server would refuse:
// on a connected database only a manager or an admin changes owners (a rep
// hands over with a bundle, or asks their manager).
func (b *Book) MayHandOver() error {
	l, err := b.st().TeamLinkInfo()
	if err != nil || l == nil {
		return err
	}
	if l.Role != string(teamserver.RoleManager) && l.Role != string(teamserver.RoleAdmin) {
		return accounts.Errorf(accounts.EFORBIDDEN, "team.handover.not_manager", "Name", l.Name)
	}
	return nil
}
