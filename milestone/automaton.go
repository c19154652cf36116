package milestone

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// matcher finds every phrase of a fixed set in one pass over a text: an
// Aho-Corasick automaton over the folded symbol alphabet, with the failure
// links folded into a dense transition table so each input symbol costs one
// table lookup. It is immutable once built and safe for concurrent use.
type matcher struct {
	// delta[state*numSyms+sym] is the next state from one of the dense
	// states, the shallowest (state < dense); the deeper states, which have
	// few children each, keep only those and their failure link, so the
	// automaton fits in a processor's cache (see next).
	delta    []uint16
	dense    int
	deep     []deepState // deep[d-dense] describes deep state d
	kids     []uint32    // the children of deep states after their first, as kid values
	outStart []int32     // phrases ending in state s are outs[outStart[s]:outStart[s+1]]
	outs     []int32
	hasOut   []uint64 // bit s is set when a phrase ends in state s
	phrases  int
}

// deepState is one deep state in 16 bytes, so that following a chain of
// them, the common case inside a long phrase, reads one cache line per
// symbol: its first child inline, the others in matcher.kids, and its
// failure link. A kid value is the child's symbol in the top 8 bits and its
// state in the low 24; noKid never matches a symbol.
type deepState struct {
	first     uint32
	fail      uint32
	more, end uint32 // the other children are kids[more:end]
}

const (
	kidStateBits = 24
	kidStateMask = 1<<kidStateBits - 1
	noKid        = 0xFF << kidStateBits
)

// compilePhrase turns a phrase as rule authors write it into the symbols the
// matcher looks for. Words are folded like descriptions and must match whole,
// except that a leading '*' lets the first word be the end of a longer word
// and a trailing '*' lets the last word be the start of one ("zustell*"
// matches "zustellung" and "zustellversuch").
func compilePhrase(p string) ([]uint8, error) {
	p = strings.TrimSpace(p)
	open := strings.HasPrefix(p, "*")
	p = strings.TrimPrefix(p, "*")
	closed := !strings.HasSuffix(p, "*")
	p = strings.TrimSuffix(p, "*")
	syms := foldString(nil, p)
	if len(syms) < 2 {
		return nil, errors.New("phrase has no letters or digits")
	}
	for _, c := range syms {
		if c == symOther {
			return nil, errScript
		}
	}
	if open {
		syms = syms[1:]
	}
	if !closed {
		syms = syms[:len(syms)-1]
	}
	return syms, nil
}

// errScript reports a phrase with letters outside the folded Latin range:
// the automaton cannot tell such letters apart, so the phrase is matched as a
// plain substring instead (see textIndex.script).
var errScript = errors.New("phrase has letters outside the Latin alphabet")

// maxStates bounds the automaton, and the memory building it takes (about
// 200 bytes a state), at 16 times what the built-in rules need; a state
// must fit in a kid value's 24 bits. The dense rows hold 16-bit states:
// buildMatcher stops them before the first whose children do not fit.
const maxStates = 1 << 20

// denseStates is how many of the shallowest states get a full row of the
// transition table; the rest keep their children and failure link only.
const denseStates = 4096

// buildMatcher builds the automaton for the given symbol strings; phrase i is
// reported as id i.
func buildMatcher(phrases [][]uint8) (*matcher, error) {
	return buildMatcherLimit(phrases, maxStates)
}

// buildMatcherLimit is buildMatcher with another bound on the states.
func buildMatcherLimit(phrases [][]uint8, limit int) (*matcher, error) {
	// Trie with explicit children; -1 is "no child".
	type kid struct {
		sym  uint8
		node int32
	}
	type node struct {
		next [numSyms]int32
		fail int32
		out  []int32
		kids []kid // the trie's own children, before completion
	}
	newNode := func() node {
		var n node
		for i := range n.next {
			n.next[i] = -1
		}
		return n
	}
	nodes := []node{newNode()}
	for id, p := range phrases {
		s := int32(0)
		for _, c := range p {
			if nodes[s].next[c] < 0 {
				if len(nodes) >= limit {
					return nil, fmt.Errorf("text rules too large: more than %d matcher states", limit)
				}
				nodes[s].next[c] = int32(len(nodes))
				nodes = append(nodes, newNode())
			}
			s = nodes[s].next[c]
		}
		nodes[s].out = append(nodes[s].out, int32(id))
	}
	// Breadth-first: failure links, then complete the transition function.
	queue := make([]int32, 0, len(nodes))
	for c := range numSyms {
		if child := nodes[0].next[c]; child >= 0 {
			nodes[child].fail = 0
			nodes[0].kids = append(nodes[0].kids, kid{uint8(c), child})
			queue = append(queue, child)
		} else {
			nodes[0].next[c] = 0
		}
	}
	for i := 0; i < len(queue); i++ {
		s := queue[i]
		f := nodes[s].fail
		nodes[s].out = append(nodes[s].out, nodes[f].out...)
		for c := range numSyms {
			child := nodes[s].next[c]
			if child >= 0 {
				nodes[child].fail = nodes[f].next[c]
				nodes[s].kids = append(nodes[s].kids, kid{uint8(c), child})
				queue = append(queue, child)
			} else {
				nodes[s].next[c] = nodes[f].next[c]
			}
		}
	}
	// States are numbered breadth first: the shallow states, which most
	// transitions lead to, get the dense rows, and a failure link always
	// leads to a smaller number. A dense row holds 16-bit states, so the
	// dense states stop before the first whose children do not fit.
	order := append([]int32{0}, queue...)
	renum := make([]int32, len(nodes))
	for i, old := range order {
		renum[old] = int32(i)
	}
	dense := min(len(nodes), denseStates)
	for i, old := range order[:dense] {
		if len(nodes[old].kids) > 0 && renum[nodes[old].kids[len(nodes[old].kids)-1].node] > 0xFFFF {
			dense = i
			break
		}
	}
	m := &matcher{
		delta:    make([]uint16, dense*numSyms),
		dense:    dense,
		deep:     make([]deepState, 0, len(nodes)-dense),
		outStart: make([]int32, len(nodes)+1),
		phrases:  len(phrases),
	}
	for i, old := range order {
		if i < dense {
			for c, next := range nodes[old].next {
				m.delta[i*numSyms+c] = uint16(renum[next])
			}
		} else {
			d := deepState{first: noKid, fail: uint32(renum[nodes[old].fail]), more: uint32(len(m.kids))}
			for j, k := range nodes[old].kids {
				v := uint32(k.sym)<<kidStateBits | uint32(renum[k.node])
				if j == 0 {
					d.first = v
				} else {
					m.kids = append(m.kids, v)
				}
			}
			d.end = uint32(len(m.kids))
			m.deep = append(m.deep, d)
		}
		m.outStart[i] = int32(len(m.outs))
		m.outs = append(m.outs, nodes[old].out...)
	}
	m.outStart[len(nodes)] = int32(len(m.outs))
	m.hasOut = make([]uint64, (len(nodes)+63)/64)
	for st := range nodes {
		if m.outStart[st] != m.outStart[st+1] {
			m.hasOut[st>>6] |= 1 << (uint(st) & 63)
		}
	}
	return m, nil
}

