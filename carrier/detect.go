package carrier

// Match is one carrier whose tracking-number format, and check digit where the
// format has one, fit a number given to Detect.
type Match struct {
	// Carrier is the carrier's lowercase id: "ups", "fedex", "usps",
	// "dhl_express", "dhl_ecommerce", "dhl_parcel_de", "amazon", "ontrac",
	// "lasership", "canadapost", "purolator", "canpar", "dpd", "yodel",
	// "old_dominion", "speedee", "landmark", "yunexpress", "gofo", "gls",
	// "inpost", "bpost", "postnord", a national post for S10 numbers
	// ("royalmail", "deutschepost", "laposte", "postnl", "auspost",
	// "bpost", "postnord" for Sweden and Denmark, ...) or
	// "upu_xx" (xx the lowercase country code) for the posts of other
	// countries. It is never empty; Detectable reports whether Detect can
	// name an id.
	Carrier string
	// Service names the format or service the number reveals: "Express",
	// "Ground", "SmartPost", "Door Tag", "IMpb", "S10", "Waybill",
	// "Mail Innovations", "eCommerce", "Paket", "Logistics",
	// "International", or a UPS service such as "Ground" or "Next Day Air"
	// read from a 1Z number. Empty when the format says nothing more than
	// the carrier.
	Service string
	// Normalized is the number as given, without spaces and dashes,
	// uppercased.
	Normalized string
	// TrackingNumber is the number to hand to the carrier's Track: usually
	// Normalized itself, but the part of a longer barcode that the carrier
	// tracks when there is one: the IMpb number after a USPS "420" + ZIP
	// routing prefix, or the 12-digit FedEx number inside a 34-digit FedEx
	// barcode. It is always a substring of Normalized.
	TrackingNumber string
	// Country is the ISO 3166-1 alpha-2 code of the issuing post of an S10
	// (UPU) number, such as "GB"; empty for other formats.
	Country string
	// Confidence ranks the candidates of one Detect call, in (0, 1]: about
	// 0.9 or more when a check digit confirmed a format only this carrier
	// uses, lower for formats without a check digit and for the less likely
	// side of a known collision. It is a ranking aid, not a probability, and
	// means little across different numbers.
	Confidence float64
	// Checked reports that the format carries a check digit and that it
	// matched. False for formats without one (Amazon TBA, LaserShip, DHL
	// JJD/JVGL and GM numbers, FedEx door tags), whose detection rests on
	// their shape alone.
	Checked bool
}

// maxNormalized is the longest normalized number Detect looks at; longer
// input is not a tracking number of any supported format.
const maxNormalized = 40

// maxCandidates bounds the matches one number can produce.
const maxCandidates = 8

