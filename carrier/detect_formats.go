package carrier

// Confidence levels, from most to least certain. Formats without a check
// digit rank below checked ones; the less likely side of a known collision
// ranks below the likely one.
const (
	confDistinct  = 0.98 // check digit on a format with a prefix or shape no other carrier uses
	confChecked   = 0.9  // check digit on an all-digit number of a length only one carrier uses here
	confWeak      = 0.8  // check digit that catches fewer errors (DHL mod 7) or a likely collision winner
	confShared    = 0.7  // the runner-up of a known collision
	confShape     = 0.6  // distinctive prefix, no check digit
	confUnlikely  = 0.45 // the last of a collision
	confShapeOnly = 0.3  // all-digit shape, no check digit
)

// detectNumeric handles all-digit numbers.
func detectNumeric(b []byte, c *candidates) {
	n := len(b)
	switch n {
	case 10, 11:
		// Old Dominion PRO numbers: "072", "777", "778" or "780" and 7
		// digits, or a guaranteed shipment's "80" and 8 digits, then a Luhn
		// check digit. The prefix and the Luhn check outrank DHL's mod 7.
		if n == 11 && oldDominionPrefix(b) && luhnCheck(b) {
			c.add(candidate{carrier: "old_dominion", service: "PRO", conf: confChecked, checked: true, hi: n})
		}
		// DHL Express waybill: 9 or 10 digits and a mod-7 check digit.
		if mod7Check(b) {
			c.add(candidate{carrier: "dhl_express", service: "Express", conf: confWeak, checked: true, hi: n})
		}
	case 12:
		// FedEx Express, and the Deutsche Post DHL parcel "Identcode"
		// (mod 10, weights 4 and 9): a number may pass both checks.
		fedex := fedexMod11(b)
		if fedex {
			c.add(candidate{carrier: "fedex", service: "Express", conf: confChecked, checked: true, hi: n})
		}
		// Purolator: a first digit 0-5, 10 digits and a Luhn check digit.
		// When the FedEx check fits too, Purolator's own numbers (which
		// begin 0-3) come first, FedEx's (mostly 4-9) second.
		if b[0] <= '5' && luhnCheck(b) {
			conf := confWeak + 0.05
			if fedex && b[0] <= '3' {
				conf = confChecked + 0.01
			}
			c.add(candidate{carrier: "purolator", conf: conf, checked: true, hi: n})
		}
		// GLS: 11 digits and its check digit (weights 3,1 plus one).
		if glsCheck(b) {
			c.add(candidate{carrier: "gls", conf: confWeak, checked: true, hi: n})
		}
		if identcodeCheck(b) {
			c.add(candidate{carrier: "dhl_parcel_de", service: "Paket", conf: confWeak - 0.05, checked: true, hi: n})
		}
	case 14:
		// DPD's 14-digit parcel number without its check character
		// begins with its depot's "0"; DHL eCommerce's 14-digit numbers
		// do not. Neither has a check digit to go by.
		if b[0] == '0' {
			c.add(candidate{carrier: "dpd", conf: confShapeOnly + 0.05, hi: n})
		}
		c.add(candidate{carrier: "dhl_ecommerce", service: "eCommerce", conf: confShapeOnly, hi: n})
	case 15:
		if gs1Check("", b) {
			c.add(candidate{carrier: "fedex", service: "Ground", conf: confChecked, checked: true, hi: n})
		}
		// DPD: a 14-digit parcel number and its MOD 37,36 check
		// character, here a digit; after FedEx when both fit.
		if mod3736Check(b[:14], b[14]) {
			c.add(candidate{carrier: "dpd", conf: confWeak, checked: true, hi: n})
		}
	case 24:
		// 24 digits, no published check digit: bpost's parcel numbers
		// begin "3232", InPost's (Poland) the others.
		if b[0] == '3' && b[1] == '2' && b[2] == '3' && b[3] == '2' {
			c.add(candidate{carrier: "bpost", conf: confShapeOnly, hi: n})
			return
		}
		c.add(candidate{carrier: "inpost", conf: confShapeOnly, hi: n})
		return
	case 28:
		// DPD's full barcode: destination postcode (7), parcel number
		// (14), service (3), country (3) and a MOD 37,36 check.
		dpd28(b, c)
		return
	case 32:
		// FedEx ASTRA barcode: "3", 15 digits of routing and form, the
		// 12-digit Express number with its check digit, 4 more digits.
		if b[0] == '3' && fedexMod11(b[16:28]) {
			c.add(candidate{carrier: "fedex", service: "Express", conf: confDistinct, checked: true, lo: 16, hi: 28})
		}
		return
	case 16:
		if gs1Check("", b) {
			c.add(candidate{carrier: "canadapost", conf: confChecked, checked: true, hi: n})
		}
	case 18:
		// SSCC-18 (serial shipping container code), used by FedEx Ground.
		if gs1Check("", b) {
			c.add(candidate{carrier: "fedex", service: "Ground", conf: confChecked, checked: true, hi: n})
		}
	case 22:
		if b[0] == '9' && b[1] == '6' {
			// FedEx Ground barcode: "96", 2-digit SCNC, 3-digit service,
			// then the 15-digit Ground number with its check digit.
			if gs1Check("", b[7:]) {
				c.add(candidate{carrier: "fedex", service: "Ground", conf: confDistinct, checked: true, lo: 7, hi: n})
			}
			return
		}
	case 34:
		if b[0] == '9' && b[1] == '6' {
			fedex34(b, "Ground", c)
			return
		}
		if b[0] <= '8' && !(b[0] == '4' && b[1] == '2' && b[2] == '0') {
			fedex34(b, "Express", c)
			return
		}
	}
	postal(b, 0, c)
	if n > 12 && b[0] == '4' && b[1] == '2' && b[2] == '0' {
		// USPS routing prefix: "420" + ZIP5 or "420" + ZIP9.
		postal(b, 8, c)
		postal(b, 12, c)
	}
}

