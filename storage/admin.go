package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unsafe"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"keycard/accounts"
	"keycard/atomicfile"
)

// backup writes a consistent copy of the whole file from one read
// transaction, so the app may keep writing meanwhile. The store is checked
// first: a damaged database is not copied into a backup that restore would
// refuse on the day it is needed.
func (s *Store) backup(w io.Writer) (int64, error) {
	if err := s.refuseDamaged(); err != nil {
		return 0, err
	}
	if problems, err := s.problems(); err != nil {
		return 0, err
	} else if len(problems) > 0 {
		return 0, s.backupRefused(problems)
	}
	return s.writeTo(w)
}

// writeTo copies the file as it is in one read transaction.
func (s *Store) writeTo(w io.Writer) (int64, error) {
	s.gate.enter()
	defer s.gate.leave()
	if s.db == nil {
		return 0, closedError()
	}
	var n int64
	err := s.guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			var err error
			n, err = tx.WriteTo(w)
			return err
		})
	})
	var ke *accounts.Error
	if errors.As(err, &ke) {
		return n, err
	}
	if err != nil {
		return n, &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: accounts.Say("storage.backup.write_failed")}
	}
	return n, nil
}

// backupRefused says the database is damaged, so no backup was made.
func (s *Store) backupRefused(problems []string) error {
	return &accounts.Error{Code: accounts.EFORMAT, Err: fmt.Errorf("%w: %s", ErrDamaged, strings.Join(problems, "; ")),
		Msg: accounts.Say("storage.backup.refused", "Path", s.path, "Details", shortList(problems), "Dir", BackupFolder(s.path))}
}

// writeFileChecked writes a new owner-only file next to path, runs check
// (if any) on the finished copy and renames it into place, so that path is
// never left half written nor replaced by a copy that does not read back.
func writeFileChecked(path string, write func(w io.Writer) error, check func(tmp string) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return ioError("create the folder for", path, err)
	}
	err := atomicfile.WriteChecked(path, 0o600, write, check)
	if fe := (*atomicfile.Error)(nil); errors.As(err, &fe) {
		return ioError("write", path, fe.Err)
	}
	return err
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	if fa, err := os.Stat(aa); err == nil {
		if fb, err := os.Stat(bb); err == nil && os.SameFile(fa, fb) {
			return true
		}
	}
	return aa == bb
}

func (s *Store) backupFile(path string) error {
	if samePath(path, s.path) {
		return invalid("storage.backup.onto_db", "Path", path)
	}
	if err := s.refuseDamaged(); err != nil {
		return err
	}
	// The copy is checked, not the live file: the check of a copy needs no
	// lock and holds up no write, and it is the copy that must be sound.
	return writeFileChecked(path, func(w io.Writer) error {
		_, err := s.writeTo(w)
		return err
	}, func(tmp string) error {
		problems, err := fileProblems(tmp)
		if err == nil && len(problems) > 0 {
			err = s.backupRefused(problems)
		}
		return err
	})
}

// fileProblems runs the whole check on a closed copy of a database.
func fileProblems(path string) ([]string, error) {
	c, err := Open(path, Options{ReadOnly: true})
	if IsDamaged(err) {
		return []string{fmt.Sprintf("file structure: %v", errors.Unwrap(err))}, nil
	}
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.problems()
}

