package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/internal/hmacsig"
	"github.com/wismo-dev/wismo/internal/readdeadline"
	"github.com/wismo-dev/wismo/notify"
)

// DefaultTolerance is the default replay window: a signature older (or newer)
// than this is rejected with ErrTooOld.
const DefaultTolerance = 5 * time.Minute

// DefaultReadTimeout is the default HandlerConfig.ReadTimeout.
const DefaultReadTimeout = readdeadline.Default

// Errors returned by Verify, VerifyBody and the handler; check them with
// errors.Is. Signature errors also wrap the internal/hmacsig error that
// caused them.
var (
	// ErrNotSigned means the request has no signature header, or one without
	// a v1 signature.
	ErrNotSigned = errors.New("webhook: request not signed")
	// ErrBadSignature means the signature header is malformed or no
	// signature matches any secret: a forged or corrupted request, or a
	// secret mismatch.
	ErrBadSignature = errors.New("webhook: bad signature")
	// ErrTooOld means the signature's timestamp is outside the tolerance: a
	// replayed request, or clocks far apart.
	ErrTooOld = errors.New("webhook: signature timestamp outside tolerance")
	// ErrTooLarge means the body exceeds the size limit.
	ErrTooLarge = errors.New("webhook: body too large")
	// ErrBadPayload means the signed body is not a payload of a supported
	// version.
	ErrBadPayload = errors.New("webhook: bad payload")
)

// Verify reads r's body (at most DefaultMaxBodyBytes), checks its signature
// against secrets within tolerance of now, and decodes the payload. A
// tolerance of zero or less means DefaultTolerance. Any of secrets is
// accepted, so a receiver rotating its secret configures the new and the old
// one; empty secrets are never tried. The body is consumed; it is not
// replaced.
func Verify(r *http.Request, secrets [][]byte, tolerance time.Duration, now time.Time) (*Payload, error) {
	body, err := readBody(r.Body, DefaultMaxBodyBytes)
	if err != nil {
		return nil, err
	}
	return VerifyBody(body, r.Header.Get(SignatureHeader), secrets, tolerance, now)
}

// VerifyBody is Verify for a body the caller has already read, with header
// the value of the Wismo-Signature header.
func VerifyBody(body []byte, header string, secrets [][]byte, tolerance time.Duration, now time.Time) (*Payload, error) {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if len(secrets) == 0 {
		return nil, fmt.Errorf("%w: no secrets configured", ErrBadSignature)
	}
	if err := hmacsig.Verify(body, header, secrets, tolerance, now); err != nil {
		switch {
		case errors.Is(err, hmacsig.ErrNotSigned):
			return nil, ErrNotSigned
		case errors.Is(err, hmacsig.ErrTooOld):
			return nil, fmt.Errorf("%w: %s", ErrTooOld, strings.TrimPrefix(err.Error(), hmacsig.ErrTooOld.Error()+": "))
		default:
			return nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
		}
	}
	var p Payload
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadPayload, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the JSON object", ErrBadPayload)
	}
	if p.Version != Version {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrBadPayload, p.Version, Version)
	}
	if p.ID == "" {
		return nil, fmt.Errorf("%w: no id", ErrBadPayload)
	}
	return &p, nil
}

func readBody(r io.Reader, limit int64) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("webhook: read body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return body, nil
}

// HandlerConfig configures NewHandler. The zero value of every field except
// Secrets and Handle means its default.
type HandlerConfig struct {
	// Secrets verify the signature; any of them is accepted. At least one
	// is required, and each must have at least MinSecretBytes bytes
	// (NewHandler rejects others with an error matching ErrWeakSecret).
	Secrets [][]byte
	// Handle receives each verified payload. Deliveries are at least once:
	// deduplicate by Payload.ID. A nil error answers 204; an error wrapping
	// notify.ErrPermanent answers 422 so the sender dead-letters the
	// message; any other error answers 500 so the sender retries. Required.
	Handle func(ctx context.Context, p *Payload) error
	// Tolerance is the replay window. Defaults to DefaultTolerance.
	Tolerance time.Duration
	// MaxBodyBytes limits the request body. Defaults to DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// ReadTimeout bounds how long the handler waits for the whole request
	// body, counted from the start of the handler: a client still sending
	// after it gets 408 Request Timeout and its connection is closed, so a
	// body trickled in byte by byte cannot hold the handler. It is set on
	// the connection with http.ResponseController and cleared once the
	// body is read; response writers without deadline support ignore it.
	// Defaults to DefaultReadTimeout.
	ReadTimeout time.Duration
	// Now returns the time signatures are checked against. Defaults to
	// time.Now.
	Now func() time.Time
	// Logger receives one record per rejected request (the reason, never the
	// body). Defaults to discarding.
	Logger *slog.Logger
}