// oldDominionPrefix reports whether an 11-digit number begins as Old
// Dominion's PRO numbers do.
func oldDominionPrefix(b []byte) bool {
	switch {
	case b[0] == '8' && b[1] == '0':
		return true
	case b[0] == '0' && b[1] == '7' && b[2] == '2',
		b[0] == '7' && b[1] == '8' && b[2] == '0',
		b[0] == '7' && b[1] == '7' && (b[2] == '7' || b[2] == '8'):
		return true
	}
	return false
}

// nordicSSCC reports whether a 20-digit "00" SSCC carries the GS1 prefix of
// Sweden (73), Norway (70), Denmark (57) or Finland (64) behind its
// extension digit, as PostNord's parcel numbers do.
func nordicSSCC(b []byte) bool {
	switch pair(b[3], b[4]) {
	case pair('7', '3'), pair('7', '0'), pair('5', '7'), pair('6', '4'):
		return true
	}
	return false
}

// dpd28 checks DPD's 28-character barcode: 27 digits and a MOD 37,36 check
// character (a digit or a letter) over them. The parcel number, characters
// 8 to 21, is what DPD tracks.
func dpd28(b []byte, c *candidates) {
	if len(b) != 28 || !allDigits(b[:27]) || !mod3736Check(b[:27], b[27]) {
		return
	}
	c.add(candidate{carrier: "dpd", conf: confDistinct, checked: true, lo: 7, hi: 21})
}

// fedex34 checks a 34-digit FedEx barcode (Express "10..." or Ground GSN
// "96..."): its last 14 digits are a 13-digit serial and a check digit under
// the FedEx Express mod-11 rule. The serial is the 12-digit Express number
// behind two leading zeros.
func fedex34(b []byte, service string, c *candidates) {
	n := len(b)
	if !fedexMod11(b[n-14:]) {
		return
	}
	lo := 0
	if b[n-14] == '0' && b[n-13] == '0' {
		lo = n - 12
	}
	c.add(candidate{carrier: "fedex", service: service, conf: confDistinct, checked: true, lo: lo, hi: n})
}

