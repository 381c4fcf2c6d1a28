package book

import (
	"slices"

	"keycard/accounts"
)

// Origin says where a change came from.
type Origin string

const (
	// Local is a change the person made here, in a form, a view or keycardctl.
	Local Origin = "local"
	// Import is a change read from a file (a bundle, a CSV, vCard or calendar
	// file, the demo portfolio).
	Import Origin = "import"
	// Server is a change another person made, brought in by a team server.
	Server Origin = "server"
)

// Source is who made a change: its origin and the form or view ("profile",
// "contacts", "today", "keycardctl" …) that made it, so a view can tell its
// own change from somebody else's.
type Source struct {
	Origin Origin
	View   string
}

// From is a local change made by the named form or view.
func From(view string) Source { return Source{Origin: Local, View: view} }

// CLI is the source of keycardctl's writes.
var CLI = From("keycardctl")

// Change says what one write changed, so that every view showing it can
// refresh, whatever made it.
type Change struct {
	Source Source
	// Accounts are the accounts whose records were created or changed.
	Accounts []accounts.ID
	// Deleted are the accounts that are gone.
	Deleted []accounts.ID
	// Portfolio is set when portfolio-wide figures moved beyond the rows of
	// Accounts: the set of accounts, owners, value classes, so the whole
	// risk board is scored again. A change to records under one account
	// leaves it unset: only that account is rescored.
	Portfolio bool
}

// Touches reports whether the change concerns the account (changed or deleted).
func (c Change) Touches(id accounts.ID) bool {
	return slices.Contains(c.Accounts, id) || slices.Contains(c.Deleted, id)
}

// IsDeleted reports whether the change deleted the account.
func (c Change) IsDeleted(id accounts.ID) bool { return slices.Contains(c.Deleted, id) }

// Empty reports a change that changed nothing.
func (c Change) Empty() bool {
	return len(c.Accounts) == 0 && len(c.Deleted) == 0 && !c.Portfolio
}

// Mine reports whether the view made the change itself, here.
func (c Change) Mine(view string) bool {
	return c.Source.Origin == Local && c.Source.View == view
}

// accountChange is the change of records under the given accounts.
func accountChange(src Source, ids ...accounts.ID) Change {
	return Change{Source: src, Accounts: dedupe(ids)}
}

func dedupe(ids []accounts.ID) []accounts.ID {
	var out []accounts.ID
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Subscribe calls fn with every change from now on, on the goroutine that
// made it (a listener that touches widgets hands it to its own goroutine).
// The returned function ends the subscription.
func (b *Book) Subscribe(fn func(Change)) (cancel func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.nextID
	b.nextID++
	b.subs[id] = fn
	return func() {
		b.mu.Lock()
		delete(b.subs, id)
		b.mu.Unlock()
	}
}

// Apply is the door for changes the person did not make through this book:
// records a team server has already written. The risk board learns which
// accounts to score again, and every listener is told, exactly as for a
// write made here.
func (b *Book) Apply(c Change) {
	b.publish(c)
}

// publish marks the risk board and tells every listener.
func (b *Book) publish(c Change) Change {
	if c.Empty() {
		return c
	}
	b.risk.mark(c)
	b.mu.Lock()
	ids := make([]int, 0, len(b.subs))
	for id := range b.subs {
		ids = append(ids, id)
	}
	slices.Sort(ids) // in order of subscription
	fns := make([]func(Change), len(ids))
	for i, id := range ids {
		fns[i] = b.subs[id]
	}
	b.mu.Unlock()
	for _, fn := range fns {
		fn(c)
	}
	return c
}
