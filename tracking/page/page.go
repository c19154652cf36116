package page

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wismo-dev/wismo/internal/readdeadline"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

// Service is what the page needs of the tracking service. *tracking.Service
// satisfies it; tests fake it.
type Service interface {
	// Status returns the shipment's view; an unknown ID returns an error
	// wrapping tracking.ErrUnknownShipment.
	Status(ctx context.Context, id string) (tracking.View, error)
}

// Template names. A Config.Templates file system overrides the built-in
// templates of the same names; the built-in ones are in this package's
// templates directory.
const (
	// PageTemplate renders the tracking page with a PageData.
	PageTemplate = "page.html"
	// NotFoundTemplate renders the 404 and error pages with a PageData
	// whose Status is nil.
	NotFoundTemplate = "notfound.html"
)

//go:embed templates/*.html
var builtinFS embed.FS

// MinKeyBytes is the shortest link key New accepts.
const MinKeyBytes = 32

// ErrWeakKey is matched (errors.Is) by the error New returns for a link key
// that is empty (an unset environment variable, an empty old key during
// rotation) or shorter than MinKeyBytes.
var ErrWeakKey = errors.New("page: link key empty or too short")

// Config configures New. Keys is required; every other field has a default.
type Config struct {
	// Service answers the status of a shipment. Required.
	Service Service
	// Keys are the secret keys of the links, each at least MinKeyBytes (32)
	// random bytes (New fails with ErrWeakKey otherwise): the first seals
	// new links, all of them open links, so a key can be rotated by putting
	// the new key first and dropping the old one once its links expired.
	// Required.
	Keys [][]byte
	// Now is the clock links expire on. Defaults to the Service's clock
	// when it has one (a Now method, as *tracking.Service has), so a page
	// built on a Service under a test clock opens the links made under it;
	// else time.Now. A link that got the 404 because it expired is logged
	// at debug level with both times.
	Now func() time.Time
	// Branding is the shop's name, logo, colours and support contact, as in
	// messages. Branding.ShopName is required; TrackingURL and the From
	// fields are unused. PrimaryColor defaults to "#1f4f8a" and AccentColor
	// to "#f4f6f9" (both readable with the page's text colours).
	Branding notify.Branding
	// FontStack is the CSS font-family of the page. Defaults to the
	// system font stack.
	FontStack string
	// Recipient returns the recipient's first name, city, locale and time
	// zone for a shipment. Defaults to none: the View's Locale and TimeZone
	// (the recipient's language tag and the shipment's zone), no name.
	Recipient func(ctx context.Context, v tracking.View) Recipient
	// CarrierNames maps carrier ids to display names. Defaults to showing the id.
	CarrierNames map[string]string
	// Templates overrides built-in templates by name (PageTemplate,
	// NotFoundTemplate). Defaults to none.
	Templates fs.FS
	// CrossSell returns products to show in a "you might also like" slot.
	// The host decides whether the customer agreed to marketing content.
	// Defaults to none: the slot is omitted.
	CrossSell func(ctx context.Context, v tracking.View) []notify.Product
	// ReturnURL returns the link of a "start a return" button; "" omits it.
	// Defaults to none: the button is omitted.
	ReturnURL func(v tracking.View) string
	// Logger receives the handler's logs (shipment ids, never personal
	// data). Defaults to a logger that discards.
	Logger *slog.Logger
	// CacheMaxAge is the max-age of Cache-Control: private on pages; -1
	// sends no-cache instead. Defaults to 60 seconds.
	CacheMaxAge time.Duration
}

// Handler serves the tracking page and its JSON. Mount it under a path of
// the host's own, stripping the prefix: the remaining path is the token
// from Link, optionally followed by ".json". It is safe for concurrent use.
type Handler struct {
	cfg      Config
	keys     []linkKey
	page     *template.Template
	notFound *template.Template
	log      *slog.Logger
	zones    sync.Map // zone name -> *time.Location
	// notFoundBodies caches the 404 body per language and format, so every
	// invalid link gets byte-identical answers.
	notFoundBodies map[string][]byte
}