// restore replaces dbPath by a checked copy of backupPath.
func restore(backupPath, dbPath string) error {
	if samePath(backupPath, dbPath) {
		return invalid("storage.backup.same_file", "Path", dbPath)
	}
	removeStaleTemps(dbPath)
	// Open inspects the backup's size and meta pages before mapping it.
	b, err := Open(backupPath, Options{ReadOnly: true})
	if err != nil {
		var ke *accounts.Error
		switch {
		case errors.As(err, &ke) && ke.Code == accounts.ENOTFOUND:
			return accounts.Errorf(accounts.ENOTFOUND, "storage.backup.missing", "Path", backupPath)
		case IsDamaged(err):
			return &accounts.Error{Code: accounts.EFORMAT, Err: err, Msg: accounts.Say("storage.backup.damaged_file", "Path", backupPath)}
		}
		return err
	}
	if err := b.Check(); err != nil {
		b.Close()
		return &accounts.Error{Code: accounts.EFORMAT, Err: err, Msg: accounts.Say(
			"storage.backup.damaged", "Path", backupPath, "Problem", accounts.ErrorPhrase(err))}
	}
	tmp := dbPath + restoreSuffix
	err = writeFileChecked(tmp, func(w io.Writer) error {
		_, err := b.writeTo(w)
		return err
	}, checkFile)
	b.Close()
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	// Hold the database's lock while swapping files, so that a Keycard
	// window that has it open is not pulled from under its feet.
	if fi, err := os.Stat(dbPath); err == nil && fi.Size() > 0 {
		db, err := bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: defaultLockTimeout, ReadOnly: true})
		if errors.Is(err, bolterrors.ErrTimeout) {
			return lockedError(dbPath, err)
		}
		if err == nil {
			if runtime.GOOS == "windows" {
				db.Close()
			} else {
				defer db.Close()
			}
		}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return ioError("open", dbPath, err)
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return ioError("create the folder for", dbPath, err)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return ioError("replace", dbPath, err)
	}
	return nil
}

var errRollback = errors.New("rollback")

// check runs bbolt's own consistency check and Keycard's: every record
// decodes, every index entry points at a record, every record has its index
// entries and every summary matches its account.
func (s *Store) check() error {
	problems, err := s.problems()
	if err != nil || len(problems) == 0 {
		return err
	}
	return &accounts.Error{Code: accounts.EFORMAT, Err: fmt.Errorf("%w: %s", ErrDamaged, strings.Join(problems, "; ")),
		Msg: accounts.Say("storage.check.problems", "Count", len(problems), "Path", s.path, "Details", shortList(problems), "More", max(0, len(problems)-20))}
}

// shortList is the first 20 problems, for a sentence.
func shortList(problems []string) string {
	if len(problems) > 20 {
		problems = problems[:20]
	}
	return strings.Join(problems, "; ")
}

