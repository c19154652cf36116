package notify

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
	"unicode"
)

//go:embed templates
var builtinFS embed.FS

// ErrNoTemplate is returned (wrapped) by Render when no template exists for a
// message's kind in any language of its fallback chain.
var ErrNoTemplate = errors.New("notify: no template")

// Branding is the shop's identity as messages show it.
type Branding struct {
	// ShopName is the shop's name, used in greetings, sign-offs and footers. Required.
	ShopName string
	// LogoURL is an absolute URL of the logo shown atop HTML messages; empty
	// shows the shop name instead.
	LogoURL string
	// PrimaryColor is a CSS colour for the header and buttons. Defaults to "#1f4f8a".
	PrimaryColor string
	// AccentColor is a CSS colour for boxes (offer, action). Defaults to "#f4f6f9".
	AccentColor string
	// FromName and FromEmail are the sender channels use; the renderer does
	// not need them. FromName defaults to ShopName.
	FromName, FromEmail string
	// SupportEmail and SupportURL tell the recipient where to get help; either may be empty.
	SupportEmail, SupportURL string
	// TrackingURL returns the tracking link of a message's shipment (for
	// example a signed link to the tracking page). It is used when
	// Message.TrackingURL is empty; nil means no link.
	TrackingURL func(m Message) string
	// FooterText is an extra line in every footer, such as the shop's address.
	FooterText string
}

// Product is one item recommended to the customer (cross-sell).
type Product struct {
	// Name is the product's name.
	Name string
	// URL is the product page.
	URL string
	// ImageURL is an absolute image URL; may be empty.
	ImageURL string
	// Price is the price as the shop shows it, such as "€19.90"; may be empty.
	Price string
}

// Offer is an apology offer for a delayed or held-up parcel, such as a
// discount code.
type Offer struct {
	// Code is what the customer enters at checkout.
	Code string
	// Descriptions say what the offer is, one text per language, keyed by
	// the language as Renderer.Languages names it: {"en": "10% off your
	// next order", "de": "10 % Rabatt auf Ihre nächste Bestellung"}. A
	// message in a language without a text shows no offer.
	Descriptions map[string]string
	// Expires is when the offer ends; zero means never.
	Expires time.Time
}

// TemplateData is everything a template may use. Renderer.Data fills it from a
// Message; the dispatcher adds the hooks' content. All strings are plain
// text: the HTML templates escape them.
type TemplateData struct {
	// The fields come in the order the layouts read them, which keeps
	// template field lookups short.

	// Shop is the shop's branding.
	Shop Branding
	// Lang is the language the message is rendered in, such as "de". Render
	// resolves it from the recipient's locale when empty.
	Lang string
	// Merchant is true for merchant messages (Audience == Merchant).
	Merchant bool
	// FirstName is the first word of the recipient's name; may be empty.
	FirstName string
	// OrderID names the order.
	OrderID string
	// Subject is set by Render for the text and HTML layouts: the rendered
	// subject line. Render ignores any value the caller sets.
	Subject string
	// BodyHTML is set by Render for layout.html and a kind's own "html"
	// block: the kind's "body" block rendered by html/template (so escaped)
	// and split into <p> paragraphs at blank lines. Render ignores any value
	// the caller sets.
	BodyHTML htmltemplate.HTML
	// ActionText says what the recipient should do, in the message's
	// language; ActionRequired (below) is true when they must act.
	ActionText string
	// PickupLocation is where the parcel waits to be collected; may be empty.
	PickupLocation string
	// Offer is the apology offer for delayed and exception messages; nil if
	// none. Render removes it when it has no text in Lang.
	Offer *Offer
	// OfferDescription is set by Render: Offer's text in Lang. Render
	// ignores any value the caller sets.
	OfferDescription string
	// OfferExpires is Offer.Expires formatted like ETA; empty if none.
	OfferExpires string
	// LabelURL is the return label (Message.LabelURL).
	LabelURL string
	// TrackingLink is the link to follow the shipment: Message.TrackingURL, or
	// Branding.TrackingURL for kinds about a moving parcel (not for
	// feedback_request and the returns kinds without a parcel); may be empty.
	TrackingLink string
	// CareTips are product care tips after delivery. Marketing content:
	// Render removes them unless MarketingConsent is true.
	CareTips []string
	// Recommendations are products to cross-sell. Marketing content: Render
	// removes them unless MarketingConsent is true.
	Recommendations []Product
	// ETA is the delivery estimate as a day in the recipient's time zone and
	// language ("Thursday, 5 March", "Donnerstag, 5. März"); empty if unknown
	// or passed (for a day before the message's CreatedAt in that zone).
	ETA string
	// DelayReason says in words why a parcel is late or held up; may be empty.
	DelayReason string
	// Reason is the message's machine reason as the sender set it (for
	// example "carrier_eta", or "store_credit" on a refund_issued message
	// that settles a return with store credit); templates branch on it.
	Reason string
	// ShipmentID names the shipment.
	ShipmentID string
	// Carrier is the carrier's display name ("DHL"), TrackingNumber its number.
	Carrier, TrackingNumber string
	// Milestone and Detail are the cause of the message in words of the
	// language ("out for delivery", "handed to a neighbour"); may be empty.
	Milestone, Detail string
	// Kind and Audience are the message's.
	Kind     Kind
	Audience Audience
	// ETATime is the estimate in the recipient's time zone; zero if unknown
	// or passed, like ETA.
	ETATime time.Time
	// ActionRequired is true when the recipient must act (ActionText says how).
	ActionRequired bool
	// ReturnID, RefundAmount and Note are the returns fields of Message.
	ReturnID, RefundAmount, Note string
	// MarketingConsent is the recipient's consent to marketing content. The
	// zero value (no consent) is the safe default.
	MarketingConsent bool
	// Parcel and Parcels are Message.Parcel and Message.Parcels: which of
	// the order's parcels the message is about, as in "parcel 2 of 3".
	// Parcels is 0 when the order ships in one parcel, and the templates
	// then say nothing of parcels.
	Parcel, Parcels int
}

