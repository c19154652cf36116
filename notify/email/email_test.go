package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/notify"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CET", 3600))

const germanSubject = "Ihre Bestellung ist unterwegs – Lieferung Donnerstag"

func message() notify.Message {
	return notify.Message{
		ID:         "msg_0123abcd",
		Kind:       notify.KindShipped,
		Audience:   notify.Customer,
		ShipmentID: "s1",
		Recipient:  notify.Recipient{ID: "c1", Name: "Jürgen Müller", Email: "juergen@example.de", Locale: "de-DE"},
		Subject:    germanSubject,
		Text:       "Hallo Jürgen,\nIhre Bestellung ist unterwegs.\n.\nEine Zeile mit = und einer sehr langen Fortsetzung, die über die empfohlene Zeilenlänge von 76 Zeichen hinausgeht.",
		HTML:       "<p>Hallo Jürgen,</p><p>Ihre Bestellung ist <b>unterwegs</b>.</p>",
	}
}

// config returns a Config for ts that trusts the test certificate.
func config(ts *testServer) Config {
	_, pool := testCert()
	return Config{
		Addr:      ts.addr,
		Host:      "localhost",
		Username:  "wismo",
		Password:  "s3cret",
		From:      mail.Address{Name: "Bäckerei Shop", Address: "shop@shop.example"},
		TLSConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		Now:       func() time.Time { return now },
		Timeout:   5 * time.Second,
	}
}

func newNotifier(t *testing.T, cfg Config) *Notifier {
	t.Helper()
	n, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return n
}

// parsed is a received message, decoded.
type parsed struct {
	header mail.Header
	parts  map[string]string // media type -> decoded body
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, data)
	}
	p := parsed{header: msg.Header, parts: map[string]string{}}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	decode := func(h interface{ Get(string) string }, r io.Reader) string {
		t.Helper()
		if cte := h.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Errorf("Content-Transfer-Encoding = %q, want quoted-printable", cte)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(r))
		if err != nil {
			t.Fatalf("quoted-printable: %v", err)
		}
		return string(b)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		if params["charset"] != "utf-8" {
			t.Errorf("charset = %q, want utf-8", params["charset"])
		}
		p.parts[mt] = decode(msg.Header, msg.Body)
		return p
	}
	if mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q, want multipart/alternative", mt)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		pt, pp, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil || pp["charset"] != "utf-8" {
			t.Errorf("part Content-Type %q: %v", part.Header.Get("Content-Type"), err)
		}
		p.parts[pt] = decode(part.Header, part)
	}
	return p
}

func decodeHeader(t *testing.T, v string) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(v)
	if err != nil {
		t.Fatalf("decode %q: %v", v, err)
	}
	return s
}

func TestNotifyDeliversOverSTARTTLSWithAuth(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{requireAuthTx: true})
	n := newNotifier(t, config(ts))
	m := message()
	if err := n.Notify(context.Background(), m); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	d := ts.only(t)
	if !d.tls {
		t.Error("the message was sent without STARTTLS")
	}
	if !d.authed || d.mech != "PLAIN" || d.user != "wismo" {
		t.Errorf("AUTH: authed %v mech %q user %q, want PLAIN as wismo", d.authed, d.mech, d.user)
	}
	if d.from != "shop@shop.example" || len(d.to) != 1 || d.to[0] != "juergen@example.de" {
		t.Errorf("envelope from %q to %q", d.from, d.to)
	}
	for i, line := range strings.Split(string(d.data), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d has %d characters: %q", i+1, len(line), line)
		}
	}

	p := parse(t, d.data)
	if got := decodeHeader(t, p.header.Get("Subject")); got != germanSubject {
		t.Errorf("Subject decodes to %q, want %q", got, germanSubject)
	}
	if raw := p.header.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
		t.Errorf("non-ASCII Subject not RFC 2047 encoded: %q", raw)
	}
	to, err := p.header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Jürgen Müller" || to[0].Address != "juergen@example.de" {
		t.Errorf("To = %v, %v (raw %q)", to, err, p.header.Get("To"))
	}
	from, err := p.header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Bäckerei Shop" || from[0].Address != "shop@shop.example" {
		t.Errorf("From = %v, %v", from, err)
	}
	if got := p.header.Get("Message-ID"); got != "<msg_0123abcd@shop.example>" {
		t.Errorf("Message-ID = %q", got)
	}
	if got, err := p.header.Date(); err != nil || !got.Equal(now) {
		t.Errorf("Date = %v, %v; want %v", got, err, now)
	}
	if got := p.header.Get("MIME-Version"); got != "1.0" {
		t.Errorf("MIME-Version = %q", got)
	}
	for _, h := range []string{"List-Unsubscribe", "List-Unsubscribe-Post", "Reply-To"} {
		if v := p.header.Get(h); v != "" {
			t.Errorf("transactional message has %s: %q", h, v)
		}
	}
	wantText := strings.ReplaceAll(m.Text, "\n", "\r\n")
	if got := p.parts["text/plain"]; got != wantText {
		t.Errorf("text part\n got %q\nwant %q", got, wantText)
	}
	if got := p.parts["text/html"]; got != m.HTML {
		t.Errorf("html part\n got %q\nwant %q", got, m.HTML)
	}
}

