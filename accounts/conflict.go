package accounts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"
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
//
// A nested field is "a.b". A name that could not be read back from such a
// path (empty, or holding '.', '[' or ']') is written as a JSON string in
// brackets: `positions["a.b"]`; Keycard's own records never need it. A side
// that removed the field has a nil (JSON null) Mine or Theirs, and SetField
// with a nil value removes the field.
type FieldConflict struct {
	Path   string          `json:"path"`
	Mine   json.RawMessage `json:"mine"`
	Theirs json.RawMessage `json:"theirs"`
}

// MaxRecordDepth is how deeply a record's JSON may nest. Keycard's records
// nest four or five levels; a deeper one is damaged or hostile, and refusing
// it keeps the merge's recursion and time bounded.
const MaxRecordDepth = 64

// MergeRecord merges two edits of one record (JSON objects) against the
// version both started from, field by field: a field only one side changed
// takes that side's value; a field both changed to the same value takes it;
// a field both changed differently takes theirs and is returned as a
// conflict. Arrays of objects that carry an "id" are merged element by
// element (two next steps added on two laptops are both kept); other arrays
// are one value. Bookkeeping fields (version, created_at, updated_at) never conflict.
// A nil base means both sides created the record independently.
//
// A nil or JSON null base is an empty object. In detail (docs/sync.md,
// "Conflict rule"):
//   - Objects that both sides changed merge key by key, recursively.
//   - An array whose elements (on every side that has it) are all objects
//     with a distinct string "id" merges element by element: the result has
//     theirs' elements in theirs' order, then those only mine has, in mine's
//     order (a reordering of mine alone is not kept when theirs changed
//     the array too); an element removed on one side and unchanged on the
//     other is removed; removed on one side and changed on the other, it is
//     kept as changed; both changed, its fields merge
//     ("next_steps[<id>].due").
//   - "version", when both changed it differently, is theirs; "updated_at"
//     is the later of the two times (RFC 3339 or a date); neither is ever a
//     conflict.
//   - Numbers are kept exactly as written; the output is compact JSON with
//     keys in sorted order, so equal merges give equal bytes.
//
// Records that are not JSON objects, or nest deeper than MaxRecordDepth,
// are refused with an EFORMAT error.
func MergeRecord(base, mine, theirs json.RawMessage) (merged json.RawMessage, conflicts []FieldConflict, err error) {
	b := map[string]any{}
	if len(bytes.TrimSpace(base)) > 0 && string(bytes.TrimSpace(base)) != "null" {
		if b, err = decodeObject(base, "base"); err != nil {
			return nil, nil, err
		}
	}
	m, err := decodeObject(mine, "mine")
	if err != nil {
		return nil, nil, err
	}
	t, err := decodeObject(theirs, "theirs")
	if err != nil {
		return nil, nil, err
	}
	mg := &merger{}
	out := mg.object("", b, m, t)
	if merged, err = encodeJSON(out); err != nil {
		return nil, nil, err
	}
	return merged, mg.conflicts, nil
}

// SetField returns record with the field at path (as in FieldConflict.Path)
// set to value: keeping "mine" of a conflict.
//
// A nil (empty) value removes the field. A path ending in "[<id>]" replaces
// that element of the array (appends it when it is not there; removes it
// when value is nil). Every field on the way to the last one must exist.
func SetField(record json.RawMessage, path string, value json.RawMessage) (json.RawMessage, error) {
	obj, err := decodeObject(record, "record")
	if err != nil {
		return nil, err
	}
	segs, ok := parsePath(path)
	if !ok {
		return nil, Errorf(EINVALID, "error.merge.bad_path", "Path", path)
	}
	var v any = missing{}
	if len(value) > 0 {
		if v, err = decodeValue(value); err != nil {
			return nil, &Error{Code: EFORMAT, Msg: Say("error.merge.bad_value", "Path", path), Err: err}
		}
	}
	out, ok := setAt(obj, segs, v)
	if !ok {
		return nil, Errorf(ENOTFOUND, "error.merge.no_field", "Path", path)
	}
	return encodeJSON(out)
}