// problems lists what is wrong with the open database: its meta pages on
// disk, bbolt's structure, then Keycard's records and indexes.
func (s *Store) problems() ([]string, error) {
	s.gate.enter()
	defer s.gate.leave()
	if s.db == nil {
		return nil, closedError()
	}
	var problems []string
	add := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	run := func(tx *bolt.Tx) error {
		// The meta pages and the page tree on disk, read while no commit
		// can be under way (this is a write transaction, or the file is
		// shared read-only); bbolt's check may only run on a sound tree.
		if err := checkFile(s.path); err != nil {
			var ke *accounts.Error
			if errors.As(err, &ke) && ke.Code == accounts.EINTERNAL {
				return err
			}
			add("file structure: %v", errors.Unwrap(err))
			return nil
		}
		if p := walkFile(s.path); p != nil {
			add("file structure: %v", p)
			return nil
		}
		for _, b := range slices.Concat(recordBuckets, indexBuckets, factBuckets) {
			if tx.Bucket(b) == nil {
				add("the bucket %s is missing", b)
			}
		}
		if len(problems) > 0 {
			return nil
		}
		if st, err := readSchema(tx, s.path); err != nil || st.schema != schemaVersion {
			add("the schema number is not %d", schemaVersion)
		}
		// Readers of the same commit for the records (nothing commits
		// while the write transaction is held, or on a file shared
		// read-only), so that bbolt's check, which runs in a goroutine of
		// its own on tx, overlaps them: together they take about as long
		// as the records alone. The page walk above makes the tree safe to
		// read before bbolt has checked it.
		var txs []*bolt.Tx
		for range max(1, min(2, runtime.GOMAXPROCS(0))) {
			rtx, err := s.db.Begin(false)
			if err != nil {
				return err
			}
			defer rtx.Rollback()
			txs = append(txs, rtx)
		}
		structure := tx.Check()
		var records []string
		err := checkIndexes(txs, s.guard, func(format string, args ...any) {
			records = append(records, fmt.Sprintf(format, args...))
		})
		for err := range structure {
			// bbolt words a page it could not decode as a recovered panic.
			add("file structure: %s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "panic: "), "assertion failed: "))
		}
		if len(problems) > 0 {
			return nil // what the records seemed to say cannot be trusted
		}
		if err != nil {
			return err
		}
		problems = append(problems, records...)
		checkReplica(tx, add)
		return nil
	}
	err := s.guard(func() error {
		if s.readOnly {
			return s.db.View(run)
		}
		// bbolt's check is safe beside other writers only inside a write
		// transaction; it is rolled back.
		err := s.db.Update(func(tx *bolt.Tx) error {
			if err := run(tx); err != nil {
				return err
			}
			return errRollback
		})
		if errors.Is(err, errRollback) {
			err = nil
		}
		return err
	})
	if IsDamaged(err) {
		add("file structure: %v", errors.Unwrap(err))
		return problems, nil
	}
	if err != nil {
		return nil, wrapTx(err)
	}
	return problems, nil
}

// digest sums the hashes of a set of index entries, so that the entries the
// records call for and the entries stored can be compared in one sequential
// pass each, without holding either set in memory.
type digest struct {
	n        int
	sum, xor uint64
}

// merge adds the entries summed in e.
func (d *digest) merge(e *digest) {
	d.n += e.n
	d.sum += e.sum
	d.xor ^= e.xor
}

func (d *digest) add(seed maphash.Seed, k, v []byte) {
	// The key and the value are hashed apart (maphash.Bytes needs no
	// Hash to set up, which was most of the cost of a small entry) and
	// mixed unevenly, so that swapping them, or moving bytes from one to
	// the other, changes the entry's hash.
	x := maphash.Bytes(seed, k)*0xD6E8FEB86659FD93 + bits.RotateLeft64(maphash.Bytes(seed, v), 29) + uint64(len(k))
	d.n++
	d.sum += x
	d.xor ^= x*0x9E3779B97F4A7C15 + 1
}

// checkIndexes compares the index and fact entries every record calls for
// with those stored, by digest. The work is cut into jobs (shares of the
// accounts, and the scan of each stored bucket) that one worker per read
// transaction in txs (all of one commit) takes in turn: decoding the records
// is most of the check's time, and small shares keep both cores busy to the
// end while bbolt's own check runs beside them.
func checkIndexes(txs []*bolt.Tx, guard func(func() error) error, add func(string, ...any)) error {
	tx := txs[0]
	seed := maphash.MakeSeed()
	derived := slices.Concat(indexBuckets, factBuckets)
	bounds := accountBounds(tx, checkShares*len(txs))
	shares := make([]checkShare, len(bounds)-1)
	stored := make([]digest, len(derived))
	jobs := make(chan func(tx *bolt.Tx) error, len(shares)+len(derived))
	for i := range shares {
		jobs <- func(tx *bolt.Tx) error {
			shares[i].err = shares[i].collect(tx, seed, derived, bounds[i], bounds[i+1])
			return shares[i].err
		}
	}
	// The visits' facts are compared where the records are walked (see
	// checkShare); here they are only counted.
	storedVisitFacts := 0
	for i, b := range derived {
		jobs <- func(tx *bolt.Tx) error {
			c := tx.Bucket(b).Cursor()
			facts := bytes.Equal(b, bktFacts)
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if facts && isVisitFactKey(k) {
					storedVisitFacts++
					continue
				}
				stored[i].add(seed, k, v)
			}
			return nil
		}
	}
	close(jobs)
	errs := make([]error, len(txs))
	var wg sync.WaitGroup
	for w := range txs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = guard(func() error {
				for job := range jobs {
					if err := job(txs[w]); err != nil {
						return err
					}
				}
				return nil
			})
		}()
	}
	wg.Wait()
	want := map[string]*digest{}
	for _, b := range derived {
		want[string(b)] = &digest{}
	}
	visitFacts, factsDiffer := 0, false
	for _, sh := range shares {
		visitFacts += sh.visitFacts
		factsDiffer = factsDiffer || sh.factsDiffer
		for _, p := range sh.problems {
			add("%s", p)
		}
		if sh.err != nil {
			add("%v", sh.err)
			return nil
		}
		for i, b := range derived {
			want[string(b)].merge(&sh.want[i])
		}
	}
	for _, err := range errs {
		if err != nil {
			add("%v", err)
			return nil
		}
	}
	for i, b := range derived {
		switch {
		case bytes.Equal(b, bktFacts) && (factsDiffer || visitFacts != storedVisitFacts):
			findMismatches(tx, b, add)
		case stored[i] == *want[string(b)]:
		case bytes.Equal(b, bktSummary) || bytes.Equal(b, bktSumKeys):
			// Wrong summaries were named above; name those left over.
			leftoverSummaries(tx, b, add)
		default:
			findMismatches(tx, b, add)
		}
	}
	return tx.Bucket(bktHandovers).ForEach(func(k, v []byte) error {
		var h accounts.Handover
		if err := decodeRecord(v, &h); err != nil {
			add("the handover %s cannot be read: %v", k, err)
		}
		return nil
	})
}