// Port 465: TLS from the first byte, then AUTH, with no STARTTLS. A
// client expecting STARTTLS cannot talk to such a server, and a server
// whose certificate is not trusted gets neither credentials nor mail.
func TestNotifyImplicitTLS(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{implicitTLS: true, requireAuthTx: true})
	cfg := config(ts)
	cfg.ImplicitTLS = true
	if err := newNotifier(t, cfg).Notify(context.Background(), message()); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	d := ts.only(t)
	if !d.tls || !d.authed || d.mech != "PLAIN" || len(d.to) != 1 {
		t.Errorf("session: tls %v authed %v mech %q to %v; want TLS, PLAIN, one recipient", d.tls, d.authed, d.mech, d.to)
	}
	if p := parse(t, d.data); decodeHeader(t, p.header.Get("Subject")) != germanSubject {
		t.Errorf("Subject %q", p.header.Get("Subject"))
	}

	untrusted := startServer(t, serverOpts{implicitTLS: true})
	cfg = config(untrusted)
	cfg.ImplicitTLS, cfg.TLSConfig = true, nil
	err := newNotifier(t, cfg).Notify(context.Background(), message())
	if err == nil || errors.Is(err, notify.ErrPermanent) || !strings.Contains(err.Error(), "TLS handshake") {
		t.Fatalf("untrusted certificate: got %v, want a temporary TLS handshake error", err)
	}
	if ss := untrusted.sessions(); len(ss) > 0 && (ss[0].authed || ss[0].mailed) {
		t.Error("credentials or mail went to an untrusted server")
	}

	// A plain-text client meets a TLS server: the greeting never comes
	// and the conversation ends at the timeout.
	plain := config(ts)
	plain.Timeout = 300 * time.Millisecond
	if err := newNotifier(t, plain).Notify(context.Background(), message()); err == nil {
		t.Fatal("a STARTTLS client talked to an implicit-TLS server")
	}
}

func TestNotifyResendIsIdentical(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{})
	n := newNotifier(t, config(ts))
	for range 2 {
		if err := n.Notify(context.Background(), message()); err != nil {
			t.Fatal(err)
		}
	}
	ss := ts.sessions()
	if len(ss) != 2 || !bytes.Equal(ss[0].data, ss[1].data) {
		t.Fatalf("a resend differs:\n%s\n---\n%s", ss[0].data, ss[1].data)
	}
	other := message()
	other.ID = "msg_other"
	if err := n.Notify(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	p := parse(t, ts.sessions()[2].data)
	if got := p.header.Get("Message-ID"); got != "<msg_other@shop.example>" {
		t.Errorf("Message-ID = %q", got)
	}
}

func TestNotifyAuthLogin(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{mechs: []string{"LOGIN"}, requireAuthTx: true})
	if err := newNotifier(t, config(ts)).Notify(context.Background(), message()); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	if d := ts.only(t); d.mech != "LOGIN" || !d.tls || d.data == nil {
		t.Errorf("mech %q tls %v delivered %v", d.mech, d.tls, d.data != nil)
	}
}

