package milestone

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextRule classifies a scan by phrases in its description. A rule matches
// when every group in When has at least one phrase in the description and no
// phrase of Unless does.
//
// Phrases are matched on the normalised description (see Normalize): case,
// accents and punctuation do not matter, and words match whole. A leading '*'
// lets the first word end a longer word ("*zustellung" matches
// "paketzustellung"); a trailing '*' lets the last word start one ("zustell*"
// matches "zustellversuch").
type TextRule struct {
	// Name identifies the rule; Result.Rule reports it as "text:<lang>:<name>".
	Name string
	// Tier orders the rules: the lowest tier is tried first. Within a tier,
	// host rules come before the built-in ones, each in the order given. The
	// built-in tiers are listed in the package documentation. Defaults to 0,
	// before every built-in rule.
	Tier int
	// When lists the phrase groups that must all match. Each group holds
	// alternative phrases separated by "|", such as "delivered|handed over".
	When []string
	// Unless lists phrases that veto the rule, such as "not delivered".
	Unless []string
	// Milestone is the classification when the rule matches.
	Milestone Milestone
	// Detail is the detail reported with Milestone.
	Detail Detail
	// ActionRequired is true when the customer must act.
	ActionRequired bool
}

// ParseTextRules reads text rules in the tab-separated form of the built-in
// rule files (rules/*.tsv):
//
//	tier  name  milestone  detail  action  when  unless
//
// When holds the groups separated by " & ", each group's alternatives
// separated by "|"; unless holds alternatives separated by "|". Action is
// "yes" or empty. Blank lines and lines starting with '#' are ignored.
func ParseTextRules(r io.Reader) ([]TextRule, error) {
	var out []TextRule
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		for len(f) < 7 {
			f = append(f, "")
		}
		if len(f) > 7 {
			return nil, fmt.Errorf("milestone: text rules line %d: %d columns, want at most 7", line, len(f))
		}
		tier, err := strconv.Atoi(strings.TrimSpace(f[0]))
		if err != nil {
			return nil, fmt.Errorf("milestone: text rules line %d: tier %q is not a number", line, f[0])
		}
		m, err := Parse(strings.TrimSpace(f[2]))
		if err != nil {
			return nil, fmt.Errorf("milestone: text rules line %d: %w", line, err)
		}
		action, err := parseAction(f[4])
		if err != nil {
			return nil, fmt.Errorf("milestone: text rules line %d: %w", line, err)
		}
		rule := TextRule{
			Name:           strings.TrimSpace(f[1]),
			Tier:           tier,
			Milestone:      m,
			Detail:         Detail(strings.TrimSpace(f[3])),
			ActionRequired: action,
		}
		for g := range strings.SplitSeq(f[5], " & ") {
			if g = strings.TrimSpace(g); g != "" {
				rule.When = append(rule.When, g)
			}
		}
		if u := strings.TrimSpace(f[6]); u != "" {
			rule.Unless = []string{u}
		}
		out = append(out, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("milestone: reading text rules: %w", err)
	}
	return out, nil
}

func parseAction(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "no", "-", "0", "false":
		return false, nil
	case "yes", "1", "true", "action":
		return true, nil
	}
	return false, fmt.Errorf("action %q is neither yes nor empty", s)
}

// langRule is a rule with the language it came from and its place in the
// global order.
type langRule struct {
	TextRule
	lang    string
	builtin bool
	seq     int
}

// scriptPhrase is a phrase in a script the automaton cannot read.
type scriptPhrase struct {
	s      string
	folded string // s with every letter through foldScript, when fold
	fold   bool   // the phrase has letters with case (Greek, Cyrillic)
	lead   int    // byte offset of its first letter outside the Latin range
	// next is the letter after the lead letter through foldScript, or -1
	// when the phrase ends with its lead letter.
	next rune
}

// foldScript is the case folding of script phrases: lower case, with the
// Greek final sigma read as sigma. Below U+0590 (Latin, Greek, Cyrillic,
// Armenian) it lowers; the scripts above have no case. It never changes a
// letter's encoded length.
func foldScript(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0x410 && r <= 0x42F: // Cyrillic А..Я
		return r + 0x20
	case r >= 0x430 && r <= 0x44F: // а..я
		return r
	case r == 'ς':
		return 'σ'
	case r < 0x590:
		// A letter whose lower case is encoded in more or fewer bytes
		// (U+0130 İ) is kept, so that folding keeps every length.
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			return l
		}
	}
	return r
}

