package carrier_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
)

// sample is a published valid tracking number and the carrier Detect must
// rank first for it.
type sample struct {
	number  string
	carrier string
	service string // expected Service of the first match; "-" to skip the check
}

// validSamples are the carriers' public sample numbers, as published in their
// label documentation and collected by the tracking_number_data project
// (couriers/*.json test_numbers.valid), plus S10 numbers of other countries
// built from the published RB123456785 serial (the check digit does not
// depend on the letters).
var validSamples = []sample{
	// UPS 1Z: shipper, 2-character service, package id, check digit.
	{"1Z5R89390357567127", "ups", "Ground"},
	{"1Z879E930346834440", "ups", "Ground"},
	{"1Z 879E 9303 4683 4440", "ups", "Ground"},
	{"1Z410E7W0392751591", "ups", "Ground"},
	{"1Z8V92A70367203024", "ups", "Ground"},
	{" 1 Z 8 V 9 2 A 7 0 3 6 7 2 0 3 0 2 4 ", "ups", "Ground"},
	{"1ZXX3150YW44070023", "ups", "SurePost"},
	// UPS waybills.
	{"K1506235620", "ups", "Waybill"},
	{"K 150 623 562 0", "ups", "Waybill"},
	{"K2479825491", "ups", "Waybill"},
	{"J4603636537", "ups", "Waybill"},
	{"V0490119172", "ups", "Waybill"},
	{"V0431105627", "ups", "Waybill"},

	// FedEx Express 12.
	{"986578788855", "fedex", "Express"},
	{"477179081230", "fedex", "Express"},
	{"799531274483", "fedex", "Express"},
	{"790535312317", "fedex", "Express"},
	{" 7 9 0 5 3 5 3 1 2 3 1 7 ", "fedex", "Express"},
	{"974367662710", "fedex", "Express"},
	// FedEx Express 34-digit barcodes.
	{"1001921334250001000300779017972697", "fedex", "Express"},
	{"1001921380360001000300639585804382", "fedex", "Express"},
	{"1001901781990001000300617767839437", "fedex", "Express"},
	{" 1 0 0 1 9 0 1 7 8 1 9 9 0 0 0 1 0 0 0 3 0 0 6 1 7 7 6 7 8 3 9 4 3 7 ", "fedex", "Express"},
	{"1002297871540001000300790695517286", "fedex", "Express"},
	{"1027590111820004833500785458233610", "fedex", "Express"},
	// FedEx SmartPost: 20 digits, 22 digits, and behind a 420+ZIP5 prefix.
	{"61299998820821171811", "fedex", "SmartPost"},
	{" 6 1 2 9 9 9 9 8 8 2 0 8 2 1 1 7 1 8 1 1 ", "fedex", "SmartPost"},
	{"9261292700768711948021", "fedex", "SmartPost"},
	{"420 11213 92 6129098349792366623 8", "fedex", "SmartPost"},
	{"92 6129098349792366623 8", "fedex", "SmartPost"},
	{"6129098349792366623 8", "fedex", "SmartPost"},
	// FedEx Ground 15, SSCC-18, Ground 96 (22) and Ground GSN (34).
	{"0414 4176 0228 964", "fedex", "Ground"},
	{"5682 8361 0012 000", "fedex", "Ground"},
	{" 5 6 8 2   8 3 6 1   0 0 1 2   0 0 0 ", "fedex", "Ground"},
	{"5682 8361 0012 734", "fedex", "Ground"},
	{"00 0123 4500 0000 0027", "fedex", "Ground"},
	{" 0 0   0 1 2 3   4 5 0 0   0 0 0 0   0 0 2 7 ", "fedex", "Ground"},
	{"9611020987654312345672", "fedex", "Ground"},
	{" 9 6 1 1 0 2 0 9 8 7 6 5 4 3 1 2 3 4 5 6 7 2 ", "fedex", "Ground"},
	{"9622001900000000000000776632517510", "fedex", "Ground"},
	{"9622001560000000000000794808390594", "fedex", "Ground"},
	{"9622001560001234567100794808390594", "fedex", "Ground"},
	{" 9 6 2 2 0 0 1 5 6 0 0 0 1 2 3 4 5 6 7 1 0 0 7 9 4 8 0 8 3 9 0 5 9 4 ", "fedex", "Ground"},
	{"9632001560123456789900794808390594", "fedex", "Ground"},

	// USPS 20.
	{"0307 1790 0005 2348 3741", "usps", "IMpb"},
	{" 0 3 0 7   1 7 9 0   0 0 0 5   2 3 4 8   3 7 4 1 ", "usps", "IMpb"},
	{"7112 3456 7891 2345 6787", "usps", "IMpb"},
	// USPS 420 + ZIP9 + IMpb (34).
	{"4201002334249200190132607600833457", "usps", "IMpb"},
	{"4201028200009261290113185417468510", "usps", "IMpb"},
	{" 4 2 0 1 0 2 8 2 0 0 0 0 9 2 6 1 2 9 0 1 1 3 1 8 5 4 1 7 4 6 8 5 1 0 ", "usps", "IMpb"},
	// USPS IMpb ("USPS 91"), with and without 420 + ZIP5.
	{"420 22153 9101026837331000039521", "usps", "IMpb"},
	{"7196 9010 7560 0307 7385", "usps", "IMpb"},
	{"9505 5110 6960 5048 6006 24", "usps", "IMpb"},
	{"9101 1234 5678 9000 0000 13", "usps", "IMpb"},
	{"92748931507708513018050063", "usps", "IMpb"},
	{"92001903060085300042901077", "usps", "IMpb"},
	{"9400 1112 0108 0805 4830 16", "usps", "IMpb"},
	{"9361 2898 7870 0317 6337 95", "usps", "IMpb"},
	{" 9 3 6 1   2 8 9 8   7 8 7 0   0 3 1 7   6 3 3 7   9 5 ", "usps", "IMpb"},
	{"9405803699300124287899", "usps", "IMpb"},
	{"9400111206206406260787", "usps", "IMpb"},
	{"420787459400111206206406260787", "usps", "IMpb"},
	{"RB123456785US", "usps", "S10"},

	// DHL Express 10 and 11 digits, piece ids.
	{"3318810025", "dhl_express", "Express"},
	{"8487135506", "dhl_express", "Express"},
	{"3318810036", "dhl_express", "Express"},
	{" 3 3 1 8 8 1 0 0 3 6 ", "dhl_express", "Express"},
	{"3318810014", "dhl_express", "Express"},
	{"1099255990", "dhl_express", "Express"},
	{"3821724944", "dhl_express", "Express"},
	{"73891051146", "dhl_express", "Express"},
	{" 7 3 8 9 1 0 5 1 1 4 6 ", "dhl_express", "Express"},
	{"JJD0099999999", "dhl_express", "Express"},
	{"JVGL0999999990", "dhl_express", "Express"},
	// DHL eCommerce.
	{"GM2951173225174494", "dhl_ecommerce", "eCommerce"},
	{"GM 2 9 5 117 32 25 1 7 44 9 4", "dhl_ecommerce", "eCommerce"},
	{"GM295117494011169042", "dhl_ecommerce", "eCommerce"},
	{"GM9E44608A27984866BA2D", "dhl_ecommerce", "eCommerce"},
	{"60120172242323", "dhl_ecommerce", "eCommerce"},
	{"51087693037816", "dhl_ecommerce", "eCommerce"},
	{"60120174971147", "dhl_ecommerce", "eCommerce"},
	{"420902459261290336128704042634", "dhl_ecommerce", "eCommerce"},
	{"420941179261290336128704062441", "dhl_ecommerce", "eCommerce"},

	// Amazon.
	{"TBA000000000000", "amazon", "Logistics"},
	{"TBA010000000000", "amazon", "Logistics"},
	{"TBA 000000000000", "amazon", "Logistics"},
	{" T B A 0 0 0 0 0 0 0 0 0 0 0 0 ", "amazon", "Logistics"},
	{"TBA502887274000", "amazon", "Logistics"},
	{"TBC 000000000000", "amazon", "Logistics"},
	{"TBM502887274000", "amazon", "Logistics"},
	{"C1004444443", "amazon", "International"},
	{"C1004444444", "amazon", "International"},

	// Canada Post 16 digits and S10.
	{"0073938000549297", "canadapost", ""},
	{"7035114477138472", "canadapost", ""},
	{"4002847016405018", "canadapost", ""},
	{"RB123456785CA", "canadapost", "S10"},

	// OnTrac C and D.
	{"C11031500001879", "ontrac", ""},
	{" C 1 1 0 3 1 5 0 0 0 0 1 8 7 9 ", "ontrac", ""},
	{"C 110 31 500 00187 9", "ontrac", ""},
	{"C10999911320231", "ontrac", ""},
	{"C11121552953069", "ontrac", ""},
	{"C11121553156000", "ontrac", ""},
	{"C11121552829468", "ontrac", ""},
	{"D10011354453707", "ontrac", ""},
	{"D10011345983010", "ontrac", ""},
	{"D 100 113 459 830 10", "ontrac", ""},
	{"D10011342332145", "ontrac", ""},

	// LaserShip.
	{"LX17635036", "lasership", ""},
	{"LX 176 35035", "lasership", ""},
	{"LX17635034", "lasership", ""},
	{"LI 129 79072", "lasership", ""},
	{"LI12976442", "lasership", ""},
	{"LA28376237", "lasership", ""},
	{"LA28372694", "lasership", ""},
	{"LH13830790", "lasership", ""},
	{"LH13816137", "lasership", ""},
	{"LE10917377", "lasership", ""},
	{"LN30083672", "lasership", ""},
	{"1LS717793482164", "lasership", ""},
	{"1LS724505321754", "lasership", ""},
	{"1LS720000000000", "lasership", ""},
	{" 1 L S 7 2 0 0 0 0 0 0 0 0 0 0 ", "lasership", ""},
	{"1LS7119013618127-1", "lasership", ""},
	{" 1 L S 7 1 1 9 0 1 3 6 1 8 1 2 7 - 1 ", "lasership", ""},

	// FedEx mock tracking numbers from FedEx's developer documentation.
	{"771613423732", "fedex", "Express"},
	{"7716 1342 3732", "fedex", "Express"},
	{"568838414941", "fedex", "Express"},
	{"797806677146", "fedex", "Express"},
	{"DT771613423732", "fedex", "Door Tag"},
	{"997048950367429", "fedex", "Ground"},
	{"9970 4895 0367 429", "fedex", "Ground"},
	{"449044304137821", "fedex", "Ground"},
	{"149331877648230", "fedex", "Ground"},
	{"020207021381215", "fedex", "Ground"},
	{"403934084723025", "fedex", "Ground"},
	{"920241085725456", "fedex", "Ground"},
	{"039813852990618", "fedex", "Ground"},
	{"231300687629630", "fedex", "Ground"},
	{"377101283611590", "fedex", "Ground"},
	{"852426136339213", "fedex", "Ground"},
	{"9611804010639001854878", "fedex", "Ground"},
	{"9611804512604749366900", "fedex", "Ground"},
	{"41999998135520738841", "fedex", "SmartPost"},
	{"61299998620341515252", "fedex", "SmartPost"},
	{"74899992242124855076", "fedex", "SmartPost"},
	{"9261293148703201595357", "fedex", "SmartPost"},
	{"9274899992136003821767", "fedex", "SmartPost"},
	{"92 7489 9992 1360 0382 1767", "fedex", "SmartPost"},

	// More USPS IMpb forms: 94 + 20 digits, 420 + ZIP5, 420 + ZIP9.
	{"9400109699938860246573", "usps", "IMpb"},
	{"94 0010 9699 9388 6024 6573", "usps", "IMpb"},
	{"420921559505500020714300000128", "usps", "IMpb"},
	{"420 92155 95 0550 0020 7143 0000 0128", "usps", "IMpb"},
	{"4209215512349505500020714300000128", "usps", "IMpb"},
	{"420 92155 1234 95 0550 0020 7143 0000 0128", "usps", "IMpb"},

	// DHL Paket (Germany): SSCC behind the application identifier 00.
	{"00340433836442636597", "dhl_parcel_de", "Paket"},

	// UPU S10, mapped by country.
	{"RB123456785GB", "royalmail", "S10"},
	{"RB123456785DE", "deutschepost", "S10"},
	{"RB123456785FR", "laposte", "S10"},
	{"RB123456785NL", "postnl", "S10"},
	{"RB123456785AU", "auspost", "S10"},
	{"RB123456785CV", "upu_cv", "S10"},
	{"RB123456785CF", "upu_cf", "S10"},
	{" R B 1 2 3 4 5 6 7 8 5 C F ", "upu_cf", "S10"},
	{"RB123456785JP", "upu_jp", "S10"},
	// S10 check-digit edge cases: weighted sum ≡ 0 (mod 11) gives 5, ≡ 1 gives 0.
	{"EE000000005GB", "royalmail", "S10"},
	{"CP003000000CH", "upu_ch", "S10"},
}

