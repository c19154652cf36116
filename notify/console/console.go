package console

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/wismo-dev/wismo/notify"
)

// Notifier writes messages to an io.Writer. Create it with New.
type Notifier struct {
	mu         sync.Mutex
	w          io.Writer
	timestamps bool
	eta        bool
	html       bool
}

var _ notify.Notifier = (*Notifier)(nil)

// Option configures a Notifier.
type Option func(*Notifier)

// WithTimestamps adds a "Created: " line with the message's CreatedAt
// (RFC 3339, UTC) when it is set.
func WithTimestamps() Option { return func(n *Notifier) { n.timestamps = true } }

// WithETA adds an "ETA: " line with the message's ETA (RFC 3339, in the ETA's
// own location) when it is set.
func WithETA() Option { return func(n *Notifier) { n.eta = true } }

// WithHTML prints the HTML body after the text body, under an "-- html --"
// line, when the message has one.
func WithHTML() Option { return func(n *Notifier) { n.html = true } }

// New returns a Notifier that writes to w. A nil w panics, as it is a
// programming error.
func New(w io.Writer, opts ...Option) *Notifier {
	if w == nil {
		panic("console: nil writer")
	}
	n := &Notifier{w: w}
	for _, o := range opts {
		o(n)
	}
	return n
}

// Notify writes m as one block. It returns ctx's error if ctx is already
// done, and the writer's error (temporary, so a dispatcher retries) if the
// write fails.
func (n *Notifier) Notify(ctx context.Context, m notify.Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("console: %w", err)
	}
	b := n.format(m)
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, err := n.w.Write(b); err != nil {
		return fmt.Errorf("console: write message %s: %w", clean(m.ID), err)
	}
	return nil
}

func (n *Notifier) format(m notify.Message) []byte {
	var b bytes.Buffer
	head := []string{orDash(clean(m.Audience.String())), orDash(clean(m.Kind.String()))}
	if m.ShipmentID != "" {
		head = append(head, "shipment "+clean(m.ShipmentID))
	}
	if m.OrderID != "" {
		head = append(head, "order "+clean(m.OrderID))
	}
	fmt.Fprintf(&b, "── %s ──\n", strings.Join(head, " · "))
	to := clean(m.Recipient.Name)
	if to == "" && m.Recipient.ID != "" {
		to = "recipient " + clean(m.Recipient.ID)
	}
	if to == "" {
		to = "-"
	}
	fmt.Fprintf(&b, "To: %s\n", to)
	if n.timestamps && !m.CreatedAt.IsZero() {
		fmt.Fprintf(&b, "Created: %s\n", m.CreatedAt.UTC().Format(time.RFC3339))
	}
	if n.eta && !m.ETA.IsZero() {
		fmt.Fprintf(&b, "ETA: %s\n", m.ETA.Format(time.RFC3339))
	}
	fmt.Fprintf(&b, "Subject: %s\n", clean(m.Subject))
	if m.Text != "" {
		b.WriteString("\n")
		b.WriteString(body(m.Text))
	}
	if n.html && m.HTML != "" {
		b.WriteString("\n-- html --\n")
		b.WriteString(body(m.HTML))
	}
	return b.Bytes()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clean makes a one-line field printable: line breaks become spaces and other
// control characters become U+FFFD.
func clean(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\r' || r == '\n' || r == '\t':
			return ' '
		case unsafe(r):
			return unicode.ReplacementChar
		}
		return r
	}, s))
}

// body makes a multi-line body printable: CRLF becomes LF, tabs stay, other
// control characters become U+FFFD, and the result ends in one newline.
func body(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r == '\r' || unsafe(r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
	return strings.TrimRight(s, "\n") + "\n"
}

// unsafe reports whether r could alter a terminal: control characters and
// bidirectional overrides.
func unsafe(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}
