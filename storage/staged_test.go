package storage

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

// stagedData is a portfolio large enough for a staged import to commit
// more than one batch on its copy: 60 accounts of about 107 records.
func stagedData(t *testing.T) []accounts.AccountData {
	t.Helper()
	data := portfolioOf(t, importStore(t, "source", t0), 60, 5, 100)
	if n := records(data); n <= stageBatch {
		t.Fatalf("%d records do not fill more than one batch of %d", n, stageBatch)
	}
	return data
}

func records(data []accounts.AccountData) int {
	n := 0
	for i := range data {
		n += recordCount(&data[i])
	}
	return n
}

func noStage(t *testing.T, s *Store) {
	t.Helper()
	if _, err := os.Stat(s.Path() + importSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the import's copy is left beside the database: %v", err)
	}
}

// pausedImport starts a staged import of data into dst that stops halfway
// through the stream; it returns once the import has stopped there.
// Closing release lets it go on; imported then hears how it ended.
func pausedImport(dst *Store, data []accounts.AccountData) (release chan struct{}, imported chan error) {
	reached := make(chan struct{})
	release, imported = make(chan struct{}), make(chan error, 1)
	stream := func(yield func(*accounts.AccountData) error) error {
		for i := range data {
			if i == len(data)/2 {
				close(reached)
				<-release
			}
			if err := yield(&data[i]); err != nil {
				return err
			}
		}
		return nil
	}
	go func() {
		_, err := dst.ImportStaged(stream, ImportOptions{PrivateIncluded: true})
		imported <- err
	}()
	<-reached
	return release, imported
}

// A staged import commits its batches on a copy, so a stream that fails
// at its end (a bundle whose checksum fails once it is read whole), or a
// last account that is refused, leaves the database as it was and no
// copy behind, although batches had committed.
func TestImportStagedIsAllOrNothing(t *testing.T) {
	data := stagedData(t)
	dst := importStore(t, "successor", t0)
	if _, err := dst.Import(data[:2]); err != nil {
		t.Fatal(err)
	}
	before := loadAll(t, dst)
	damaged := errors.New("the checksum of the bundle does not match")
	failsAtTheEnd := func(yield func(*accounts.AccountData) error) error {
		if err := Accounts(data)(yield); err != nil {
			return err
		}
		return damaged
	}
	if _, err := dst.ImportStaged(failsAtTheEnd, ImportOptions{}); !errors.Is(err, damaged) {
		t.Fatalf("got %v", err)
	}
	sameData(t, loadAll(t, dst), before)
	noStage(t, dst)

	bad := append([]accounts.AccountData(nil), data...)
	last := copyData(&bad[len(bad)-1])
	last.Contacts[0].Influence = 9
	bad[len(bad)-1] = last
	if _, err := dst.ImportStaged(Accounts(bad), ImportOptions{}); accounts.ErrorCode(err) != accounts.EINVALID || !strings.Contains(say(err), last.Account.Name) {
		t.Fatalf("got %v", err)
	}
	sameData(t, loadAll(t, dst), before)
	noStage(t, dst)
	if err := dst.Check(); err != nil {
		t.Fatal(err)
	}
}

