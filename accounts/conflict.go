package accounts

import (
	"encoding/json"
	"errors"
)

// FieldConflict is one field that two laptops changed to different values
// since the version both started from. The merge keeps Theirs (the value
// that reached the team server first) in the record and Mine here, so the
// person can choose: "conflict: keep mine / keep theirs".
//
// Path names the field inside the record's JSON: a top-level field is its
// JSON name ("phone"); a field of an element of an array of objects with
// ids is "next_steps[<id>].due"; a whole value that is not an object is
// its plain path.
type FieldConflict struct {
	Path   string          `json:"path"`
	Mine   json.RawMessage `json:"mine"`
	Theirs json.RawMessage `json:"theirs"`
}

// MergeRecord merges two edits of one record (JSON objects) against the
// version both started from, field by field: a field only one side changed
// takes that side's value; a field both changed to the same value takes it;
// a field both changed differently takes theirs and is returned as a
// conflict. Arrays of objects that carry an "id" are merged element by
// element (two next steps added on two laptops are both kept); other arrays
// are one value. Bookkeeping fields (version, updated_at) never conflict.
// A nil base means both sides created the record independently.
func MergeRecord(base, mine, theirs json.RawMessage) (merged json.RawMessage, conflicts []FieldConflict, err error) {
	return nil, nil, errors.New("not built yet")
}

// SetField returns record with the field at path (as in FieldConflict.Path)
// set to value: keeping "mine" of a conflict.
func SetField(record json.RawMessage, path string, value json.RawMessage) (json.RawMessage, error) {
	return nil, errors.New("not built yet")
}
