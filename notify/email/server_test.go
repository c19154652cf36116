package email

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testCert is a self-signed certificate for "localhost" and 127.0.0.1, and a
// pool that trusts it.
var testCert = sync.OnceValues(func() (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
})

// serverOpts configures a test SMTP server.
type serverOpts struct {
	noTLS         bool     // do not offer STARTTLS
	implicitTLS   bool     // TLS from the first byte (port 465), no STARTTLS
	insecureAuth  bool     // allow AUTH without TLS
	mechs         []string // AUTH mechanisms; defaults to PLAIN
	mailErr       error    // reply to MAIL FROM
	rcptErr       error    // reply to RCPT TO
	dataErr       error    // reply after the message text
	authErr       error    // reply to valid credentials
	user, pass    string   // accepted credentials; default "wismo"/"s3cret"
	requireAuthTx bool     // refuse MAIL before AUTH
}

// delivery is what the server saw in one session.
type delivery struct {
	mech   string // AUTH mechanism that succeeded
	user   string
	tls    bool // the session was on TLS when MAIL arrived
	authed bool
	mailed bool // a MAIL command arrived
	from   string
	to     []string
	data   []byte
}

type testServer struct {
	addr   string
	mu     sync.Mutex
	seen   []*delivery
	byConn map[*smtp.Conn]*delivery
}

// sessions returns copies of the sessions seen so far.
func (s *testServer) sessions() []delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]delivery, len(s.seen))
	for i, d := range s.seen {
		out[i] = *d
	}
	return out
}

// only returns the single session seen, failing the test otherwise.
func (s *testServer) only(t *testing.T) delivery {
	t.Helper()
	ss := s.sessions()
	if len(ss) != 1 {
		t.Fatalf("server saw %d sessions, want 1", len(ss))
	}
	return ss[0]
}

func startServer(t testing.TB, o serverOpts) *testServer {
	t.Helper()
	if o.user == "" {
		o.user, o.pass = "wismo", "s3cret"
	}
	if o.mechs == nil {
		o.mechs = []string{sasl.Plain}
	}
	ts := &testServer{byConn: map[*smtp.Conn]*delivery{}}
	be := smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		// STARTTLS starts a new session on the same connection; both
		// record into one delivery.
		ts.mu.Lock()
		d, ok := ts.byConn[c]
		if !ok {
			d = &delivery{}
			ts.byConn[c] = d
			ts.seen = append(ts.seen, d)
		}
		ts.mu.Unlock()
		return &session{ts: ts, d: d, c: c, o: o}, nil
	})
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = o.insecureAuth
	srv.ReadTimeout = 5 * time.Second
	srv.WriteTimeout = 5 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	if !o.noTLS {
		cert, _ := testCert()
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.implicitTLS {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		_ = l.Close() // Close misses the listener if Serve has not run yet
		<-done
	})
	ts.addr = l.Addr().String()
	return ts
}

type session struct {
	ts *testServer
	d  *delivery
	c  *smtp.Conn
	o  serverOpts
}

func (s *session) update(f func(d *delivery)) {
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	f(s.d)
}

func (s *session) AuthMechanisms() []string { return s.o.mechs }

func (s *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if user != s.o.user || pass != s.o.pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		if s.o.authErr != nil {
			return s.o.authErr
		}
		s.update(func(d *delivery) { d.mech, d.user, d.authed = mech, user, true })
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	_, isTLS := s.c.TLSConnectionState()
	authed := false
	s.update(func(d *delivery) { d.mailed, d.tls, authed = true, isTLS, d.authed })
	if s.o.requireAuthTx && !authed {
		return smtp.ErrAuthRequired
	}
	if s.o.mailErr != nil {
		return s.o.mailErr
	}
	s.update(func(d *delivery) { d.from = from })
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.o.rcptErr != nil {
		return s.o.rcptErr
	}
	s.update(func(d *delivery) { d.to = append(d.to, to) })
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.o.dataErr != nil {
		return s.o.dataErr
	}
	s.update(func(d *delivery) { d.data = b })
	return nil
}

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN, which go-sasl no longer ships.
type loginServer struct {
	check      func(user, pass string) error
	step       int
	user, pass string
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if len(response) > 0 {
			return nil, false, errors.New("unexpected initial response")
		}
		return []byte("Username:"), false, nil
	case 2:
		l.user = string(response)
		return []byte("Password:"), false, nil
	case 3:
		l.pass = string(response)
		return nil, true, l.check(l.user, l.pass)
	}
	return nil, false, errors.New("unexpected LOGIN step")
}

func smtpErr(code int, msg string) error {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: msg}
}
