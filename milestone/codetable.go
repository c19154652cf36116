package milestone

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CodeEntry maps one carrier code to its classification.
type CodeEntry struct {
	// Code is the carrier's event or status code, such as "KB" or
	// "InTransit_003". Codes are matched without regard to case or the
	// surrounding white space.
	Code string
	// Milestone is the classification of the code.
	Milestone Milestone
	// Detail is the detail reported with Milestone.
	Detail Detail
	// ActionRequired is true when the customer must act.
	ActionRequired bool
	// TextFirst marks a code the carrier uses for several meanings: when a
	// text rule matches the description it decides, and this entry is only
	// the fallback.
	TextFirst bool
	// Text, when set, limits the entry to scans whose description is this
	// text, compared without regard to case, to runs of white space and to
	// a final full stop: for carriers that publish the text of each reason
	// beside an event code (DHL Parcel Germany's "DLVRD" with "Übergabe an
	// Dienstleister", a hand-over, or "Zustellung an Nachbarn", a
	// delivery). Such an entry wins over the code's own.
	Text string
	// Meaning is the carrier's documented meaning, for reviewers and
	// explanations; it does not affect classification.
	Meaning string
}

// ParseCodeTable reads code entries in the tab-separated form of the
// built-in tables (tables/<carrier>.tsv):
//
//	code  milestone  detail  action  meaning
//
// A milestone written with a leading '?' (such as "?exception") sets
// TextFirst; a code written as "code|text" sets Text. Action is "yes" or
// empty. Blank lines and lines starting with '#' are ignored.
func ParseCodeTable(r io.Reader) ([]CodeEntry, error) {
	var out []CodeEntry
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 2 || len(f) > 5 {
			return nil, fmt.Errorf("milestone: code table line %d: %d columns, want 2 to 5", line, len(f))
		}
		for len(f) < 5 {
			f = append(f, "")
		}
		e := CodeEntry{Code: strings.TrimSpace(f[0]), Meaning: strings.TrimSpace(f[4])}
		if code, text, ok := strings.Cut(e.Code, "|"); ok {
			e.Code, e.Text = strings.TrimSpace(code), strings.TrimSpace(text)
			if e.Text == "" {
				return nil, fmt.Errorf("milestone: code table line %d: empty text after '|'", line)
			}
		}
		if e.Code == "" {
			return nil, fmt.Errorf("milestone: code table line %d: empty code", line)
		}
		name := strings.TrimSpace(f[1])
		if rest, ok := strings.CutPrefix(name, "?"); ok {
			e.TextFirst, name = true, rest
		}
		m, err := Parse(name)
		if err != nil {
			return nil, fmt.Errorf("milestone: code table line %d: %w", line, err)
		}
		e.Milestone = m
		e.Detail = Detail(strings.TrimSpace(f[2]))
		if e.ActionRequired, err = parseAction(f[3]); err != nil {
			return nil, fmt.Errorf("milestone: code table line %d: %w", line, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("milestone: reading code table: %w", err)
	}
	return out, nil
}

type codeEntry struct {
	res       Result
	textFirst bool
	host      bool // added by the host (WithCodes, WithCodeTable)
}

// codeTable holds one carrier's codes keyed by their upper-case form, and
// those limited to a text keyed by that form, textSep and the text's key
// (see textKey).
type codeTable struct {
	codes map[string]codeEntry
	texts bool // some codes are limited to a text
}

// textSep joins a code and a text in a table key; it is never in a code.
const textSep = 0

// maxTextKey bounds the descriptions looked up by their text without
// allocating; the reason texts carriers publish are far shorter.
const maxTextKey = 192

// textKey appends the key of a description for the codes limited to a
// text: lower case, runs of white space as one space, no white space or
// full stops at the ends. It reports false when the key would exceed
// maxTextKey bytes after dst's.
func textKey(dst []byte, s string) ([]byte, bool) {
	s = strings.TrimRight(strings.TrimSpace(s), ". \t\n\r")
	start := len(dst)
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		if len(dst)-start > maxTextKey {
			return nil, false
		}
	}
	return dst, true
}

