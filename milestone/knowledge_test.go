package milestone_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wismo-dev/wismo/milestone"
)

func TestExplainCodeTables(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		scan milestone.Scan
		want milestone.Result
	}{
		{"code decides", milestone.Scan{Carrier: "ups", Code: "072"},
			milestone.Result{Milestone: ofd, Rule: "table:ups:072"}},
		{"code and carrier ignore case and space", milestone.Scan{Carrier: " UPS", Code: "kb"},
			milestone.Result{}},
		{"carrier id case", milestone.Scan{Carrier: "FedEx", Code: "od"},
			milestone.Result{Milestone: ofd, Rule: "table:fedex:OD"}},
		{"code beats text of the same milestone and takes its detail", milestone.Scan{Carrier: "dhl_express", Code: "OK", Description: "Delivered to neighbour"},
			milestone.Result{Milestone: delivered, Detail: milestone.DetailNeighbour, Rule: "table:dhl_express:OK"}},
		{"non-delivery text overrides a delivered code", milestone.Scan{Carrier: "ups", Code: "011", Description: "Not delivered: receiver not available"},
			milestone.Result{Milestone: attempted, Detail: milestone.DetailNotHome, Rule: "text:en:attempted_not_home"}},
		{"pickup text keeps a delivered code", milestone.Scan{Carrier: "aftership", Code: "Delivered_002", Description: "Package picked up"},
			milestone.Result{Milestone: delivered, Rule: "table:aftership:Delivered_002"}},
		{"a delivered code decides against a pickup-point text", milestone.Scan{Carrier: "dhl_parcel_de", Code: "DLVRD_ACCPT_ZU", Description: "Die Sendung wurde in die Packstation eingelegt und liegt zur Abholung bereit."},
			milestone.Result{Milestone: delivered, Rule: "table:dhl_parcel_de:DLVRD_ACCPT_ZU"}},
		{"a delivered code takes the text's detail", milestone.Scan{Carrier: "dhl_parcel_de", Code: "DLVRD_ACCPT_ZU", Description: "Die Sendung wurde beim Nachbarn abgegeben"},
			milestone.Result{Milestone: delivered, Detail: milestone.DetailNeighbour, Rule: "table:dhl_parcel_de:DLVRD_ACCPT_ZU"}},
		{"a progress code decides against an exception text", milestone.Scan{Carrier: "fedex", Code: "IT", Description: "Delayed due to severe weather"},
			milestone.Result{Milestone: milestone.InTransit, Rule: "table:fedex:IT"}},
		{"a return code is not refined by attempt text", milestone.Scan{Carrier: "dhl_parcel_de", Code: "RETRN", Description: "Empfänger nicht angetroffen"},
			milestone.Result{Milestone: returned, Rule: "table:dhl_parcel_de:RETRN"}},
		{"text-first code decided by text", milestone.Scan{Carrier: "dhl_parcel_de", Code: "NTDEL", Description: "Zustellversuch nicht erfolgreich, neuer Versuch am nächsten Werktag"},
			milestone.Result{Milestone: attempted, Rule: "text:de:attempted"}},
		{"text-first code without matching text", milestone.Scan{Carrier: "dhl_parcel_de", Code: "NTDEL", Description: "xyzzy"},
			milestone.Result{Milestone: exception, Rule: "table:dhl_parcel_de:NTDEL"}},
		{"unmapped code is unknown, not in transit", milestone.Scan{Carrier: "ups", Code: "ZZ9"},
			milestone.Result{}},
		{"unmapped code falls back to text", milestone.Scan{Carrier: "ups", Code: "ZZ9", Description: "Departure Scan"},
			milestone.Result{Milestone: transit, Rule: "text:en:in_transit"}},
		{"unknown carrier uses text", milestone.Scan{Carrier: "acme", Code: "011", Description: "Delivered"},
			milestone.Result{Milestone: delivered, Rule: "text:en:delivered"}},
		{"aftership subtag", milestone.Scan{Carrier: "aftership", Code: "Exception_011"},
			milestone.Result{Milestone: returned, Rule: "table:aftership:Exception_011"}},
		{"aftership unknown subtag falls back to its tag", milestone.Scan{Carrier: "aftership", Code: "Exception_099"},
			milestone.Result{Milestone: exception, Rule: "table:aftership:Exception"}},
		{"trackingmore unknown sub-status falls back to its status", milestone.Scan{Carrier: "trackingmore", Code: "transit099"},
			milestone.Result{Milestone: transit, Rule: "table:trackingmore:transit"}},
		{"qualified status falls back to the status", milestone.Scan{Carrier: "gls", Code: "OTHER.PREADVICE"},
			milestone.Result{Milestone: info, Rule: "table:gls:PREADVICE"}},
		{"17track sub status", milestone.Scan{Carrier: "17track", Code: "DeliveryFailure_NoBody"},
			milestone.Result{Milestone: attempted, Detail: milestone.DetailNotHome, Rule: "table:17track:DeliveryFailure_NoBody"}},
		{"easypost status_detail", milestone.Scan{Carrier: "easypost", Code: "arrived_at_pickup_location"},
			milestone.Result{Milestone: pickup, ActionRequired: true, Rule: "table:easypost:arrived_at_pickup_location"}},
		{"dhl unified statusCode", milestone.Scan{Carrier: "dhl", Code: "pre-transit"},
			milestone.Result{Milestone: info, Rule: "table:dhl:pre-transit"}},
		{"alias", milestone.Scan{Carrier: "colissimo", Code: "DI1"},
			milestone.Result{Milestone: delivered, Rule: "table:laposte:DI1"}},
		{"customs duties need action", milestone.Scan{Carrier: "acme", Description: "Held by customs - duties payable"},
			milestone.Result{Milestone: exception, Detail: milestone.DetailCustomsHold, ActionRequired: true, Rule: "text:en:customs_hold"}},
		{"attempt detail from text", milestone.Scan{Carrier: "gls", Description: "The parcel could not be delivered as the consignee was absent."},
			milestone.Result{Milestone: attempted, Detail: milestone.DetailNotHome, Rule: "text:en:attempted_not_home"}},
		{"closed business", milestone.Scan{Carrier: "dpd", Description: "Geschäft geschlossen, Zustellversuch morgen"},
			milestone.Result{Milestone: attempted, Detail: milestone.DetailBusinessClosed, Rule: "text:de:attempted_closed"}},
		{"neighbour detail", milestone.Scan{Carrier: "hermes", Description: "Die Sendung wurde beim Nachbarn zugestellt."},
			milestone.Result{Milestone: delivered, Detail: milestone.DetailNeighbour, Rule: "text:de:delivered_neighbour"}},
		{"pickup point needs action", milestone.Scan{Carrier: "colissimo", Description: "Votre colis est disponible dans votre point relais"},
			milestone.Result{Milestone: pickup, ActionRequired: true, Rule: "text:fr:available"}},
		{"address problem needs action", milestone.Scan{Carrier: "correos", Description: "Dirección incorrecta"},
			milestone.Result{Milestone: exception, Detail: milestone.DetailAddressProblem, ActionRequired: true, Rule: "text:es:address"}},
		{"UPS TYPE_CODE finds the activity code after the type", milestone.Scan{Carrier: "ups", Code: "X_7L"},
			milestone.Result{Milestone: attempted, Detail: milestone.DetailNotHome, Rule: "table:ups:7L"}},
		{"UPS TYPE_CODE activity code 1L", milestone.Scan{Carrier: "ups", Code: "X_1L", Description: "The package is delayed and will resume transit as soon as possible."},
			milestone.Result{Milestone: exception, Detail: milestone.DetailCarrierDelay, Rule: "table:ups:1L"}},
		{"UPS TYPE_CODE activity code 4I", milestone.Scan{Carrier: "ups", Code: "x_4i"},
			milestone.Result{Milestone: exception, Detail: milestone.DetailHeld, Rule: "table:ups:4I"}},
		{"UPS TYPE_CODE with an unknown code falls back to the type", milestone.Scan{Carrier: "ups", Code: "I_FS"},
			milestone.Result{Milestone: milestone.InTransit, Rule: "table:ups:I"}},
		{"a part of a code that says delivered does not decide alone", milestone.Scan{Carrier: "ups", Code: "D_FS"},
			milestone.Result{Milestone: milestone.Unknown, Rule: "table:ups:D"}},
		{"a not-home text refines a generic exception code", milestone.Scan{Carrier: "ups", Code: "030", Description: "Customer not available or business closed"},
			milestone.Result{Milestone: attempted, Detail: milestone.DetailNotHome, Rule: "text:en:attempted_not_home"}},
		{"an exception code with a detail keeps it against a not-home text", milestone.Scan{Carrier: "ups", Code: "059", Description: "The receiver was not available"},
			milestone.Result{Milestone: exception, Detail: milestone.DetailDamaged, Rule: "table:ups:059"}},
		{"a vague attempt text does not refine an exception code", milestone.Scan{Carrier: "17track", Code: "Exception_Other", Description: "Delivery to the pickup location was unsuccessful. We will make a second attempt."},
			milestone.Result{Milestone: exception, Rule: "table:17track:Exception_Other"}},
		{"USPS GX is a label created", milestone.Scan{Carrier: "usps", Code: "GX", Description: "Shipping Label Created, USPS Awaiting Item"},
			milestone.Result{Milestone: info, Rule: "table:usps:GX"}},
		{"USPS 16 available for pickup", milestone.Scan{Carrier: "usps", Code: "16"},
			milestone.Result{Milestone: pickup, ActionRequired: true, Rule: "table:usps:16"}},
		{"USPS 43 picked up at the post office", milestone.Scan{Carrier: "usps", Code: "43"},
			milestone.Result{Milestone: delivered, Rule: "table:usps:43"}},
		{"USPS 17 picked up by agent", milestone.Scan{Carrier: "usps", Code: "17"},
			milestone.Result{Milestone: delivered, Rule: "table:usps:17"}},
		{"USPS 53 receptacle blocked", milestone.Scan{Carrier: "usps", Code: "53", Description: "Receptacle Blocked"},
			milestone.Result{Milestone: attempted, Rule: "table:usps:53"}},
		{"USPS 54 receptacle full", milestone.Scan{Carrier: "usps", Code: "54"},
			milestone.Result{Milestone: attempted, Rule: "table:usps:54"}},
		{"USPS 55 no secure location", milestone.Scan{Carrier: "usps", Code: "55"},
			milestone.Result{Milestone: attempted, Rule: "table:usps:55"}},
		{"USPS 52 notice left", milestone.Scan{Carrier: "usps", Code: "52"},
			milestone.Result{Milestone: attempted, Rule: "table:usps:52"}},
		{"nothing at all", milestone.Scan{}, milestone.Result{}},
	} {
		if got := milestone.Explain(c.scan); got != c.want {
			t.Errorf("%s: Explain(%+v) = %+v, want %+v", c.name, c.scan, got, c.want)
		}
		if got := milestone.Classify(c.scan); got != c.want.Milestone {
			t.Errorf("%s: Classify = %v, Explain = %v", c.name, got, c.want.Milestone)
		}
	}
}

