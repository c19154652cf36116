package milestone

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
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
// TextFirst. Action is "yes" or empty. Blank lines and lines starting with
// '#' are ignored.
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

// codeTable holds one carrier's codes keyed by their upper-case form.
type codeTable struct {
	codes map[string]codeEntry
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