// NewHandler returns an http.Handler that verifies signed payloads and passes
// them to cfg.Handle. It answers 405 to methods other than POST, 413 to
// oversized bodies, 401 to unsigned, forged or replayed requests and 400 to
// undecodable payloads; the sender treats all of them as permanent. A body
// not read within cfg.ReadTimeout gets 408, which the sender retries.
func NewHandler(cfg HandlerConfig) (http.Handler, error) {
	if err := checkSecrets("HandlerConfig.Secrets", cfg.Secrets); err != nil {
		return nil, err
	}
	switch {
	case cfg.Handle == nil:
		return nil, errors.New("webhook: HandlerConfig.Handle is required")
	case cfg.MaxBodyBytes < 0:
		return nil, fmt.Errorf("webhook: HandlerConfig.MaxBodyBytes %d is negative", cfg.MaxBodyBytes)
	case cfg.ReadTimeout < 0:
		return nil, fmt.Errorf("webhook: HandlerConfig.ReadTimeout %s is negative", cfg.ReadTimeout)
	}
	cfg.defaults()
	cfg.Secrets = cloneSecrets(cfg.Secrets)
	return &handler{cfg: cfg}, nil
}

func (cfg *HandlerConfig) defaults() {
	if cfg.Tolerance <= 0 {
		cfg.Tolerance = DefaultTolerance
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = DefaultReadTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
}

type handler struct{ cfg HandlerConfig }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		readdeadline.IgnoreBody(w, r)
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	clearDeadline := readdeadline.Set(w, h.cfg.ReadTimeout)
	body, err := readBody(http.MaxBytesReader(w, r.Body, h.cfg.MaxBodyBytes+1), h.cfg.MaxBodyBytes)
	if err != nil {
		h.reject(r, w, err) // the deadline stays: the server must not wait for the rest
		return
	}
	clearDeadline()
	p, err := VerifyBody(body, r.Header.Get(SignatureHeader), h.cfg.Secrets, h.cfg.Tolerance, h.cfg.Now())
	if err != nil {
		h.reject(r, w, err)
		return
	}
	if err := h.cfg.Handle(r.Context(), p); err != nil {
		h.cfg.Logger.WarnContext(r.Context(), "webhook: handler failed", "message_id", p.ID, "err", err)
		if errors.Is(err, notify.ErrPermanent) {
			http.Error(w, "rejected", http.StatusUnprocessableEntity)
			return
		}
		http.Error(w, "temporary failure", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *handler) reject(r *http.Request, w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	switch {
	case readdeadline.IsTimeout(err):
		status = http.StatusRequestTimeout
	case errors.Is(err, ErrTooLarge):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrNotSigned), errors.Is(err, ErrBadSignature), errors.Is(err, ErrTooOld):
		status = http.StatusUnauthorized
	}
	h.cfg.Logger.InfoContext(r.Context(), "webhook: rejected request", "status", status, "err", err)
	http.Error(w, http.StatusText(status), status)
}

// NewTestRequest returns a POST to target carrying p signed at now with each
// of secrets, as a Notifier would send it. Use it to test a receiver.
func NewTestRequest(ctx context.Context, target string, p Payload, now time.Time, secrets ...[]byte) (*http.Request, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("webhook: encode payload: %w", err)
	}
	req, err := newRequest(ctx, target, body, now, secrets)
	if err != nil {
		return nil, err
	}
	req.Header.Set(IdempotencyHeader, p.ID)
	return req, nil
}
