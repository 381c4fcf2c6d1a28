package storage

import (
	"encoding/json"
	"testing"

	"keycard/accounts"
)

// A stored record with a field its Go type does not have is a record some
// other build of Keycard wrote, or a field renamed without a migration;
// decoding it as encoding/json does would drop the field, and the next write
// of the record would lose it for good. Test binaries (Keycard's own tests,
// and those of every package that opens a store) decode strictly, so such a
// field fails the test that first reads it. The app itself stays lenient: a
// person's file that opened yesterday must open today, and the schema version
// (EVERSION) already refuses a file from a newer Keycard.
//
// The hand-written decoders (fastjson.go, the risk inputs) know every field
// of what they read, including those they skip, and hand anything else to
// encoding/json, which is strict or not by this switch.
var strictJSON = testing.Testing()

// decodeRecord decodes one stored record into v; in strict mode a field v
// does not have is an error naming the field.
func decodeRecord(raw []byte, v any) error {
	if !strictJSON {
		return json.Unmarshal(raw, v)
	}
	return accounts.DecodeStrict(raw, v)
}
