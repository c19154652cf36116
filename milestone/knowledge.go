package milestone

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
)

//go:embed tables/*.tsv rules/*.tsv
var builtinFS embed.FS

// builtinAliases lists other ids carriers are known by, each with the id of
// a built-in table.
func builtinAliases() [][2]string {
	return [][2]string{
		{"dhlexpress", "dhl_express"},
		{"dhl_unified", "dhl"},
		{"dhl_ecommerce", "dhl"},
		{"deutschepost", "dhl_parcel_de"},
		{"deutsche_post", "dhl_parcel_de"},
		{"dhl_de", "dhl_parcel_de"},
		{"dhl_paket", "dhl_parcel_de"},
		{"colissimo", "laposte"},
		{"la_poste", "laposte"},
		{"seventeen_track", "17track"},
		{"seventeentrack", "17track"},
		{"tracking_more", "trackingmore"},
		{"fedex_smartpost", "fedex"},
		{"australiapost", "auspost"},
		{"startrack", "auspost"},
		{"posten", "bring"},
		{"postennorge", "bring"},
		{"postat", "austrianpost"},
		{"osterreichischepost", "austrianpost"},
		{"oesterreichischepost", "austrianpost"},
		{"postch", "swisspost"},
		{"diepost", "swisspost"},
		{"poczta", "pocztapolska"},
		{"polishpost", "pocztapolska"},
		{"czechpost", "ceskaposta"},
		{"zasilkovna", "packeta"},
		{"correiosbrasil", "correios"},
		{"brtbartolini", "brt"},
		{"bartolini", "brt"},
		{"hermesde", "hermes"},
		{"hermes_germany", "hermes"},
		{"dpdde", "dpd"},
		{"glsde", "gls"},
		{"posteitaliane_send", "pagopasend"},
		{"itella", "posti"},
		{"postdanmark", "postnord"},
		{"dhlpl", "dhl_parcel_pl"},
		{"dhl_parcel_poland", "dhl_parcel_pl"},
		{"pochtarossii", "russianpost"},
		{"russiapost", "russianpost"},
		{"correos_es", "correos"},
		{"correosspain", "correos"},
		{"ptt", "pttkargo"},
		{"shunfeng", "sfexpress"},
		{"hermesuk", "evri"},
		{"hermes_uk", "evri"},
	}
}

// Knowledge is a classifier built from code tables and text rules. It is
// immutable and safe for concurrent use. The package-level Classify and
// Explain use the built-in Knowledge; NewClassifier builds one extended by
// the host. The zero Knowledge knows nothing and classifies every scan as
// Unknown.
type Knowledge struct {
	carriers map[string]*codeTable
	text     *textIndex
	model    *textModel // nil without the built-in knowledge
}

var _ Classifier = (*Knowledge)(nil)

// Option extends or replaces the built-in knowledge in NewClassifier.
type Option func(*builder)

type codeSource struct {
	carrier string
	entries []CodeEntry
	r       io.Reader
}

type textSource struct {
	lang  string
	rules []TextRule
	r     io.Reader
}

type builder struct {
	noBuiltin bool
	codes     []codeSource
	texts     []textSource
	aliases   [][2]string
}

// WithCodes adds code entries for a carrier. A carrier id holds letters,
// digits, '_', '-' and '.' and is matched without regard to case; an entry
// needs a milestone unless it is TextFirst (NewClassifier reports either
// mistake). An entry replaces a built-in one with the same code; a later
// option replaces an earlier one. Host
// entries are authoritative: the built-in text rules do not override them,
// except that a delivered entry never stands against a description saying
// the parcel was not delivered. Mark an entry TextFirst to let the text
// decide.
func WithCodes(carrier string, entries ...CodeEntry) Option {
	return func(b *builder) {
		b.codes = append(b.codes, codeSource{carrier: carrier, entries: entries})
	}
}

// WithCodeTable adds the code entries read from r in the form ParseCodeTable
// reads, like WithCodes. NewClassifier reports a malformed table.
func WithCodeTable(carrier string, r io.Reader) Option {
	return func(b *builder) {
		b.codes = append(b.codes, codeSource{carrier: carrier, r: r})
	}
}

// WithTextRules adds text rules for a language (any short tag, such as "it"
// or "pl"; it only names the rules). Within a tier host rules are tried
// before the built-in ones.
func WithTextRules(lang string, rules ...TextRule) Option {
	return func(b *builder) {
		b.texts = append(b.texts, textSource{lang: lang, rules: rules})
	}
}