// invalid is a number that imitates a carrier's format but must not be
// attributed to that carrier.
type invalid struct {
	number  string
	carrier string
}

// invalidSamples are the published invalid numbers (couriers/*.json
// test_numbers.invalid): mostly one digit changed, some wrong prefixes.
var invalidSamples = []invalid{
	{"2Z5R89390357567127", "ups"},
	{"1A5R89390357567127", "ups"},
	{"1Z1111111111111111", "ups"},
	{"996578788855", "fedex"},
	{"1001901781990001000300617767839438", "fedex"},
	{"9261292700768711948020", "fedex"},
	{"5682 8361 0012 732", "fedex"},
	{"000000000000000001", "fedex"},
	{"9600000000000000000001", "fedex"},
	{"9622001560001234567100794808390595", "fedex"},
	{"9622001560001234567100794808390597", "fedex"},
	{"0307 1790 0005 2348 3742", "usps"},
	{"4201028200009261290113185417468511", "usps"},
	{"61299998820821171811", "usps"},
	{"9200000000000000000000", "usps"},
	{"420000000000000000000000000000", "usps"},
	{"420000009200000000000000000000", "usps"},
	{"RB123456786US", "usps"},
	{"3318810010", "dhl_express"},
	{"3318810034", "dhl_express"},
	{"3318810011", "dhl_express"},
	{"73891051149", "dhl_express"},
	{"73891051147", "dhl_express"},
	{"TBA50288727400A", "amazon"},
	{"000000000000000", "amazon"},
	{"000000000000", "amazon"},
	{"TBB000000000000", "amazon"},
	{"C10000000000000", "ontrac"},
	{"C11031500001889", "ontrac"},
	{"LX1763503N", "lasership"},
	{"LC176350N6", "lasership"},
	{"1LX734505321754", "lasership"},
	{"1LS7119013618127-2", "lasership"},
	{"0073938000549292", "canadapost"},
	{"7035114477138471", "canadapost"},
	{"5002847016405018", "canadapost"},
	{"RB123456784GB", "royalmail"},
	{"DT771613423733", "fedex"},
	{"201298452278", "dhl_parcel_de"},
	{"00340433836442636598", "dhl_parcel_de"},
	{"RB123456785XX", "upu_xx"},
}