// equalScript reports whether w, folded with foldScript, is folded (itself
// folded): a rune at a time, so that most candidates fail at their second
// letter.
func equalScript(w, folded string) bool {
	for len(w) > 0 && len(folded) > 0 {
		a, n := utf8.DecodeRuneInString(w)
		b, m := utf8.DecodeRuneInString(folded)
		if foldScript(a) != b {
			return false
		}
		w, folded = w[n:], folded[m:]
	}
	return len(w) == 0 && len(folded) == 0
}

// scriptKey is the key of byFirst for a letter outside the Latin range:
// the letter in lower case where its script has cases.
func scriptKey(r rune) rune { return foldScript(r) }

type compiledRule struct {
	groups [][]int32 // every group needs one hit
	unless []int32   // any hit vetoes
	res    Result
}

// textIndex is the compiled form of all text rules.
type textIndex struct {
	m     *matcher
	rules []compiledRule // in evaluation order
	// The rules as seen from their phrases, so that a text's few phrases
	// decide which rules match without reading the rules' phrase lists:
	// the roles of phrase id are roles[roleStart[id]:roleStart[id+1]],
	// each a role kind in the top bits and a rule or group number.
	roleStart []int32
	roles     []uint32
	// The groups after a rule's first are numbered in rule order: rule
	// r's are moreStart[r] to moreStart[r+1]-1.
	moreStart []int32
	// script holds the phrases written in other scripts (Japanese, Greek,
	// Cyrillic, ...), matched as substrings of the description as written;
	// script[i] has phrase id m.phrases+i.
	script []scriptPhrase
	// byFirst maps the scriptKey of a phrase's lead letter to the script
	// indices of the phrases it leads, sorted by their next letter.
	byFirst map[rune][]int32
	leads   []uint64 // bit k&0xFFFF is set for every key k of byFirst
	// detailed[m] is true when a rule of milestone m carries a detail or
	// an action.
	detailed [numMilestones]bool
	nPhrase  int // m.phrases + len(script)
}

func compileText(rules []langRule) (*textIndex, error) {
	slices.SortStableFunc(rules, func(a, b langRule) int {
		if a.Tier != b.Tier {
			return a.Tier - b.Tier
		}
		if a.builtin != b.builtin {
			if a.builtin {
				return 1
			}
			return -1
		}
		return a.seq - b.seq
	})
	ids := map[string]int32{}
	var phrases [][]uint8
	var script []string
	scriptIDs := map[string]int32{}
	// Script phrases get negative ids while rules compile, and the ids
	// after the automaton's once it is built.
	phraseID := func(p string) (int32, error) {
		syms, err := compilePhrase(p)
		if errors.Is(err, errScript) {
			p = strings.TrimSpace(p)
			if strings.Contains(p, "*") {
				// Such phrases are found anywhere in a text already; a
				// '*' would be looked for as written and never found.
				return 0, fmt.Errorf("phrase %q: '*' has no use in a phrase in another script, which matches inside words already", p)
			}
			if id, ok := scriptIDs[p]; ok {
				return id, nil
			}
			script = append(script, p)
			id := -int32(len(script))
			scriptIDs[p] = id
			return id, nil
		}
		if err != nil {
			return 0, fmt.Errorf("phrase %q: %w", p, err)
		}
		key := string(syms)
		if id, ok := ids[key]; ok {
			return id, nil
		}
		id := int32(len(phrases))
		ids[key] = id
		phrases = append(phrases, syms)
		return id, nil
	}
	ix := &textIndex{rules: make([]compiledRule, 0, len(rules))}
	for _, r := range rules {
		where := fmt.Sprintf("text rule %s:%s", r.lang, r.Name)
		if r.Name == "" {
			return nil, fmt.Errorf("milestone: a %s text rule has no name", r.lang)
		}
		if !r.Milestone.Valid() {
			return nil, fmt.Errorf("milestone: %s: invalid milestone %d", where, uint8(r.Milestone))
		}
		if len(r.When) == 0 {
			return nil, fmt.Errorf("milestone: %s: no phrases in When", where)
		}
		if r.Milestone.Valid() && (r.Detail != DetailNone || r.ActionRequired) {
			ix.detailed[r.Milestone] = true
		}
		c := compiledRule{res: Result{
			Milestone:      r.Milestone,
			Detail:         r.Detail,
			ActionRequired: r.ActionRequired,
			Rule:           "text:" + r.lang + ":" + r.Name,
		}}
		for _, g := range r.When {
			var group []int32
			for p := range strings.SplitSeq(g, "|") {
				id, err := phraseID(p)
				if err != nil {
					return nil, fmt.Errorf("milestone: %s: %w", where, err)
				}
				group = append(group, id)
			}
			c.groups = append(c.groups, group)
		}
		for _, u := range r.Unless {
			for p := range strings.SplitSeq(u, "|") {
				id, err := phraseID(p)
				if err != nil {
					return nil, fmt.Errorf("milestone: %s: %w", where, err)
				}
				c.unless = append(c.unless, id)
			}
		}
		ix.rules = append(ix.rules, c)
	}
	m, err := buildMatcher(phrases)
	if err != nil {
		return nil, fmt.Errorf("milestone: %w", err)
	}
	ix.m = m
	ix.byFirst = map[rune][]int32{}
	for i, p := range script {
		sp := scriptPhrase{s: p, fold: strings.ToLower(p) != strings.ToUpper(p)}
		if sp.fold {
			sp.folded = strings.Map(foldScript, p)
		}
		for off, r := range p {
			if a, _, _ := foldRune(r); a == symOther {
				sp.lead = off
				sp.next = -1
				if rest := p[off+utf8.RuneLen(r):]; rest != "" {
					n, _ := utf8.DecodeRuneInString(rest)
					sp.next = foldScript(n)
				}
				k := scriptKey(r)
				ix.byFirst[k] = append(ix.byFirst[k], int32(i))
				if ix.leads == nil {
					ix.leads = make([]uint64, 1<<16/64)
				}
				ix.leads[k&0xFFFF>>6] |= 1 << (uint(k) & 63)
				break
			}
		}
		ix.script = append(ix.script, sp)
	}
	for _, ids := range ix.byFirst {
		slices.SortStableFunc(ids, func(a, b int32) int { return cmp.Compare(ix.script[a].next, ix.script[b].next) })
	}
	ix.nPhrase = len(phrases) + len(script)
	fix := func(ids []int32) {
		for i, id := range ids {
			if id < 0 {
				ids[i] = int32(len(phrases)) - id - 1
			}
		}
	}
	for i := range ix.rules {
		for _, g := range ix.rules[i].groups {
			fix(g)
		}
		fix(ix.rules[i].unless)
	}
	ix.buildRoles()
	return ix, nil
}

