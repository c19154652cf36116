package ops

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Config configures the operations view. Its zero value is not usable:
// CSRFKey is required.
type Config struct {
	// CSRFKey is the secret the action forms' tokens are derived from: 32
	// or more random bytes the host keeps secret and shares among its
	// replicas. A token is HMAC-SHA256(CSRFKey, session), so it is valid
	// for one session only. Required.
	CSRFKey []byte
	// Session returns the request's session key: whatever identifies the
	// operator's login session in the host (its session id, not the user
	// id, which outlives sessions). A request for which it returns "" may
	// read every page, but each action is refused with 403. Defaults to a
	// session cookie of the handler's own ("wismo_ops", 32 random bytes,
	// HttpOnly, SameSite=Strict, Path BasePath, Secure on TLS
	// connections); a host behind a TLS-terminating proxy should set
	// Session.
	Session func(r *http.Request) string
	// BasePath is the URL path the handler is mounted under, with the
	// prefix stripped by http.StripPrefix (BasePath without its final
	// slash): links and redirects start with it. Defaults to "/".
	BasePath string
	// Language is the operator's language, "en" or "de". Defaults to the
	// request's Accept-Language, else English.
	Language string
	// Location is the shop's time zone: dates are shown, and promise dates
	// read, in it. Defaults to UTC.
	Location *time.Location
	// PageSize is the number of shipments or dead letters on a page, at
	// most 500. Defaults to 50.
	PageSize int
	// Logger receives failures of the backend, with shipment and dead
	// letter ids but never a recipient's address. Defaults to discarding.
	Logger *slog.Logger
}

// Handler is the operations view, an http.Handler; see the package
// documentation for its pages and actions.
type Handler struct {
	cfg       Config
	b         Backend
	log       *slog.Logger
	tmpl      map[string]*template.Template
	csp       string
	matcher   language.Matcher
	ownCookie bool // Session defaulted to the handler's cookie
}

// ErrConfig is wrapped by New's errors for an unusable Config.
var ErrConfig = errors.New("ops: invalid config")

//go:embed templates/*.html
var templateFS embed.FS

// css is the only style of the pages; the Content-Security-Policy allows
// exactly it by its hash.
const css = `body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
header{background:#22303f;color:#fff;padding:.6em 1em;display:flex;gap:1.2em;align-items:center;flex-wrap:wrap}
header a{color:#fff}header strong{margin-right:auto}header label{flex-direction:row;gap:.4em;align-items:center;display:inline-flex}
main{padding:1em;max-width:72em}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.35em .5em;border-bottom:1px solid #dde1e6;vertical-align:top}
th{background:#eef1f4;font-weight:600}
.state{display:inline-block;padding:0 .45em;border-radius:.3em;background:#e3e7ec;white-space:nowrap}
.state-delayed,.state-exception,.state-lost{background:#fbd9d3}.state-at_risk{background:#fcecc4}
.state-delivered{background:#d5f0dc}.state-cancelled{background:#e0e0e0}
form.filters{display:flex;flex-wrap:wrap;gap:.6em;align-items:end;margin:0 0 1em}
label{display:flex;flex-direction:column;font-size:.9em}
fieldset{border:1px solid #dde1e6;background:#fff;margin:0 0 1em;padding:.6em 1em}
.notice{background:#d5f0dc;padding:.6em 1em;margin:0 0 1em}.error{background:#fbd9d3;padding:.6em 1em;margin:0 0 1em}
.muted{color:#5b6673;font-size:.9em}
button{font:inherit;padding:.25em .9em}button.danger{background:#b3261e;color:#fff;border:0;border-radius:.25em}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;background:#fff;padding:.6em 1em}dt{font-weight:600}dd{margin:0}`

const (
	defaultPageSize = 50
	maxPageSize     = 500
	cookieName      = "wismo_ops"
	maxCursor       = 1024
)

