package accounts

import (
	"encoding/binary"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// ID identifies a record. IDs are UUIDv7 strings: random, so records made on
// two computers never collide and a bundle can be merged, and time-ordered, so
// a key range in the database is also a creation order.
type ID string

// NewID returns a fresh UUIDv7.
func NewID() ID {
	u, err := uuid.NewV7()
	if err != nil {
		// NewV7 fails only when the system's random source does; there is no
		// way to go on without ids.
		panic("keycard: cannot read random bytes for a new id: " + err.Error())
	}
	return ID(u.String())
}

// IDAt returns a UUIDv7 for time t drawing its random bits from r. The demo
// generator uses it so that a seed always yields the same ids.
func IDAt(t time.Time, r *rand.Rand) ID {
	var u uuid.UUID
	ms := uint64(t.UnixMilli())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	binary.BigEndian.PutUint16(u[6:], uint16(r.Uint32()))
	binary.BigEndian.PutUint64(u[8:], r.Uint64())
	u[6] = (u[6] & 0x0f) | 0x70 // version 7
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	return ID(u.String())
}

// Valid reports whether id is a well-formed UUID.
func (id ID) Valid() bool {
	_, err := uuid.Parse(string(id))
	return err == nil
}

func (id ID) String() string { return string(id) }
