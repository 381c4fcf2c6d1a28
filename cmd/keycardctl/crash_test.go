package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"keycard/storage"
)

// importFiles writes a contacts CSV, a vCard file and a calendar of n
// records each, all for the account Acme (the calendar's attendee is the
// contact ana@acme.example, which the base database has).
func importFiles(t *testing.T, dir string, n int) map[string][]string {
	var csv, vcf, ics strings.Builder
	csv.WriteString("First Name,Last Name,Company,Email,Title\n")
	ics.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Keycard test//EN\r\n")
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&csv, "Person,Number %d,Acme,p%d@acme.example,Buyer\n", i, i)
		fmt.Fprintf(&vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card Person %d\r\nN:Person %d;Card;;;\r\nEMAIL:c%d@acme.example\r\nTITLE:Engineer\r\nEND:VCARD\r\n", i, i, i)
		fmt.Fprintf(&ics, "BEGIN:VEVENT\r\nUID:ev-%d@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:%s\r\nSUMMARY:Review %d\r\nATTENDEE:mailto:ana@acme.example\r\nEND:VEVENT\r\n",
			i, start.Add(time.Duration(i)*time.Hour).Format("20060102T150405Z"), i)
	}
	ics.WriteString("END:VCALENDAR\r\n")
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return map[string][]string{
		"contacts CSV": {"import-csv", "contacts", write("contacts.csv", csv.String())},
		"vCard":        {"import-vcard", "Acme", write("cards.vcf", vcf.String())},
		"calendar":     {"import-ics", write("cal.ics", ics.String())},
	}
}

// counts is what the crash test compares: contacts and visits in the file.
func counts(t *testing.T, db string) (contacts, visits int) {
	t.Helper()
	s, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatalf("check after the kill: %v", err)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return st.Contacts, st.Visits
}

// TestImportKilledIsAllOrNothing kills keycardctl at random moments while
// it imports a file of 1,500 contacts (CSV, vCard) or visits (calendar):
// afterwards the database holds none or all of the file, and the check
// passes. Before, each record was its own transaction, so a kill left part
// of the file in.
func TestImportKilledIsAllOrNothing(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the binary; SIGKILL is Unix")
	}
	const n = 1500
	dir := t.TempDir()
	bin := buildCtl(t, dir)
	base := filepath.Join(dir, "base.db")
	accts := filepath.Join(dir, "a.csv")
	seed := filepath.Join(dir, "seed.csv")
	os.WriteFile(accts, []byte("Name,Owner\nAcme,Ana\n"), 0o600)
	os.WriteFile(seed, []byte("First Name,Last Name,Company,Email\nAna,Lima,Acme,ana@acme.example\n"), 0o600)
	for _, args := range [][]string{{"import-csv", "accounts", accts}, {"import-csv", "contacts", seed}} {
		if out, code := runBin(t, bin, base, args...); code != 0 {
			t.Fatalf("%v: %s", args, out)
		}
	}
	raw, _ := os.ReadFile(base)
	c0, v0 := counts(t, base)
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	for kind, args := range importFiles(t, dir, n) {
		t.Run(kind, func(t *testing.T) {
			// One whole run tells how long the import takes.
			db := filepath.Join(t.TempDir(), "keycard.db")
			os.WriteFile(db, raw, 0o600)
			began := time.Now()
			if out, code := runBin(t, bin, db, args...); code != 0 {
				t.Fatalf("import: %s", out)
			}
			took := time.Since(began)
			c, v := counts(t, db)
			if c+v != c0+v0+n {
				t.Fatalf("a whole import added %d records, want %d", c+v-c0-v0, n)
			}
			var none, all int
			for round := 0; round < 6; round++ {
				os.WriteFile(db, raw, 0o600)
				cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(r.Int64N(int64(took)*6/5 + 1)))
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
				switch c, v := counts(t, db); c + v {
				case c0 + v0:
					none++
				case c0 + v0 + n:
					all++
				default:
					t.Fatalf("round %d: killed import left %d of %d records", round, c+v-c0-v0, n)
				}
			}
			t.Logf("%s: a whole import took %v; 6 kills left none %d times, all %d times", kind, took, none, all)
		})
	}
}
