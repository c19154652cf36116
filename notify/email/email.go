package email

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/notify"
)

// ErrTLSRequired means the server did not offer STARTTLS and Config does not
// allow plaintext. Nothing was sent. It is temporary (someone between wismo
// and the server may have stripped STARTTLS), so the dispatcher retries and
// eventually dead-letters the message.
var ErrTLSRequired = errors.New("email: server does not offer STARTTLS")

// Config configures a Notifier. The zero value of every field except Addr and
// From means its default.
type Config struct {
	// Addr is the submission server's host:port, such as
	// "smtp.example.com:587". Required.
	Addr string
	// Host is the name the server's certificate must carry. Defaults to the
	// host part of Addr.
	Host string
	// HelloName is the name sent with EHLO. Defaults to "localhost".
	HelloName string
	// Username and Password authenticate with AUTH PLAIN or, if the server
	// offers only that, AUTH LOGIN; credentials are only ever sent over TLS
	// (or to a loopback server with AllowPlaintext). Defaults to no AUTH.
	Username, Password string
	// From is the sender, as name and address. Its domain also names the
	// Message-ID. Required.
	From mail.Address
	// ReplyTo, when its Address is set, adds a Reply-To header. Defaults to
	// none.
	ReplyTo mail.Address
	// TLSConfig is used for STARTTLS and ImplicitTLS. Defaults to TLS 1.2
	// or later with ServerName set to Host; a config without ServerName gets
	// Host.
	TLSConfig *tls.Config
	// ImplicitTLS starts TLS as soon as the connection is open, before the
	// server's greeting, as submission servers on port 465 expect (RFC 8314,
	// "submissions"); STARTTLS is then not used. Defaults to false: the
	// conversation starts in plain text and upgrades with STARTTLS, as on
	// port 587.
	ImplicitTLS bool
	// AllowPlaintext lets the Notifier send (and authenticate) without TLS
	// when the server offers no STARTTLS. It is for development against a
	// local mail catcher: New accepts it only when Addr is a loopback
	// address ("localhost", 127.0.0.0/8, ::1). STARTTLS is still used
	// whenever offered. Defaults to false: without STARTTLS nothing is sent
	// and Notify returns ErrTLSRequired.
	AllowPlaintext bool
	// Timeout bounds one message's whole SMTP conversation, from dial to
	// the server's acceptance. Defaults to 30 seconds.
	Timeout time.Duration
	// Now returns the time for the Date header. Defaults to time.Now.
	Now func() time.Time
	// IsMarketing reports whether a message carries marketing content (a
	// cross-sell block, product care tips). Such messages get
	// List-Unsubscribe headers. Defaults to treating every message as
	// transactional.
	IsMarketing func(notify.Message) bool
	// ListUnsubscribe returns the unsubscribe URI for a marketing message:
	// an https URL (one-click, RFC 8058: it must accept a POST with the
	// body "List-Unsubscribe=One-Click") or a mailto URI. Required when
	// IsMarketing is set; a marketing message without a valid URI is not
	// sent (permanent error).
	ListUnsubscribe func(notify.Message) string
	// Dial opens the TCP connection. Defaults to a net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Logger receives one debug record per message with its id, kind and
	// the SMTP reply code; never addresses or content. Defaults to
	// discarding.
	Logger *slog.Logger
}