// postal checks b[lo:] as a USPS IMpb number (20, 22 or 26 digits), which
// FedEx SmartPost and DHL eCommerce numbers also are. lo > 0 means b starts
// with a "420" + ZIP routing prefix of that length, which gives the number
// more weight as a postal barcode.
func postal(b []byte, lo int, c *candidates) {
	core := b[lo:]
	n := len(b)
	boost := 0.0
	if lo > 0 {
		boost = 0.01
	}
	switch len(core) {
	case 20:
		// Three 20-digit forms, told apart by the application identifier
		// their check digit assumes: none (the older USPS 20-digit number),
		// "91" (USPS IMpb without its identifier) or "92" (FedEx SmartPost
		// without its identifier). The three checks cannot pass together.
		k := candidate{checked: true, lo: lo, hi: n}
		switch {
		case gs1Check("", core):
			if core[0] != '0' || core[1] != '0' {
				k.carrier, k.service, k.conf = "usps", "IMpb", confChecked+boost
				c.add(k)
				break
			}
			// "00" is the GS1 application identifier of an SSCC-18
			// (serial shipping container code), whose check is the same:
			// FedEx Ground prints them, and so does DHL Paket in Germany
			// (GS1 prefix 40-44 behind extension digit 3: "00340"...).
			usps, fedex, dhl := k, k, k
			if nordicSSCC(core) {
				pn := k
				pn.carrier, pn.conf = "postnord", confWeak+0.05
				c.add(pn)
			}
			usps.carrier, usps.service, usps.conf = "usps", "IMpb", confUnlikely
			fedex.carrier, fedex.service, fedex.conf = "fedex", "Ground", confShared
			dhl.carrier, dhl.service, dhl.conf = "dhl_parcel_de", "Paket", confWeak
			if core[2] == '3' && core[3] == '4' && core[4] >= '0' && core[4] <= '4' {
				c.add(dhl)
			}
			c.add(fedex)
			c.add(usps)
		case gs1Check("91", core):
			k.carrier, k.service, k.conf = "usps", "IMpb", confChecked+boost
			c.add(k)
		case gs1Check("92", core):
			k.carrier, k.service, k.conf = "fedex", "SmartPost", confChecked+boost
			c.add(k)
		}
	case 22, 26:
		// Application identifier 91-95, then service code, mailer id,
		// serial and check digit.
		if core[0] != '9' || core[1] < '1' || core[1] > '5' || !gs1Check("", core) {
			return
		}
		if len(core) == 26 || core[1] != '2' {
			c.add(candidate{carrier: "usps", service: "IMpb", conf: confDistinct, checked: true, lo: lo, hi: n})
			return
		}
		// "92" numbers of 22 digits: FedEx SmartPost labels are IMpb
		// numbers too, and so are DHL eCommerce's. The mailer id tells
		// them apart where it is known; otherwise USPS, which tracks every
		// IMpb number, comes first. Service code 612 (Parcel Select
		// Lightweight) is what both consolidators print.
		k := candidate{service: "IMpb", checked: true, lo: lo, hi: n}
		usps, fedex, dhl := k, k, k
		usps.carrier, fedex.carrier, dhl.carrier = "usps", "fedex", "dhl_ecommerce"
		fedex.service, dhl.service = "SmartPost", "eCommerce"
		switch mailerOf(core) {
		case "fedex":
			fedex.conf, usps.conf = confWeak, confShared
			dhl.carrier = ""
		case "dhl_ecommerce":
			dhl.conf, usps.conf = confWeak, confShared
			fedex.carrier = ""
		default:
			usps.conf, fedex.conf, dhl.conf = confChecked, confUnlikely, confUnlikely-0.05
			if core[2] != '6' || core[3] != '1' || core[4] != '2' {
				dhl.carrier = ""
			}
		}
		usps.conf += boost
		fedex.conf += boost
		dhl.conf += boost
		c.add(usps)
		if fedex.carrier != "" {
			c.add(fedex)
		}
		if dhl.carrier != "" {
			c.add(dhl)
		}
	}
}