// Role kinds of a phrase in a rule.
const (
	roleFirst  = 0 << 30 // in rule r's first group: r is a candidate
	roleMore   = 1 << 30 // in a later group g: g is met
	roleUnless = 2 << 30 // in rule r's Unless: r is vetoed
	roleMask   = 1<<30 - 1
)

// buildRoles lists every phrase's roles in the rules, once each.
func (ix *textIndex) buildRoles() {
	byPhrase := make([][]uint32, ix.nPhrase)
	add := func(id int32, role uint32) {
		if r := byPhrase[id]; len(r) == 0 || r[len(r)-1] != role {
			byPhrase[id] = append(byPhrase[id], role)
		}
	}
	ix.moreStart = make([]int32, len(ix.rules)+1)
	more := int32(0)
	for i, r := range ix.rules {
		ix.moreStart[i] = more
		for gi, g := range r.groups {
			for _, id := range g {
				if gi == 0 {
					add(id, roleFirst|uint32(i))
				} else {
					add(id, roleMore|uint32(more))
				}
			}
			if gi > 0 {
				more++
			}
		}
		for _, id := range r.unless {
			add(id, roleUnless|uint32(i))
		}
	}
	ix.moreStart[len(ix.rules)] = more
	ix.roleStart = make([]int32, ix.nPhrase+1)
	for id, rs := range byPhrase {
		ix.roleStart[id] = int32(len(ix.roles))
		ix.roles = append(ix.roles, rs...)
	}
	ix.roleStart[ix.nPhrase] = int32(len(ix.roles))
}

