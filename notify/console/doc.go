// Package console prints notifications for development, examples and tests
// instead of sending them.
//
// # Output
//
// Each message becomes one block of plain text, written with a single Write:
//
//	── customer · delayed · shipment s1 · order o1 ──
//	To: Ada
//	Subject: Your parcel is running late
//
//	Your parcel now arrives on Thursday.
//
// The header line names the audience, the kind, and the shipment and order
// when the message has them. The output is deterministic: no clock is read,
// and the message's CreatedAt, ETA and HTML appear only when the matching
// option asks for them (WithTimestamps, WithETA, WithHTML).
//
// # Privacy
//
// The recipient is shown by name, or by the host's recipient id when the name
// is empty. E-mail addresses and phone numbers are never printed, so console
// output can go to logs that must not hold personal data.
//
// # Safety
//
// A Notifier is safe for concurrent use; blocks from concurrent calls never
// interleave. Control characters in message fields (for example terminal
// escape sequences in a carrier's text) are replaced, so printed messages
// cannot rewrite the terminal.
package console
