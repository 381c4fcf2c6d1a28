package storage

import (
	"encoding/json"
	"fmt"

	"keycard/accounts"
)

// Settings of the database that are not records of an account: the
// reporting currency with its exchange rates, and which reminders were
// already shown today. They live in the bucket "settings", one JSON value
// per key. The bucket came after schema 3 without a schema change: a file
// without it reads as having default settings, and the first write of a
// setting creates it. Settings are not replicated to the team server.

var (
	bktSettings  = []byte("settings")
	keyRates     = []byte("rates")
	keyReminders = []byte("reminded")
)

// Rates is the reporting currency and the table of exchange rates; the zero
// Rates when none were ever saved.
func (s *Store) Rates() (accounts.Rates, error) {
	var r accounts.Rates
	err := s.getSetting(keyRates, &r)
	return r, err
}

// PutRates replaces the reporting currency and the rates. Invalid rates
// change nothing.
func (s *Store) PutRates(r accounts.Rates) error {
	r.Normalize()
	if err := r.Validate(); err != nil {
		return err
	}
	return s.putSetting(keyRates, r)
}

// Reminded is what the reminders remember: the day and the keys of the
// reminders already shown on it.
type Reminded struct {
	Day  accounts.Date `json:"day"`
	Keys []string      `json:"keys,omitempty"`
}

// Reminded reads the reminders shown; the zero value when none were.
func (s *Store) Reminded() (Reminded, error) {
	var r Reminded
	err := s.getSetting(keyReminders, &r)
	return r, err
}

// PutReminded stores the reminders shown.
func (s *Store) PutReminded(r Reminded) error { return s.putSetting(keyReminders, r) }

func (s *Store) getSetting(key []byte, v any) error {
	return s.view(func(t *txn) error {
		b := t.b(bktSettings)
		if b == nil {
			return nil
		}
		raw := b.Get(key)
		if raw == nil {
			return nil
		}
		if err := json.Unmarshal(raw, v); err != nil {
			return fmt.Errorf("decode setting %s: %w", key, err)
		}
		return nil
	})
}

func (s *Store) putSetting(key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode setting %s: %w", key, err)
	}
	return s.update(func(t *txn) error {
		b, err := t.tx.CreateBucketIfNotExists(bktSettings)
		if err != nil {
			return err
		}
		return b.Put(key, raw)
	})
}