// EqualJSON reports whether a and b are the same JSON value (key order,
// spacing and escapes aside; numbers compared as written). Invalid JSON is
// equal to nothing.
func EqualJSON(a, b json.RawMessage) bool {
	x, err := decodeValue(a)
	if err != nil {
		return false
	}
	y, err := decodeValue(b)
	return err == nil && reflect.DeepEqual(x, y)
}

// missing stands for a field a side does not have, so that "removed" and
// "set to null" stay different.
type missing struct{}

type merger struct {
	conflicts []FieldConflict
}

// value merges one field. key is the field's own name ("" for an array
// element), for the bookkeeping rule.
func (mg *merger) value(path, key string, b, m, t any) any {
	switch {
	case reflect.DeepEqual(m, t):
		return m
	case reflect.DeepEqual(b, m):
		return t
	case reflect.DeepEqual(b, t):
		return m
	}
	// Both changed, differently.
	if rule, ok := bookkeeping[key]; ok {
		return rule(m, t)
	}
	mo, mok := m.(map[string]any)
	to, tok := t.(map[string]any)
	if mok && tok {
		bo, _ := b.(map[string]any) // not an object before: both created it
		return mg.object(path, bo, mo, to)
	}
	if out, ok := mg.idArray(path, b, m, t); ok {
		return out
	}
	mg.conflicts = append(mg.conflicts, FieldConflict{Path: path, Mine: rawOf(m), Theirs: rawOf(t)})
	return t
}

// object merges two objects key by key, in sorted order so that the
// conflicts come out in a stable order.
func (mg *merger) object(path string, b, m, t map[string]any) map[string]any {
	keys := make([]string, 0, len(m)+len(t))
	for k := range m {
		keys = append(keys, k)
	}
	for k := range t {
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		v := mg.value(keyPath(path, k), k, field(b, k), field(m, k), field(t, k))
		if _, gone := v.(missing); !gone {
			out[k] = v
		}
	}
	return out
}

// idList is an array of objects with distinct ids, indexed.
type idList struct {
	order []string
	byID  map[string]any
}

// idArray merges arrays of objects with ids element by element. It reports
// false when the values are not such arrays: then they are one value.
func (mg *merger) idArray(path string, b, m, t any) (any, bool) {
	_, marr := m.([]any)
	_, tarr := t.([]any)
	if !marr && !tarr {
		return nil, false
	}
	ml, ok1 := idsOf(m)
	tl, ok2 := idsOf(t)
	if !ok1 || !ok2 {
		return nil, false
	}
	bl, ok := idsOf(b)
	if !ok {
		bl = idList{byID: map[string]any{}} // another shape before: both rebuilt it
	}
	order := append([]string(nil), tl.order...)
	for _, id := range ml.order {
		if _, ok := tl.byID[id]; !ok {
			order = append(order, id)
		}
	}
	out := make([]any, 0, len(order))
	for _, id := range order {
		el := mg.element(path+"["+id+"]", field(bl.byID, id), field(ml.byID, id), field(tl.byID, id))
		if _, gone := el.(missing); !gone {
			out = append(out, el)
		}
	}
	if len(out) == 0 {
		return emptyForm(m, t), true
	}
	return out, true
}

// element merges one element of an id array. An element one side removed
// and the other changed is kept as changed: the edit is work a person did,
// and removing it again is one click, while the lost edit could not be
// told back.
func (mg *merger) element(path string, b, m, t any) any {
	_, mgone := m.(missing)
	_, tgone := t.(missing)
	switch {
	case mgone && !tgone && !reflect.DeepEqual(b, t):
		return t
	case tgone && !mgone && !reflect.DeepEqual(b, m):
		return m
	}
	return mg.value(path, "", b, m, t)
}

