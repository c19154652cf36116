package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wismo-dev/wismo/notify"
)

// maxLine is the length header lines are folded at when possible (RFC 5322
// recommends 78 characters).
const maxLine = 76

// envelope is a built message: the SMTP envelope and the RFC 5322 text.
type envelope struct {
	from, to string
	data     []byte
}

// headerFields are the extra headers of one message.
type headerFields struct {
	date           time.Time
	from, replyTo  mail.Address
	listUnsub      string // a URI; empty for transactional messages
	oneClickUnsub  bool   // add List-Unsubscribe-Post (RFC 8058)
	messageIDLocal string
}

// build renders m as a MIME message. Errors wrap notify.ErrPermanent: no
// retry can fix a message that cannot be built.
func build(m notify.Message, h headerFields) (envelope, error) {
	to, err := recipientAddress(m.Recipient)
	if err != nil {
		return envelope{}, err
	}
	if m.Text == "" && m.HTML == "" {
		return envelope{}, fmt.Errorf("email: message %s has neither text nor HTML: %w", m.ID, notify.ErrPermanent)
	}

	var b bytes.Buffer
	writeHeader(&b, "Date", h.date.Format(time.RFC1123Z))
	writeHeader(&b, "From", formatAddress(h.from))
	if h.replyTo.Address != "" {
		writeHeader(&b, "Reply-To", formatAddress(h.replyTo))
	}
	writeHeader(&b, "To", formatAddress(to))
	writeHeader(&b, "Subject", encodeText(m.Subject))
	writeHeader(&b, "Message-ID", "<"+h.messageIDLocal+"@"+domainOf(h.from.Address)+">")
	writeHeader(&b, "MIME-Version", "1.0")
	// RFC 3834: keeps auto-responders from answering a notification.
	writeHeader(&b, "Auto-Submitted", "auto-generated")
	if h.listUnsub != "" {
		writeHeader(&b, "List-Unsubscribe", "<"+h.listUnsub+">")
		if h.oneClickUnsub {
			writeHeader(&b, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		}
	}

	switch {
	case m.HTML == "":
		writeSinglePart(&b, "text/plain", m.Text)
	case m.Text == "":
		writeSinglePart(&b, "text/html", m.HTML)
	default:
		mw := multipart.NewWriter(&b)
		if err := mw.SetBoundary(boundary(m.ID)); err != nil {
			return envelope{}, fmt.Errorf("email: boundary: %w", err)
		}
		writeHeader(&b, "Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
		b.WriteString("\r\n")
		for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
			w, err := mw.CreatePart(textproto.MIMEHeader{
				"Content-Type":              {part.typ + "; charset=utf-8"},
				"Content-Transfer-Encoding": {"quoted-printable"},
			})
			if err != nil {
				return envelope{}, fmt.Errorf("email: part: %w", err)
			}
			if err := writeQP(w, part.body); err != nil {
				return envelope{}, err
			}
		}
		if err := mw.Close(); err != nil {
			return envelope{}, fmt.Errorf("email: close multipart: %w", err)
		}
	}
	return envelope{from: h.from.Address, to: to.Address, data: b.Bytes()}, nil
}

func writeSinglePart(b *bytes.Buffer, typ, body string) {
	writeHeader(b, "Content-Type", typ+"; charset=utf-8")
	writeHeader(b, "Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	_ = writeQP(b, body) // a bytes.Buffer does not fail
}

func writeQP(w interface{ Write([]byte) (int, error) }, body string) error {
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(strings.ToValidUTF8(body, "\uFFFD"))); err != nil {
		return fmt.Errorf("email: encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return fmt.Errorf("email: encode body: %w", err)
	}
	return nil
}

// boundary derives the multipart boundary from the message id, so a resend is
// byte-identical. "=_" cannot occur in quoted-printable text, so the boundary
// cannot collide with a body line.
func boundary(id string) string {
	sum := sha256.Sum256([]byte(id))
	return "=_wismo_" + hex.EncodeToString(sum[:12])
}

// recipientAddress validates the recipient's e-mail address. An unusable
// address is permanent.
func recipientAddress(r notify.Recipient) (mail.Address, error) {
	if strings.TrimSpace(r.Email) == "" {
		return mail.Address{}, fmt.Errorf("email: recipient has no e-mail address: %w", notify.ErrPermanent)
	}
	addr, err := checkAddress(r.Email)
	if err != nil {
		return mail.Address{}, fmt.Errorf("email: recipient address: %w: %w", notify.ErrPermanent, err)
	}
	return mail.Address{Name: r.Name, Address: addr}, nil
}

// checkAddress returns the bare addr-spec of s, which must be a single
// address of printable ASCII (internationalized addresses need SMTPUTF8,
// which this package does not speak).
func checkAddress(s string) (string, error) {
	for _, r := range s {
		if r < 0x20 || r >= 0x7f {
			return "", fmt.Errorf("address contains a non-ASCII or control character")
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", fmt.Errorf("invalid address: %w", err)
	}
	if !strings.Contains(a.Address, "@") || strings.ContainsAny(a.Address, "<>\" ") {
		return "", fmt.Errorf("invalid address")
	}
	return a.Address, nil
}

func domainOf(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}

// messageIDLocal returns the left part of the Message-ID for a message id:
// the id itself when it is a dot-atom, otherwise a hash of it. Either way the
// same id always gives the same Message-ID.
func messageIDLocal(id string) string {
	ok := id != "" && len(id) <= 128 && id[0] != '.' && id[len(id)-1] != '.' && !strings.Contains(id, "..")
	for _, r := range id {
		if !ok {
			break
		}
		ok = r == '.' || isAtext(r)
	}
	if ok {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return "h" + hex.EncodeToString(sum[:16])
}

func isAtext(r rune) bool {
	return r < utf8.RuneSelf && (('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') ||
		strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r))
}

// sanitize makes s safe for a header: invalid UTF-8 becomes U+FFFD, every
// run of control characters (CR, LF and tab included) and ASCII spaces
// becomes one space, and leading and trailing space is removed. Header
// injection is impossible after it.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || r == ' ' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// encodeText returns an unstructured header value (a subject) for s:
// sanitized, and RFC 2047 encoded when it is not plain ASCII.
func encodeText(s string) string {
	s = sanitize(s)
	if needsEncoding(s) {
		return encodeWords(s)
	}
	return s
}

// formatAddress returns a mailbox for a header: the display name sanitized
// and RFC 2047 encoded when needed, then the address in angle brackets.
func formatAddress(a mail.Address) string {
	name := sanitize(a.Name)
	addr := (&mail.Address{Address: a.Address}).String()
	if name == "" {
		return addr
	}
	if needsEncoding(name) {
		return encodeWords(name) + " " + addr
	}
	// Printable ASCII: net/mail quotes the name as needed.
	return (&mail.Address{Name: name, Address: a.Address}).String()
}

// needsEncoding reports whether s must be RFC 2047 encoded: it has non-ASCII
// characters, something a decoder would take for an encoded word, or a word
// too long to fold.
func needsEncoding(s string) bool {
	if strings.Contains(s, "=?") {
		return true
	}
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return true
		}
	}
	for w := range strings.SplitSeq(s, " ") {
		if len(w) > maxLine-len("Subject: ") {
			return true
		}
	}
	return false
}

// encodeWords encodes s as space-separated RFC 2047 "Q" encoded words of at
// most 60 characters (so that a word fits on a folded line after any header
// name used here), never splitting a character. It uses only the
// characters RFC 2047 section 5(3) allows in a phrase, so the result is safe
// in display names as well as in subjects. (mime.QEncoding lets through
// characters such as ',' and '"' that break a display name.)
func encodeWords(s string) string {
	const prefix, suffix = "=?utf-8?q?", "?="
	const room = 60 - len(prefix) - len(suffix)
	var out, word strings.Builder
	flush := func() {
		if word.Len() == 0 {
			return
		}
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(prefix + word.String() + suffix)
		word.Reset()
	}
	var enc []byte
	for _, r := range s {
		enc = enc[:0]
		var buf [utf8.UTFMax]byte
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			switch {
			case c == ' ':
				enc = append(enc, '_')
			case ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
				c == '!' || c == '*' || c == '+' || c == '-' || c == '/':
				enc = append(enc, c)
			default:
				enc = append(enc, '=', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
			}
		}
		if word.Len()+len(enc) > room {
			flush()
		}
		word.Write(enc)
	}
	flush()
	return out.String()
}

// writeHeader writes "name: value" folded at spaces so lines stay within
// maxLine characters where the value allows it.
func writeHeader(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteByte(':')
	n := len(name) + 1
	for i, w := range strings.Split(value, " ") {
		if i > 0 && n+1+len(w) > maxLine {
			b.WriteString("\r\n")
			n = 0
		}
		b.WriteByte(' ')
		b.WriteString(w)
		n += 1 + len(w)
	}
	b.WriteString("\r\n")
}