// lookupText finds the entry of code limited to the description's text.
func (t *codeTable) lookupText(code, desc string) (codeEntry, bool) {
	if !t.texts || desc == "" {
		return codeEntry{}, false
	}
	var buf [maxKey + 1 + maxTextKey + utf8.UTFMax]byte
	var ck [maxKey]byte
	k, ok := upperKey(&ck, code)
	if !ok || len(k) == 0 {
		return codeEntry{}, false
	}
	key := append(append(buf[:0], k...), textSep)
	if key, ok = textKey(key, desc); !ok {
		return codeEntry{}, false
	}
	e, ok := t.codes[string(key)]
	return e, ok
}

// maxKey bounds the carrier ids and codes looked up without allocating;
// longer ones cannot be in any table built from sane data and are treated as
// unknown.
const maxKey = 64

// upperKey copies s, trimmed and upper-cased (ASCII), into buf.
func upperKey(buf *[maxKey]byte, s string) ([]byte, bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxKey {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(s)], true
}

// lowerKey copies s, trimmed and lower-cased (ASCII), into buf.
func lowerKey(buf *[maxKey]byte, s string) ([]byte, bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxKey {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(s)], true
}

// lookup finds code in t. Some carriers qualify a status as
// "<event>.<status>" (GLS "INTIAL.PREADVICE"), adapters join a status type
// and a code as "<type>_<code>" (UPS "X_7L"), and aggregators report
// sub-statuses as "<status>_<n>" or "<status><nnn>" (AfterShip
// "Exception_019", TrackingMore "transit006"). A code missing from the table
// falls back, in this order, to the part after the last '.', the part after
// the last '_' (the more specific code), the part before it (the type or
// status), and the code without its trailing digits. Such a part stands for
// a code the table does not list, so it never decides "delivered" on its
// own: a part that says delivered lets the text decide (see partial).
func (t *codeTable) lookup(code string) (codeEntry, bool) {
	var buf [maxKey]byte
	k, ok := upperKey(&buf, code)
	if !ok || len(k) == 0 {
		return codeEntry{}, false
	}
	if e, ok := t.codes[string(k)]; ok {
		return e, true
	}
	for bytes.HasSuffix(k, []byte(".*")) {
		k = k[:len(k)-2] // a wildcard part ("PARCEL.*.*.1003.*") names nothing
	}
	if i := bytes.LastIndexByte(k, '.'); i >= 0 && i < len(k)-1 {
		if e, ok := t.codes[string(k[i+1:])]; ok {
			return partial(e), true
		}
	}
	if i := bytes.LastIndexByte(k, '_'); i > 0 {
		if i < len(k)-1 {
			if e, ok := t.codes[string(k[i+1:])]; ok {
				return partial(e), true
			}
		}
		if e, ok := t.codes[string(k[:i])]; ok {
			return partial(e), true
		}
	}
	j := len(k)
	for j > 0 && k[j-1] >= '0' && k[j-1] <= '9' {
		j--
	}
	if j > 0 && j < len(k) && len(k)-j >= 3 {
		if e, ok := t.codes[string(k[:j])]; ok {
			return partial(e), true
		}
	}
	return codeEntry{}, false
}

// partial is the entry of a code found by a part of it: an unlisted
// sub-code can mean something its listed part does not (DHL's
// "DSPSD_..._ZU", a disposal, under "ZU"; a Swiss Post reason number under
// its event "20", delivered at the counter), so a part that says delivered
// lets the text decide, and Unknown stands when the text says nothing.
func partial(e codeEntry) codeEntry {
	if e.res.Milestone == Delivered {
		e.res = Result{Milestone: Unknown, Rule: e.res.Rule}
		e.textFirst = true
	}
	return e
}
