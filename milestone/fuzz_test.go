package milestone_test

import (
	"strings"
	"testing"

	"github.com/wismo-dev/wismo/milestone"
)

// FuzzClassify checks that any scan classifies without panicking into a
// declared milestone, that Explain and Classify agree, that a classified scan
// names its rule, and that text saying "not delivered" is never delivered.
func FuzzClassify(f *testing.F) {
	for _, s := range []milestone.Scan{
		{Carrier: "ups", Code: "011", Description: "Delivered"},
		{Carrier: "dhl_parcel_de", Code: "NTDEL", Description: "Benachrichtigt: Empfänger nicht angetroffen"},
		{Carrier: "aftership", Code: "Exception_0", Description: ""},
		{Carrier: "trackingmore", Code: "transit99999999999999999999", Description: "envío en el camino"},
		{Carrier: "colissimo", Code: "", Description: "Votre colis n'a pas pu être livré"},
		{Carrier: "", Code: "_", Description: "\xff\xfe e\u0301 ß Œ ™ ’"},
		{Carrier: "ups", Code: "011", Description: "Dropped off by customer"},
		{Carrier: "dhl_parcel_de", Code: "DLVRD", Description: "eingeliefert"},
		{Carrier: "correos", Code: "", Description: "admitido"},
		{Carrier: strings.Repeat("x", 100), Code: strings.Repeat("Y", 100), Description: strings.Repeat("delivered ", 200)},
	} {
		f.Add(s.Carrier, s.Code, s.Description)
	}
	f.Fuzz(func(t *testing.T, carrier, code, desc string) {
		s := milestone.Scan{Carrier: carrier, Code: code, Description: desc}
		r := milestone.Explain(s)
		if !r.Milestone.Valid() {
			t.Fatalf("Explain(%+v) gave invalid milestone %d", s, r.Milestone)
		}
		if m := milestone.Classify(s); m != r.Milestone {
			t.Fatalf("Classify = %v but Explain = %v for %+v", m, r.Milestone, s)
		}
		if (r.Milestone == milestone.Unknown) != (r.Rule == "") && r.Rule != "" && !strings.Contains(r.Rule, ":") {
			t.Fatalf("rule %q is not a table or text rule name", r.Rule)
		}
		if r.Milestone != milestone.Unknown && r.Rule == "" {
			t.Fatalf("classified %v without a rule for %+v", r.Milestone, s)
		}
		// Prefixing a plain negation must never produce delivered, whatever
		// the code says.
		for _, not := range []string{"Not delivered. ", "Nicht zugestellt. ", "Colis non livré. ",
			"Niet bezorgd. ", "No entregado. "} {
			neg := milestone.Scan{Carrier: carrier, Code: code, Description: not + desc}
			if r := milestone.Explain(neg); r.Milestone == milestone.Delivered {
				t.Fatalf("%q (%s %s) classified delivered by %s", neg.Description, carrier, code, r.Rule)
			}
		}
	})
}
