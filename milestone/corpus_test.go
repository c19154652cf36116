package milestone

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"github.com/wismo-dev/wismo/internal/cputime"
	"go/format"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The corpus: real carrier events copied from public sources, labelled by
// testdata/corpus/LABELLING.md. See TestEvalCorpus for how it is measured.

type corpusRow struct {
	file, carrier, code, desc, lang, source string
	line                                    int
	want                                    Milestone
}

func loadCorpus(t testing.TB) []corpusRow {
	t.Helper()
	files, err := filepath.Glob("testdata/corpus/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no corpus files in testdata/corpus")
	}
	seen := map[string]string{}
	var rows []corpusRow
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		line := 0
		for sc.Scan() {
			line++
			text := strings.TrimRight(sc.Text(), "\r")
			if line == 1 || strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
				continue
			}
			f := strings.Split(text, "\t")
			if len(f) != 6 {
				t.Fatalf("%s:%d: %d columns, want 6", name, line, len(f))
			}
			want, err := Parse(strings.TrimSpace(f[4]))
			if err != nil {
				t.Fatalf("%s:%d: %v", name, line, err)
			}
			r := corpusRow{
				file: filepath.Base(name), line: line,
				carrier: strings.ToLower(strings.TrimSpace(f[0])), code: strings.TrimSpace(f[1]),
				desc: strings.TrimSpace(f[2]), lang: strings.ToLower(strings.TrimSpace(f[3])),
				want: want, source: strings.TrimSpace(f[5]),
			}
			if r.carrier == "" || r.desc == "" || r.lang == "" || r.source == "" {
				t.Fatalf("%s:%d: carrier, description, language and source are required", name, line)
			}
			key := r.carrier + "\t" + strings.ToUpper(r.code) + "\t" + r.desc
			if prev, dup := seen[key]; dup {
				_ = prev // the same event from a second source counts once
				continue
			}
			seen[key] = fmt.Sprintf("%s:%d", name, line)
			rows = append(rows, r)
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return rows
}

// splitBySource puts whole sources into the test part, each source by a
// hash of its name, so that a source keeps its part when others are added;
// the rest is the training part. TestEvalCorpus checks that the test part
// holds at least 30% of the rows.
func splitBySource(rows []corpusRow) (train, test []corpusRow) {
	for _, r := range rows {
		h := fnv.New64a()
		h.Write([]byte("split/" + r.source))
		if h.Sum64()%100 < splitPercent {
			test = append(test, r)
		} else {
			train = append(train, r)
		}
	}
	return train, test
}

// splitPercent is the share of sources, not of rows, in the test part.
const splitPercent = 35

// The model's settings; the generated model and every evaluation use them.
const (
	modelAlpha    = 0.5
	modelMinCount = 1
	modelMargin   = 0.25
)

func trainOn(rows []corpusRow) *textModel {
	ex := make([]labelled, len(rows))
	for i, r := range rows {
		ex[i] = labelled{desc: r.desc, m: r.want}
	}
	return trainModel(ex, modelAlpha, modelMinCount, modelMargin)
}

// withModel returns the built-in knowledge with another model, or none.
func withModel(m *textModel) *Knowledge {
	k := *Default()
	k.model = m
	return &k
}

type tally struct{ ok, n int }

func (c tally) String() string {
	if c.n == 0 {
		return "0/0"
	}
	return fmt.Sprintf("%d/%d = %.1f%%", c.ok, c.n, 100*float64(c.ok)/float64(c.n))
}

type evalReport struct {
	all                   tally
	carrier, lang, target map[string]*tally
	confusion             map[string]int
	falseDelivered        []string
	byRule                map[string]*tally // "table", "text", "model", "none"
}

func evaluate(k *Knowledge, rows []corpusRow, textOnly bool) *evalReport {
	rep := &evalReport{carrier: map[string]*tally{}, lang: map[string]*tally{}, target: map[string]*tally{},
		confusion: map[string]int{}, byRule: map[string]*tally{}}
	add := func(m map[string]*tally, key string, ok bool) {
		c := m[key]
		if c == nil {
			c = &tally{}
			m[key] = c
		}
		c.n++
		if ok {
			c.ok++
		}
	}
	for _, r := range rows {
		s := Scan{Carrier: r.carrier, Code: r.code, Description: r.desc}
		if textOnly {
			s.Code = ""
		}
		res := k.Explain(s)
		ok := res.Milestone == r.want
		rep.all.n++
		if ok {
			rep.all.ok++
		}
		add(rep.carrier, r.carrier, ok)
		add(rep.lang, r.lang, ok)
		add(rep.target, r.want.String(), ok)
		kind, _, _ := strings.Cut(res.Rule, ":")
		if kind == "" {
			kind = "none"
		}
		add(rep.byRule, kind, ok)
		if !ok {
			rep.confusion[r.want.String()+" -> "+res.Milestone.String()]++
		}
		if res.Milestone == Delivered && r.want != Delivered {
			rep.falseDelivered = append(rep.falseDelivered,
				fmt.Sprintf("%s:%d %s %q %q labelled %v (%s)", r.file, r.line, r.carrier, r.code, r.desc, r.want, res.Rule))
		}
	}
	return rep
}