func TestBuiltinTablesLoad(t *testing.T) {
	t.Parallel()
	k, err := milestone.NewClassifier()
	if err != nil {
		t.Fatal(err)
	}
	for _, carrier := range []string{"ups", "fedex", "usps", "dhl", "dhl_express", "dhl_parcel_de",
		"easypost", "aftership", "17track", "trackingmore", "laposte", "postnl", "gls", "dpd"} {
		// Every table maps at least one code to delivered, the most important entry.
		found := false
		for _, code := range []string{"D", "DL", "01", "delivered", "OK", "DLVRD", "Delivered", "DI1", "9", "11", "DELIVERED"} {
			if r := k.Explain(milestone.Scan{Carrier: carrier, Code: code}); r.Milestone == delivered && strings.HasPrefix(r.Rule, "table:") {
				found = true
			}
		}
		if !found {
			t.Errorf("no built-in table with a delivered code for %s", carrier)
		}
	}
}

func TestNewClassifierExtends(t *testing.T) {
	t.Parallel()
	k, err := milestone.NewClassifier(
		milestone.WithCodes("acme", milestone.CodeEntry{Code: "Z1", Milestone: ofd, Meaning: "on the van"}),
		milestone.WithCodeTable("ups", strings.NewReader("# override\n011\tnoise\t\t\tours\nQQ\t?exception\theld\tyes\tmaybe\n")),
		milestone.WithCarrierAlias("acme_eu", "acme"),
		milestone.WithTextRules("it", milestone.TextRule{
			Name: "delivered", Tier: 70, When: []string{"consegnato al portiere"}, Milestone: delivered, Detail: milestone.DetailSafePlace,
		}),
		milestone.WithTextRuleTable("pl", strings.NewReader("70\tdelivered\tdelivered\t\t\tdoręczono|dostarczona\tnie\n")),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		scan milestone.Scan
		want milestone.Result
	}{
		{milestone.Scan{Carrier: "acme", Code: "z1"}, milestone.Result{Milestone: ofd, Rule: "table:acme:Z1"}},
		{milestone.Scan{Carrier: "acme_eu", Code: "Z1"}, milestone.Result{Milestone: ofd, Rule: "table:acme:Z1"}},
		{milestone.Scan{Carrier: "ups", Code: "011"}, milestone.Result{Milestone: noise, Rule: "table:ups:011"}},
		{milestone.Scan{Carrier: "ups", Code: "QQ"}, milestone.Result{Milestone: exception, Detail: milestone.DetailHeld, ActionRequired: true, Rule: "table:ups:QQ"}},
		{milestone.Scan{Carrier: "ups", Code: "072"}, milestone.Result{Milestone: ofd, Rule: "table:ups:072"}},
		{milestone.Scan{Carrier: "sda", Description: "Consegnato al portiere"}, milestone.Result{Milestone: delivered, Detail: milestone.DetailSafePlace, Rule: "text:it:delivered"}},
		{milestone.Scan{Carrier: "inpost", Description: "Przesyłka dostarczona"}, milestone.Result{Milestone: delivered, Rule: "text:pl:delivered"}},
		{milestone.Scan{Carrier: "inpost", Description: "Przesyłka nie dostarczona"}, milestone.Result{}},
	} {
		if got := k.Explain(c.scan); got != c.want {
			t.Errorf("Explain(%+v) = %+v, want %+v", c.scan, got, c.want)
		}
	}
	// The package-level default is not changed by building another classifier.
	if got := milestone.Explain(milestone.Scan{Carrier: "ups", Code: "011"}); got.Milestone != delivered {
		t.Errorf("default ups 011 = %v after NewClassifier, want delivered", got.Milestone)
	}
}