// asciiSyms maps every ASCII byte to its symbol, the fast path of foldRune.
var asciiSyms = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		t[c], _, _ = foldRune(rune(c))
	}
	return t
}()

// scan folds s on the fly and sets hit bit i for every phrase i found in it.
// It reports whether s holds a letter outside the folded Latin range.
func (m *matcher) scan(s string, hit *hitSet) (other bool) {
	delta, hasOut, dense := m.delta, m.hasOut, m.dense
	state := uint32(delta[symSpace]) // the text starts at a word boundary
	last := uint8(symSpace)
	var pend [2]uint8
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII: one symbol, no decoding.
			i++
			sym := asciiSyms[c]
			if sym == symSpace && last == symSpace {
				continue
			}
			last = sym
			if int(state) < dense {
				state = uint32(delta[int(state)*numSyms+int(sym)])
			} else {
				state = m.next(state, sym)
			}
			if hasOut[state>>6]&(1<<(state&63)) != 0 {
				m.emit(state, hit)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		a, b, n := foldRune(r)
		other = other || a == symOther
		pend[0], pend[1] = a, b
		for _, sym := range pend[:n] {
			if sym == symSpace && last == symSpace {
				continue
			}
			last = sym
			state = m.next(state, sym)
			if hasOut[state>>6]&(1<<(state&63)) != 0 {
				m.emit(state, hit)
			}
		}
	}
	if last != symSpace {
		state = m.next(state, symSpace)
		if hasOut[state>>6]&(1<<(state&63)) != 0 {
			m.emit(state, hit)
		}
	}
	return other
}

// next returns the state after reading sym in state: a dense row's entry,
// or a deep state's child, or else the same question asked of its failure
// link, which is shallower.
func (m *matcher) next(state uint32, sym uint8) uint32 {
	want := uint32(sym) << kidStateBits
	for int(state) >= m.dense {
		d := &m.deep[int(state)-m.dense]
		if d.first&^kidStateMask == want {
			return d.first & kidStateMask
		}
		for _, k := range m.kids[d.more:d.end] {
			if k&^kidStateMask == want {
				return k & kidStateMask
			}
		}
		state = d.fail
	}
	return uint32(m.delta[int(state)*numSyms+int(sym)])
}

// emit sets the hit bits of the phrases that end in state.
func (m *matcher) emit(state uint32, hit *hitSet) {
	for _, id := range m.outs[m.outStart[state]:m.outStart[state+1]] {
		hit.add(id)
	}
}

// hitSet is the set of phrases found in a text: a bit per phrase, so that
// a phrase found twice counts once, and the first ids found in the order
// found, so that the few phrases a text holds are listed without reading
// every bit.
type hitSet struct {
	bits []uint64
	ids  [64]int32
	n    int  // ids[:n] are the phrases found, unless over
	over bool // more than len(ids) were found: list them from bits
}

func (h *hitSet) add(id int32) {
	w, b := uint(id)>>6, uint64(1)<<(uint(id)&63)
	if h.bits[w]&b != 0 {
		return
	}
	h.bits[w] |= b
	if h.n < len(h.ids) {
		h.ids[h.n] = id
		h.n++
	} else {
		h.over = true
	}
}

// list returns the phrases found, in no particular order; buf holds them
// when there were more than the set lists itself.
func (h *hitSet) list(buf []int32) []int32 {
	if !h.over {
		return h.ids[:h.n]
	}
	buf = buf[:0]
	for w, word := range h.bits {
		for ; word != 0; word &= word - 1 {
			buf = append(buf, int32(w*64+bits.TrailingZeros64(word)))
		}
	}
	return buf
}
