package bundle

import (
	"reflect"
	"time"
)

// The records a bundle returns are kept in memory until the import is
// done, so what they take is what reading a bundle costs beyond its small
// working set. Counting objects in the JSON does not bound that: valid
// accounts padded with empty nested objects ("owner_history":[{},{},…])
// unpack to a hundred times their JSON. Each record is therefore weighed
// as decoded, and the bundle refused once its records outweigh
// keptPerByte times the bundle's size limit or keptPerJSONByte times the
// JSON read so far (plus keptFloor).

// keptPerByte is how much memory the returned records may take per byte of
// the size limit: 1 GiB with DefaultMaxSize. Real accounts take about 1.3
// times their JSON (measured in TestValidBundlesCostInProportion).
const keptPerByte = 2

// keptPerJSONByte and keptFloor bound the records by the JSON they come
// from: real records take 1.3 to 2.5 times their JSON as weighed here, the
// smallest valid account 5 times (its list's slack and id included),
// records padded with empty objects a hundred times, so these are refused
// after a few dozen megabytes rather than at the limit.
const (
	keptPerJSONByte = 6
	keptFloor       = 32 << 20
)

// locationSize is charged for a time's zone: a time decoded with an offset
// other than UTC's carries its own.
const locationSize = 192

var timeType = reflect.TypeFor[time.Time]()

// weigh returns the bytes v takes in memory with everything it points to,
// v's own size included.
func weigh(v any) int64 {
	rv := reflect.ValueOf(v)
	return int64(rv.Type().Size()) + indirect(rv)
}

// indirect returns the bytes v points to, not counting v itself. Records
// hold no cycles and no shared pointers, so a walk counts each once.
func indirect(v reflect.Value) int64 {
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return int64(v.Type().Elem().Size()) + indirect(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return 0
		}
		n := int64(v.Cap()) * int64(v.Type().Elem().Size())
		for i := 0; i < v.Len(); i++ {
			n += indirect(v.Index(i))
		}
		return n
	case reflect.Map:
		// A map entry costs its key and value, a tophash byte and the
		// table's slack; 2× covers the slack of a growing table.
		per := 2 * (int64(v.Type().Key().Size()) + int64(v.Type().Elem().Size()) + 1)
		n := int64(48) + int64(v.Len())*per
		it := v.MapRange()
		for it.Next() {
			n += indirect(it.Key()) + indirect(it.Value())
		}
		return n
	case reflect.Struct:
		if v.Type() == timeType {
			if v.Field(2).IsNil() { // loc
				return 0
			}
			return locationSize
		}
		var n int64
		for i := 0; i < v.NumField(); i++ {
			n += indirect(v.Field(i))
		}
		return n
	case reflect.Array:
		var n int64
		for i := 0; i < v.Len(); i++ {
			n += indirect(v.Index(i))
		}
		return n
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		return int64(v.Elem().Type().Size()) + indirect(v.Elem())
	}
	return 0
}