// WithTextRuleTable adds the text rules read from r in the form
// ParseTextRules reads, like WithTextRules.
func WithTextRuleTable(lang string, r io.Reader) Option {
	return func(b *builder) {
		b.texts = append(b.texts, textSource{lang: lang, r: r})
	}
}

// WithCarrierAlias makes scans reported with carrier id alias use the code
// table of carrier.
func WithCarrierAlias(alias, carrier string) Option {
	return func(b *builder) { b.aliases = append(b.aliases, [2]string{alias, carrier}) }
}

// WithoutBuiltin starts from empty knowledge instead of the built-in tables
// and rules.
func WithoutBuiltin() Option {
	return func(b *builder) { b.noBuiltin = true }
}

// NewClassifier builds a Knowledge from the built-in tables and rules
// extended by opts. It returns an error for malformed tables or rules, naming
// the carrier or rule and the line.
func NewClassifier(opts ...Option) (*Knowledge, error) {
	var b builder
	for _, o := range opts {
		o(&b)
	}
	return b.build()
}

// Default returns the built-in Knowledge that Classify and Explain use. It
// is built once, on first use.
func Default() *Knowledge { return builtinKnowledge() }

// indexedModel is the built-in model with its hash index, built once.
var indexedModel = sync.OnceValue(builtinModel.indexed)

var builtinKnowledge = sync.OnceValue(func() *Knowledge {
	k, err := NewClassifier()
	if err != nil {
		// The embedded data is checked by the package tests.
		panic(err)
	}
	return k
})

func (b *builder) build() (*Knowledge, error) {
	k := &Knowledge{carriers: map[string]*codeTable{}}
	tables := map[string]map[string]codeEntry{}
	hasText := map[string]bool{}
	add := func(carrier string, entries []CodeEntry, host bool) error {
		id, err := carrierID(carrier)
		if err != nil {
			return err
		}
		t := tables[id]
		if t == nil {
			t = map[string]codeEntry{}
			tables[id] = t
		}
		for _, e := range entries {
			var buf [maxKey]byte
			key, ok := upperKey(&buf, e.Code)
			if !ok {
				return fmt.Errorf("milestone: %s: code %q is longer than %d bytes", id, e.Code, maxKey)
			}
			code := string(key)
			if code == "" {
				return fmt.Errorf("milestone: %s: code entry without a code", id)
			}
			name := strings.TrimSpace(e.Code)
			if e.Text != "" {
				tk, ok := textKey(append(key, textSep), e.Text)
				if !ok {
					return fmt.Errorf("milestone: %s: code %q: text longer than %d bytes", id, e.Code, maxTextKey)
				}
				code = string(tk)
				name += "|" + strings.TrimSpace(e.Text)
				hasText[id] = true
			}
			if !e.Milestone.Valid() {
				return fmt.Errorf("milestone: %s: code %q has invalid milestone %d", id, e.Code, uint8(e.Milestone))
			}
			if host && e.Milestone == Unknown && !e.TextFirst {
				return fmt.Errorf("milestone: %s: code %q has no milestone (the zero Milestone is unknown): set one, or TextFirst to let the text decide", id, e.Code)
			}
			t[code] = codeEntry{
				res: Result{
					Milestone:      e.Milestone,
					Detail:         e.Detail,
					ActionRequired: e.ActionRequired,
					Rule:           "table:" + id + ":" + name,
				},
				textFirst: e.TextFirst,
				host:      host,
			}
		}
		return nil
	}
	var rules []langRule
	addRules := func(lang string, rs []TextRule, builtin bool) {
		for _, r := range rs {
			rules = append(rules, langRule{TextRule: r, lang: lang, builtin: builtin, seq: len(rules)})
		}
	}
	if !b.noBuiltin {
		builtinCodes := func(carrier string, entries []CodeEntry) error { return add(carrier, entries, false) }
		if err := loadBuiltin(builtinCodes, addRules); err != nil {
			return nil, err
		}
	}
	for _, c := range b.codes {
		entries := c.entries
		if c.r != nil {
			var err error
			if entries, err = ParseCodeTable(c.r); err != nil {
				return nil, fmt.Errorf("%w (table for %s)", err, c.carrier)
			}
		}
		if err := add(c.carrier, entries, true); err != nil {
			return nil, err
		}
	}
	for _, t := range b.texts {
		lang := strings.ToLower(strings.TrimSpace(t.lang))
		if lang == "" {
			return nil, fmt.Errorf("milestone: text rules without a language")
		}
		rs := t.rules
		if t.r != nil {
			var err error
			if rs, err = ParseTextRules(t.r); err != nil {
				return nil, fmt.Errorf("%w (rules for %s)", err, lang)
			}
		}
		addRules(lang, rs, false)
	}
	for id, codes := range tables {
		k.carriers[id] = &codeTable{codes: codes, texts: hasText[id]}
	}
	// Ids are also found without their separators ("poczta_polska",
	// "Canada-Post"), unless two tables would then share one.
	squeezed := map[string]int{}
	for id := range tables {
		squeezed[string(squeezeID([]byte(id)))]++
	}
	for id := range tables {
		if sq := string(squeezeID([]byte(id))); sq != id && squeezed[sq] == 1 && tables[sq] == nil {
			k.carriers[sq] = k.carriers[id]
		}
	}
	var aliases [][2]string
	if !b.noBuiltin {
		aliases = builtinAliases()
	}
	aliases = append(aliases, b.aliases...)
	for _, a := range aliases {
		alias, err := carrierID(a[0])
		if err != nil {
			return nil, err
		}
		target, err := carrierID(a[1])
		if err != nil {
			return nil, err
		}
		if _, own := tables[alias]; own {
			continue // a table of its own wins over an alias
		}
		if t, ok := k.carriers[target]; ok {
			k.carriers[alias] = t
		} else if alias != "" && isHostAlias(b.aliases, a) {
			return nil, fmt.Errorf("milestone: alias %q names carrier %q, which has no code table", a[0], a[1])
		}
	}
	text, err := compileText(rules)
	if err != nil {
		return nil, err
	}
	k.text = text
	if !b.noBuiltin {
		k.model = indexedModel()
	}
	return k, nil
}