// Detect names the carriers whose tracking-number format and check digit fit
// number, best first. It returns nil when none does.
//
// Spaces, tabs, line breaks and dashes are ignored, and letters may be of
// either case; any other character (punctuation, non-ASCII) means the input is
// not a tracking number. Detect never guesses silently between carriers that
// share a format: a number valid for several carriers comes back as several
// matches, ordered by Confidence, at most one per carrier. The known
// collisions are:
//
//   - 22-digit IMpb numbers starting "92": USPS delivers and tracks them,
//     but FedEx SmartPost (Ground Economy) and DHL eCommerce print them too.
//     The mailer id inside the number puts FedEx or DHL eCommerce first for
//     the mailer ids of their published samples; otherwise USPS comes first,
//     FedEx second, and DHL eCommerce third when the service code is 612.
//   - 12 digits: FedEx Express, and the DHL Paket (Germany) Identcode when
//     its own check digit fits as well; FedEx first.
//   - 20 digits beginning "00" (an SSCC behind its GS1 identifier): DHL
//     Paket first when the SSCC is German ("00340" to "00344"), then FedEx
//     Ground, then USPS, whose 20-digit check is the same; PostNord first
//     when the SSCC's GS1 prefix is Swedish, Norwegian, Danish or Finnish
//     (73, 70, 57, 64 behind the extension digit).
//   - "JJD" and "JVGL" piece ids: DHL Express, then DHL Paket.
//   - "C" + 10 digits: Amazon international first, a UPS waybill second when
//     its check digit fits.
//   - 11 digits: Old Dominion (its prefixes and Luhn check) before DHL
//     Express (mod 7).
//   - 12 digits: FedEx Express, Purolator (first digit 0-5, Luhn) and the DHL
//     Paket Identcode, and GLS (its own check): FedEx first, Purolator
//     second, GLS third, DHL last, except that a
//     number passing both the FedEx and Purolator checks and beginning 0-3
//     (Purolator's range) names Purolator first.
//   - 15 digits: FedEx Ground (GS1 mod 10) before DPD (MOD 37,36 with a
//     digit as its check character).
//   - "JJD" + 16 digits: Yodel first (shape), then DHL Express and DHL Paket.
//   - 14 digits beginning "0": DPD (a parcel number without its check
//     character) before DHL eCommerce, both by shape.
//
// Numbers shorter than 10 characters, and numbers of one character repeated
// (all zeros, all ones), are no tracking number and give nil.
//
// Lengths keep the other formats apart: an all-digit number of 10 or 11
// digits can only be DHL Express, 15 only FedEx Ground, 16 only Canada Post;
// of the three 20-digit check rules (USPS, USPS IMpb without its "91",
// FedEx SmartPost without its "92") at most one can pass.
//
// Formats and the checks applied (facts from the carriers' published label
// specifications, as collected by the tracking_number_data project):
//
//   - UPS: "1Z" + 16 characters, mod-10 check over the 15 characters after
//     1Z with letters mapped to digits as UPS does (weights 1,2 from the
//     left); UPS waybills (a letter + 10 digits, same check over the 9 inner
//     digits); Mail Innovations package ids ("MI", 6-digit customer number,
//     up to 22 characters; shape only).
//   - FedEx: Express 12 digits (mod 11 with weights 1,3,7 from the right,
//     then mod 10); Ground 15 digits and the 22-digit "96" Ground barcode
//     (GS1 mod 10, weights 3,1 from the right); SSCC-18; SmartPost 20 and 22
//     digits ("92" + IMpb, GS1 mod 10); 34-digit Express ("10...") and Ground
//     GSN ("96...") barcodes, checked over their embedded 12-digit number;
//     door tags ("DT" + a 12-digit number under the Express check).
//   - USPS: IMpb 20, 22 and 26 digits (GS1 mod 10; 22 and 26 digits begin
//     with the application identifier 91-95), optionally behind a "420" +
//     ZIP5 or ZIP9 routing prefix (stripped before the check); S10 numbers
//     ending in "US".
//   - DHL Express: 10 and 11 digits (mod-7 check digit); "JJD" and "JVGL"
//     piece ids (shape only). DHL eCommerce: "GM" + 16 to 37 characters,
//     14-digit numbers (shape only), and IMpb numbers of DHL's mailer id.
//     DHL Paket (Germany, "dhl_parcel_de"): 12-digit Identcode (mod 10,
//     weights 4,9) and 20-digit "00340"-"00344" SSCC numbers (GS1 mod 10).
//   - Amazon Logistics: "TBA", "TBC" or "TBM" + 12 digits; Amazon
//     international "C" + 10 digits (shape only).
//   - OnTrac: "C" or "D" + 14 digits, mod-10 check as UPS's over the letter
//     and the first 13 digits.
//   - LaserShip: "L" + letter + 8 digits, "1LS7" forms of 15 and 17
//     characters, "1LS" + 12 characters (shape only).
//   - Canada Post: 16 digits (GS1 mod 10).
//   - Purolator: 12 digits, the first 0-5, Luhn check; 3 letters + 9
//     digits (shape only).
//   - DPD: 14-digit parcel number + a MOD 37,36 (ISO 7064) check character;
//     the 28-character label barcode (postcode, parcel number, service,
//     country, MOD 37,36 check), whose TrackingNumber is the parcel number.
//   - Old Dominion: 11-digit PRO numbers ("072", "777", "778", "780" + 7
//     digits, or "80" + 8 digits) with a Luhn check digit.
//   - FedEx ASTRA: 32 digits beginning "3", the 12-digit Express number (its
//     TrackingNumber) at characters 17 to 28.
//   - GLS: 12 digits, weights 3,1 from the left, check = 10 - (sum + 1) mod
//     10.
//   - Shape only: bpost (24 digits beginning "3232"), InPost (other 24
//     digits), PostNL ("3S" + 4 letters + 7 to 9
//     digits), Colissimo (a digit, a letter, 11 digits), Canpar (C, D, K, L, S, U, X or Z + 21 digits), Yodel
//     ("JJD" or "JD" + 16 digits), GOFO ("GFUS" + 14 digits), Landmark
//     Global ("LTN" + 8 digits + "N1"), Spee-Dee ("SP" + 18 digits),
//     YunExpress ("YT" + 16 digits).
//   - UPU S10: 2 letters, 8 digits, mod-11 check digit (weights
//     8,6,4,2,3,5,9,7), ISO country code; mapped to the national post by the
//     country suffix.
//
// Detect does not allocate when nothing matches and makes at most two small
// allocations otherwise; it compiles no regular expressions.
func Detect(number string) []Match {
	var buf [maxNormalized]byte
	b, digits, ok := normalize(number, &buf)
	if !ok || len(b) < 10 || degenerate(b) {
		return nil
	}
	var c candidates
	if digits {
		detectNumeric(b, &c)
	} else {
		detectAlnum(b, &c)
	}
	if c.n == 0 {
		return nil
	}
	c.sort()
	norm := number
	if len(number) != len(b) || number != string(b) {
		norm = string(b)
	}
	out := make([]Match, c.n)
	for i := range c.n {
		k := &c.list[i]
		m := Match{
			Carrier:        k.carrier,
			Service:        k.service,
			Normalized:     norm,
			TrackingNumber: norm[k.lo:k.hi],
			Confidence:     k.conf,
			Checked:        k.checked,
		}
		if k.country {
			m.Country = norm[len(norm)-2:]
		}
		out[i] = m
	}
	return out
}