// emptyForm is how an id array that merged to nothing is written: as
// theirs wrote nothing (absent or null), else as mine did, else [].
func emptyForm(m, t any) any {
	if _, ok := t.([]any); !ok {
		return t
	}
	if _, ok := m.([]any); !ok {
		return m
	}
	return []any{}
}

// idsOf reads v as an array of objects with distinct ids that a path can
// name; absent and null are the empty such array.
func idsOf(v any) (idList, bool) {
	l := idList{byID: map[string]any{}}
	switch x := v.(type) {
	case missing, nil:
		return l, true
	case []any:
		for _, el := range x {
			o, ok := el.(map[string]any)
			if !ok {
				return l, false
			}
			id, ok := o["id"].(string)
			if _, dup := l.byID[id]; !ok || dup || !plainID(id) {
				return l, false
			}
			l.byID[id] = o
			l.order = append(l.order, id)
		}
		return l, true
	}
	return l, false
}

// bookkeeping holds the fields that never conflict and how they resolve
// when both sides changed them: they record the saving, not the content.
var bookkeeping = map[string]func(m, t any) any{
	"version": func(m, t any) any {
		if _, gone := t.(missing); gone {
			return m
		}
		return t
	},
	"updated_at": later,
	// Two laptops that made the same record (the same demo, the same
	// import) made it at different moments: the record is older than
	// either, so the earlier time stands.
	"created_at": earlier,
}

// earlier and later return the earlier or the later of two times (RFC
// 3339, or a date as layouts keep it); theirs when they tie or either
// cannot be read as a time.
func earlier(m, t any) any { return pickTime(m, t, time.Time.Before) }
func later(m, t any) any   { return pickTime(m, t, time.Time.After) }

// pickTime returns mine when first(mine, theirs) holds, else theirs; a
// side that removed the field gives way to the other.
func pickTime(m, t any, first func(a, b time.Time) bool) any {
	if _, gone := m.(missing); gone {
		return t
	}
	if _, gone := t.(missing); gone {
		return m
	}
	mt, ok1 := timeOf(m)
	tt, ok2 := timeOf(t)
	if ok1 && ok2 && first(mt, tt) {
		return m
	}
	return t
}