// mailerOf names the consolidator whose USPS mailer id (the 9 digits after
// "92" and the 3-digit service code) a 22-digit "92" IMpb number carries,
// for the mailer ids of the carriers' published sample numbers; empty for
// the others.
func mailerOf(core []byte) string {
	mid := core[5:14]
	switch string(mid) {
	case "927007687", "909834979", "931487032":
		return "fedex"
	case "903361287":
		return "dhl_ecommerce"
	}
	if string(mid[:4]) == "9999" {
		// The 9999xxxxx mailer ids of FedEx's published mock numbers.
		return "fedex"
	}
	return ""
}

// detectAlnum handles numbers with at least one letter.
func detectAlnum(b []byte, c *candidates) {
	n := len(b)
	switch {
	case n == 18 && b[0] == '1' && b[1] == 'Z':
		ups1Z(b, c)
	case n == 13 && isUpper(b[0]) && isUpper(b[1]) && allDigits(b[2:11]) && isUpper(b[11]) && isUpper(b[12]):
		s10(b, c)
	}
	if n == 11 && isUpper(b[0]) && allDigits(b[1:]) {
		if b[0] == 'C' {
			// Amazon international shipments: "C" + 10 digits, no
			// published check digit.
			c.add(candidate{carrier: "amazon", service: "International", conf: confShape, hi: n})
		}
		// UPS waybill: a service letter, 9 digits and a UPS mod-10 check
		// digit.
		if upsCheck(b[1:10], b[10]) {
			conf := confWeak
			if b[0] == 'C' {
				conf = confUnlikely
			}
			c.add(candidate{carrier: "ups", service: "Waybill", conf: conf, checked: true, hi: n})
		}
	}
	if n == 15 && (b[0] == 'C' || b[0] == 'D') && allDigits(b[1:]) {
		// OnTrac: "C" or "D" and 14 digits, the last a UPS-style check
		// digit over the letter and the 13 digits before it.
		if upsCheck(b[:14], b[14]) {
			c.add(candidate{carrier: "ontrac", conf: confDistinct, checked: true, hi: n})
		}
	}
	if n == 15 && b[0] == 'T' && b[1] == 'B' && (b[2] == 'A' || b[2] == 'C' || b[2] == 'M') && allDigits(b[3:]) {
		c.add(candidate{carrier: "amazon", service: "Logistics", conf: confShape, hi: n})
	}
	if n == 14 && b[0] == 'D' && b[1] == 'T' && allDigits(b[2:]) && fedexMod11(b[2:]) {
		// FedEx door tag: "DT" and a 12-digit number under the Express
		// check.
		c.add(candidate{carrier: "fedex", service: "Door Tag", conf: confDistinct, checked: true, hi: n})
	}
	if n >= 9 && n <= 30 && b[0] == 'M' && b[1] == 'I' && allDigits(b[2:8]) {
		// UPS Mail Innovations package id: "MI", a 6-digit customer
		// number and up to 22 characters chosen by the shipper.
		c.add(candidate{carrier: "ups", service: "Mail Innovations", conf: confShape, hi: n})
	}
	if n == 10 && b[0] == 'L' && lasershipLX(b[1]) && b[2] >= '1' && b[2] <= '3' && allDigits(b[3:]) {
		c.add(candidate{carrier: "lasership", conf: confShape, hi: n})
	}
	if n >= 15 && b[0] == '1' && b[1] == 'L' && b[2] == 'S' {
		lasership1LS(b, c)
	}
	if n == 19 && b[0] == 'J' && b[1] == 'J' && b[2] == 'D' && allDigits(b[3:]) ||
		n == 18 && b[0] == 'J' && b[1] == 'D' && allDigits(b[2:]) {
		// Yodel: "JJD" or "JD" and 16 digits. DHL's JJD piece ids are
		// 13 to 23 characters long, so a 19-character one may be DHL's.
		c.add(candidate{carrier: "yodel", conf: confShape + 0.05, hi: n})
	}
	detectLongTail(b, c)
	if n >= 13 && n <= 23 && b[0] == 'J' && b[1] == 'J' && b[2] == 'D' && allDigits(b[3:]) ||
		n >= 14 && n <= 24 && b[0] == 'J' && b[1] == 'V' && b[2] == 'G' && b[3] == 'L' && allDigits(b[4:]) {
		// Piece ids of DHL's license plates: DHL Express's, which DHL Paket
		// in Germany prints too.
		c.add(candidate{carrier: "dhl_express", service: "Express", conf: confShape, hi: n})
		c.add(candidate{carrier: "dhl_parcel_de", service: "Paket", conf: confShape - 0.1, hi: n})
	}
	if n >= 18 && n <= 39 && b[0] == 'G' && b[1] == 'M' {
		c.add(candidate{carrier: "dhl_ecommerce", service: "eCommerce", conf: confShape, hi: n})
	}
}