// normalize copies number into buf without spaces, tabs, line breaks and
// dashes, uppercasing letters. It reports whether the result is all digits,
// and fails on any other character or when the result does not fit buf.
func normalize(number string, buf *[maxNormalized]byte) (b []byte, digits, ok bool) {
	n := 0
	letters := byte(0)
	for i := 0; i < len(number); i++ {
		ch := normTable[number[i]]
		switch ch {
		case normSkip:
			continue
		case normBad:
			return nil, false, false
		}
		if n == len(buf) {
			return nil, false, false
		}
		letters |= ch & 0x40 // set for letters, clear for digits
		buf[n] = ch
		n++
	}
	return buf[:n], letters == 0, true
}

// Markers of normTable for bytes that are not kept.
const (
	normBad  = 0    // not part of a tracking number
	normSkip = 0xff // a separator Detect ignores
)

// normTable maps each byte to its normalized form: digits and capital
// letters to themselves, small letters to capitals, separators to normSkip
// and everything else to normBad.
var normTable = func() (t [256]byte) {
	for _, ch := range []byte(" -\t\n\r") {
		t[ch] = normSkip
	}
	for ch := byte('0'); ch <= '9'; ch++ {
		t[ch] = ch
	}
	for ch := byte('A'); ch <= 'Z'; ch++ {
		t[ch] = ch
		t[ch+'a'-'A'] = ch
	}
	return t
}()

// candidate is a Match before Detect has built its strings: lo and hi locate
// TrackingNumber in the normalized number.
type candidate struct {
	carrier, service string
	conf             float64
	checked          bool
	country          bool
	lo, hi           int
}

// candidates collects matches on the stack, at most one per carrier.
type candidates struct {
	list [maxCandidates]candidate
	n    int
}

// add records a candidate; for a carrier already present it keeps the one
// with the higher confidence.
func (c *candidates) add(k candidate) {
	for i := range c.n {
		if c.list[i].carrier == k.carrier {
			if k.conf > c.list[i].conf {
				c.list[i] = k
			}
			return
		}
	}
	if c.n < len(c.list) {
		c.list[c.n] = k
		c.n++
	}
}

// sort orders the candidates by confidence, highest first, keeping the order
// of addition among equals (insertion sort: there are only a few).
func (c *candidates) sort() {
	for i := 1; i < c.n; i++ {
		for j := i; j > 0 && c.list[j].conf > c.list[j-1].conf; j-- {
			c.list[j], c.list[j-1] = c.list[j-1], c.list[j]
		}
	}
}
