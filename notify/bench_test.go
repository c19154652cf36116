package notify

import (
	"github.com/wismo-dev/wismo/internal/cputime"
	"testing"
	"time"
)

// BenchmarkRender measures messages rendered per second (subject, text and
// HTML) for a delayed message with an offer, alternating English and German.
// Run: go test ./notify -run '^$' -bench Render -cpu 1
func BenchmarkRender(b *testing.B) {
	r, msgs, data := renderBenchSetup(b)
	b.ReportAllocs()
	cpu0, cpuOK := cputime.Process()
	i := 0
	for b.Loop() {
		m := msgs[i&1]
		if err := r.Render(&m, data[i&1]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportRate(b, i, cpu0, cpuOK)
}

func renderBenchSetup(b *testing.B) (*Renderer, [2]Message, [2]TemplateData) {
	r := newTestRenderer(b, nil)
	var msgs [2]Message
	var data [2]TemplateData
	for i, lang := range []string{"en", "de-AT"} {
		m := sampleMessage(KindDelayed, lang)
		m.Reason = "carrier_eta"
		d := r.Data(m)
		d.SetOffer(&Offer{Code: "SORRY10", Descriptions: map[string]string{"en": "10% off", "de": "10 % Rabatt"}, Expires: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}, nil)
		msgs[i], data[i] = m, d
	}
	return r, msgs, data
}

// reportRate reports messages per second of wall time and, where the
// platform tells, per second of the process's CPU time: on a busy machine
// the wall-time figure measures the neighbours as much as the renderer.
func reportRate(b *testing.B, n int, cpu0 time.Duration, cpuOK bool) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
	if cpu1, ok := cputime.Process(); ok && cpuOK && cpu1 > cpu0 {
		b.ReportMetric(float64(n)/(cpu1-cpu0).Seconds(), "msgs/cpu-s")
	}
}

// BenchmarkDataAndRender adds building the template data (zone lookup, date
// formatting) to BenchmarkRender.
func BenchmarkDataAndRender(b *testing.B) {
	r := newTestRenderer(b, nil)
	m0 := sampleMessage(KindShipped, "de-DE")
	b.ReportAllocs()
	cpu0, cpuOK := cputime.Process()
	n := 0
	for b.Loop() {
		m := m0
		if err := r.Render(&m, r.Data(m)); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportRate(b, n, cpu0, cpuOK)
}