// lasershipLX reports whether ch is the second letter of a LaserShip "L"
// number.
func lasershipLX(ch byte) bool {
	switch ch {
	case 'A', 'I', 'E', 'H', 'N', 'X':
		return true
	}
	return false
}

// detectLongTail handles the alphanumeric formats of regional carriers that
// have no check digit, told apart by their prefix and length.
func detectLongTail(b []byte, c *candidates) {
	n := len(b)
	switch {
	case n == 22 && canparLetter(b[0]) && allDigits(b[1:]):
		// Canpar: a letter and 21 digits.
		c.add(candidate{carrier: "canpar", conf: confShape, hi: n})
	case n == 15 && allDigits(b[:14]) && isUpper(b[14]):
		// DPD: 14-digit parcel number and a MOD 37,36 check letter.
		if mod3736Check(b[:14], b[14]) {
			c.add(candidate{carrier: "dpd", conf: confDistinct, checked: true, hi: n})
		}
	case n == 28 && isUpper(b[27]):
		dpd28(b, c)
	case n == 18 && b[0] == 'G' && b[1] == 'F' && b[2] == 'U' && b[3] == 'S' && allDigits(b[4:]):
		// GOFO Express (US): "GFUS" and 14 digits.
		c.add(candidate{carrier: "gofo", conf: confShape, hi: n})
	case n == 13 && b[0] == 'L' && b[1] == 'T' && b[2] == 'N' && allDigits(b[3:11]) && b[11] == 'N' && b[12] == '1':
		// Landmark Global: "LTN", 8 digits, "N1".
		c.add(candidate{carrier: "landmark", conf: confShape, hi: n})
	case n == 20 && b[0] == 'S' && b[1] == 'P' && allDigits(b[2:]):
		// Spee-Dee Delivery: "SP" and 18 digits.
		c.add(candidate{carrier: "speedee", conf: confShape, hi: n})
	case n >= 13 && n <= 15 && b[0] == '3' && b[1] == 'S' && isUpper(b[2]) && isUpper(b[3]) && isUpper(b[4]) && isUpper(b[5]) && allDigits(b[6:]):
		// PostNL domestic barcode: "3S", a 4-letter customer code and 7
		// to 9 digits.
		c.add(candidate{carrier: "postnl", conf: confShape, hi: n})
	case n == 13 && isDigit(b[0]) && isUpper(b[1]) && allDigits(b[2:]):
		// Colissimo (La Poste): a digit, a letter and 11 digits.
		c.add(candidate{carrier: "laposte", service: "Colissimo", conf: confShape, hi: n})
	case n == 18 && b[0] == 'Y' && b[1] == 'T' && allDigits(b[2:]):
		// YunExpress: "YT" and 16 digits.
		c.add(candidate{carrier: "yunexpress", conf: confShape, hi: n})
	case n == 12 && isUpper(b[0]) && isUpper(b[1]) && isUpper(b[2]) && allDigits(b[3:]):
		// Purolator: 3 letters and 9 digits.
		c.add(candidate{carrier: "purolator", conf: confShape, hi: n})
	}
}

