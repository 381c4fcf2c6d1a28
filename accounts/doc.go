// Package accounts is Keycard's domain: the key account and everything an
// account manager keeps about it — the profile card, the decision makers and
// the links between them, the visit log with its next steps, the defection
// warning signs, the account plan, revenue per period and the handover of an
// account from one owner to the next.
//
// The package does no I/O and imports neither the GUI toolkit, the database
// nor the PDF library. Rules that depend on the date take it as an argument
// so that they are deterministic in tests. Every entity has a Validate method
// that reports all of its bad fields at once, in English and Chinese, so that
// a form can show each message beside its field.
package accounts