// leftoverSummaries names the entries of summary or summary_keys that no
// account calls for: those of an account that does not exist, and rows
// that are not where summary_keys says their account's row is.
func leftoverSummaries(tx *bolt.Tx, bucket []byte, add func(string, ...any)) {
	data, keys := tx.Bucket(bktData), tx.Bucket(bktSumKeys)
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		id := accounts.ID(k)
		if bytes.Equal(bucket, bktSummary) {
			id = idOfSummaryKey(k)
		}
		switch {
		case data.Get(accountKey(id)) == nil:
			add("%s has an entry for the account %s, which does not exist", bucket, id)
		case bytes.Equal(bucket, bktSummary) && !bytes.Equal(keys.Get([]byte(id)), k):
			add("summary has a second row for the account %s", id)
		}
	}
}

// checkShares is how many shares of the accounts each checking worker
// takes in turn, so that none is left with the last big share alone.
const checkShares = 8

// checkShare is one worker's part of checkIndexes: the digests of the
// entries its accounts call for, and what it found wrong, in key order.
type checkShare struct {
	want []digest // of each derived bucket, in checkIndexes' order (the visits' facts left out)
	// The visits walked, each of which has one fact, and whether the
	// stored fact of any is not the one its record calls for.
	visitFacts  int
	factsDiffer bool
	problems    []string
	err         error
}

// collect decodes the accounts whose keys lie in [from, to) (nil: open).
func (sh *checkShare) collect(tx *bolt.Tx, seed maphash.Seed, derived [][]byte, from, to []byte) error {
	add := func(format string, args ...any) { sh.problems = append(sh.problems, fmt.Sprintf(format, args...)) }
	sh.want = make([]digest, len(derived))
	collect := func(bucket, key, value []byte) error {
		sh.want[bucketIndex(derived, bucket)].add(seed, key, value)
		return nil
	}
	sumBkt, keyBkt := tx.Bucket(bktSummary), tx.Bucket(bktSumKeys)
	// Nothing of d outlives the callback: the digests and the problems
	// are copies.
	return (&accountWalk{reuse: true, sealed: true}).run(tx, from, to, func(d *accounts.AccountData, vb *visitBytes) error {
		if err := sh.derived(d, vb, collect); err != nil {
			return err
		}
		s := summaryOf(d)
		sum, err := encodeSummary(&s)
		if err != nil {
			return err
		}
		id, key := []byte(d.Account.ID), summaryKey(s.Name, s.ID)
		collect(bktSummary, key, sum)
		collect(bktSumKeys, id, key)
		if !bytes.Equal(sumBkt.Get(key), sum) || !bytes.Equal(keyBkt.Get(id), key) {
			add("the summary of account %s (%s) is out of date", d.Account.ID, d.Account.Name)
		}
		return nil
	}, func(k []byte) { add("the record %q belongs to no account", k) })
}

// bucketIndex is the position of bucket among buckets: the same slice (they
// are the package's names, passed as they are) is found without comparing
// bytes; a lookup by name was a twentieth of the check.
func bucketIndex(buckets [][]byte, bucket []byte) int {
	for i, b := range buckets {
		if unsafe.SliceData(b) == unsafe.SliceData(bucket) {
			return i
		}
	}
	for i, b := range buckets {
		if bytes.Equal(b, bucket) {
			return i
		}
	}
	panic(fmt.Sprintf("storage: %s is not a derived bucket", bucket)) // a new bucket left out of indexBuckets or factBuckets
}

