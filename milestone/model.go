package milestone

import (
	"cmp"
	"math"
	"slices"
	"unicode/utf8"
)

//go:generate go test -run ^TestGeneratedModel$ -update .

// textModel is the statistical fallback of the built-in knowledge: a naive
// Bayes model over the words and word pairs of labelled carrier events,
// trained on the corpus in testdata/corpus and generated into model_data.go
// (see TestGeneratedModel). It answers only where no code and no text rule
// decides, only when one milestone is clearly ahead of the next, and never
// "delivered": a description that reads most like a delivery but matched no
// delivery rule stays Unknown.
//
// Features are 32-bit hashes. A feature's weight for a milestone is the log
// of its smoothed share of that milestone's features, stored sparsely: only
// the milestones the feature was seen with carry an entry, as the difference
// to the weight of an unseen feature (absent[m]).
type textModel struct {
	keys   []uint32 // sorted feature hashes
	offs   []uint32 // entries of keys[i] are ents[offs[i]:offs[i+1]]
	ents   []uint32 // milestone<<16 | uint16(delta weight)
	prior  [numMilestones]int32
	absent [numMilestones]int32
	margin int32 // the least lead of the best milestone over the next

	// slots is an open-addressing index of keys: slot h&mask holds i+1 for
	// keys[i], 0 when empty. Built by indexed; without it predict searches
	// keys.
	slots []uint32
	mask  uint32
}

// indexed returns a copy of m with its hash index built.
func (m textModel) indexed() *textModel {
	size := uint32(1)
	for size < uint32(2*len(m.keys)) {
		size <<= 1
	}
	m.slots, m.mask = make([]uint32, size), size-1
	for i, k := range m.keys {
		h := k * 0x9E3779B1
		for m.slots[h&m.mask] != 0 {
			h++
		}
		m.slots[h&m.mask] = uint32(i) + 1
	}
	return &m
}

// find returns the index of feature f in keys.
func (m *textModel) find(f uint32) (int, bool) {
	if m.slots == nil {
		return slices.BinarySearch(m.keys, f)
	}
	for h := f * 0x9E3779B1; ; h++ {
		i := m.slots[h&m.mask]
		if i == 0 {
			return 0, false
		}
		if m.keys[i-1] == f {
			return int(i - 1), true
		}
	}
}

// modelScale turns natural-log weights into the integers the model stores.
const modelScale = 64

// maxFeatures bounds the features read from one description.
const maxFeatures = 96

// modelRule is the Result.Rule of a scan the model classified.
const modelRule = "model:naive_bayes"

// fnv-1a, 32 bits.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// features writes the feature hashes of s into buf and returns how many:
// every folded word (digits folded to one "0", so numbers, dates and times
// are one word), every pair of adjacent words, and for letters outside the
// folded Latin range (Japanese, Chinese, ...) every letter and every pair of
// adjacent letters, as such scripts do not separate words.
func features(s string, buf *[maxFeatures]uint32) int {
	n := 0
	emit := func(h uint32) {
		if n < maxFeatures {
			buf[n] = h
			n++
		}
	}
	var (
		word, prevWord uint32
		inWord, hasPrv bool
		prevRune       rune
		lastDigit      bool
	)
	endWord := func() {
		if !inWord {
			return
		}
		emit(word)
		if hasPrv {
			emit((prevWord*fnvPrime ^ word) * fnvPrime)
		}
		prevWord, hasPrv, inWord = word, true, false
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		a, b, k := foldRune(r)
		if k == 0 {
			continue
		}
		if a == symOther {
			endWord()
			h := (fnvOffset ^ uint32(r)) * fnvPrime
			emit(h)
			if prevRune != 0 {
				emit((fnvOffset^uint32(prevRune))*fnvPrime ^ uint32(r)*0x9E3779B1)
			}
			prevRune = r
			continue
		}
		prevRune = 0
		if a == symSpace {
			endWord()
			lastDigit = false
			continue
		}
		if !inWord {
			word, inWord = fnvOffset, true
		}
		for j := 0; j < k; j++ {
			c := a
			if j == 1 {
				c = b
			}
			if c >= symDigit {
				if lastDigit {
					continue
				}
				c, lastDigit = symDigit, true
			} else {
				lastDigit = false
			}
			word = (word ^ uint32(c)) * fnvPrime
		}
	}
	endWord()
	return n
}

