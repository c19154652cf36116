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
		// The statistical fallback never answers delivered on its own.
		if r.Rule == "model:naive_bayes" && r.Milestone == milestone.Delivered {
			t.Fatalf("the model classified %+v delivered", s)
		}
		// Prefixing a plain negation must never produce delivered, whatever
		// the code says.
		for _, not := range []string{"Not delivered. ", "Nicht zugestellt. ", "Colis non livré. ",
			"Niet bezorgd. ", "No entregado. ", "Nie doręczono. ", "Ei toimitettu. ", "Nedoručeno. ", "配達できません。"} {
			neg := milestone.Scan{Carrier: carrier, Code: code, Description: not + desc}
			if r := milestone.Explain(neg); r.Milestone == milestone.Delivered {
				t.Fatalf("%q (%s %s) classified delivered by %s", neg.Description, carrier, code, r.Rule)
			}
		}
	})
}

// FuzzParseCodeTable checks that host code tables either parse into valid
// entries that NewClassifier accepts and finds again, or fail with an error.
func FuzzParseCodeTable(f *testing.F) {
	f.Add("# comment\n011\tdelivered\tsigned\tyes\tDelivered\nX1\t?exception\n")
	f.Add("A\tteleported\n")
	f.Add("\t\t\t\t\t\n")
	f.Add("Z\tdelivered\t\tmaybe\n")
	f.Fuzz(func(t *testing.T, table string) {
		entries, err := milestone.ParseCodeTable(strings.NewReader(table))
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.Code == "" || !e.Milestone.Valid() {
				t.Fatalf("parsed an invalid entry %+v", e)
			}
		}
		k, err := milestone.NewClassifier(milestone.WithoutBuiltin(), milestone.WithCodes("host", entries...))
		if err != nil {
			return // codes longer than the lookup bound are refused here
		}
		if len(entries) == 0 {
			return
		}
		last := entries[len(entries)-1]
		if r := k.Explain(milestone.Scan{Carrier: "host", Code: last.Code}); !strings.HasPrefix(r.Rule, "table:host:") {
			t.Fatalf("entry %+v not found again: %+v", last, r)
		}
	})
}

// FuzzParseTextRules checks that host rule tables either fail with an error
// or build a classifier that classifies without panicking.
func FuzzParseTextRules(f *testing.F) {
	f.Add("70\tdelivered\tdelivered\t\t\tgeleverd|bezorgd & pakket\tniet\n", "Pakket bezorgd")
	f.Add("x\tn\tdelivered\n", "")
	f.Add("1\t\tnoise\t\t\t*\n", "*")
	f.Add("5\tr\tnoise\t\t\tab* & *cd\t\n", "abxx yycd")
	f.Fuzz(func(t *testing.T, rules, desc string) {
		rs, err := milestone.ParseTextRules(strings.NewReader(rules))
		if err != nil {
			return
		}
		k, err := milestone.NewClassifier(milestone.WithoutBuiltin(), milestone.WithTextRules("xx", rs...))
		if err != nil {
			return
		}
		r := k.Explain(milestone.Scan{Description: desc})
		if !r.Milestone.Valid() || (r.Rule != "" && !strings.HasPrefix(r.Rule, "text:xx:")) {
			t.Fatalf("Explain(%q) = %+v", desc, r)
		}
	})
}