// New returns the operations view over b. It fails when CSRFKey is shorter
// than 32 bytes, Language is neither "en" nor "de", or PageSize is out of
// range.
func New(b Backend, cfg Config) (*Handler, error) {
	if b == nil {
		return nil, fmt.Errorf("%w: Backend is nil", ErrConfig)
	}
	if len(cfg.CSRFKey) < 32 {
		return nil, fmt.Errorf("%w: CSRFKey has %d bytes, want 32 or more random bytes", ErrConfig, len(cfg.CSRFKey))
	}
	cfg.CSRFKey = bytes.Clone(cfg.CSRFKey)
	if cfg.BasePath == "" {
		cfg.BasePath = "/"
	}
	if !strings.HasPrefix(cfg.BasePath, "/") {
		return nil, fmt.Errorf("%w: BasePath %q does not start with /", ErrConfig, cfg.BasePath)
	}
	if !strings.HasSuffix(cfg.BasePath, "/") {
		cfg.BasePath += "/"
	}
	if u, err := url.Parse(cfg.BasePath); err != nil || u.Path != cfg.BasePath || u.RawQuery != "" || strings.Contains(cfg.BasePath, "//") {
		return nil, fmt.Errorf("%w: BasePath %q is not a plain URL path", ErrConfig, cfg.BasePath)
	}
	if cfg.Language != "" && words[cfg.Language] == nil {
		return nil, fmt.Errorf("%w: Language %q: the view speaks en and de", ErrConfig, cfg.Language)
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	switch {
	case cfg.PageSize == 0:
		cfg.PageSize = defaultPageSize
	case cfg.PageSize < 1 || cfg.PageSize > maxPageSize:
		return nil, fmt.Errorf("%w: PageSize %d is not between 1 and %d", ErrConfig, cfg.PageSize, maxPageSize)
	}
	h := &Handler{cfg: cfg, b: b, log: cfg.Logger, matcher: language.NewMatcher([]language.Tag{language.English, language.German})}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if cfg.Session == nil {
		h.ownCookie = true
	}
	sum := sha256.Sum256([]byte(css))
	h.csp = "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	h.tmpl = make(map[string]*template.Template)
	for _, name := range []string{"list", "shipment", "order", "dead", "confirm", "error"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/deadtable.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("ops: parse template %s: %w", name, err)
		}
		h.tmpl[name] = t
	}
	return h, nil
}

// ServeHTTP serves the view's pages (GET and HEAD; HTML, or JSON with
// Accept: application/json or a ".json" suffix) and its actions (POST
// with a CSRF token, answered with a 303 redirect).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", h.csp)
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Vary", "Accept, Accept-Language, Cookie")

	rq := &request{r: r, lang: h.lang(r)}
	segs, asJSON, ok := splitPath(r.URL.EscapedPath())
	rq.json = asJSON || wantsJSON(r)
	if !ok {
		h.fail(w, rq, http.StatusNotFound, "not_found", rq.w().T["notFound"])
		return
	}
	rq.session = h.session(w, r)
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		h.get(w, rq, segs)
	case http.MethodPost:
		if asJSON {
			h.fail(w, rq, http.StatusNotFound, "not_found", rq.w().T["notFound"])
			return
		}
		h.post(w, rq, segs)
	default:
		hd.Set("Allow", "GET, HEAD, POST")
		h.fail(w, rq, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed")
	}
}

// request is one request with what the handler learnt about it.
type request struct {
	r       *http.Request
	lang    string
	json    bool
	session string
}

func (rq *request) w() *dict { return words[rq.lang] }

func (h *Handler) get(w http.ResponseWriter, rq *request, segs []string) {
	switch {
	case len(segs) == 0:
		h.listView(w, rq)
	case len(segs) == 2 && segs[0] == "shipments":
		h.shipmentPage(w, rq, segs[1])
	case len(segs) == 3 && segs[0] == "shipments" && confirmable[segs[2]]:
		h.confirmPage(w, rq, "shipments", segs[1], segs[2])
	case len(segs) == 2 && segs[0] == "orders":
		h.orderPage(w, rq, segs[1])
	case len(segs) == 1 && segs[0] == "dead":
		h.deadPage(w, rq)
	case len(segs) == 3 && segs[0] == "dead" && (segs[2] == "replay" || segs[2] == "discard"):
		h.confirmPage(w, rq, "dead", segs[1], segs[2])
	default:
		h.fail(w, rq, http.StatusNotFound, "not_found", rq.w().T["notFound"])
	}
}

// confirmable lists the shipment actions that ask for confirmation first.
var confirmable = map[string]bool{"cancel": true, "resend": true}