func TestNotifySinglePartAndHeaders(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{})
	cfg := config(ts)
	cfg.ReplyTo = mail.Address{Name: "Kundenservice", Address: "help@shop.example"}
	cfg.Username, cfg.Password = "", ""
	m := message()
	m.HTML = ""
	m.Subject = "Your order has shipped"
	m.Recipient.Name = ""
	if err := newNotifier(t, cfg).Notify(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	d := ts.only(t)
	if d.authed {
		t.Error("authenticated without credentials")
	}
	p := parse(t, d.data)
	if len(p.parts) != 1 || p.parts["text/plain"] == "" {
		t.Errorf("want a single text/plain part, got %v", p.parts)
	}
	if got := p.header.Get("Subject"); got != "Your order has shipped" {
		t.Errorf("ASCII subject = %q, want it unencoded", got)
	}
	if got := p.header.Get("To"); got != "<juergen@example.de>" {
		t.Errorf("To without name = %q", got)
	}
	if got := p.header.Get("Reply-To"); got != `"Kundenservice" <help@shop.example>` {
		t.Errorf("Reply-To = %q", got)
	}
}

func TestNotifyListUnsubscribeOnlyForMarketing(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name      string
		kind      notify.Kind
		uri       string
		wantUnsub string
		wantPost  string
		wantErr   bool
	}{
		{name: "transactional", kind: notify.KindShipped, uri: "https://shop.example/u/1"},
		{name: "marketing https is one-click", kind: notify.KindFeedbackRequest, uri: "https://shop.example/u/1", wantUnsub: "<https://shop.example/u/1>", wantPost: "List-Unsubscribe=One-Click"},
		{name: "marketing mailto", kind: notify.KindFeedbackRequest, uri: "mailto:unsub@shop.example?subject=c1", wantUnsub: "<mailto:unsub@shop.example?subject=c1>"},
		{name: "marketing without uri is refused", kind: notify.KindFeedbackRequest, uri: "", wantErr: true},
		{name: "marketing with injected header is refused", kind: notify.KindFeedbackRequest, uri: "https://x.example/\r\nBcc: a@b.c", wantErr: true},
		{name: "marketing with http is refused", kind: notify.KindFeedbackRequest, uri: "http://shop.example/u/1", wantErr: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ts := startServer(t, serverOpts{})
			cfg := config(ts)
			cfg.IsMarketing = func(m notify.Message) bool { return m.Kind == notify.KindFeedbackRequest }
			cfg.ListUnsubscribe = func(notify.Message) string { return c.uri }
			m := message()
			m.Kind = c.kind
			err := newNotifier(t, cfg).Notify(context.Background(), m)
			if c.wantErr {
				if !errors.Is(err, notify.ErrPermanent) {
					t.Fatalf("got %v, want ErrPermanent", err)
				}
				if len(ts.sessions()) != 0 {
					t.Error("connected for a message that cannot be sent")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := parse(t, ts.only(t).data)
			if got := p.header.Get("List-Unsubscribe"); got != c.wantUnsub {
				t.Errorf("List-Unsubscribe = %q, want %q", got, c.wantUnsub)
			}
			if got := p.header.Get("List-Unsubscribe-Post"); got != c.wantPost {
				t.Errorf("List-Unsubscribe-Post = %q, want %q", got, c.wantPost)
			}
		})
	}
}

