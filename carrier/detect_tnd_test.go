package carrier_test

import (
	"strings"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
)

// tndNumber is one test number of the tracking_number_data set: valid numbers
// must have carrier ranked first, invalid ones must not be given it.
type tndNumber struct {
	valid   bool
	carrier string
	format  string
	number  string
}

// TestTrackingNumberData runs Detect over every valid and invalid test number
// of tracking_number_data and prints the accuracy on each side.
//
// Two readings of the data set are Detect's documented choices: a USPS IMpb
// number of FedEx SmartPost's or DHL eCommerce's mailer id (listed under
// USPS) names that consolidator first and USPS second, and an invalid number
// of one format that is valid in another format of the same carrier (a
// 12-digit Purolator number is not "alpha + 9") may be given that carrier.
func TestTrackingNumberData(t *testing.T) {
	validFor := map[string]bool{}
	for _, n := range tndNumbers {
		if n.valid {
			validFor[n.carrier+" "+tndNormal(n.number)] = true
		}
	}
	var valid, validOK, shared, invalid, invalidOK int
	for _, n := range tndNumbers {
		ms := carrier.Detect(n.number)
		if n.valid {
			valid++
			if len(ms) > 0 && ms[0].Carrier == n.carrier {
				validOK++
				continue
			}
			if n.carrier == "usps" && len(ms) > 1 && ms[1].Carrier == "usps" &&
				(ms[0].Carrier == "fedex" || ms[0].Carrier == "dhl_ecommerce") {
				shared++
				continue
			}
			t.Errorf("valid %s %q: want %s first, got %v", n.format, n.number, n.carrier, carriersOf(ms))
			continue
		}
		if validFor[n.carrier+" "+tndNormal(n.number)] {
			continue
		}
		invalid++
		named := false
		for _, m := range ms {
			if m.Carrier == n.carrier {
				named = true
			}
		}
		if !named {
			invalidOK++
			continue
		}
		t.Errorf("invalid %s %q: given %s: %v", n.format, n.number, n.carrier, carriersOf(ms))
	}
	t.Logf("tracking_number_data: valid %d/%d (%.1f%%) right carrier first, %d more USPS IMpb second behind their consolidator; invalid %d/%d (%.1f%%) not given the carrier they imitate",
		validOK, valid, 100*float64(validOK)/float64(valid), shared, invalidOK, invalid, 100*float64(invalidOK)/float64(invalid))
}

// tndNormal is number without spaces, as Detect normalizes it.
func tndNormal(number string) string {
	return strings.ToUpper(strings.ReplaceAll(number, " ", ""))
}

func carriersOf(ms []carrier.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Carrier
	}
	return out
}

// TestDetectDegenerate checks that numbers of one character repeated, which
// pass several check digits (an all-zero number passes GS1's), name no
// carrier.
func TestDetectDegenerate(t *testing.T) {
	for _, number := range []string{
		"00000000000000000000", "0000 0000 0000 0000 0000 00", "000000000000", "000000000000000",
		"111111111111", "77777777777", "0000000000000000000000000000", "9999999999999999",
	} {
		if ms := carrier.Detect(number); ms != nil {
			t.Errorf("Detect(%q) = %v, want nil", number, carriersOf(ms))
		}
	}
}

// TestDetectLongTailCollisions pins the documented order of the long tail's
// shared shapes.
func TestDetectLongTailCollisions(t *testing.T) {
	for _, tc := range []struct {
		number string
		want   []string
		track  string
	}{
		// Purolator and FedEx checks both pass; a first digit 0-3 is
		// Purolator's.
		{"287809468872", []string{"purolator", "fedex"}, "287809468872"},
		// Yodel's JJD + 16 digits is a DHL piece id's shape too.
		{"JJD0002257639032011", []string{"yodel", "dhl_express", "dhl_parcel_de"}, "JJD0002257639032011"},
		// Old Dominion and DHL Express mod 7 both pass.
		{"78045768393", []string{"old_dominion", "dhl_express"}, "78045768393"},
		// S10 numbers of bpost and PostNord (the published RB123456785
		// serial).
		{"RB123456785BE", []string{"bpost"}, "RB123456785BE"},
		{"RB123456785SE", []string{"postnord"}, "RB123456785SE"},
		{"RB123456785DK", []string{"postnord"}, "RB123456785DK"},
		// DPD's parcel number without its check character.
		{"09980000020033", []string{"dpd", "dhl_ecommerce"}, "09980000020033"},
		// DPD's 28-character barcode tracks its 14-digit parcel number.
		{"008182709980000020033350276C", []string{"dpd"}, "09980000020033"},
		// Numbers built from published structures and check rules (not
		// recordings): a GLS parcel number, a PostNord SSCC of a Swedish
		// GS1 company, PostNL's 3S barcode, a Colissimo number, InPost's
		// and bpost's 24 digits.
		{"680123456787", []string{"gls"}, "680123456787"},
		{"00373500123456789012", []string{"postnord", "fedex", "usps"}, "00373500123456789012"},
		{"3SABCD1234567", []string{"postnl"}, "3SABCD1234567"},
		{"6A12345678901", []string{"laposte"}, "6A12345678901"},
		{"620012345678901234567890", []string{"inpost"}, "620012345678901234567890"},
		{"323212345678901234567890", []string{"bpost"}, "323212345678901234567890"},
		// FedEx ASTRA tracks the Express number inside.
		{"32971514560102447849175802862014", []string{"fedex"}, "784917580286"},
	} {
		ms := carrier.Detect(tc.number)
		got := carriersOf(ms)
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("Detect(%q) = %v, want %v", tc.number, got, tc.want)
			continue
		}
		if ms[0].TrackingNumber != tc.track {
			t.Errorf("Detect(%q)[0].TrackingNumber = %q, want %q", tc.number, ms[0].TrackingNumber, tc.track)
		}
	}
}