// RendererConfig configures NewRenderer. Only Branding.ShopName is required.
type RendererConfig struct {
	// Branding is the shop's identity.
	Branding Branding
	// Overrides holds the host's templates in the built-in layout; any file
	// found there replaces the built-in one, and a new language directory
	// (say "fr/") adds a language. Defaults to none.
	Overrides fs.FS
	// CarrierNames maps carrier ids to display names. Defaults to the
	// built-in names ("dhl" is "DHL", "fedex" is "FedEx"); unknown ids show
	// as given.
	CarrierNames map[string]string
}

// Renderer renders messages from the built-in and the host's templates. The
// templates are parsed and checked once by NewRenderer; a Renderer is safe
// for concurrent use.
type Renderer struct {
	brand    Branding
	carriers map[string]string
	sets     map[setKey]*templateSet
	langs    []string
	zones    sync.Map  // string -> *time.Location
	bufs     sync.Pool // *bytes.Buffer
}

type setKey struct {
	lang string
	kind Kind
}

type templateSet struct {
	text    *texttemplate.Template
	html    *htmltemplate.Template
	ownText bool // the kind file defines "text"
	ownHTML bool // the kind file defines "html"
}

var defaultCarrierNames = map[string]string{
	"dhl": "DHL", "dhl_express": "DHL Express", "ups": "UPS", "fedex": "FedEx", "usps": "USPS",
	"dpd": "DPD", "gls": "GLS", "hermes": "Hermes", "postnl": "PostNL", "royalmail": "Royal Mail",
	"post_at": "Österreichische Post", "swisspost": "Swiss Post", "sim": "Sim Express",
}