// accountBounds splits the data bucket's keys into n ranges of about as
// many accounts each, at account prefixes: bounds[i], bounds[i+1] are the
// i-th range (nil at both ends).
func accountBounds(tx *bolt.Tx, n int) [][]byte {
	bounds := make([][]byte, n+1)
	if n == 1 {
		return bounds
	}
	var ids [][]byte
	c := tx.Bucket(bktSumKeys).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		ids = append(ids, k)
	}
	for i := 1; i < n; i++ {
		if len(ids) > 0 {
			bounds[i] = accountPrefix(accounts.ID(ids[i*len(ids)/n]))
		}
	}
	return bounds
}

// derivedData emits every entry the account's records call for in the
// index and fact buckets, except its summary.
func derivedData(d *accounts.AccountData, vb *visitBytes, f emit) error {
	fillVisitKeys(d, vb)
	if err := indexData(d, vb.keys, f); err != nil {
		return err
	}
	return factData(d, vb, f)
}

func fillVisitKeys(d *accounts.AccountData, vb *visitBytes) {
	for i := range d.Visits {
		if vb.keys[i] == nil {
			vb.keys[i] = visitKey(d.Account.ID, d.Visits[i].At, d.Visits[i].ID)
		}
	}
}

// derived is derivedData for the check, but for the visits' facts: a
// sealed one is what its record calls for (sealed.go), and an unsealed one
// is compared with the fact its record calls for here, rather than both
// being hashed into the digest of the facts (a million entries on a large
// book, hashed twice).
func (sh *checkShare) derived(d *accounts.AccountData, vb *visitBytes, f emit) error {
	fillVisitKeys(d, vb)
	if err := indexData(d, vb.keys, f); err != nil {
		return err
	}
	if err := contactFacts(d, &vb.contacts, f); err != nil {
		return err
	}
	sh.visitFacts += len(d.Visits)
	for i := range d.Visits {
		if vb.facts[i] != nil || sh.factsDiffer {
			continue
		}
		want, err := sealedVisitFact(&d.Visits[i], vb.records[i])
		if err != nil {
			return err
		}
		sh.factsDiffer = !bytes.Equal(want, vb.stored[i])
	}
	return nil
}

// findMismatches names the entries of an index bucket that are missing, wrong
// or left over; it runs only when the digests already disagree.
func findMismatches(tx *bolt.Tx, bucket []byte, add func(string, ...any)) {
	want := map[string][]byte{}
	_ = forEachAccount(tx, func(d *accounts.AccountData, vb *visitBytes) error {
		return derivedData(d, vb, func(b, k, v []byte) error {
			if bytes.Equal(b, bucket) {
				want[string(k)] = v
			}
			return nil
		})
	}, func([]byte) {})
	c := tx.Bucket(bucket).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		w, ok := want[string(k)]
		switch {
		case !ok:
			add("%s has the entry %q for a record that does not exist", bucket, k)
		case !bytes.Equal(w, v):
			add("%s entry %q points at %q instead of %q", bucket, k, v, w)
		}
		delete(want, string(k))
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add("%s lacks the entry %q", bucket, k)
	}
}

func (s *Store) stats() (Stats, error) {
	st := Stats{Path: s.path, Schema: schemaVersion}
	err := s.view(func(t *txn) error {
		st.SizeBytes = t.tx.Size()
		c := t.b(bktData).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			i := bytes.IndexByte(k, '/')
			if i < 0 || i+1 >= len(k) {
				continue
			}
			switch k[i+1] {
			case kindAccount:
				st.Accounts++
			case kindContact:
				st.Contacts++
			case kindLink:
				st.Links++
			case kindVisit:
				st.Visits++
			case kindWarning:
				st.Warnings++
			case kindPlan:
				st.Plans++
				st.Opportunities += countOpportunities(v)
			}
		}
		st.Handovers = t.b(bktHandovers).Stats().KeyN
		return nil
	})
	return st, err
}

// countOpportunities counts the opportunities of a stored plan without
// decoding them.
func countOpportunities(raw []byte) int {
	var p struct {
		Opportunities []json.RawMessage `json:"opportunities"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return 0
	}
	return len(p.Opportunities)
}
