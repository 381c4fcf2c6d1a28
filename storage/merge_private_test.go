package storage

import (
	"testing"

	"keycard/accounts"
)

// withoutRemarks is data as a bundle made without private remarks carries it.
func withoutRemarks(data []accounts.AccountData) []accounts.AccountData {
	out := make([]accounts.AccountData, len(data))
	for i := range data {
		out[i] = copyData(&data[i])
		for j := range out[i].Contacts {
			out[i].Contacts[j].PrivateRemarks = ""
		}
	}
	return out
}

func TestImportWithoutPrivateRemarksKeepsThem(t *testing.T) {
	src := importStore(t, "source", t0)
	data := exportedPortfolio(t, src, 2)
	stripped := withoutRemarks(data)
	before := loadAll(t, src)

	// Taken as carrying the remarks, the bundle looks like it deleted them.
	plan, err := src.PlanImport(stripped)
	if err != nil {
		t.Fatal(err)
	}
	if kinds(plan.Conflicts)["contact"] != 8 {
		t.Fatalf("PlanImport found %d contact conflicts, want 8", kinds(plan.Conflicts)["contact"])
	}

	// Said to be without them, re-importing into its own database is a no-op.
	opts := ImportOptions{PrivateIncluded: false}
	plan, err = src.ImportWith(stripped, opts)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Changes() != 0 || len(plan.Conflicts) != 0 || kinds(plan.Skipped)["contact"] != 8 {
		t.Fatalf("re-import: %d changes, conflicts %v, skipped %v", plan.Changes(), plan.Conflicts, kinds(plan.Skipped))
	}
	sameData(t, loadAll(t, src), before)

	// A successor who has the remarks gets a newer version of a contact
	// from a bundle without them: the contact is updated, the remarks stay.
	dst := importStore(t, "successor", t0.AddDate(0, 0, 30))
	if _, err := dst.Import(data); err != nil {
		t.Fatal(err)
	}
	c := data[0].Contacts[0]
	c.Attitude = accounts.AttitudeSupporter
	if err := src.UpdateContact(&c); err != nil {
		t.Fatal(err)
	}
	newer := withoutRemarks(loadAll(t, src))
	plan, err = dst.ImportWith(newer, opts)
	if err != nil {
		t.Fatal(err)
	}
	if kinds(plan.Updated)["contact"] != 1 || len(plan.Conflicts) != 0 {
		t.Fatalf("import of a newer contact: updated %v, conflicts %v", plan.Updated, plan.Conflicts)
	}
	got, err := dst.Contact(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Attitude != accounts.AttitudeSupporter || got.PrivateRemarks != "likes tea" || got.Version != c.Version {
		t.Fatalf("the updated contact: %+v", got)
	}
	if stripped[0].Contacts[0].PrivateRemarks != "" {
		t.Fatal("ImportWith changed the caller's data")
	}
}