// splitPath splits an escaped URL path into unescaped segments, reporting
// a ".json" suffix; ok is false for an unusable path.
func splitPath(escaped string) (segs []string, asJSON, ok bool) {
	p := strings.TrimPrefix(escaped, "/")
	if p, asJSON = strings.CutSuffix(p, ".json"); asJSON && p == "index" {
		p = ""
	}
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil, asJSON, true
	}
	for _, s := range strings.Split(p, "/") {
		u, err := url.PathUnescape(s)
		if err != nil || u == "" || !store.IsCleanText(u) || len(u) > 256 {
			return nil, asJSON, false
		}
		segs = append(segs, u)
	}
	return segs, asJSON, true
}

// wantsJSON reports whether the Accept header prefers JSON to HTML.
func wantsJSON(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		switch strings.ToLower(strings.TrimSpace(mt)) {
		case "application/json":
			return true
		case "text/html", "application/xhtml+xml":
			return false
		}
	}
	return false
}

// lang picks the operator's language.
func (h *Handler) lang(r *http.Request) string {
	if h.cfg.Language != "" {
		return h.cfg.Language
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, conf := h.matcher.Match(tags...)
	if conf == language.No || i != 1 {
		return "en"
	}
	return "de"
}

// render writes a page: model as JSON, or the named template with it.
func (h *Handler) render(w http.ResponseWriter, rq *request, status int, name, title string, model any) {
	var body []byte
	var err error
	if rq.json {
		body, err = json.MarshalIndent(model, "", "  ")
		body = append(body, '\n')
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	} else {
		var buf bytes.Buffer
		err = h.tmpl[name].Execute(&buf, pageData{
			Lang: rq.lang, W: rq.w(), Base: h.cfg.BasePath, Title: title, CSS: template.CSS(css),
			Token: h.token(rq.session), Loc: h.cfg.Location, M: model,
		})
		body = buf.Bytes()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	if err != nil {
		h.log.ErrorContext(rq.r.Context(), "ops: render", "page", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("internal error\n"))
		return
	}
	w.WriteHeader(status)
	if rq.r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// pageData is what every template gets.
type pageData struct {
	Lang, Base, Title string
	W                 *dict
	CSS               template.CSS
	Token             string
	Loc               *time.Location
	M                 any
}

// errorModel is the body of an error answer.
type errorModel struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// fail answers with an error page (or its JSON) of status.
func (h *Handler) fail(w http.ResponseWriter, rq *request, status int, code, msg string) {
	h.render(w, rq, status, "error", rq.w().T["error"], errorModel{Error: code, Message: msg})
}

// backendError answers a failed backend call: the Service's sentinels get
// their status and a clear message, anything else 500 and a log line.
func (h *Handler) backendError(w http.ResponseWriter, rq *request, what, id string, err error) {
	t := rq.w().T
	switch {
	case errors.Is(err, tracking.ErrUnknownShipment), errors.Is(err, tracking.ErrUnknownMessage):
		h.fail(w, rq, http.StatusNotFound, "not_found", t["notFound"])
	case errors.Is(err, tracking.ErrBadCursor):
		h.fail(w, rq, http.StatusBadRequest, "bad_cursor", t["badCursor"])
	case errors.Is(err, tracking.ErrVersionConflict):
		h.fail(w, rq, http.StatusConflict, "version_conflict", t["conflict"])
	case errors.Is(err, tracking.ErrShipmentClosed):
		h.fail(w, rq, http.StatusConflict, "shipment_closed", t["closed"])
	case errors.Is(err, tracking.ErrInvalid):
		h.fail(w, rq, http.StatusBadRequest, "invalid", t["invalid"]+" "+redact(err.Error()))
	case rq.r.Context().Err() != nil:
		// The operator went away; nothing to tell.
		h.fail(w, rq, http.StatusServiceUnavailable, "unavailable", t["unavailable"])
	default:
		h.log.ErrorContext(rq.r.Context(), "ops: backend", "call", what, "id", store.CleanText(id), "err", redact(err.Error()))
		h.fail(w, rq, http.StatusInternalServerError, "internal", t["unavailable"])
	}
}

// link returns the URL of a page under BasePath, with each segment
// escaped.
func (h *Handler) link(segs ...string) string {
	return link(h.cfg.BasePath, segs...)
}

func link(base string, segs ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for i, s := range segs {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}