func TestDetectPublishedSamples(t *testing.T) {
	t.Parallel()
	for _, s := range validSamples {
		got := carrier.Detect(s.number)
		if len(got) == 0 {
			t.Errorf("Detect(%q) found nothing; want %s first", s.number, s.carrier)
			continue
		}
		if got[0].Carrier != s.carrier {
			t.Errorf("Detect(%q) ranked %+v first; want %s", s.number, got[0], s.carrier)
		}
		if s.service != "-" && got[0].Service != s.service {
			t.Errorf("Detect(%q)[0].Service = %q, want %q", s.number, got[0].Service, s.service)
		}
		checkInvariants(t, s.number, got)
	}
}

func TestDetectRejectsPublishedInvalidNumbers(t *testing.T) {
	t.Parallel()
	for _, s := range invalidSamples {
		for _, m := range carrier.Detect(s.number) {
			if m.Carrier == s.carrier {
				t.Errorf("Detect(%q) = %+v: the number imitates %s and fails its check", s.number, m, s.carrier)
			}
		}
	}
	// "RB123456785XX": XX is no country, so no S10 post at all.
	if got := carrier.Detect("RB123456785XX"); got != nil {
		t.Errorf("Detect(RB123456785XX) = %+v, want nil", got)
	}
}

// TestDetectWrongCheckDigit changes the check digit of every published sample
// that carries one to each of the nine other digits: the carrier must then
// drop out. The only exception is the 20-digit USPS family, where two
// published check rules exist (with and without the implied "91"), so one of
// the nine changes may land on the other rule.
func TestDetectWrongCheckDigit(t *testing.T) {
	t.Parallel()
	tested := 0
	for _, s := range validSamples {
		first := carrier.Detect(s.number)[0]
		if !first.Checked {
			continue
		}
		norm := first.Normalized
		pos := len(norm) - 1
		if first.Service == "S10" {
			pos = 10 // S10: 2 letters, 8 digits, check digit, country
		}
		allowed := 0
		if first.Carrier == "usps" && len(first.TrackingNumber) == 20 {
			allowed = 1
		}
		still := 0
		for d := byte('0'); d <= '9'; d++ {
			if d == norm[pos] {
				continue
			}
			mutated := norm[:pos] + string(d) + norm[pos+1:]
			for _, m := range carrier.Detect(mutated) {
				if m.Carrier == first.Carrier {
					still++
					t.Logf("Detect(%q) (check digit of %q changed) still gives %+v", mutated, s.number, m)
				}
			}
		}
		if still > allowed {
			t.Errorf("changing the check digit of %q must drop %s (%d of 9 changes kept it)", s.number, first.Carrier, still)
		}
		tested++
	}
	if tested < 80 {
		t.Fatalf("only %d checked samples: the table lost its check-digit formats", tested)
	}
}