// match returns the first rule, in evaluation order, that matches s, and
// with needFailure, the first matching rule that reports a failure (an
// attempt, exception, return or cancellation), if any, so that a code saying
// delivered can be checked against every failure the text mentions.
func (ix *textIndex) match(s string, needFailure bool) (first, failure Result, ok bool) {
	if ix == nil || len(ix.rules) == 0 || s == "" {
		return Result{}, Result{}, false
	}
	var hitStack [192]uint64
	var candStack, vetoStack [24]uint64
	var moreStack [32]uint64
	hit := hitSet{}
	if n := (ix.nPhrase + 63) / 64; n <= len(hitStack) {
		hit.bits = hitStack[:n]
	} else {
		hit.bits = make([]uint64, n)
	}
	cand, veto, more := candStack[:], vetoStack[:], moreStack[:]
	if n := (len(ix.rules) + 63) / 64; n > len(cand) {
		cand, veto = make([]uint64, n), make([]uint64, n)
	}
	if n := (int(ix.moreStart[len(ix.rules)]) + 63) / 64; n > len(more) {
		more = make([]uint64, n)
	}
	if ix.m.scan(s, &hit) && len(ix.script) > 0 {
		ix.scanScript(s, &hit)
	}
	var over []int32
	if hit.over {
		over = make([]int32, 0, 4*len(hit.ids))
	}
	found := false
	for _, id := range hit.list(over) {
		for _, role := range ix.roles[ix.roleStart[id]:ix.roleStart[id+1]] {
			n := role & roleMask
			w, b := n>>6, uint64(1)<<(n&63)
			switch role &^ roleMask {
			case roleFirst:
				cand[w] |= b
				found = true
			case roleMore:
				more[w] |= b
			default:
				veto[w] |= b
			}
		}
	}
	if !found {
		return Result{}, Result{}, false
	}
	for w, word := range cand {
		for word &^= veto[w]; word != 0; word &= word - 1 {
			r := w*64 + bits.TrailingZeros64(word)
			if !allSet(more, ix.moreStart[r], ix.moreStart[r+1]) {
				continue
			}
			res := ix.rules[r].res
			if !ok {
				first, ok = res, true
				if !needFailure {
					return first, Result{}, true
				}
			}
			if isFailure(res.Milestone) {
				return first, res, true
			}
		}
	}
	return first, Result{}, ok
}

// allSet reports whether bits from to to-1 are all set.
func allSet(bits []uint64, from, to int32) bool {
	for g := from; g < to; g++ {
		if bits[g>>6]&(1<<(uint(g)&63)) == 0 {
			return false
		}
	}
	return true
}

// scanScript sets the hit bits of the script phrases in s: at each letter
// outside the Latin range it compares the phrases led by that letter, as
// written or, for scripts with cases, without regard to case (a window of
// the phrase's length in bytes, exact for Greek and Cyrillic, whose cases
// have the same encoded length).
func (ix *textIndex) scanScript(s string, hit *hitSet) {
	// The text through foldScript, made when a phrase with cases is
	// first compared, if the text fits; such letters keep their encoded
	// length, so the phrase's window in s is its window here too.
	var buf [maxFoldedText]byte
	var folded []byte
	made := false
	for i, r := range s {
		if r < 0x370 {
			continue
		}
		k := scriptKey(r)
		if ix.leads[k&0xFFFF>>6]&(1<<(uint(k)&63)) == 0 {
			continue // no phrase starts with this letter
		}
		next := rune(-1)
		if rest := s[i+utf8.RuneLen(r):]; rest != "" {
			n, _ := utf8.DecodeRuneInString(rest)
			next = foldScript(n)
		}
		// The candidates are sorted by their next letter: those that end
		// with the lead letter (-1) come first, then those whose next
		// letter is the text's.
		cands := ix.byFirst[k]
		ending := 0
		for ending < len(cands) && ix.script[cands[ending]].next < 0 {
			ending++
		}
		withNext := cands[:0]
		if next >= 0 {
			rest := cands[ending:]
			j := sort.Search(len(rest), func(x int) bool { return ix.script[rest[x]].next >= next })
			end := j
			for end < len(rest) && ix.script[rest[end]].next == next {
				end++
			}
			withNext = rest[j:end]
		}
		for _, group := range [2][]int32{cands[:ending], withNext} {
			for _, c := range group {
				p := &ix.script[c]
				start := i - p.lead
				if start < 0 || start+len(p.s) > len(s) {
					continue
				}
				w := s[start : start+len(p.s)]
				switch {
				case w == p.s:
				case !p.fold:
					continue
				default:
					if !made {
						folded, made = foldText(buf[:0], s), true
					}
					if folded != nil && string(folded[start:start+len(p.s)]) != p.folded ||
						folded == nil && !equalScript(w, p.folded) {
						continue
					}
				}
				hit.add(int32(ix.m.phrases) + c)
			}
		}
	}
}

// maxFoldedText bounds the texts scanScript folds on the stack; longer ones
// are compared a letter at a time.
const maxFoldedText = 512

// foldText returns s through foldScript in buf, which keeps every byte
// offset, or nil when s is longer than buf; bytes that are not UTF-8 are
// kept as they are.
func foldText(buf []byte, s string) []byte {
	if len(s) > cap(buf) {
		return nil
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			buf = append(buf, s[i])
		} else {
			buf = utf8.AppendRune(buf, foldScript(r))
		}
		i += n
	}
	return buf
}

// isFailure reports whether m says the delivery did not or will not happen.
func isFailure(m Milestone) bool {
	return m == DeliveryAttempted || m == Exception || m == ReturnedToSender || m == Cancelled
}