func (c *Config) defaults() {
	if c.Host == "" {
		c.Host, _, _ = net.SplitHostPort(c.Addr)
	}
	if c.HelloName == "" {
		c.HelloName = "localhost"
	}
	if c.TLSConfig == nil {
		c.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	} else {
		c.TLSConfig = c.TLSConfig.Clone()
	}
	if c.TLSConfig.ServerName == "" {
		c.TLSConfig.ServerName = c.Host
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Dial == nil {
		c.Dial = (&net.Dialer{}).DialContext
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

func (c *Config) validate() error {
	host, port, err := net.SplitHostPort(c.Addr)
	switch {
	case c.Addr == "":
		return errors.New("email: Config.Addr is required")
	case err != nil:
		return fmt.Errorf("email: Config.Addr: %w", err)
	case host == "" || port == "":
		return fmt.Errorf("email: Config.Addr %q needs a host and a port", c.Addr)
	case c.AllowPlaintext && c.ImplicitTLS:
		return errors.New("email: Config.AllowPlaintext and ImplicitTLS exclude each other")
	case c.AllowPlaintext && !isLoopback(host):
		return fmt.Errorf("email: Config.AllowPlaintext is only allowed for a loopback Addr, not %q", host)
	case c.Timeout < 0:
		return fmt.Errorf("email: Config.Timeout %s is negative", c.Timeout)
	case c.IsMarketing != nil && c.ListUnsubscribe == nil:
		return errors.New("email: Config.ListUnsubscribe is required when IsMarketing is set")
	case strings.ContainsAny(c.HelloName, " \r\n"):
		return fmt.Errorf("email: Config.HelloName %q contains white space", c.HelloName)
	case c.Password != "" && c.Username == "":
		return errors.New("email: Config.Password is set without Username")
	}
	if _, err := checkAddress(c.From.Address); err != nil {
		return fmt.Errorf("email: Config.From %q: %w", c.From.Address, err)
	}
	if c.ReplyTo.Address != "" {
		if _, err := checkAddress(c.ReplyTo.Address); err != nil {
			return fmt.Errorf("email: Config.ReplyTo %q: %w", c.ReplyTo.Address, err)
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Notifier sends each message as one e-mail over its own SMTP connection. It
// is safe for concurrent use.
type Notifier struct {
	cfg Config
}

var _ notify.Notifier = (*Notifier)(nil)

// New validates cfg, fills its defaults and returns a Notifier. It does not
// connect.
func New(cfg Config) (*Notifier, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg.defaults()
	from, _ := checkAddress(cfg.From.Address)
	cfg.From.Address = from
	if cfg.ReplyTo.Address != "" {
		cfg.ReplyTo.Address, _ = checkAddress(cfg.ReplyTo.Address)
	}
	return &Notifier{cfg: cfg}, nil
}

// ReplyError is an SMTP reply that refused a command. It wraps
// notify.ErrPermanent for 5xx replies; 4xx replies are temporary.
type ReplyError struct {
	// Command is the refused command: "greeting", "EHLO", "STARTTLS",
	// "AUTH", "MAIL", "RCPT", "DATA" or "message" (the reply to the
	// message text).
	Command string
	// Code is the three-digit reply code, such as 550.
	Code int
	// Message is the server's text with the recipient's address replaced
	// by "<recipient>", so the error can be logged.
	Message string
}

func (e *ReplyError) Error() string {
	return fmt.Sprintf("email: %s refused: %d %s", e.Command, e.Code, e.Message)
}

// Permanent reports whether the reply is a 5xx.
func (e *ReplyError) Permanent() bool { return e.Code >= 500 && e.Code < 600 }

// Unwrap returns notify.ErrPermanent for a 5xx reply and nil otherwise.
func (e *ReplyError) Unwrap() error {
	if e.Permanent() {
		return notify.ErrPermanent
	}
	return nil
}

// Notify sends m to m.Recipient.Email. A message that cannot be built (no
// address, an invalid one, no body, a marketing message without an
// unsubscribe URI) and a 5xx reply fail permanently; a 4xx reply, a network
// or TLS error and the end of ctx are temporary. Nothing is retried here: the
// dispatcher retries, and the resent message has the same Message-ID.
func (n *Notifier) Notify(ctx context.Context, m notify.Message) error {
	if m.ID == "" {
		return fmt.Errorf("email: message has no ID: %w", notify.ErrPermanent)
	}
	h := headerFields{
		date:           n.cfg.Now(),
		from:           n.cfg.From,
		replyTo:        n.cfg.ReplyTo,
		messageIDLocal: messageIDLocal(m.ID),
	}
	if n.cfg.IsMarketing != nil && n.cfg.IsMarketing(m) {
		uri, oneClick, err := unsubscribeURI(n.cfg.ListUnsubscribe(m))
		if err != nil {
			return fmt.Errorf("email: marketing message %s: %w: %w", m.ID, notify.ErrPermanent, err)
		}
		h.listUnsub, h.oneClickUnsub = uri, oneClick
	}
	env, err := build(m, h)
	if err != nil {
		return err
	}
	err = n.send(ctx, env)
	var re *ReplyError
	code := 0
	if errors.As(err, &re) {
		code = re.Code
	}
	n.cfg.Logger.DebugContext(ctx, "email: send", "message_id", m.ID, "kind", m.Kind.String(), "ok", err == nil, "code", code)
	if err != nil {
		return fmt.Errorf("%w (message %s)", err, m.ID)
	}
	return nil
}

// unsubscribeURI checks a List-Unsubscribe URI: https (one-click) or mailto.
func unsubscribeURI(s string) (uri string, oneClick bool, err error) {
	if s == "" {
		return "", false, errors.New("ListUnsubscribe returned no URI")
	}
	if strings.ContainsAny(s, "<>\r\n \t") {
		return "", false, errors.New("List-Unsubscribe URI contains a forbidden character")
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false, fmt.Errorf("List-Unsubscribe URI: %w", err)
	}
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			return "", false, errors.New("List-Unsubscribe URI is not printable ASCII")
		}
	}
	switch {
	case u.Scheme == "https" && u.Host != "":
		return s, true, nil
	case u.Scheme == "mailto" && u.Opaque != "":
		return s, false, nil
	}
	return "", false, fmt.Errorf("List-Unsubscribe URI scheme %q: want https or mailto", u.Scheme)
}

// send runs one SMTP conversation.
func (n *Notifier) send(ctx context.Context, env envelope) (err error) {
	ctx, cancel := context.WithTimeout(ctx, n.cfg.Timeout)
	defer cancel()
	conn, err := n.cfg.Dial(ctx, "tcp", n.cfg.Addr)
	if err != nil {
		return n.ctxErr(ctx, fmt.Errorf("email: dial: %w", err))
	}
	defer conn.Close()
	// The end of ctx (cancelled, or its deadline, which includes Timeout)
	// unblocks any read or write in progress; ctx.Err is set by then.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	step := "greeting"
	fail := func(err error) error {
		return n.ctxErr(ctx, replyError(step, err, env.to, n.secrets()...))
	}
	// The deadline above stays on the TCP connection, under TLS too.
	smtpConn := conn
	if n.cfg.ImplicitTLS {
		step = "TLS handshake"
		tc := tls.Client(conn, n.cfg.TLSConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fail(err)
		}
		smtpConn, step = tc, "greeting"
	}
	c, err := smtp.NewClient(smtpConn, n.cfg.Host)
	if err != nil {
		return fail(err)
	}
	defer c.Close()

	step = "EHLO"
	if err := c.Hello(n.cfg.HelloName); err != nil {
		return fail(err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !n.cfg.ImplicitTLS {
		step = "STARTTLS"
		if err := c.StartTLS(n.cfg.TLSConfig); err != nil {
			return fail(err)
		}
	}
	_, isTLS := c.TLSConnectionState()
	if !isTLS && !n.cfg.AllowPlaintext {
		_ = c.Quit()
		return ErrTLSRequired
	}
	if n.cfg.Username != "" {
		step = "AUTH"
		a, err := n.auth(c, isTLS)
		if err != nil {
			_ = c.Quit()
			return err
		}
		if err := c.Auth(a); err != nil {
			return fail(err)
		}
	}
	step = "MAIL"
	if err := c.Mail(env.from); err != nil {
		return fail(err)
	}
	step = "RCPT"
	if err := c.Rcpt(env.to); err != nil {
		return fail(err)
	}
	step = "DATA"
	w, err := c.Data()
	if err != nil {
		return fail(err)
	}
	step = "message"
	if _, err := w.Write(env.data); err != nil {
		return fail(err)
	}
	if err := w.Close(); err != nil {
		return fail(err)
	}
	// The server has accepted the message; a failing QUIT must not cause a
	// resend.
	_ = c.Quit()
	return nil
}

// auth picks PLAIN or LOGIN from the server's offer.
func (n *Notifier) auth(c *smtp.Client, isTLS bool) (smtp.Auth, error) {
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return nil, errors.New("email: credentials configured but the server offers no AUTH")
	}
	offered := strings.Fields(strings.ToUpper(mechs))
	secure := isTLS || n.cfg.AllowPlaintext
	for _, want := range []string{"PLAIN", "LOGIN"} {
		for _, m := range offered {
			if m == want {
				return &credentials{mech: want, user: n.cfg.Username, pass: n.cfg.Password, secure: secure}, nil
			}
		}
	}
	return nil, fmt.Errorf("email: the server offers AUTH %s, want PLAIN or LOGIN", mechs)
}

// ctxErr prefers ctx's error when ctx ended, since the I/O error it caused
// says less.
func (n *Notifier) ctxErr(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("email: %w (%v)", ctxErr, err)
	}
	return err
}

// secrets returns the password as a server could repeat it in a reply: as
// configured, base64 (AUTH LOGIN) and the base64 AUTH PLAIN response.
func (n *Notifier) secrets() []string {
	if n.cfg.Password == "" {
		return nil
	}
	enc := base64.StdEncoding.EncodeToString
	out := []string{enc([]byte("\x00" + n.cfg.Username + "\x00" + n.cfg.Password)), enc([]byte(n.cfg.Password))}
	if len(n.cfg.Password) >= 4 { // a shorter one would mangle the reply and hide little
		out = append(out, n.cfg.Password)
	}
	return out
}

// replyError turns an SMTP reply into a *ReplyError with the recipient's
// address and any of secrets (the password, in the forms a server may
// repeat) redacted; other errors pass through.
func replyError(step string, err error, recipient string, secrets ...string) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		msg := te.Msg
		for _, s := range secrets {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
		if recipient != "" {
			msg = replaceFold(msg, recipient, "<recipient>")
		}
		return &ReplyError{Command: step, Code: te.Code, Message: msg}
	}
	return fmt.Errorf("email: %s: %w", step, err)
}

// replaceFold replaces every case-insensitive occurrence of old in s.
func replaceFold(s, old, repl string) string {
	lower, lowerOld := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) || len(lowerOld) != len(old) {
		return strings.ReplaceAll(s, old, repl)
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lowerOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}

// credentials implements smtp.Auth for PLAIN (RFC 4616) and LOGIN.
type credentials struct {
	mech, user, pass string
	secure           bool // TLS, or plaintext explicitly allowed for loopback
	step             int
}

func (a *credentials) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !a.secure && !server.TLS {
		return "", nil, errors.New("email: refusing to send credentials without TLS")
	}
	if a.mech == "PLAIN" {
		return "PLAIN", []byte("\x00" + a.user + "\x00" + a.pass), nil
	}
	return "LOGIN", nil, nil
}

func (a *credentials) Next(challenge []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	if a.mech != "LOGIN" {
		return nil, errors.New("email: unexpected AUTH PLAIN challenge")
	}
	a.step++
	prompt := strings.ToLower(strings.TrimSpace(string(challenge)))
	switch {
	case strings.HasPrefix(prompt, "username"), prompt == "" && a.step == 1:
		return []byte(a.user), nil
	case strings.HasPrefix(prompt, "password"), prompt == "" && a.step == 2:
		return []byte(a.pass), nil
	}
	return nil, fmt.Errorf("email: unexpected AUTH LOGIN challenge %q", challenge)
}