func TestDetectJunk(t *testing.T) {
	t.Parallel()
	for _, junk := range []string{
		"", "hello", "1234", "1Z", "ZZZZZZZZZZZZZZZZZZZZ",
		"1Z5R8939035756712",        // 17 characters
		"1Z5R89390357567127X",      // 19 characters
		"1Z5R8939.0357567127",      // punctuation is not ignored
		"1Z5R89390357567127\u00e9", // nor is non-ASCII
		"1Z5R89390357567127\x00",
		"   ", "----", "\t\n",
		strings.Repeat("1", 41),
		strings.Repeat("9", 100),
		"1ZÄ5R89390357567127",
		"123456789",          // 9 digits: too short for any format
		"1Z5R8939035756712A", // UPS check character must be a digit
		"TBA12345678901",     // TBA + 11 digits
		"GM123456789012345",  // GM + 15
		"DT12345678901",      // door tag with 11 digits
		"MI12345ABC12",       // Mail Innovations needs a 6-digit customer number
	} {
		if got := carrier.Detect(junk); got != nil {
			t.Errorf("Detect(%q) = %+v, want nil", junk, got)
		}
	}
}

func TestDetectNormalizes(t *testing.T) {
	t.Parallel()
	got := one(t, "1z 879e-9303\t4683\n4440")
	want := carrier.Match{
		Carrier:        "ups",
		Service:        "Ground",
		Normalized:     "1Z879E930346834440",
		TrackingNumber: "1Z879E930346834440",
		Confidence:     got.Confidence,
		Checked:        true,
	}
	if got != want {
		t.Errorf("Detect = %+v, want %+v", got, want)
	}

	// A routing prefix is kept in Normalized but left out of TrackingNumber.
	got = one(t, "420 22153 9101 0268 3733 1000 0395 21")
	if got.Carrier != "usps" || got.Normalized != "420221539101026837331000039521" || got.TrackingNumber != "9101026837331000039521" {
		t.Errorf("420+ZIP5 IMpb: %+v", got)
	}

	// A 34-digit FedEx barcode is tracked by the 12-digit number inside it,
	// which is a valid FedEx Express number on its own.
	got = one(t, "1001901781990001000300617767839437")
	if got.TrackingNumber != "617767839437" {
		t.Errorf("FedEx 34: TrackingNumber = %q, want 617767839437", got.TrackingNumber)
	}
	if inner := one(t, got.TrackingNumber); inner.Carrier != "fedex" || inner.Service != "Express" {
		t.Errorf("the number inside a FedEx 34 barcode: %+v", inner)
	}

	// S10 numbers carry their country.
	got = one(t, "rb 123 456 785 gb")
	if got.Country != "GB" || got.TrackingNumber != "RB123456785GB" || got.Carrier != "royalmail" {
		t.Errorf("S10: %+v", got)
	}

	// Formats without a check digit say so; checked ones outrank them.
	if got = one(t, "TBA502887274000"); got.Checked {
		t.Errorf("Amazon TBA has no check digit: %+v", got)
	}
	if a, u := one(t, "TBA502887274000"), one(t, "1Z5R89390357567127"); a.Confidence >= u.Confidence {
		t.Errorf("shape-only confidence %v must be below checked %v", a.Confidence, u.Confidence)
	}
}

