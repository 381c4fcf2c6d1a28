package book

import (
	"strings"

	"keycard/accounts"
)

// SetRelationship sets how well one of our people (who) knows a contact:
// level now and the level wanted; no level removes the relationship. It
// applies the one cell to the contact as stored now, not to the copy a
// view showed, so quick edits of several cells of the same contact are all
// kept (the app queues them, one after the other).
func (b *Book) SetRelationship(src Source, contactID accounts.ID, who string, level, wanted accounts.RelationshipLevel) (Change, error) {
	c, err := b.st().Contact(contactID)
	if err != nil {
		return Change{}, err
	}
	next := WithRelationship(*c, who, level, wanted)
	return b.UpdateContact(src, &next)
}

// WithRelationship returns the contact with who's relationship set to level
// and wanted; no level removes it. The contact given is not changed.
func WithRelationship(c accounts.Contact, who string, level, wanted accounts.RelationshipLevel) accounts.Contact {
	rels := make([]accounts.Relationship, 0, len(c.Relationships)+1)
	done := false
	for _, r := range c.Relationships {
		if strings.TrimSpace(r.Person) != who {
			rels = append(rels, r)
			continue
		}
		if done || level == "" {
			continue
		}
		r.Level, r.Wanted = level, wanted
		rels = append(rels, r)
		done = true
	}
	if !done && level != "" {
		rels = append(rels, accounts.Relationship{Person: who, Level: level, Wanted: wanted})
	}
	c.Relationships = rels
	return c
}