// predict returns the model's milestone for a description, or false when
// the model abstains: no feature known, no clear winner, or a winner of
// Delivered.
func (m *textModel) predict(s string) (Milestone, bool) {
	if m == nil || len(m.keys) == 0 || s == "" {
		return Unknown, false
	}
	var buf [maxFeatures]uint32
	n := features(s, &buf)
	var delta [numMilestones]int32
	known := int32(0)
	for _, f := range buf[:n] {
		i, ok := m.find(f)
		if !ok {
			continue
		}
		known++
		for _, e := range m.ents[m.offs[i]:m.offs[i+1]] {
			delta[e>>16] += int32(int16(uint16(e)))
		}
	}
	if known == 0 {
		return Unknown, false
	}
	best := Unknown
	var bestScore, secondScore int32 = math.MinInt32, math.MinInt32
	for c := range Milestone(numMilestones) {
		if m.prior[c] == math.MinInt32 {
			continue
		}
		score := m.prior[c] + known*m.absent[c] + delta[c]
		switch {
		case score > bestScore:
			secondScore = bestScore
			best, bestScore = c, score
		case score > secondScore:
			secondScore = score
		}
	}
	if best == Unknown || best == Delivered || bestScore-secondScore < m.margin {
		return Unknown, false
	}
	return best, true
}

// labelled is one training example of the model.
type labelled struct {
	desc string
	m    Milestone
}

// trainModel fits the model to examples with add-alpha smoothing. Features
// seen fewer than minCount times are left out; margin is the lead, in
// natural-log units, the best milestone needs for the model to answer.
func trainModel(examples []labelled, alpha float64, minCount int, margin float64) *textModel {
	counts := map[uint32]*[numMilestones]int32{}
	var rows [numMilestones]int
	var buf [maxFeatures]uint32
	for _, ex := range examples {
		rows[ex.m]++
		n := features(ex.desc, &buf)
		for _, f := range buf[:n] {
			c := counts[f]
			if c == nil {
				c = new([numMilestones]int32)
				counts[f] = c
			}
			c[ex.m]++
		}
	}
	keys := make([]uint32, 0, len(counts))
	for f, c := range counts {
		total := int32(0)
		for _, v := range c {
			total += v
		}
		if int(total) >= minCount {
			keys = append(keys, f)
		}
	}
	slices.SortFunc(keys, cmp.Compare[uint32])
	var tokens [numMilestones]float64
	for _, f := range keys {
		for c, v := range counts[f] {
			tokens[c] += float64(v)
		}
	}
	vocab := float64(len(keys))
	total := 0
	for _, r := range rows {
		total += r
	}
	m := &textModel{keys: keys, offs: make([]uint32, 0, len(keys)+1), margin: int32(margin * modelScale)}
	for c := range numMilestones {
		if rows[c] == 0 || Milestone(c) == Unknown {
			m.prior[c] = math.MinInt32
			continue
		}
		m.prior[c] = int32(math.Round(math.Log(float64(rows[c])/float64(total)) * modelScale))
		m.absent[c] = int32(math.Round(math.Log(alpha/(tokens[c]+alpha*vocab)) * modelScale))
	}
	for _, f := range keys {
		m.offs = append(m.offs, uint32(len(m.ents)))
		for c, v := range counts[f] {
			if v == 0 || m.prior[c] == math.MinInt32 {
				continue
			}
			w := int32(math.Round(math.Log((float64(v)+alpha)/(tokens[c]+alpha*vocab)) * modelScale))
			d := w - m.absent[c]
			d = max(min(d, math.MaxInt16), math.MinInt16)
			m.ents = append(m.ents, uint32(c)<<16|uint32(uint16(int16(d))))
		}
	}
	m.offs = append(m.offs, uint32(len(m.ents)))
	return m
}