// squeezeID removes the separators ('_', '-', '.', ' ') from a folded
// carrier id, in place.
func squeezeID(id []byte) []byte {
	out := id[:0]
	for _, c := range id {
		if c != '_' && c != '-' && c != '.' && c != ' ' {
			out = append(out, c)
		}
	}
	return out
}

// carrierID folds a carrier id the way Explain looks it up: trimmed, ASCII
// lowercase.
func carrierID(s string) (string, error) {
	var buf [maxKey]byte
	id, ok := lowerKey(&buf, s)
	switch {
	case !ok:
		return "", fmt.Errorf("milestone: carrier id %q is longer than %d bytes", s, maxKey)
	case len(id) == 0:
		return "", fmt.Errorf("milestone: empty carrier id")
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return "", fmt.Errorf("milestone: carrier id %q: only letters, digits, '_', '-' and '.' (ids are matched without regard to case)", s)
		}
	}
	return string(id), nil
}

func isHostAlias(host [][2]string, a [2]string) bool {
	for _, h := range host {
		if h == a {
			return true
		}
	}
	return false
}

// loadBuiltin feeds the embedded tables and rules to add and addRules.
func loadBuiltin(add func(string, []CodeEntry) error, addRules func(string, []TextRule, bool)) error {
	files, err := fs.Glob(builtinFS, "tables/*.tsv")
	if err != nil {
		return err
	}
	for _, name := range files {
		entries, err := readEmbedded(name, ParseCodeTable)
		if err != nil {
			return err
		}
		if err := add(strings.TrimSuffix(path.Base(name), ".tsv"), entries); err != nil {
			return err
		}
	}
	files, err = fs.Glob(builtinFS, "rules/*.tsv")
	if err != nil {
		return err
	}
	for _, name := range files {
		rs, err := readEmbedded(name, ParseTextRules)
		if err != nil {
			return err
		}
		addRules(strings.TrimSuffix(path.Base(name), ".tsv"), rs, true)
	}
	return nil
}

func readEmbedded[T any](name string, parse func(io.Reader) ([]T, error)) ([]T, error) {
	f, err := builtinFS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out, err := parse(f)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, name)
	}
	return out, nil
}

// Classify returns the milestone of s. It is Explain(s).Milestone.
func (k *Knowledge) Classify(s Scan) Milestone { return k.Explain(s).Milestone }