// canparLetter reports whether ch begins a Canpar number.
func canparLetter(ch byte) bool {
	switch ch {
	case 'C', 'D', 'K', 'L', 'S', 'U', 'X', 'Z':
		return true
	}
	return false
}

// lasership1LS handles LaserShip's "1LS" numbers: "1LS7" + "1" or "2" + 10
// digits (15 characters), the 17-character "1LS7" form ending in "-1"
// (the dash is gone once normalized), and "1LS" + 12 letters or digits.
func lasership1LS(b []byte, c *candidates) {
	n := len(b)
	switch {
	case n == 15 && b[3] == '7' && (b[4] == '1' || b[4] == '2') && allDigits(b[5:]):
	case n == 17 && b[3] == '7' && (b[4] == '1' || b[4] == '2') && allDigits(b[5:]) &&
		b[7] == '0' && b[8] == '1' && b[9] >= '1' && b[9] <= '4' && b[16] == '1':
	case n == 15 && b[3] == 'C' && b[4] == 'X' && allAlnum(b[5:]):
	default:
		return
	}
	c.add(candidate{carrier: "lasership", conf: confShape, hi: n})
}

// pair packs two characters into one comparable value.
func pair(a, b byte) uint16 { return uint16(a)<<8 | uint16(b) }

// allAlnum reports whether b holds only digits and capital letters.
func allAlnum(b []byte) bool {
	for _, ch := range b {
		if !isDigit(ch) && !isUpper(ch) {
			return false
		}
	}
	return true
}

// ups1Z checks a UPS "1Z" number: 6-character shipper account, 2-character
// service, 7-character package id and a check digit over those 15.
func ups1Z(b []byte, c *candidates) {
	if !allAlnum(b[2:]) || !upsCheck(b[2:17], b[17]) {
		return
	}
	c.add(candidate{carrier: "ups", service: upsService(b[8], b[9]), conf: confDistinct, checked: true, hi: len(b)})
}

// upsService names the service of a 1Z number's two service characters,
// for the common ones; empty otherwise.
func upsService(a, b byte) string {
	switch pair(a, b) {
	case pair('0', '1'):
		return "Next Day Air"
	case pair('0', '2'):
		return "2nd Day Air"
	case pair('0', '3'):
		return "Ground"
	case pair('1', '2'):
		return "3 Day Select"
	case pair('1', '3'):
		return "Next Day Air Saver"
	case pair('1', '5'):
		return "Next Day Air Early"
	case pair('6', '6'):
		return "Worldwide Express"
	case pair('Y', 'W'):
		return "SurePost"
	}
	return ""
}

// s10 checks a UPU S10 number (2 letters, 8 digits, check digit, country)
// and names the post of its country.
func s10(b []byte, c *candidates) {
	if !s10Check(b[2:11]) {
		return
	}
	id, ok := postOf(b[11], b[12])
	if !ok {
		return
	}
	c.add(candidate{carrier: id, service: "S10", conf: confDistinct, checked: true, country: true, hi: len(b)})
}