// NewRenderer parses the built-in templates and cfg.Overrides, and renders
// every kind in every language once with sample data, so a broken override
// fails here and not when a message is sent.
func NewRenderer(cfg RendererConfig) (*Renderer, error) {
	b := cfg.Branding
	if strings.TrimSpace(b.ShopName) == "" {
		return nil, errors.New("notify: RendererConfig.Branding.ShopName is required")
	}
	if b.PrimaryColor == "" {
		b.PrimaryColor = "#1f4f8a"
	}
	if b.AccentColor == "" {
		b.AccentColor = "#f4f6f9"
	}
	if b.FromName == "" {
		b.FromName = b.ShopName
	}
	r := &Renderer{brand: b, carriers: defaultCarrierNames, sets: map[setKey]*templateSet{}}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	if cfg.CarrierNames != nil {
		r.carriers = make(map[string]string, len(defaultCarrierNames)+len(cfg.CarrierNames))
		for k, v := range defaultCarrierNames {
			r.carriers[k] = v
		}
		for k, v := range cfg.CarrierNames {
			r.carriers[k] = v
		}
	}
	builtin, err := fs.Sub(builtinFS, "templates")
	if err != nil {
		return nil, fmt.Errorf("notify: built-in templates: %w", err)
	}
	src := layered{over: cfg.Overrides, base: builtin}
	langs, err := src.languages()
	if err != nil {
		return nil, err
	}
	r.langs = langs
	layoutText, err := src.read("layout.txt")
	if err != nil {
		return nil, err
	}
	layoutHTML, err := src.read("layout.html")
	if err != nil {
		return nil, err
	}
	for _, lang := range langs {
		common, err := src.read(lang + "/common.tmpl")
		if errors.Is(err, fs.ErrNotExist) {
			common, err = src.read(DefaultLanguage + "/common.tmpl")
		}
		if err != nil {
			return nil, err
		}
		base, err := parseBase(lang, layoutText, layoutHTML, common)
		if err != nil {
			return nil, err
		}
		for _, k := range Kinds() {
			name := lang + "/" + string(k) + ".tmpl"
			body, err := src.read(name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			set, err := base.parseKind(name, body)
			if err != nil {
				return nil, err
			}
			r.sets[setKey{lang, k}] = set
		}
	}
	for _, k := range Kinds() {
		if _, ok := r.sets[setKey{DefaultLanguage, k}]; !ok {
			return nil, fmt.Errorf("notify: %w for kind %s in %q", ErrNoTemplate, k, DefaultLanguage)
		}
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	return r, nil
}

// Languages returns the languages with templates, sorted, such as ["de", "en"].
func (r *Renderer) Languages() []string { return append([]string(nil), r.langs...) }

// Branding returns the branding with defaults applied.
func (r *Renderer) Branding() Branding { return r.brand }

// baseSet holds a language's layouts and common phrases, parsed once and
// cloned for each kind.
type baseSet struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

func parseBase(lang, layoutText, layoutHTML, common string) (*baseSet, error) {
	commonName := lang + "/common.tmpl"
	tt := texttemplate.New("root").Option("missingkey=error")
	for _, f := range []struct{ n, s string }{{"layout.txt", layoutText}, {commonName, common}} {
		if _, err := tt.New(f.n).Parse(f.s); err != nil {
			return nil, fmt.Errorf("notify: parse %s: %w", f.n, err)
		}
	}
	ht := htmltemplate.New("root").Option("missingkey=error")
	for _, f := range []struct{ n, s string }{{"layout.html", layoutHTML}, {commonName, common}} {
		if _, err := ht.New(f.n).Parse(f.s); err != nil {
			return nil, fmt.Errorf("notify: parse %s: %w", f.n, err)
		}
	}
	return &baseSet{text: tt, html: ht}, nil
}

// parseKind clones the base and adds the kind file name with contents body.
func (b *baseSet) parseKind(name, body string) (*templateSet, error) {
	tt, err := b.text.Clone()
	if err != nil {
		return nil, fmt.Errorf("notify: clone templates for %s: %w", name, err)
	}
	if _, err := tt.New(name).Parse(body); err != nil {
		return nil, fmt.Errorf("notify: parse %s: %w", name, err)
	}
	ht, err := b.html.Clone()
	if err != nil {
		return nil, fmt.Errorf("notify: clone templates for %s: %w", name, err)
	}
	if _, err := ht.New(name).Parse(body); err != nil {
		return nil, fmt.Errorf("notify: parse %s: %w", name, err)
	}
	for _, block := range []string{"subject", "headline", "body"} {
		if tt.Lookup(block) == nil {
			return nil, fmt.Errorf("notify: %s: %w: block %q not defined", name, ErrNoTemplate, block)
		}
	}
	return &templateSet{
		text: tt, html: ht,
		ownText: tt.Lookup("text") != nil,
		ownHTML: ht.Lookup("html") != nil,
	}, nil
}

// check renders every template set once with full sample data and once with
// empty data, so template errors surface at construction.
func (r *Renderer) check() error {
	full := TemplateData{
		FirstName: "Ada", ShipmentID: "s1", OrderID: "o1", Carrier: "DHL", TrackingNumber: "T1",
		Milestone: "m", Detail: "d", ETA: "e", ETATime: time.Unix(0, 0), DelayReason: "r", Reason: "r",
		OfferExpires:    "x",
		Recommendations: []Product{{Name: "P", URL: "https://example.com/p", ImageURL: "https://example.com/i.png", Price: "1"}},
		CareTips:        []string{"t"}, PickupLocation: "l", ActionRequired: true, ActionText: "a",
		TrackingLink: "https://example.com/t", ReturnID: "r1", RefundAmount: "1", LabelURL: "https://example.com/l",
		Parcel: 2, Parcels: 3,
		Note: "n", MarketingConsent: true,
	}
	keys := make([]setKey, 0, len(r.sets))
	for k := range r.sets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].lang != keys[j].lang {
			return keys[i].lang < keys[j].lang
		}
		return keys[i].kind < keys[j].kind
	})
	for _, k := range keys {
		for _, d := range []TemplateData{full, {}} {
			d.Shop, d.Kind, d.Audience, d.Lang = r.brand, k.kind, k.kind.Audience(), k.lang
			if d.OfferExpires != "" {
				d.Offer = &Offer{Code: "C", Descriptions: map[string]string{k.lang: "D"}, Expires: time.Unix(0, 0)}
			}
			m := Message{Kind: k.kind}
			if err := r.renderSet(r.sets[k], &m, d); err != nil {
				return fmt.Errorf("notify: check template %s/%s: %w", k.lang, k.kind, err)
			}
		}
	}
	return nil
}