// Explain classifies s and says how: the detail, whether the customer must
// act, and the table entry or text rule that decided.
//
// A code found in the carrier's table decides the milestone. The text may
// add the detail the code lacks (a delivered code whose text names a locker
// or damage stays delivered, with that detail) and changes the milestone
// only in two cases: a delivered code never stands against a description
// saying the delivery failed, was cancelled or is going back, and a generic
// exception code (one without a detail) whose text names an attempt reason
// (nobody home, business closed) is that attempt. Codes marked TextFirst,
// which a carrier uses for several meanings, let a matching text rule
// decide, except that the text never makes delivered of a code that says
// something else (a code marked "?unknown" leaves the text free). Entries
// the host added (WithCodes, WithCodeTable) decide in the same way, with one safety rule: a host code
// saying delivered does not stand against a description saying the parcel
// is on its way, waiting, failed or going back. Scans with no code, or a
// code missing from the table, are classified by text alone; when nothing
// matches the result is Unknown with an empty Rule.
func (k *Knowledge) Explain(s Scan) Result {
	var (
		code  codeEntry
		found bool
	)
	if s.Code != "" {
		var buf [maxKey]byte
		if id, ok := lowerKey(&buf, s.Carrier); ok {
			t := k.carriers[string(id)]
			if t == nil {
				t = k.carriers[string(squeezeID(id))]
			}
			if t != nil {
				if code, found = t.lookupText(s.Code, s.Description); !found {
					code, found = t.lookup(s.Code)
				}
			}
		}
	}
	if found && !code.textFirst && !code.host && !k.textCanRefine(code.res) {
		return code.res // nothing the text says would change it
	}
	text, failure, textOK := k.text.match(s.Description, found && code.res.Milestone == Delivered)
	switch {
	case !found && textOK:
		return text
	case !found:
		if m, ok := k.model.predict(s.Description); ok {
			return Result{Milestone: m, Rule: modelRule}
		}
		return Result{}
	case !textOK:
		return code.res
	case code.textFirst:
		if code.res.Milestone == Delivered && text.Milestone == Exception && text.Detail == DetailDamaged {
			// Delivered damaged is still delivered, with the damage told.
			code.res.Detail = DetailDamaged
			return code.res
		}
		if text.Milestone != Delivered || code.res.Milestone == Delivered || code.res.Milestone == Unknown {
			return text
		}
	case code.res.Milestone == Delivered && !code.host:
		switch failure.Milestone {
		case DeliveryAttempted, ReturnedToSender, Cancelled:
			return failure
		}
	case code.res.Milestone == Exception && code.res.Detail == DetailNone &&
		text.Milestone == DeliveryAttempted &&
		(text.Detail == DetailNotHome || text.Detail == DetailBusinessClosed):
		return text
	case code.host && code.res.Milestone == Delivered:
		// The host's own entries are trusted as written; only the safety
		// rule applies: never "delivered" against a description saying the
		// parcel is on its way, waiting, failed or going back.
		if failure.Milestone != Unknown {
			return failure
		}
		if text.Milestone != Delivered && text.Milestone != Unknown && text.Milestone != Noise &&
			text.Milestone != PickedUp && text.Milestone != InfoReceived {
			return text
		}
	}
	return refineDetail(code.res, text)
}

// textCanRefine reports whether a description could change a built-in
// code's result: a delivered code can be vetoed, a generic exception code
// turned into an attempt, and a code without a detail given one that fits
// or that a rule of the same milestone carries.
func (k *Knowledge) textCanRefine(r Result) bool {
	switch r.Milestone {
	case Delivered, Exception:
		return true
	case InTransit, AvailableForPickup, DeliveryAttempted, ReturnedToSender:
		return r.Detail == DetailNone
	}
	return r.Detail == DetailNone && k.text != nil && k.text.detailed[r.Milestone]
}

// refineDetail adds the detail and action of a text classification to a
// code's when the code has no detail of its own and the text's detail fits
// the code's milestone.
func refineDetail(code, text Result) Result {
	if code.Detail != DetailNone || text.Detail == DetailNone {
		return code
	}
	if text.Milestone == code.Milestone {
		code.Detail = text.Detail
		code.ActionRequired = code.ActionRequired || text.ActionRequired
		return code
	}
	if detailFits(code.Milestone, text.Detail) {
		code.Detail = text.Detail
	}
	return code
}

// detailFits reports whether d can describe a scan of milestone m.
func detailFits(m Milestone, d Detail) bool {
	switch d {
	case DetailNeighbour, DetailSafePlace, DetailSigned, DetailMailbox:
		return m == Delivered
	case DetailLocker:
		return m == Delivered || m == AvailableForPickup
	case DetailDamaged:
		return m == Delivered || m == Exception || m == ReturnedToSender
	case DetailCustomsCleared, DetailArrivedDestinationCountry:
		return m == InTransit
	case DetailNotHome, DetailBusinessClosed:
		return m == DeliveryAttempted
	case DetailAddressProblem, DetailRefused:
		return m == DeliveryAttempted || m == Exception || m == ReturnedToSender
	case DetailLost, DetailCustomsHold, DetailHeld, DetailWeather, DetailCarrierDelay:
		return m == Exception
	}
	return false
}
