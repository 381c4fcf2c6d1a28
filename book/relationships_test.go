package book

import (
	"testing"

	"keycard/accounts"
)

// WithRelationship sets, adds and removes one cell of the matrix.
func TestWithRelationship(t *testing.T) {
	c := accounts.Contact{Relationships: []accounts.Relationship{{Person: "Li Wei", Level: accounts.LevelVendor}, {Person: "Anna", Level: accounts.LevelSolver}}}
	tests := []struct {
		name          string
		who           string
		level, wanted accounts.RelationshipLevel
		want          []accounts.Relationship
	}{
		{"update", "Li Wei", accounts.LevelCredible, accounts.LevelAdvisor,
			[]accounts.Relationship{{Person: "Li Wei", Level: accounts.LevelCredible, Wanted: accounts.LevelAdvisor}, {Person: "Anna", Level: accounts.LevelSolver}}},
		{"add", "Bo", accounts.LevelVendor, "",
			[]accounts.Relationship{{Person: "Li Wei", Level: accounts.LevelVendor}, {Person: "Anna", Level: accounts.LevelSolver}, {Person: "Bo", Level: accounts.LevelVendor}}},
		{"remove", "Anna", "", "", []accounts.Relationship{{Person: "Li Wei", Level: accounts.LevelVendor}}},
	}
	for _, tt := range tests {
		got := WithRelationship(c, tt.who, tt.level, tt.wanted).Relationships
		if len(got) != len(tt.want) {
			t.Fatalf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Fatalf("%s: got %+v, want %+v", tt.name, got, tt.want)
			}
		}
	}
	if len(c.Relationships) != 2 || c.Relationships[0].Level != accounts.LevelVendor {
		t.Fatal("WithRelationship changed the contact it was given")
	}
}
