package storage

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migration moves a file from schema From to From+1. All steps needed run in
// the one write transaction of Open, so a failure leaves the file as it was.
type migration struct {
	From int
	Name string
	Run  func(tx *bolt.Tx) error
}

// migrations, in order; the last one ends at schemaVersion.
var migrations = []migration{
	// Schema 1 held the records only (meta, data, handovers). Schema 2 adds
	// the indexes and summaries behind the portfolio views, built from them.
	{From: 1, Name: "build the summaries and indexes", Run: rebuildIndexes},
	// Schema 3 adds the facts of contacts and visits and the birthday index
	// (facts.go), so that the risk scan and Today do not read the texts.
	{From: 2, Name: "build the facts and the birthday index", Run: rebuildFacts},
	// Schema 4 seals each visit's fact with its record (sealed.go), so that
	// the integrity check need not decode every visit.
	{From: 3, Name: "seal the visits' facts", Run: rebuildFacts},
	// Schema 5 stores the summaries as CBOR rows in the list's order
	// (sumrow.go), so that the list's first read need not sort them nor
	// read JSON.
	// It also drops idx_visits, whose one reader (the newest visits) now
	// reads the summaries.
	{From: 4, Name: "store the summaries in the list's order", Run: toSchema5},
}

func migrate(tx *bolt.Tx, from int) error {
	// Every schema had the record buckets; a file that lacks one (written
	// over, or made by hand) holds no records there, and a migration must
	// not trip over it.
	for _, b := range recordBuckets {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	for _, m := range migrations {
		if m.From < from {
			continue
		}
		if m.From != from {
			return fmt.Errorf("no migration from schema %d", from)
		}
		if err := m.Run(tx); err != nil {
			return fmt.Errorf("migrate schema %d to %d (%s): %w", m.From, m.From+1, m.Name, err)
		}
		from = m.From + 1
		if err := putSchema(tx, from); err != nil {
			return err
		}
	}
	if from != schemaVersion {
		return fmt.Errorf("no migration from schema %d", from)
	}
	return nil
}