// postOf returns the carrier id of the national post of an ISO country
// code: wismo's carrier ids for the posts it knows, "upu_xx" for the
// others.
// It reports false for a code that is not an ISO 3166-1 country.
func postOf(a, b byte) (string, bool) {
	switch pair(a, b) {
	case pair('U', 'S'):
		return "usps", true
	case pair('G', 'B'):
		return "royalmail", true
	case pair('C', 'A'):
		return "canadapost", true
	case pair('D', 'E'):
		return "deutschepost", true
	case pair('F', 'R'):
		return "laposte", true
	case pair('N', 'L'):
		return "postnl", true
	case pair('A', 'U'):
		return "auspost", true
	case pair('B', 'E'):
		return "bpost", true
	case pair('S', 'E'), pair('D', 'K'):
		return "postnord", true
	}
	lo, hi := 0, len(isoCountries)/2
	for lo < hi {
		mid := (lo + hi) / 2
		x, y := isoCountries[2*mid], isoCountries[2*mid+1]
		switch {
		case x == a && y == b:
			return upuIDs[6*mid : 6*mid+6], true
		case x < a || x == a && y < b:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return "", false
}

// isoCountries lists the ISO 3166-1 alpha-2 country codes, sorted, two
// letters each: the country suffixes an S10 number may carry.
const isoCountries = "" +
	"ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBS" +
	"BTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEE" +
	"EGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHM" +
	"HNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLC" +
	"LILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNA" +
	"NCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURW" +
	"SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTO" +
	"TRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW"

// upuIDs holds "upu_xx" for each code of isoCountries, six bytes each at
// the same index, so that Detect can name other posts without allocating.
const upuIDs = "" +
	"upu_adupu_aeupu_afupu_agupu_aiupu_alupu_amupu_aoupu_aqupu_ar" +
	"upu_asupu_atupu_auupu_awupu_axupu_azupu_baupu_bbupu_bdupu_be" +
	"upu_bfupu_bgupu_bhupu_biupu_bjupu_blupu_bmupu_bnupu_boupu_bq" +
	"upu_brupu_bsupu_btupu_bvupu_bwupu_byupu_bzupu_caupu_ccupu_cd" +
	"upu_cfupu_cgupu_chupu_ciupu_ckupu_clupu_cmupu_cnupu_coupu_cr" +
	"upu_cuupu_cvupu_cwupu_cxupu_cyupu_czupu_deupu_djupu_dkupu_dm" +
	"upu_doupu_dzupu_ecupu_eeupu_egupu_ehupu_erupu_esupu_etupu_fi" +
	"upu_fjupu_fkupu_fmupu_foupu_frupu_gaupu_gbupu_gdupu_geupu_gf" +
	"upu_ggupu_ghupu_giupu_glupu_gmupu_gnupu_gpupu_gqupu_grupu_gs" +
	"upu_gtupu_guupu_gwupu_gyupu_hkupu_hmupu_hnupu_hrupu_htupu_hu" +
	"upu_idupu_ieupu_ilupu_imupu_inupu_ioupu_iqupu_irupu_isupu_it" +
	"upu_jeupu_jmupu_joupu_jpupu_keupu_kgupu_khupu_kiupu_kmupu_kn" +
	"upu_kpupu_krupu_kwupu_kyupu_kzupu_laupu_lbupu_lcupu_liupu_lk" +
	"upu_lrupu_lsupu_ltupu_luupu_lvupu_lyupu_maupu_mcupu_mdupu_me" +
	"upu_mfupu_mgupu_mhupu_mkupu_mlupu_mmupu_mnupu_moupu_mpupu_mq" +
	"upu_mrupu_msupu_mtupu_muupu_mvupu_mwupu_mxupu_myupu_mzupu_na" +
	"upu_ncupu_neupu_nfupu_ngupu_niupu_nlupu_noupu_npupu_nrupu_nu" +
	"upu_nzupu_omupu_paupu_peupu_pfupu_pgupu_phupu_pkupu_plupu_pm" +
	"upu_pnupu_prupu_psupu_ptupu_pwupu_pyupu_qaupu_reupu_roupu_rs" +
	"upu_ruupu_rwupu_saupu_sbupu_scupu_sdupu_seupu_sgupu_shupu_si" +
	"upu_sjupu_skupu_slupu_smupu_snupu_soupu_srupu_ssupu_stupu_sv" +
	"upu_sxupu_syupu_szupu_tcupu_tdupu_tfupu_tgupu_thupu_tjupu_tk" +
	"upu_tlupu_tmupu_tnupu_toupu_trupu_ttupu_tvupu_twupu_tzupu_ua" +
	"upu_ugupu_umupu_usupu_uyupu_uzupu_vaupu_vcupu_veupu_vgupu_vi" +
	"upu_vnupu_vuupu_wfupu_wsupu_yeupu_ytupu_zaupu_zmupu_zw"