// New returns a Handler. It fills the defaults of cfg, derives the link
// keys, parses the templates and renders each once with sample data, so
// that a broken override fails here.
func New(cfg Config) (*Handler, error) {
	switch {
	case cfg.Service == nil:
		return nil, errors.New("page: Config.Service is required")
	case len(cfg.Keys) == 0:
		return nil, errors.New("page: Config.Keys needs at least one key")
	case strings.TrimSpace(cfg.Branding.ShopName) == "":
		return nil, errors.New("page: Config.Branding.ShopName is required")
	case cfg.CacheMaxAge < 0 && cfg.CacheMaxAge != -1:
		return nil, fmt.Errorf("page: Config.CacheMaxAge is %s; use -1 for no-cache", cfg.CacheMaxAge)
	}
	h := &Handler{notFoundBodies: map[string][]byte{}}
	for i, k := range cfg.Keys {
		if len(k) < MinKeyBytes {
			return nil, fmt.Errorf("%w: Config.Keys[%d] has %d bytes; use at least %d random bytes", ErrWeakKey, i, len(k), MinKeyBytes)
		}
		lk, err := deriveKey(k)
		if err != nil {
			return nil, err
		}
		h.keys = append(h.keys, lk)
	}
	if cfg.Now == nil {
		cfg.Now = serviceClock(cfg.Service)
	}
	if cfg.Branding.PrimaryColor == "" {
		cfg.Branding.PrimaryColor = "#1f4f8a"
	}
	if cfg.Branding.AccentColor == "" {
		cfg.Branding.AccentColor = "#f4f6f9"
	}
	if cfg.FontStack == "" {
		cfg.FontStack = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`
	}
	if !fontStack.MatchString(cfg.FontStack) {
		return nil, fmt.Errorf("page: Config.FontStack %q: only letters, digits, spaces, hyphens, commas and quotes are allowed", cfg.FontStack)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.CacheMaxAge == 0 {
		cfg.CacheMaxAge = 60 * time.Second
	}
	h.cfg, h.log = cfg, cfg.Logger
	var err error
	if h.page, err = h.parse(PageTemplate); err != nil {
		return nil, err
	}
	if h.notFound, err = h.parse(NotFoundTemplate); err != nil {
		return nil, err
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *Handler) parse(name string) (*template.Template, error) {
	src, err := fs.ReadFile(builtinFS, "templates/"+name)
	if h.cfg.Templates != nil {
		over, oerr := fs.ReadFile(h.cfg.Templates, name)
		switch {
		case oerr == nil:
			src, err = over, nil
		case !errors.Is(oerr, fs.ErrNotExist):
			return nil, fmt.Errorf("page: read template %s: %w", name, oerr)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("page: read template %s: %w", name, err)
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("page: parse template %s: %w", name, err)
	}
	return t, nil
}

// check renders every template in every language with sample data, and
// prepares the 404 bodies.
func (h *Handler) check() error {
	now := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	for lang := range dictionaries {
		st := Status{
			Lang: lang, State: "delayed", Headline: "h", Message: "m", Milestone: "in_transit",
			ActionRequired: true, Action: "a", PickupLocation: "p", ETA: &now, ETAText: "e",
			DeliveredAt: &now, Late: true, LastChecked: &now, Carrier: "c", CarrierName: "C",
			TrackingNumber: "T", Recipient: &RecipientInfo{FirstName: "Ada", City: "Wien"}, ReturnURL: "https://example.com/r",
			Progress: []Step{{Milestone: "info_received", Label: "l", Done: true, Current: true}},
			Timeline: []Entry{{Time: now, TimeText: "t", Milestone: "in_transit", Text: "x", Description: "d", Location: "l"}},
		}
		for _, d := range []PageData{
			h.data(lang, &st, []notify.Product{{Name: "P", URL: "https://example.com/p", ImageURL: "https://example.com/i.png", Price: "1"}}),
			h.data(lang, &Status{Lang: lang, Progress: []Step{}, Timeline: []Entry{}}, nil),
			h.data(lang, &Status{Lang: lang, Return: true, Progress: []Step{}, Timeline: []Entry{}}, nil),
		} {
			if err := h.page.Execute(&bytes.Buffer{}, d); err != nil {
				return fmt.Errorf("page: check template %s (%s): %w", PageTemplate, lang, err)
			}
		}
		for _, kind := range []string{"not_found", "error"} {
			var buf bytes.Buffer
			if err := h.notFound.Execute(&buf, h.errorData(lang, kind)); err != nil {
				return fmt.Errorf("page: check template %s (%s): %w", NotFoundTemplate, lang, err)
			}
			if kind == "not_found" {
				h.notFoundBodies[lang] = buf.Bytes()
			}
		}
	}
	return nil
}

// fontStack is what a CSS font-family list may contain here.
var fontStack = regexp.MustCompile(`^[A-Za-z0-9 ,"'-]{1,300}$`)

// funcs are the template functions:
//
//	fill PHRASE ARGS...   replaces {0}, {1}, ... in a phrase of .T
//	datetime TIME         formats a time for <time datetime="...">
var funcs = template.FuncMap{
	"fill": func(phrase string, args ...string) string {
		for i, a := range args {
			phrase = strings.ReplaceAll(phrase, "{"+strconv.Itoa(i)+"}", a)
		}
		return phrase
	},
	"datetime": func(t time.Time) string { return t.Format(time.RFC3339) },
}

// PageData is what the templates get.
type PageData struct {
	// Lang is the page's language ("en", "de", "fr", "nl", "es", "it", "pl").
	Lang string
	// T holds the page's phrases in Lang, by key (see the built-in templates).
	T map[string]string
	// Shop is the branding; FontStack the CSS font-family.
	Shop      notify.Branding
	FontStack template.CSS
	// Status is the shipment's data; nil on the 404 and error pages.
	Status *Status
	// CrossSell lists the host's products; empty omits the slot.
	CrossSell []notify.Product
	// Title is the document title; Kind is "page", "not_found" or "error".
	Title, Kind string
}

func (h *Handler) data(lang string, st *Status, products []notify.Product) PageData {
	d := dictionaries[lang]
	title := "title"
	if st.Return {
		title = "title_return"
	}
	return PageData{
		Lang: lang, T: d.T, Shop: h.cfg.Branding, FontStack: template.CSS(h.cfg.FontStack), Status: st, // checked by New
		CrossSell: products, Title: d.f(title, h.cfg.Branding.ShopName), Kind: "page",
	}
}

func (h *Handler) errorData(lang, kind string) PageData {
	d := dictionaries[lang]
	return PageData{
		Lang: lang, T: d.T, Shop: h.cfg.Branding, FontStack: template.CSS(h.cfg.FontStack),
		Title: d.T[kind+"_title"], Kind: kind,
	}
}

// Link returns a token for shipmentID, valid until expires (zero: never),
// sealed with the first key. It is one URL path segment; the host appends
// it to the path it mounted the handler under. The token hides the ID and
// the expiry; each call returns another token (the nonce is random).
// Link panics if the ID is empty or longer than MaxIDLen bytes.
func (h *Handler) Link(shipmentID string, expires time.Time) string {
	if shipmentID == "" || len(shipmentID) > MaxIDLen {
		panic(fmt.Sprintf("page: Link: shipment ID of %d bytes; want 1 to %d", len(shipmentID), MaxIDLen))
	}
	return h.keys[0].seal(shipmentID, expires)
}

// ServeHTTP serves GET and HEAD requests for "<token>" (HTML, or JSON with
// Accept: application/json) and "<token>.json" (JSON). Any invalid,
// expired or unknown link gets the same 404.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	readdeadline.IgnoreBody(w, r) // a GET's body, trickled in, must not hold the connection
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	token := strings.TrimPrefix(r.URL.Path, "/")
	asJSON := wantsJSON(r)
	if t, ok := strings.CutSuffix(token, ".json"); ok {
		token, asJSON = t, true
	}
	query := r.URL.Query().Get("lang")
	now := h.cfg.Now()
	id, err := openLink(h.keys, token, now)
	if err != nil {
		h.logBadLink(r.Context(), err, now)
		h.notFoundPage(w, query, asJSON)
		return
	}
	ctx := r.Context()
	v, err := h.cfg.Service.Status(ctx, id)
	if errors.Is(err, tracking.ErrUnknownShipment) {
		h.log.InfoContext(ctx, "page: valid link for an unknown shipment", "shipment", id)
		h.notFoundPage(w, query, asJSON)
		return
	}
	if err != nil {
		h.log.ErrorContext(ctx, "page: status", "shipment", id, "err", err)
		h.errorPage(w, query, asJSON)
		return
	}
	var rcp Recipient
	if h.cfg.Recipient != nil {
		rcp = h.cfg.Recipient(ctx, v)
	}
	if rcp.Locale == "" {
		rcp.Locale = v.Locale
	}
	loc := h.zone(rcp.TimeZone)
	if rcp.TimeZone == "" && v.TimeZone != nil {
		loc = v.TimeZone
	}
	lang := pickLang(rcp.Locale)
	if query != "" {
		lang = pickLang(query)
	}
	st := build(v, rcp, lang, loc, h.carrierName(v.Carrier))
	if h.cfg.ReturnURL != nil && !st.Return {
		st.ReturnURL = h.cfg.ReturnURL(v)
	}
	var body []byte
	if asJSON {
		body, err = json.Marshal(st)
		if err == nil {
			body = append(body, '\n')
		}
	} else {
		var products []notify.Product
		if h.cfg.CrossSell != nil {
			products = h.cfg.CrossSell(ctx, v)
		}
		var buf bytes.Buffer
		err = h.page.Execute(&buf, h.data(lang, &st, products))
		body = buf.Bytes()
	}
	if err != nil {
		h.log.ErrorContext(ctx, "page: render", "shipment", id, "err", err)
		h.errorPage(w, query, asJSON)
		return
	}
	hd := w.Header()
	setCommon(hd, asJSON)
	if h.cfg.CacheMaxAge < 0 {
		hd.Set("Cache-Control", "private, no-cache")
	} else {
		hd.Set("Cache-Control", "private, max-age="+strconv.Itoa(int(h.cfg.CacheMaxAge/time.Second)))
	}
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	hd.Set("ETag", etag)
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func setCommon(hd http.Header, asJSON bool) {
	if asJSON {
		hd.Set("Content-Type", "application/json; charset=utf-8")
	} else {
		hd.Set("Content-Type", "text/html; charset=utf-8")
	}
	hd.Set("Vary", "Accept")
	hd.Set("X-Content-Type-Options", "nosniff")
	// The token is a credential: never leak it to the logo's host.
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Robots-Tag", "noindex, nofollow")
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'none'; base-uri 'none'")
}

func (h *Handler) notFoundPage(w http.ResponseWriter, query string, asJSON bool) {
	hd := w.Header()
	setCommon(hd, asJSON)
	hd.Set("Cache-Control", "no-store")
	var body []byte
	if asJSON {
		body = []byte(`{"error":"not_found"}` + "\n")
	} else {
		body = h.notFoundBodies[pickLang(query)]
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(body)
}

func (h *Handler) errorPage(w http.ResponseWriter, query string, asJSON bool) {
	hd := w.Header()
	setCommon(hd, asJSON)
	hd.Set("Cache-Control", "no-store")
	hd.Set("Retry-After", "60")
	var body []byte
	if asJSON {
		body = []byte(`{"error":"unavailable"}` + "\n")
	} else {
		var buf bytes.Buffer
		if err := h.notFound.Execute(&buf, h.errorData(pickLang(query), "error")); err != nil {
			h.log.Error("page: render error page", "err", err)
		}
		body = buf.Bytes()
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write(body)
}

// wantsJSON reports whether the Accept header asks for JSON rather than HTML.
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

// etagMatch reports whether an If-None-Match header matches etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatch(header, etag string) bool {
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == "*" || part == etag {
			return true
		}
	}
	return false
}

func (h *Handler) zone(name string) *time.Location {
	if name == "" {
		return nil
	}
	if l, ok := h.zones.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		h.log.Warn("page: unknown time zone, showing the times' own zones", "zone", name)
		return nil
	}
	h.zones.Store(name, l)
	return l
}

func (h *Handler) carrierName(id string) string {
	if n, ok := h.cfg.CarrierNames[id]; ok {
		return n
	}
	return id
}