// one returns the single match Detect must find for number.
func one(t *testing.T, number string) carrier.Match {
	t.Helper()
	got := carrier.Detect(number)
	if len(got) != 1 {
		t.Fatalf("Detect(%q) = %+v, want exactly one match", number, got)
	}
	checkInvariants(t, number, got)
	return got[0]
}

func TestDetectCollisionsGiveSeveralCandidates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		number string
		want   []string // carriers in rank order
	}{
		// FedEx SmartPost mailer id: FedEx first, USPS (the delivering
		// carrier) second.
		{"9261292700768711948021", []string{"fedex", "usps"}},
		// DHL eCommerce mailer id behind 420 + ZIP5.
		{"420902459261290336128704042634", []string{"dhl_ecommerce", "usps"}},
		// Unknown mailer, service code 612: USPS, then both consolidators.
		{"4201028200009261290113185417468510", []string{"usps", "fedex", "dhl_ecommerce"}},
		// Other "92" numbers: USPS, then FedEx SmartPost.
		{"4201002334249200190132607600833457", []string{"usps", "fedex"}},
		// "C" + 10 digits with a fitting UPS waybill check digit.
		{"C1004444443", []string{"amazon", "ups"}},
		// A 12-digit DHL Paket Identcode that passes the FedEx Express
		// check and GLS's as well.
		{"201298452277", []string{"fedex", "gls", "dhl_parcel_de"}},
		// JJD piece ids: DHL Express, and DHL Paket in Germany.
		{"JJD1410302937991", []string{"dhl_express", "dhl_parcel_de"}},
		// An SSCC of a German GS1 company behind "00": DHL Paket, then
		// FedEx Ground, then USPS whose 20-digit check it also passes.
		{"00340433836442636597", []string{"dhl_parcel_de", "fedex", "usps"}},
		// UPS Mail Innovations package id; no check digit.
		{"MI123456ABC1234567", []string{"ups"}},
	} {
		got := carrier.Detect(tc.number)
		var ids []string
		for _, m := range got {
			ids = append(ids, m.Carrier)
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("Detect(%q) carriers = %v, want %v", tc.number, ids, tc.want)
		}
		checkInvariants(t, tc.number, got)
	}
	// The contract case: a 20-digit USPS number is not a FedEx SmartPost
	// one (their check rules differ).
	if got := one(t, "0307 1790 0005 2348 3741"); got.Carrier != "usps" {
		t.Errorf("USPS 20: %+v", got)
	}
}