// Data returns the template data for m: branding, names, the milestone and
// detail in words, the ETA as a day in the recipient's zone (left out when
// it is for a day before m.CreatedAt there), the delay
// reason, the action to take and the tracking link, all in the language of
// m.Recipient.Locale (with fallback). It sets no marketing content and no
// offer, and MarketingConsent is false.
func (r *Renderer) Data(m Message) TemplateData {
	chain := languageChain(m.Recipient.Locale)
	lang := r.resolve(chain, m.Kind)
	w := wordsFor(chain)
	d := TemplateData{
		Shop:           r.brand,
		Kind:           m.Kind,
		Audience:       m.Audience,
		Lang:           lang,
		FirstName:      firstName(m.Recipient.Name),
		ShipmentID:     m.ShipmentID,
		OrderID:        m.OrderID,
		Carrier:        r.carrierName(m.Carrier),
		TrackingNumber: m.TrackingNumber,
		Milestone:      w.milestone[m.Milestone],
		Detail:         w.detail[m.Detail],
		PickupLocation: m.PickupLocation,
		ActionRequired: m.ActionRequired || m.Kind == KindAvailableForPickup || m.Kind == KindReturnLabel,
		TrackingLink:   m.TrackingURL,
		ReturnID:       m.ReturnID,
		RefundAmount:   m.RefundAmount,
		LabelURL:       m.LabelURL,
		Note:           m.Note,
	}
	if m.Parcels > 1 && m.Parcel >= 1 && m.Parcel <= m.Parcels {
		d.Parcel, d.Parcels = m.Parcel, m.Parcels
	}
	if d.Audience == "" {
		d.Audience = m.Kind.Audience()
	}
	if d.TrackingLink == "" && r.brand.TrackingURL != nil && tracksParcel(m.Kind) {
		d.TrackingLink = r.brand.TrackingURL(m)
	}
	d.Reason = m.Reason
	if !m.ETA.IsZero() {
		eta := m.ETA.In(r.zone(m.Recipient.TimeZone, m.ETA.Location()))
		if !EstimatePassed(eta, m.CreatedAt) {
			d.ETATime = eta
			d.ETA = w.formatDate(eta)
		}
	}
	if m.Kind == KindDelayed || m.Kind == KindException || m.Kind.IsMerchant() {
		if s, ok := w.detail[m.Detail]; ok && m.Detail != "" {
			d.DelayReason = s
		} else {
			d.DelayReason = w.reason[m.Reason]
		}
	}
	if d.ActionRequired || m.Kind.IsMerchant() || m.Kind == KindException || m.Kind == KindDeliveryAttempted {
		d.ActionText = w.actionText(m.Kind, m.Detail)
	}
	return d
}

// EstimatePassed reports whether the delivery estimate eta has passed at
// now: it is for an earlier day than now's, both taken in eta's location.
// A message made at now must not quote such an estimate as news. A zero eta
// or now never counts as passed.
func EstimatePassed(eta, now time.Time) bool {
	if eta.IsZero() || now.IsZero() {
		return false
	}
	ey, em, ed := eta.Date()
	ny, nm, nd := now.In(eta.Location()).Date()
	return time.Date(ey, em, ed, 0, 0, 0, 0, time.UTC).Before(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC))
}