// TestHostCodesAreAuthoritative checks that a host's own code entries are
// not overridden by the built-in text rules, except by the safety rule that
// never keeps delivered against a description saying otherwise.
func TestHostCodesAreAuthoritative(t *testing.T) {
	t.Parallel()
	k, err := milestone.NewClassifier(
		milestone.WithCodes("dhl_parcel_de", milestone.CodeEntry{Code: "SORT1", Milestone: noise}),
		milestone.WithCodes("acme",
			milestone.CodeEntry{Code: "N", Milestone: noise},
			milestone.CodeEntry{Code: "X", Milestone: exception, Detail: milestone.DetailHeld},
			milestone.CodeEntry{Code: "D", Milestone: delivered},
			milestone.CodeEntry{Code: "T", Milestone: transit, TextFirst: true},
		),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		scan milestone.Scan
		want milestone.Result
	}{
		// Built-in tables let these texts refine; the host's entries win.
		{milestone.Scan{Carrier: "dhl_parcel_de", Code: "SORT1", Description: "Die Sendung wurde im Paketzentrum sortiert"},
			milestone.Result{Milestone: noise, Rule: "table:dhl_parcel_de:SORT1"}},
		{milestone.Scan{Carrier: "acme", Code: "N", Description: "Departed facility"},
			milestone.Result{Milestone: noise, Rule: "table:acme:N"}},
		{milestone.Scan{Carrier: "acme", Code: "X", Description: "Receiver not available"},
			milestone.Result{Milestone: exception, Detail: milestone.DetailHeld, Rule: "table:acme:X"}},
		// The safety rule still holds for a host's delivered code.
		{milestone.Scan{Carrier: "acme", Code: "D", Description: "Die Sendung konnte nicht zugestellt werden"},
			milestone.Result{Milestone: attempted, Rule: "text:de:attempted"}},
		{milestone.Scan{Carrier: "acme", Code: "D", Description: "Your parcel will be delivered tomorrow"},
			milestone.Result{Milestone: transit, Rule: "text:en:future_delivery"}},
		{milestone.Scan{Carrier: "acme", Code: "D", Description: "Delivered to the neighbour"},
			milestone.Result{Milestone: delivered, Detail: milestone.DetailNeighbour, Rule: "table:acme:D"}},
		// A host entry marked TextFirst asks the text to decide.
		{milestone.Scan{Carrier: "acme", Code: "T", Description: "Out for delivery"},
			milestone.Result{Milestone: ofd, Rule: "text:en:out_for_delivery"}},
	} {
		if got := k.Explain(c.scan); got != c.want {
			t.Errorf("Explain(%+v) = %+v, want %+v", c.scan, got, c.want)
		}
	}
	// Without the host entry the built-in knowledge reads the text.
	if got := milestone.Explain(milestone.Scan{Carrier: "dhl_parcel_de", Code: "SORT1", Description: "Die Sendung wurde im Paketzentrum sortiert"}); got.Milestone != transit {
		t.Errorf("built-in: unknown code with a sorting text = %v, want in_transit", got.Milestone)
	}
}