// checkInvariants asserts what holds for every Detect result: ranked by
// Confidence, one match per carrier, consistent strings.
func checkInvariants(t *testing.T, number string, got []carrier.Match) {
	t.Helper()
	seen := map[string]bool{}
	norm := strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\t", "", "\n", "").Replace(number))
	for i, m := range got {
		if m.Carrier == "" {
			t.Errorf("Detect(%q)[%d] has no carrier: %+v", number, i, m)
		}
		if seen[m.Carrier] {
			t.Errorf("Detect(%q) names %s twice", number, m.Carrier)
		}
		seen[m.Carrier] = true
		if !carrier.Detectable(m.Carrier) {
			t.Errorf("Detect(%q)[%d] names %q, which Detectable does not know", number, i, m.Carrier)
		}
		if m.Confidence <= 0 || m.Confidence > 1 {
			t.Errorf("Detect(%q)[%d].Confidence = %v, want in (0, 1]", number, i, m.Confidence)
		}
		if i > 0 && got[i-1].Confidence < m.Confidence {
			t.Errorf("Detect(%q) not ranked by confidence: %+v", number, got)
		}
		if m.Normalized != norm {
			t.Errorf("Detect(%q)[%d].Normalized = %q, want %q", number, i, m.Normalized, norm)
		}
		if m.TrackingNumber == "" || !strings.Contains(m.Normalized, m.TrackingNumber) {
			t.Errorf("Detect(%q)[%d].TrackingNumber = %q, not part of %q", number, i, m.TrackingNumber, m.Normalized)
		}
	}
}

