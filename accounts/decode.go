package accounts

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// DecodeStrict decodes one JSON value into v, refusing a field v does not
// have and anything after the value. Records come back from the database
// and from other people's bundles; a field this Keycard does not know would
// otherwise be dropped without a word, and with it what a newer Keycard kept
// there.
func DecodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("invalid JSON: data after the value")
	}
	return nil
}