func TestHostRulesComeFirstWithinTier(t *testing.T) {
	t.Parallel()
	k, err := milestone.NewClassifier(milestone.WithTextRules("en",
		milestone.TextRule{Name: "van", Tier: 60, When: []string{"out for delivery"}, Milestone: noise}))
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Explain(milestone.Scan{Description: "Out for delivery"}); got.Rule != "text:en:van" {
		t.Errorf("host rule in the built-in tier did not win: %+v", got)
	}
}

func TestWithoutBuiltin(t *testing.T) {
	t.Parallel()
	k, err := milestone.NewClassifier(milestone.WithoutBuiltin(),
		milestone.WithTextRules("en", milestone.TextRule{Name: "d", When: []string{"handed over"}, Milestone: delivered}))
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Classify(milestone.Scan{Carrier: "ups", Code: "011", Description: "Delivered"}); got != unknown {
		t.Errorf("empty knowledge classified a built-in code: %v", got)
	}
	if got := k.Classify(milestone.Scan{Description: "Handed over!"}); got != delivered {
		t.Errorf("host rule: %v", got)
	}
}

func TestNewClassifierErrors(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]milestone.Option{
		"bad milestone":            milestone.WithCodeTable("x", strings.NewReader("A1\tteleported\n")),
		"bad action":               milestone.WithCodeTable("x", strings.NewReader("A1\tdelivered\t\tmaybe\n")),
		"too few columns":          milestone.WithCodeTable("x", strings.NewReader("A1\n")),
		"empty code":               milestone.WithCodes("x", milestone.CodeEntry{Milestone: delivered}),
		"no carrier":               milestone.WithCodes("", milestone.CodeEntry{Code: "A", Milestone: delivered}),
		"invalid milestone":        milestone.WithCodes("x", milestone.CodeEntry{Code: "A", Milestone: 200}),
		"rule without when":        milestone.WithTextRules("en", milestone.TextRule{Name: "x", Milestone: delivered}),
		"rule without name":        milestone.WithTextRules("en", milestone.TextRule{When: []string{"x"}, Milestone: delivered}),
		"empty phrase":             milestone.WithTextRules("en", milestone.TextRule{Name: "x", When: []string{"a|  |b"}, Milestone: delivered}),
		"bad tier":                 milestone.WithTextRuleTable("en", strings.NewReader("x\tn\tdelivered\t\t\tdelivered\n")),
		"no language":              milestone.WithTextRules(" ", milestone.TextRule{Name: "x", When: []string{"x"}, Milestone: delivered}),
		"alias to nothing":         milestone.WithCarrierAlias("a", "nonexistent"),
		"carrier id with a space":  milestone.WithCodes("my carrier", milestone.CodeEntry{Code: "X", Milestone: delivered}),
		"code without a milestone": milestone.WithCodes("mine", milestone.CodeEntry{Code: "X"}),
		"bad rule milestone":       milestone.WithTextRuleTable("en", strings.NewReader("1\tn\tgone\t\t\tdelivered\n")),
	} {
		if _, err := milestone.NewClassifier(opt); err == nil {
			t.Errorf("%s: NewClassifier gave no error", name)
		}
	}
	_, err := milestone.NewClassifier(milestone.WithCodeTable("x", strings.NewReader("\n\nA1\tteleported\n")))
	if !errors.Is(err, milestone.ErrUnknownName) || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("error should wrap ErrUnknownName and name line 3: %v", err)
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Zustellung an Empfänger – erfolgreich!": " zustellung an empfanger erfolgreich ",
		"Straße":                         " strasse ",
		"ŒUVRE, Łódź; Ærø":               " oeuvre lodz aero ",
		"e\u0301te\u0301":                " ete ",
		"n'a pas pu être livré":          " n a pas pu etre livre ",
		"client’s  warehouse\t(Inbound)": " client s warehouse inbound ",
		"":                               " ",
		"UPS Access Point™ 2nd":          " ups access point 2nd ",
		"Доставлено":                     " ?????????? ",
	} {
		if got := milestone.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	done := make(chan milestone.Milestone)
	for range 8 {
		go func() {
			var m milestone.Milestone
			for range 200 {
				m = milestone.Classify(milestone.Scan{Carrier: "gls", Description: "The parcel has been delivered."})
			}
			done <- m
		}()
	}
	for range 8 {
		if m := <-done; m != delivered {
			t.Errorf("concurrent Classify = %v", m)
		}
	}
}