// benchNumbers mixes formats, collisions, misses and junk, roughly as a shop
// backend sees them.
var benchNumbers = []string{
	"1Z5R89390357567127",
	"1Z 879E 9303 4683 4440",
	"986578788855",
	"0307 1790 0005 2348 3741",
	"9400111206206406260787",
	"420 11213 92 6129098349792366623 8",
	"9622001560001234567100794808390594",
	"3318810025",
	"TBA502887274000",
	"C11031500001879",
	"RB123456785GB",
	"LX17635036",
	"GM2951173225174494",
	"0081 827 0998 0000 0200 33 350 276 C",
	"320595463938",
	"JJD0002257639032011",
	"07209562763",
	"hello",
	"1Z1111111111111111",
	"0000 0000 0000 0000 0000 0000 0000 0000 00",
}

// BenchmarkDetect measures Detect over benchNumbers ("mixed") and over
// numbers no format accepts ("miss", which must not allocate).
func BenchmarkDetect(b *testing.B) {
	run := func(b *testing.B, numbers []string) {
		b.ReportAllocs()
		found := 0
		for b.Loop() {
			for _, n := range numbers {
				found += len(carrier.Detect(n))
			}
		}
		per := float64(b.Elapsed().Nanoseconds()) / float64(b.N*len(numbers))
		b.ReportMetric(per, "ns/number")
		b.ReportMetric(1e9/per, "numbers/s")
		b.ReportMetric(float64(found)/float64(b.N*len(numbers)), "matches/number")
	}
	b.Run("mixed", func(b *testing.B) { run(b, benchNumbers) })
	b.Run("miss", func(b *testing.B) {
		run(b, []string{"hello", "1Z1111111111111111", "0307 1790 0005 2348 3744", "RB123456785XX", "12345678901234567890123"})
	})
}