// tracksParcel reports whether messages of kind k are about a parcel on its
// way, so that a tracking link helps: the customer tracking kinds but
// feedback_request, the merchant kinds, and the returns kinds with a parcel
// moving (return_label, return_in_transit, exchange_shipped).
func tracksParcel(k Kind) bool {
	switch k {
	case KindFeedbackRequest, KindReturnRequested, KindReturnApproved, KindReturnRejected,
		KindReturnReceived, KindRefundIssued:
		return false
	}
	return true
}

// SetOffer sets d.Offer and d.OfferExpires, formatting the expiry in the
// language of d.Lang and the zone loc (nil means the expiry's own zone).
func (d *TemplateData) SetOffer(o *Offer, loc *time.Location) {
	d.Offer, d.OfferExpires = o, ""
	if o == nil || o.Expires.IsZero() {
		return
	}
	t := o.Expires
	if loc != nil {
		t = t.In(loc)
	}
	d.OfferExpires = wordsFor(languageChain(d.Lang)).formatDate(t)
}

// Render renders m's subject, text and HTML from the templates for m.Kind in
// data.Lang (or, when empty, m.Recipient.Locale's language chain) and stores
// them in m. Unless data.MarketingConsent is true it removes
// data.Recommendations and data.CareTips first, so no template can show
// them; it removes data.Offer when the offer has no text in the language
// rendered. Empty Kind, Audience or Shop fields of data are taken from m and
// the renderer. When m has no TrackingURL, Render stores the link the
// message shows (data.TrackingLink) there, so channels such as notify/webhook
// pass it on. Render returns an error wrapping ErrNoTemplate when no
// language has a template for m.Kind.
func (r *Renderer) Render(m *Message, data TemplateData) error {
	tag := data.Lang
	if tag == "" {
		tag = m.Recipient.Locale
	}
	lang := r.resolve(languageChain(tag), m.Kind)
	set := r.sets[setKey{lang, m.Kind}]
	if set == nil {
		return fmt.Errorf("%w for kind %q", ErrNoTemplate, m.Kind)
	}
	data.Lang = lang
	if data.Kind == "" {
		data.Kind = m.Kind
	}
	if data.Audience == "" {
		data.Audience = m.Audience
		if data.Audience == "" {
			data.Audience = m.Kind.Audience()
		}
	}
	if data.Shop.ShopName == "" {
		data.Shop = r.brand
	}
	return r.renderSet(set, m, data)
}

// prepare applies the rules every rendering starts with: no marketing
// content without consent, no offer without a text in the message's
// language, and the fields Render computes cleared or set.
func prepare(data *TemplateData) {
	if !data.MarketingConsent {
		data.Recommendations = nil
		data.CareTips = nil
	}
	data.OfferDescription = ""
	if data.Offer != nil {
		data.OfferDescription = strings.TrimSpace(data.Offer.Descriptions[data.Lang])
		if data.OfferDescription == "" {
			data.Offer, data.OfferExpires = nil, ""
		}
	}
	data.BodyHTML, data.Subject = "", ""
	data.Merchant = data.Audience == Merchant
}

// renderSet renders m from set's templates: the subject and the text with
// text/template, the body and the HTML with html/template.
func (r *Renderer) renderSet(set *templateSet, m *Message, data TemplateData) error {
	prepare(&data)
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(buf)

	buf.Reset()
	if err := set.text.ExecuteTemplate(buf, "subject", &data); err != nil {
		return fmt.Errorf("notify: render %s subject: %w", m.Kind, err)
	}
	if data.Parcels > 0 && set.text.Lookup("parcel_subject") != nil {
		// "(parcel 2 of 3)" after the kind's subject, in the language's words.
		n := buf.Len()
		buf.WriteByte(' ')
		if err := set.text.ExecuteTemplate(buf, "parcel_subject", &data); err != nil {
			return fmt.Errorf("notify: render %s subject: %w", m.Kind, err)
		}
		if buf.Len() == n+1 {
			buf.Truncate(n)
		}
	}
	subject := oneLine(buf.Bytes())
	data.Subject = subject

	buf.Reset()
	textName := "layout.txt"
	if set.ownText {
		textName = "text"
	}
	if err := set.text.ExecuteTemplate(buf, textName, &data); err != nil {
		return fmt.Errorf("notify: render %s text: %w", m.Kind, err)
	}
	text := tidyText(buf.Bytes())

	buf.Reset()
	if err := set.html.ExecuteTemplate(buf, "body", &data); err != nil {
		return fmt.Errorf("notify: render %s html body: %w", m.Kind, err)
	}
	data.BodyHTML = paragraphs(buf.Bytes())
	buf.Reset()
	htmlName := "layout.html"
	if set.ownHTML {
		htmlName = "html"
	}
	if err := set.html.ExecuteTemplate(buf, htmlName, &data); err != nil {
		return fmt.Errorf("notify: render %s html: %w", m.Kind, err)
	}
	m.Subject, m.Text, m.HTML = subject, text, buf.String()
	if m.TrackingURL == "" {
		m.TrackingURL = data.TrackingLink
	}
	return nil
}