// TestTextRulesLarge builds rules with more matcher states than 16 bits
// can number (the built-in rules need about 60,000), and finds their
// phrases; the bound itself is tested inside the package.
func TestTextRulesLarge(t *testing.T) {
	t.Parallel()
	var phrases []string
	for i := range 4000 {
		p := []byte(strings.Repeat("q", 24))
		for j, n := 0, i; j < 3; j, n = j+1, n/26 {
			p[j] = byte('a' + n%26)
		}
		phrases = append(phrases, string(p))
	}
	k, err := milestone.NewClassifier(milestone.WithoutBuiltin(), milestone.WithTextRules("xx",
		milestone.TextRule{Name: "big", When: []string{strings.Join(phrases, "|")}, Milestone: noise}))
	if err != nil {
		t.Fatalf("4000 phrases of 24 letters (96,000 states): %v", err)
	}
	for _, p := range []string{phrases[0], phrases[1999], phrases[3999]} {
		if got := k.Classify(milestone.Scan{Description: "x " + p + " y"}); got != noise {
			t.Errorf("%q = %v, want noise", p, got)
		}
	}
	if got := k.Classify(milestone.Scan{Description: "aaa" + strings.Repeat("q", 23)}); got != milestone.Unknown {
		t.Errorf("a phrase one letter short = %v, want unknown", got)
	}
}

