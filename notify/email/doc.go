// Package email sends notifications as e-mail through an SMTP submission
// server, using net/smtp from the standard library.
//
// # Transport
//
// Each message opens its own connection to Config.Addr (usually port 587),
// upgrades it with STARTTLS, authenticates with AUTH PLAIN (or LOGIN when the
// server offers only that) and sends one message to one recipient. With
// Config.ImplicitTLS the connection speaks TLS from its first byte instead,
// as on port 465 (RFC 8314).
// Credentials and messages never travel in plaintext: a server that does not
// offer STARTTLS gets nothing, and Notify returns ErrTLSRequired. For a local
// mail catcher during development, Config.AllowPlaintext lifts that rule, and
// New accepts it only for a loopback address. The context bounds the whole
// conversation, and so does Config.Timeout.
//
// # Message
//
// The message is MIME: multipart/alternative with a text/plain and a
// text/html part, or a single text/plain (or text/html) part when the
// notify.Message has only one body. Bodies are UTF-8 in quoted-printable.
// The headers are:
//
//   - Date from Config.Now, so tests and replays are deterministic.
//   - From, Reply-To and To, with display names RFC 2047 encoded when they
//     are not plain ASCII ("=?utf-8?q?J=C3=BCrgen?= <j@example.de>").
//   - Subject, RFC 2047 encoded when not plain ASCII.
//   - Message-ID "<" + Message.ID + "@" + the From domain + ">" (an ID that
//     is not a valid dot-atom is replaced by a hash of it): a resend of the
//     same message carries the same Message-ID and, apart from Date, the
//     same bytes, so receiving systems can drop the duplicate.
//   - Auto-Submitted: auto-generated (RFC 3834), so auto-responders stay quiet.
//   - List-Unsubscribe and, for https URIs, List-Unsubscribe-Post (RFC 8058
//     one-click) only on messages Config.IsMarketing reports as marketing.
//
// Header values are sanitized first: control characters (CR and LF
// included) become spaces, so a subject or a name cannot add a header.
//
// # Errors
//
// Notify does not retry; the notify dispatcher does. Its errors are:
//
//   - permanent (wrapping notify.ErrPermanent): a recipient without an
//     e-mail address or with an invalid one, a message without a body, a
//     marketing message without an unsubscribe URI, and every 5xx reply
//     (550 mailbox unavailable, 553, 554, 535 authentication failed). Replies
//     are *ReplyError values with the recipient's address redacted.
//   - temporary: 4xx replies (421, 451, 452), network and TLS errors,
//     ErrTLSRequired, and the end of the context.
//
// # Limits
//
// Addresses must be ASCII: internationalized addresses (SMTPUTF8) are
// refused as permanent failures. Connections are not reused: each message
// has its own SMTP conversation.
package email