// Staged or in one transaction, an import stores the same records and
// says the same of them; the store's list in memory follows the file
// that took the copy's place; a second import changes nothing and leaves
// the file where it is.
func TestImportStagedMatchesOneTransaction(t *testing.T) {
	data := stagedData(t)
	one, staged := importStore(t, "one", t0), importStore(t, "staged", t0)
	if _, err := staged.Summaries(); err != nil { // fills the list in memory
		t.Fatal(err)
	}
	want, err := one.Import(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := staged.ImportStaged(Accounts(data), ImportOptions{PrivateIncluded: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range planLists {
		if got.Count(list) != want.Count(list) {
			t.Errorf("%s: %d staged, %d in one transaction", list, got.Count(list), want.Count(list))
		}
	}
	sameData(t, loadAll(t, staged), loadAll(t, one))
	if sums, err := staged.Summaries(); err != nil || len(sums) != len(data) {
		t.Fatalf("the list shows %d accounts after the import (%v)", len(sums), err)
	}
	if err := staged.Check(); err != nil {
		t.Fatal(err)
	}
	noStage(t, staged)

	was, _ := os.Stat(staged.Path())
	again, err := staged.ImportStaged(Accounts(data), ImportOptions{PrivateIncluded: true})
	if err != nil || again.Changes() != 0 || again.Count(PlanSkipped) != records(data) {
		t.Fatalf("the second import: %d changes, %d skipped, %v", again.Changes(), again.Count(PlanSkipped), err)
	}
	if now, _ := os.Stat(staged.Path()); !os.SameFile(was, now) {
		t.Fatal("an import that changed nothing replaced the file")
	}
	noStage(t, staged)
}

// A write that comes while a staged import works on its copy waits for
// it and lands in the file that takes the copy's place: written to the
// file as it was, it would be lost with it. Readers go on reading.
func TestStagedImportKeepsTheWritesThatWaited(t *testing.T) {
	data := stagedData(t)
	dst := importStore(t, "successor", t0)
	if _, err := dst.Import(data[:1]); err != nil {
		t.Fatal(err)
	}
	release, imported := pausedImport(dst, data[1:])
	if sums, err := dst.Summaries(); err != nil || len(sums) != 1 {
		t.Fatalf("a reader during the import sees %d accounts (%v)", len(sums), err)
	}
	if _, err := dst.LoadAccount(data[0].Account.ID); err != nil {
		t.Fatalf("a reader during the import: %v", err)
	}
	v := accounts.Visit{AccountID: data[0].Account.ID, At: t0, Kind: accounts.KindCall, Summary: "called during the import"}
	wrote := make(chan error, 1)
	go func() { wrote <- dst.CreateVisit(&v) }()
	select {
	case err := <-wrote:
		t.Fatalf("a write went through while the import worked on its copy (%v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-imported; err != nil {
		t.Fatal(err)
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	d, err := dst.LoadAccount(data[0].Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range d.Visits {
		found = found || x.ID == v.ID
	}
	if !found {
		t.Fatal("the write that waited for the import is lost")
	}
	if sums, err := dst.Summaries(); err != nil || len(sums) != len(data) {
		t.Fatalf("%d accounts after the import (%v)", len(sums), err)
	}
	if err := dst.Check(); err != nil {
		t.Fatal(err)
	}
}

// A plan names every account and the first ListedRecords other records
// of each list, and counts the rest by kind: its memory does not grow
// with the bundle.
func TestImportPlanListsAccountsAndCountsTheRest(t *testing.T) {
	data := stagedData(t)
	p, err := importStore(t, "successor", t0).PlanImport(data)
	if err != nil {
		t.Fatal(err)
	}
	if countKind(p.Added, "account") != len(data) || len(p.Added) != len(data)+ListedRecords {
		t.Fatalf("%d accounts and %d other records listed", countKind(p.Added, "account"), len(p.Added)-countKind(p.Added, "account"))
	}
	if p.Count(PlanAdded) != records(data) || p.More[PlanAdded]["visit"] == 0 || p.Changes() != records(data) {
		t.Fatalf("counted %d of %d records; more %v", p.Count(PlanAdded), records(data), p.More)
	}
}

// Closing the store while a staged import works on its copy waits for
// the import, so the copy is put in place of an open file, not a closed
// one, and nothing is lost.
func TestCloseWaitsForAStagedImport(t *testing.T) {
	data := stagedData(t)
	dst := importStore(t, "successor", t0)
	release, imported := pausedImport(dst, data)
	closed := make(chan error, 1)
	go func() { closed <- dst.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("the store closed under a staged import (%v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-imported; err != nil {
		t.Fatal(err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if _, err := dst.Summaries(); accounts.ErrorCode(err) == "" {
		t.Fatal("a closed store answered")
	}
	again, err := Open(dst.Path(), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if sums, err := again.Summaries(); err != nil || len(sums) != len(data) {
		t.Fatalf("%d accounts in the file after the import and close (%v)", len(sums), err)
	}
	noStage(t, again)
}