// resolve returns the first language of chain with a template for k; the
// default language when none has.
func (r *Renderer) resolve(chain []string, k Kind) string {
	for _, l := range chain {
		if _, ok := r.sets[setKey{l, k}]; ok {
			return l
		}
	}
	return DefaultLanguage
}

func (r *Renderer) carrierName(id string) string {
	if n, ok := r.carriers[strings.ToLower(id)]; ok {
		return n
	}
	return id
}

// zone returns the location named name, or def when name is empty or unknown.
func (r *Renderer) zone(name string, def *time.Location) *time.Location {
	if name == "" {
		return def
	}
	if l, ok := r.zones.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return def
	}
	r.zones.Store(name, l)
	return l
}

func firstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// oneLine joins the words of b (split at Unicode white space) into one
// line, separated by single spaces: subjects must never carry line breaks
// (they would let data inject mail headers).
func oneLine(b []byte) string {
	var out strings.Builder
	out.Grow(len(b))
	for len(b) > 0 {
		i := bytes.IndexFunc(b, isNotSpace)
		if i < 0 {
			break
		}
		b = b[i:]
		j := bytes.IndexFunc(b, unicode.IsSpace)
		if j < 0 {
			j = len(b)
		}
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.Write(b[:j])
		b = b[j:]
	}
	return out.String()
}

func isNotSpace(r rune) bool { return !unicode.IsSpace(r) }

// tidyText trims trailing blanks on every line, collapses runs of blank
// lines into one and ends the text with a single newline.
func tidyText(b []byte) string {
	var out strings.Builder
	out.Grow(len(b) + 1)
	blank := 0
	started := false
	for line := range bytes.Lines(b) {
		line = bytes.TrimRightFunc(line, unicode.IsSpace)
		if len(line) == 0 {
			blank++
			continue
		}
		if started && blank > 0 {
			out.WriteByte('\n')
		}
		if started {
			out.WriteByte('\n')
		}
		out.Write(line)
		started, blank = true, 0
	}
	out.WriteByte('\n')
	return out.String()
}

// paragraphs turns escaped HTML text into <p> paragraphs: blank lines
// separate paragraphs, single line breaks become <br>. Its input comes from
// html/template, so it is already escaped.
func paragraphs(b []byte) htmltemplate.HTML {
	var out strings.Builder
	out.Grow(len(b) + 16)
	open := false
	for line := range bytes.Lines(b) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			if open {
				out.WriteString("</p>\n")
				open = false
			}
			continue
		}
		if open {
			out.WriteString("<br>\n")
		} else {
			out.WriteString("<p>")
			open = true
		}
		out.Write(line)
	}
	if open {
		out.WriteString("</p>\n")
	}
	return htmltemplate.HTML(out.String()) //nolint:gosec // escaped by html/template
}

// layered reads a file from over first and from base when over lacks it.
type layered struct {
	over, base fs.FS
}

func (l layered) read(name string) (string, error) {
	if l.over != nil {
		b, err := fs.ReadFile(l.over, name)
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("notify: read override %s: %w", name, err)
		}
	}
	b, err := fs.ReadFile(l.base, name)
	if err != nil {
		return "", fmt.Errorf("notify: read template %s: %w", name, err)
	}
	return string(b), nil
}

// languages returns the language directories of both file systems, sorted.
func (l layered) languages() ([]string, error) {
	seen := map[string]bool{}
	for _, f := range []fs.FS{l.base, l.over} {
		if f == nil {
			continue
		}
		entries, err := fs.ReadDir(f, ".")
		if err != nil {
			if f == l.over && errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("notify: list templates: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() {
				seen[path.Base(e.Name())] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out, nil
}
