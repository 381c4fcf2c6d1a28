package storage

import (
	"errors"
	"strings"
	"testing"

	"keycard/accounts"
)

// A streamed import is all or nothing like any other: accounts already
// merged and written in its transaction are rolled back when the stream
// fails at its end (a bundle whose checksum only fails once it is read
// whole) or when its last account is refused.
func TestImportStreamIsAllOrNothing(t *testing.T) {
	src := importStore(t, "source", t0)
	data := exportedPortfolio(t, src, 4)
	dst := importStore(t, "successor", t0)
	if _, err := dst.Import(data[:1]); err != nil {
		t.Fatal(err)
	}
	changed := data[0]
	changed.Account.Region, changed.Account.Version = "West", changed.Account.Version+1
	changed.Account.UpdatedAt = changed.Account.UpdatedAt.Add(24 * 60 * 60 * 1e9)
	in := append([]accounts.AccountData{changed}, data[1:]...)
	before := loadAll(t, dst)

	damaged := errors.New("the checksum of the bundle does not match")
	handed := 0
	failsAtTheEnd := func(yield func(*accounts.AccountData) error) error {
		for i := range in {
			handed++
			if err := yield(&in[i]); err != nil {
				return err
			}
		}
		return damaged
	}
	if _, err := dst.ImportStream(failsAtTheEnd, ImportOptions{}); !errors.Is(err, damaged) {
		t.Fatalf("got %v", err)
	}
	if handed != len(in) {
		t.Fatalf("%d of %d accounts handed over", handed, len(in))
	}
	sameData(t, loadAll(t, dst), before)
	if err := dst.Check(); err != nil {
		t.Fatalf("the rolled back import left the file inconsistent: %v", err)
	}

	bad := append([]accounts.AccountData(nil), in...)
	last := copyData(&bad[len(bad)-1])
	last.Contacts[0].Influence = 9
	bad[len(bad)-1] = last
	_, err := dst.ImportStream(Accounts(bad), ImportOptions{})
	if accounts.ErrorCode(err) != accounts.EINVALID || !strings.Contains(say(err), last.Account.Name) {
		t.Fatalf("got %v", err)
	}
	sameData(t, loadAll(t, dst), before)

	// The plan of a stream that fails is no plan.
	if p, err := dst.PlanImportStream(failsAtTheEnd, ImportOptions{}); !errors.Is(err, damaged) || len(p.Added) != 0 {
		t.Fatalf("plan %d added, %v", len(p.Added), err)
	}

	// The same stream, sound, imports as a slice does.
	plan, err := dst.ImportStream(Accounts(in), ImportOptions{})
	if err != nil || len(plan.Updated) != 1 || countKind(plan.Added, "account") != 3 {
		t.Fatalf("updated %d, added %d accounts: %v", len(plan.Updated), countKind(plan.Added, "account"), err)
	}
}

// The stream's own panic is its caller's, not the file's damage.
func TestImportStreamPanicIsTheCallers(t *testing.T) {
	dst := importStore(t, "successor", t0)
	defer func() {
		if r := recover(); r != "the reader's bug" {
			t.Fatalf("recovered %v", r)
		}
		if _, err := dst.Summaries(); err != nil {
			t.Fatalf("the store took the caller's panic for damage: %v", err)
		}
	}()
	_, _ = dst.ImportStream(func(func(*accounts.AccountData) error) error { panic("the reader's bug") }, ImportOptions{})
}

func countKind(items []ImportItem, kind string) int {
	n := 0
	for _, it := range items {
		if it.Kind == kind {
			n++
		}
	}
	return n
}