func TestNotifyErrorMapping(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name      string
		opts      serverOpts
		command   string
		code      int
		permanent bool
	}{
		{name: "550 mailbox unavailable", opts: serverOpts{rcptErr: smtpErr(550, "<juergen@example.de>: mailbox unavailable")}, command: "RCPT", code: 550, permanent: true},
		{name: "553 mailbox name not allowed", opts: serverOpts{rcptErr: smtpErr(553, "mailbox name not allowed")}, command: "RCPT", code: 553, permanent: true},
		{name: "451 greylisted", opts: serverOpts{rcptErr: smtpErr(451, "greylisted, try again later")}, command: "RCPT", code: 451},
		{name: "421 at MAIL", opts: serverOpts{mailErr: smtpErr(421, "too busy")}, command: "MAIL", code: 421},
		{name: "554 after the message", opts: serverOpts{dataErr: smtpErr(554, "rejected as spam")}, command: "message", code: 554, permanent: true},
		{name: "452 after the message", opts: serverOpts{dataErr: smtpErr(452, "insufficient storage")}, command: "message", code: 452},
		{name: "535 bad credentials", opts: serverOpts{user: "someone", pass: "else"}, command: "AUTH", code: 535, permanent: true},
		{name: "454 auth temporarily failing", opts: serverOpts{authErr: smtpErr(454, "auth backend down")}, command: "AUTH", code: 454},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ts := startServer(t, c.opts)
			err := newNotifier(t, config(ts)).Notify(context.Background(), message())
			var re *ReplyError
			if !errors.As(err, &re) || re.Code != c.code || re.Command != c.command {
				t.Fatalf("got %v, want a ReplyError %d at %s", err, c.code, c.command)
			}
			if got := errors.Is(err, notify.ErrPermanent); got != c.permanent {
				t.Errorf("permanent = %v, want %v (%v)", got, c.permanent, err)
			}
			if strings.Contains(err.Error(), "juergen@example.de") {
				t.Errorf("error exposes the recipient's address: %v", err)
			}
		})
	}
}

func TestNotifyRefusesWithoutTLS(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{noTLS: true, insecureAuth: true})
	err := newNotifier(t, config(ts)).Notify(context.Background(), message())
	if !errors.Is(err, ErrTLSRequired) {
		t.Fatalf("got %v, want ErrTLSRequired", err)
	}
	if errors.Is(err, notify.ErrPermanent) {
		t.Errorf("ErrTLSRequired must be temporary: %v", err)
	}
	d := ts.only(t)
	if d.authed || d.mailed {
		t.Errorf("without TLS the client authenticated (%v) or sent MAIL (%v)", d.authed, d.mailed)
	}
}

func TestNotifyPlaintextOnLoopbackWhenAllowed(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{noTLS: true, insecureAuth: true})
	cfg := config(ts)
	cfg.AllowPlaintext = true
	if err := newNotifier(t, cfg).Notify(context.Background(), message()); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	if d := ts.only(t); d.tls || !d.authed || d.data == nil {
		t.Errorf("tls %v authed %v delivered %v", d.tls, d.authed, d.data != nil)
	}

	// With AllowPlaintext, a server offering STARTTLS still gets TLS.
	tlsSrv := startServer(t, serverOpts{})
	cfg = config(tlsSrv)
	cfg.AllowPlaintext = true
	if err := newNotifier(t, cfg).Notify(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	if d := tlsSrv.only(t); !d.tls {
		t.Error("STARTTLS offered but not used")
	}
}

func TestNotifyUntrustedCertificate(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{})
	cfg := config(ts)
	cfg.TLSConfig = nil // system roots: the self-signed certificate is untrusted
	err := newNotifier(t, cfg).Notify(context.Background(), message())
	if err == nil || errors.Is(err, notify.ErrPermanent) {
		t.Fatalf("got %v, want a temporary TLS error", err)
	}
	if d := ts.only(t); d.authed || d.mailed {
		t.Error("credentials or mail went to an untrusted server")
	}
}

func TestNotifyInvalidMessages(t *testing.T) {
	t.Parallel()
	ts := startServer(t, serverOpts{})
	n := newNotifier(t, config(ts))
	for name, edit := range map[string]func(*notify.Message){
		"no email":        func(m *notify.Message) { m.Recipient.Email = "" },
		"invalid email":   func(m *notify.Message) { m.Recipient.Email = "not an address" },
		"injected email":  func(m *notify.Message) { m.Recipient.Email = "a@b.example\r\nRCPT TO:<x@y.example>" },
		"two addresses":   func(m *notify.Message) { m.Recipient.Email = "a@b.example, c@d.example" },
		"non-ASCII email": func(m *notify.Message) { m.Recipient.Email = "jürgen@example.de" },
		"no body":         func(m *notify.Message) { m.Text, m.HTML = "", "" },
		"no id":           func(m *notify.Message) { m.ID = "" },
	} {
		m := message()
		edit(&m)
		if err := n.Notify(context.Background(), m); !errors.Is(err, notify.ErrPermanent) {
			t.Errorf("%s: got %v, want ErrPermanent", name, err)
		}
	}
	if len(ts.sessions()) != 0 {
		t.Errorf("connected %d times for invalid messages", len(ts.sessions()))
	}
}

