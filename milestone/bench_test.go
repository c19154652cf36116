package milestone_test

import (
	"testing"

	"github.com/wismo-dev/wismo/milestone"
)

var sinkResult milestone.Result

func benchScans(b *testing.B, scans []milestone.Scan) {
	b.Helper()
	milestone.Default() // build the tables outside the timed loop
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sinkResult = milestone.Explain(scans[i%len(scans)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "scans/s")
}

// BenchmarkClassifyCode classifies scans whose code is in the carrier's
// table (the description is still read, as refinement needs it).
func BenchmarkClassifyCode(b *testing.B) {
	benchScans(b, []milestone.Scan{
		{Carrier: "ups", Code: "011", Description: "Delivered"},
		{Carrier: "fedex", Code: "OD", Description: "On FedEx vehicle for delivery"},
		{Carrier: "dhl_express", Code: "PL", Description: "Processed at Location Bergamo - Italy"},
		{Carrier: "aftership", Code: "InTransit_007", Description: "Departure Scan"},
		{Carrier: "dhl_parcel_de", Code: "DLVRD", Description: "Zustellung an Familienmitglied"},
	})
}

// BenchmarkClassifyText classifies scans without a code, by text rules only.
func BenchmarkClassifyText(b *testing.B) {
	benchScans(b, []milestone.Scan{
		{Carrier: "gls", Description: "The parcel could not be delivered as the consignee was absent."},
		{Carrier: "dpd", Description: "Back at parcel delivery centre after an unsuccessful delivery attempt."},
		{Carrier: "colissimo", Description: "Votre colis est disponible au bureau de poste."},
		{Carrier: "postnl", Description: "Bezorger is onderweg"},
		{Carrier: "correos", Description: "El envío ha sido entregado con éxito."},
		{Carrier: "hermes", Description: "Die Sendung wurde erfolgreich zugestellt."},
	})
}

// BenchmarkNewClassifier measures building the built-in knowledge (done once
// per process for the package-level functions).
func BenchmarkNewClassifier(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := milestone.NewClassifier(); err != nil {
			b.Fatal(err)
		}
	}
}
