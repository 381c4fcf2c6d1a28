package main

import (
	"strings"
	"testing"
)

// keycardctl import-csv rates: a dry run writes nothing, the import adds
// the good rows and lists the bad ones, a second run adds nothing; then
// risk says at which rates its classes compared currencies.
func TestImportCSVRates(t *testing.T) {
	db := tempDB(t)
	ctl(t, "--db", db, "demo")
	file := intakeData + "rates.csv"
	r := ctl(t, "--db", db, "import-csv", "rates", file, "--dry-run")
	if !strings.Contains(r.stdout, "Would add (dry run, nothing written): 4 exchange rates; 3 left out") || !strings.Contains(r.stdout, "row 6") {
		t.Fatalf("dry run: %s %s", r.stdout, r.stderr)
	}
	r = ctl(t, "--db", db, "import-csv", "rates", file)
	if !strings.Contains(r.stdout, "Added: 4 exchange rates") {
		t.Fatalf("import: %s %s", r.stdout, r.stderr)
	}
	r = ctl(t, "--db", db, "import-csv", "rates", file)
	if !strings.Contains(r.stdout, "Added: 0 exchange rates; 4 already in Keycard") {
		t.Fatalf("second import: %s %s", r.stdout, r.stderr)
	}
	// The demo bills in SGD, GBP and JPY too, which the file has no rate for.
	r = ctl(t, "--db", db, "risk")
	if !strings.Contains(r.stdout, "only indicative") || !strings.Contains(r.stdout, "No exchange rate for") {
		t.Fatalf("risk: %s", r.stdout)
	}
}