func TestNotifyNetworkAndContext(t *testing.T) {
	t.Parallel()
	// Nothing listens: connection refused is temporary.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cfg := config(&testServer{addr: addr})
	err = newNotifier(t, cfg).Notify(context.Background(), message())
	if err == nil || errors.Is(err, notify.ErrPermanent) {
		t.Errorf("refused connection: got %v, want temporary", err)
	}

	// A server that accepts and never greets: ctx's deadline ends the wait.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		done  = make(chan struct{})
	)
	go func() {
		defer close(done)
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		silent.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	cfg = config(&testServer{addr: silent.Addr().String()})
	n := newNotifier(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = n.Notify(ctx, message())
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, notify.ErrPermanent) {
		t.Errorf("silent server with deadline: got %v, want temporary DeadlineExceeded", err)
	}

	// Cancellation without a deadline also unblocks the read.
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if err := n.Notify(ctx, message()); !errors.Is(err, context.Canceled) {
		t.Errorf("silent server with cancel: got %v, want context.Canceled", err)
	}

	// Config.Timeout bounds the conversation too.
	cfg.Timeout = 50 * time.Millisecond
	if err := newNotifier(t, cfg).Notify(context.Background(), message()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("silent server with Timeout: got %v, want DeadlineExceeded", err)
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	good := Config{Addr: "smtp.example.com:587", From: mail.Address{Address: "shop@shop.example"}}
	if _, err := New(good); err != nil {
		t.Fatalf("minimal config rejected: %v", err)
	}
	for name, edit := range map[string]func(*Config){
		"no addr":                  func(c *Config) { c.Addr = "" },
		"addr without port":        func(c *Config) { c.Addr = "smtp.example.com" },
		"no from":                  func(c *Config) { c.From = mail.Address{} },
		"bad from":                 func(c *Config) { c.From.Address = "shop" },
		"bad reply-to":             func(c *Config) { c.ReplyTo.Address = "x\r\ny" },
		"plaintext to remote host": func(c *Config) { c.AllowPlaintext = true },
		"negative timeout":         func(c *Config) { c.Timeout = -time.Second },
		"marketing without unsub":  func(c *Config) { c.IsMarketing = func(notify.Message) bool { return true } },
		"password without user":    func(c *Config) { c.Password = "x" },
		"hello with space":         func(c *Config) { c.HelloName = "a b" },
		"plaintext and implicit TLS": func(c *Config) {
			c.Addr, c.AllowPlaintext, c.ImplicitTLS = "localhost:465", true, true
		},
	} {
		cfg := good
		edit(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
	for _, addr := range []string{"localhost:1025", "127.0.0.1:1025", "[::1]:1025"} {
		cfg := good
		cfg.Addr, cfg.AllowPlaintext = addr, true
		if _, err := New(cfg); err != nil {
			t.Errorf("AllowPlaintext for %s rejected: %v", addr, err)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	m := message()
	h := headerFields{date: now, from: mail.Address{Name: "Bäckerei Shop", Address: "shop@shop.example"}, messageIDLocal: messageIDLocal(m.ID)}
	var size int
	for b.Loop() {
		env, err := build(m, h)
		if err != nil {
			b.Fatal(err)
		}
		size = len(env.data)
	}
	b.ReportMetric(float64(size), "bytes/msg")
}

// BenchmarkNotify measures one full conversation with the in-process server:
// dial, STARTTLS handshake, AUTH PLAIN, MAIL, RCPT, DATA, QUIT.
func BenchmarkNotify(b *testing.B) {
	ts := startServer(b, serverOpts{})
	n, err := New(config(ts))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := n.Notify(context.Background(), message()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}