func timeOf(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func field(o map[string]any, k string) any {
	if v, ok := o[k]; ok {
		return v
	}
	return missing{}
}

func rawOf(v any) json.RawMessage {
	if _, gone := v.(missing); gone {
		return nil
	}
	raw, err := encodeJSON(v)
	if err != nil {
		return nil // cannot happen: v was decoded from JSON
	}
	return raw
}

// Paths.

// plainName reports whether a key can be written bare in a path.
func plainName(k string) bool { return k != "" && !strings.ContainsAny(k, ".[]") }

// plainID reports whether an element id can be written in brackets.
func plainID(id string) bool { return id != "" && !strings.Contains(id, "]") && id[0] != '"' }

func keyPath(path, k string) string {
	switch {
	case !plainName(k):
		q, _ := json.Marshal(k)
		return path + "[" + string(q) + "]"
	case path == "":
		return k
	}
	return path + "." + k
}

// segment is one step of a path: a key of an object, or the element of an
// array with that id.
type segment struct {
	name string
	isID bool
}

// parsePath reads a path as keyPath and idArray write them.
func parsePath(p string) ([]segment, bool) {
	var out []segment
	for i := 0; i < len(p); {
		var s segment
		var n int
		switch {
		case p[i] == '[':
			s, n = bracket(p[i:])
		case i == 0:
			s, n = bare(p)
		case p[i] == '.':
			if s, n = bare(p[i+1:]); n > 0 {
				n++ // the dot
			}
		}
		if n == 0 {
			return nil, false
		}
		out = append(out, s)
		i += n
	}
	return out, len(out) > 0
}

// bare reads a plain name up to the next '.' or '['; 0 when there is none.
func bare(p string) (segment, int) {
	j := strings.IndexAny(p, ".[")
	if j < 0 {
		j = len(p)
	}
	if !plainName(p[:j]) {
		return segment{}, 0
	}
	return segment{name: p[:j]}, j
}

// bracket reads `[<id>]` or `["<key>"]`; 0 when p holds neither.
func bracket(p string) (segment, int) {
	if len(p) > 1 && p[1] == '"' {
		for j := 2; j < len(p); j++ {
			switch p[j] {
			case '\\':
				j++
			case '"':
				var k string
				if json.Unmarshal([]byte(p[1:j+1]), &k) != nil || j+1 >= len(p) || p[j+1] != ']' {
					return segment{}, 0
				}
				return segment{name: k}, j + 2
			}
		}
		return segment{}, 0
	}
	j := strings.IndexByte(p, ']')
	if j < 2 {
		return segment{}, 0
	}
	return segment{name: p[1:j], isID: true}, j + 1
}

// setAt sets v at segs inside c and returns the new c; false when a step
// on the way does not exist.
func setAt(c any, segs []segment, v any) (any, bool) {
	s, last := segs[0], len(segs) == 1
	if s.isID {
		return setElement(c, s.name, segs[1:], v)
	}
	o, ok := c.(map[string]any)
	if !ok {
		return nil, false
	}
	if last {
		if _, gone := v.(missing); gone {
			delete(o, s.name)
		} else {
			o[s.name] = v
		}
		return o, true
	}
	child, ok := o[s.name]
	if !ok {
		return nil, false
	}
	if o[s.name], ok = setAt(child, segs[1:], v); !ok {
		return nil, false
	}
	return o, true
}

func setElement(c any, id string, rest []segment, v any) (any, bool) {
	a, ok := c.([]any)
	if !ok {
		return nil, false
	}
	i := 0
	for ; i < len(a); i++ {
		if o, ok := a[i].(map[string]any); ok && o["id"] == id {
			break
		}
	}
	_, gone := v.(missing)
	switch {
	case len(rest) > 0 && i == len(a):
		return nil, false
	case len(rest) > 0:
		a[i], ok = setAt(a[i], rest, v)
		return a, ok
	case i == len(a) && gone:
		return a, true
	case i == len(a):
		return append(a, v), true
	case gone:
		return append(a[:i:i], a[i+1:]...), true
	}
	a[i] = v
	return a, true
}

// Reading and writing JSON.

// decodeObject reads raw as one JSON object, numbers kept as written.
func decodeObject(raw json.RawMessage, which string) (map[string]any, error) {
	if depthOf(raw) > MaxRecordDepth {
		return nil, &Error{Code: EFORMAT, Msg: Say("error.merge.too_deep", "Max", MaxRecordDepth), Err: fmt.Errorf("%s nests too deeply", which)}
	}
	v, err := decodeValue(raw)
	o, ok := v.(map[string]any)
	if err == nil && !ok {
		err = fmt.Errorf("a JSON %T", v)
	}
	if err != nil {
		return nil, &Error{Code: EFORMAT, Msg: Say("error.merge.not_object"), Err: fmt.Errorf("%s: %w", which, err)}
	}
	return o, nil
}

// decodeValue reads raw as exactly one JSON value.
func decodeValue(raw json.RawMessage) (any, error) {
	if depthOf(raw) > MaxRecordDepth {
		return nil, fmt.Errorf("nested more than %d levels", MaxRecordDepth)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("more after the JSON value")
	}
	return v, nil
}

// depthOf is how deeply raw's arrays and objects nest, counted before
// decoding so that a hostile input costs one pass and nothing more.
func depthOf(raw []byte) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}

// encodeJSON writes v compactly, keys sorted, without HTML escapes (the
// records are no web page).
func encodeJSON(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, &Error{Code: EINTERNAL, Msg: Say("error.internal"), Err: err}
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