// TestScriptPhraseStar checks that a '*' in a phrase in another script,
// which would be looked for as written and never found, is refused.
func TestScriptPhraseStar(t *testing.T) {
	t.Parallel()
	_, err := milestone.NewClassifier(milestone.WithoutBuiltin(), milestone.WithTextRules("ja",
		milestone.TextRule{Name: "delivered", When: []string{"配達完了*"}, Milestone: delivered}))
	if err == nil || !strings.Contains(err.Error(), "'*'") {
		t.Errorf("a '*' in a Japanese phrase gave %v, want an error naming it", err)
	}
}

// TestCodeWithText checks entries limited to a published reason text: the
// text is compared without regard to case, white space runs and a final
// full stop, wins over the code's own entry, and leaves other texts to it.
func TestCodeWithText(t *testing.T) {
	t.Parallel()
	table := "DLV\tdelivered\n" +
		"DLV|Übergabe an Partner\tin_transit\n" +
		"DLV|Zustellung an Nachbarn\tdelivered\tneighbour\n"
	k, err := milestone.NewClassifier(milestone.WithoutBuiltin(), milestone.WithCodeTable("acme", strings.NewReader(table)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code, desc string
		want       milestone.Result
	}{
		{"DLV", "Übergabe an Partner", milestone.Result{Milestone: transit, Rule: "table:acme:DLV|Übergabe an Partner"}},
		{"dlv", "  ÜBERGABE  an partner. ", milestone.Result{Milestone: transit, Rule: "table:acme:DLV|Übergabe an Partner"}},
		{"DLV", "Zustellung an Nachbarn", milestone.Result{Milestone: delivered, Detail: milestone.DetailNeighbour, Rule: "table:acme:DLV|Zustellung an Nachbarn"}},
		{"DLV", "Übergabe an Partner erfolgt", milestone.Result{Milestone: delivered, Rule: "table:acme:DLV"}},
		{"DLV", "", milestone.Result{Milestone: delivered, Rule: "table:acme:DLV"}},
		{"OTHER", "Übergabe an Partner", milestone.Result{}},
	} {
		if got := k.Explain(milestone.Scan{Carrier: "acme", Code: c.code, Description: c.desc}); got != c.want {
			t.Errorf("%s %q = %+v, want %+v", c.code, c.desc, got, c.want)
		}
	}
	for _, bad := range []string{"DLV|\tdelivered\n", "DLV|" + strings.Repeat("x", 200) + "\tdelivered\n"} {
		if _, err := milestone.NewClassifier(milestone.WithCodeTable("acme", strings.NewReader(bad))); err == nil {
			t.Errorf("table %.20q: no error", bad)
		}
	}
}

func TestZeroKnowledge(t *testing.T) {
	t.Parallel()
	var k milestone.Knowledge
	if r := k.Explain(milestone.Scan{Carrier: "ups", Code: "011", Description: "Delivered"}); r != (milestone.Result{}) {
		t.Errorf("zero Knowledge classified %+v", r)
	}
}

// Phrases in other scripts are matched as written, as substrings: Japanese
// has no spaces between words. Case does not matter.
func TestScriptPhrases(t *testing.T) {
	k, err := milestone.NewClassifier(milestone.WithoutBuiltin(),
		milestone.WithTextRules("ru", milestone.TextRule{Name: "delivered", Tier: 70, When: []string{"вручено"}, Unless: []string{"не вручено"}, Milestone: milestone.Delivered}),
		milestone.WithTextRules("ja", milestone.TextRule{Name: "absent", Tier: 40, When: []string{"不在"}, Milestone: milestone.DeliveryAttempted}))
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]milestone.Milestone{
		"Вручено адресату":    milestone.Delivered,
		"Не вручено адресату": milestone.Unknown, // the veto works on script phrases too
		"ご不在のため持ち戻りました":       milestone.DeliveryAttempted,
		"配達中":       milestone.Unknown,
		"delivered": milestone.Unknown,
	} {
		if got := k.Classify(milestone.Scan{Description: text}); got != want {
			t.Errorf("%q = %v, want %v", text, got, want)
		}
	}
}

