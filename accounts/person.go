package accounts

import "strings"

// Person is one entry of the team directory: a salesperson, who they
// report to and the regional office they work from. Accounts and
// opportunities name their owner by name, so the directory is keyed by
// the name too; it is what the manager's views group owners by and what
// the owner pickers offer. A team server's people are the same names.
type Person struct {
	Name    string `json:"name"`
	Manager string `json:"manager,omitempty"`
	Region  string `json:"region,omitempty"`
	Email   string `json:"email,omitempty"`
}

// PersonKey is how the directory finds a person: the name, ignoring case
// and surrounding space.
func PersonKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// Normalize trims the fields.
func (p *Person) Normalize() {
	for _, s := range []*string{&p.Name, &p.Manager, &p.Region, &p.Email} {
		*s = strings.TrimSpace(*s)
	}
}

// Validate reports every bad field of the entry.
func (p *Person) Validate() error {
	pr := &problems{entity: "person"}
	if p.Name == "" {
		pr.add("name", Phrase{Key: "field.person.needs_name"})
	}
	for _, f := range []struct{ name, v string }{{"name", p.Name}, {"manager", p.Manager}, {"region", p.Region}, {"email", p.Email}} {
		if len([]rune(f.v)) > 200 {
			pr.add(f.name, Phrase{Key: "field.person.too_long"})
		}
	}
	if p.Manager != "" && PersonKey(p.Manager) == PersonKey(p.Name) {
		pr.add("manager", Phrase{Key: "field.person.own_manager"})
	}
	return pr.err()
}