// logTallies logs one figure per key, sorted.
func logTallies(t *testing.T, name, what string, m map[string]*tally) {
	t.Helper()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n    %-26s %v", k, *m[k])
	}
	t.Logf("%s per %s:%s", name, what, b.String())
}

func (rep *evalReport) log(t *testing.T, name string, detail bool) {
	t.Helper()
	t.Logf("%s: %v, false delivered %d", name, rep.all, len(rep.falseDelivered))
	if !detail {
		return
	}
	logMap := func(what string, m map[string]*tally) { logTallies(t, name, what, m) }
	logMap("carrier", rep.carrier)
	logMap("language", rep.lang)
	logMap("milestone", rep.target)
	logMap("deciding kind", rep.byRule)
	type pair struct {
		k string
		n int
	}
	var pairs []pair
	for k, n := range rep.confusion {
		pairs = append(pairs, pair{k, n})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(a.k, b.k)
	})
	var b strings.Builder
	for _, p := range pairs {
		fmt.Fprintf(&b, "\n    %4d  %s", p.n, p.k)
	}
	t.Logf("%s confusion pairs (labelled -> classified):%s", name, b.String())
	for _, fd := range rep.falseDelivered {
		t.Logf("%s FALSE DELIVERED: %s", name, fd)
	}
}

var evalMisses = flag.String("eval.misses", "", "write the training part's misses, by text alone, to this file")