// Carrier ids are found with or without their separators, and under the
// names carriers are commonly known by.
func TestCarrierIDSpellings(t *testing.T) {
	for _, carrier := range []string{"canadapost", "canada_post", "Canada-Post", "canada post"} {
		r := milestone.Explain(milestone.Scan{Carrier: carrier, Code: "1408"})
		if r.Milestone != milestone.Delivered || r.Rule != "table:canadapost:1408" {
			t.Errorf("%q 1408 = %v (%s), want delivered from the canadapost table", carrier, r.Milestone, r.Rule)
		}
	}
	for _, carrier := range []string{"poczta_polska", "Poczta-Polska", "polishpost"} {
		if r := milestone.Explain(milestone.Scan{Carrier: carrier, Code: "P_D"}); r.Rule != "table:pocztapolska:P_D" {
			t.Errorf("%q P_D decided by %q, want table:pocztapolska:P_D", carrier, r.Rule)
		}
	}
	if _, err := milestone.NewClassifier(milestone.WithCodes("My-Carrier", milestone.CodeEntry{Code: "X", Milestone: milestone.Delivered})); err != nil {
		t.Errorf("a carrier id with capitals and a dash: %v", err)
	}
	if _, err := milestone.NewClassifier(milestone.WithCodes("mine", milestone.CodeEntry{Code: "X", TextFirst: true})); err != nil {
		t.Errorf("a text-first code without a milestone: %v", err)
	}
	if r := milestone.Explain(milestone.Scan{Carrier: "no_such_carrier", Code: "1408"}); r.Milestone != milestone.Unknown {
		t.Errorf("an unknown carrier's code = %v (%s), want unknown", r.Milestone, r.Rule)
	}
}

// TestPartialCodeNeverDecidesDelivered: a code the table does not list,
// found by a part of it that says delivered, lets the text decide: a
// delivery text is a delivery, anything else is not.
func TestPartialCodeNeverDecidesDelivered(t *testing.T) {
	for _, c := range []struct {
		scan milestone.Scan
		want milestone.Milestone
	}{
		{milestone.Scan{Carrier: "ups", Code: "D_FS", Description: "DELIVERED"}, milestone.Delivered},
		{milestone.Scan{Carrier: "ups", Code: "D_FS", Description: "Package transferred to post office"}, milestone.InTransit},
		{milestone.Scan{Carrier: "ups", Code: "D_FS"}, milestone.Unknown},
	} {
		if got := milestone.Classify(c.scan); got != c.want {
			t.Errorf("Classify(%+v) = %v, want %v (%s)", c.scan, got, c.want, milestone.Explain(c.scan).Rule)
		}
	}
}