// TestEvalCorpus measures the classifier on the corpus the way it will meet
// carriers it was not written for:
//
//   - split: whole sources go to a test part of at least 30% of the rows;
//     the model is trained on the training part only, and the rules and
//     tables were written from the training part only. Both parts are
//     measured with codes (as adapters deliver them) and with codes
//     removed (the text alone).
//   - leave one carrier out: each carrier's rows are classified by text
//     alone, by a model trained without that carrier.
//
// Any false "delivered" fails the test, and each figure has a floor.
func TestEvalCorpus(t *testing.T) {
	rows := loadCorpus(t)
	train, test := splitBySource(rows)
	carriers, langs, sources := map[string]int{}, map[string]int{}, map[string]bool{}
	for _, r := range rows {
		carriers[r.carrier]++
		langs[r.lang]++
		sources[r.source] = true
	}
	t.Logf("corpus: %d events, %d carriers, %d languages, %d sources; training part %d, test part %d (%.1f%%)",
		len(rows), len(carriers), len(langs), len(sources), len(train), len(test), 100*float64(len(test))/float64(len(rows)))
	if share := float64(len(test)) / float64(len(rows)); share < 0.30 {
		t.Errorf("the test part holds %.1f%% of the rows, want at least 30%%", 100*share)
	}
	k := withModel(trainOn(train))
	trainRep := evaluate(k, train, false)
	testRep := evaluate(k, test, false)
	testText := evaluate(k, test, true)
	trainRep.log(t, "training part", false)
	testRep.log(t, "test part (unseen sources)", true)
	testText.log(t, "test part, text only", false)
	logTallies(t, "test part, text only", "language", testText.lang)
	if *evalMisses != "" {
		var b strings.Builder
		for _, r := range train {
			res := k.Explain(Scan{Carrier: r.carrier, Description: r.desc})
			if res.Milestone != r.want {
				fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%v\t%v\t%s\n", r.carrier, r.code, r.desc, r.lang, r.want, res.Milestone, res.Rule)
			}
		}
		if err := os.WriteFile(*evalMisses, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Leave one carrier out: the model is trained without the carrier; its
	// rows are classified by text alone, and with their codes (the tables
	// are the carriers' published lists, not learned from the corpus).
	var loco, locoCode tally
	var worst []string
	names := make([]string, 0, len(carriers))
	for c := range carriers {
		names = append(names, c)
	}
	sort.Strings(names)
	var falseDelivered []string
	for _, c := range names {
		var in, out []corpusRow
		for _, r := range rows {
			if r.carrier == c {
				out = append(out, r)
			} else {
				in = append(in, r)
			}
		}
		kc := withModel(trainOn(in))
		rep := evaluate(kc, out, true)
		withCode := evaluate(kc, out, false)
		locoCode.ok += withCode.all.ok
		locoCode.n += withCode.all.n
		falseDelivered = append(falseDelivered, withCode.falseDelivered...)
		loco.ok += rep.all.ok
		loco.n += rep.all.n
		falseDelivered = append(falseDelivered, rep.falseDelivered...)
		worst = append(worst, fmt.Sprintf("%s %v", c, rep.all))
	}
	t.Logf("leave one carrier out: with codes %v; text only %v; false delivered %d\n    %s", locoCode, loco, len(falseDelivered), strings.Join(worst, "\n    "))

	for _, fd := range append(append(trainRep.falseDelivered, testText.falseDelivered...), falseDelivered...) {
		t.Errorf("false delivered: %s", fd)
	}
	floor := func(name string, c tally, min float64) {
		if got := float64(c.ok) / float64(c.n); got < min {
			t.Errorf("%s: %v, below the floor of %.0f%%", name, c, 100*min)
		}
	}
	floor("test part", testRep.all, evalFloorTest)
	floor("leave one carrier out, text only", loco, evalFloorLOCO)
	floor("leave one carrier out, with codes", locoCode, evalFloorLOCOCode)
	if len(rows) < 3000 || len(carriers) < 40 || len(langs) < 12 {
		t.Errorf("corpus too small: %d events, %d carriers, %d languages; want at least 3000, 40, 12", len(rows), len(carriers), len(langs))
	}
}

// Floors of TestEvalCorpus, set a little below the measured figures so that
// a change that loses accuracy fails.
const (
	evalFloorTest     = 0.92
	evalFloorLOCO     = 0.78
	evalFloorLOCOCode = 0.93
)

var updateModel = flag.Bool("update", false, "regenerate model_data.go from testdata/corpus")

// TestGeneratedModel checks that model_data.go is the model trained on the
// whole corpus with the settings above; with -update (go generate) it
// writes it.
func TestGeneratedModel(t *testing.T) {
	m := trainOn(loadCorpus(t))
	var b bytes.Buffer
	b.WriteString("// Code generated by TestGeneratedModel from testdata/corpus; DO NOT EDIT.\n\npackage milestone\n\n")
	fmt.Fprintf(&b, "var builtinModel = textModel{\n\tmargin: %d,\n", m.margin)
	ints := func(name string, v []int32) {
		fmt.Fprintf(&b, "\t%s: [numMilestones]int32{", name)
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			if x == math.MinInt32 {
				b.WriteString("math.MinInt32")
			} else {
				fmt.Fprint(&b, x)
			}
		}
		b.WriteString("},\n")
	}
	ints("prior", m.prior[:])
	ints("absent", m.absent[:])
	words := func(name string, v []uint32) {
		fmt.Fprintf(&b, "\t%s: []uint32{", name)
		for i, x := range v {
			if i%8 == 0 {
				b.WriteString("\n\t\t")
			} else {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "0x%08x,", x)
		}
		b.WriteString("\n\t},\n")
	}
	words("keys", m.keys)
	words("offs", m.offs)
	words("ents", m.ents)
	b.WriteString("}\n")
	src := bytes.Replace(b.Bytes(), []byte("package milestone\n\n"), []byte("package milestone\n\nimport \"math\"\n\n"), 1)
	if !bytes.Contains(src, []byte("math.MinInt32")) {
		src = bytes.Replace(src, []byte("import \"math\"\n\n"), nil, 1)
	}
	src, err := format.Source(src)
	if err != nil {
		t.Fatal(err)
	}
	if *updateModel {
		if err := os.WriteFile("model_data.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile("model_data.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, src) {
		t.Fatal("model_data.go is not the model of testdata/corpus: run go generate ./milestone")
	}
}

// corpusScans returns the corpus's events as scans: those whose code is in
// the carrier's table, and all of them with the code removed.
func corpusScans(b *testing.B) (code, text []Scan) {
	k := Default()
	for _, r := range loadCorpus(b) {
		s := Scan{Carrier: r.carrier, Code: r.code, Description: r.desc}
		if s.Code != "" && strings.HasPrefix(k.Explain(s).Rule, "table:") {
			code = append(code, s)
		}
		s.Code = ""
		text = append(text, s)
	}
	return code, text
}

var sinkCorpus Result

// benchCorpus classifies scans in turn. Besides the wall-clock ns/op it
// reports cpu-ns/op, the process's CPU time per scan, which a machine shared
// with other work inflates less.
func benchCorpus(b *testing.B, scans []Scan) {
	b.ReportAllocs()
	Default()
	cpu0, cpuOK := cputime.Process()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sinkCorpus = Explain(scans[i%len(scans)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "scans/s")
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkClassifyCorpusCode classifies every corpus event whose code is
// in its carrier's table (the description is read too).
func BenchmarkClassifyCorpusCode(b *testing.B) {
	code, _ := corpusScans(b)
	benchCorpus(b, code)
}

// BenchmarkClassifyCorpusText classifies every corpus event by its
// description alone: text rules, then the model.
func BenchmarkClassifyCorpusText(b *testing.B) {
	_, text := corpusScans(b)
	benchCorpus(b, text)
}
