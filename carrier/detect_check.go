package carrier

// Check-digit algorithms, written from the carriers' published descriptions.
// Every function takes the normalized number (or a part of it) with the check
// character last, and all of them work on bytes without allocating.

// digitVal returns the value of an ASCII digit.
func digitVal(ch byte) int { return int(ch - '0') }

// isDigit reports whether ch is an ASCII digit.
func isDigit(ch byte) bool { return ch >= '0' && ch <= '9' }

// isUpper reports whether ch is an ASCII capital letter.
func isUpper(ch byte) bool { return ch >= 'A' && ch <= 'Z' }

// allDigits reports whether b is made of ASCII digits only.
func allDigits(b []byte) bool {
	for _, ch := range b {
		if !isDigit(ch) {
			return false
		}
	}
	return true
}

// upsValue maps a character to the digit UPS uses for it in check-digit
// computations: digits are themselves, letters continue a cycle of ten from
// A=2 (A=2 ... H=9, I=0, J=1, K=2 ... Z=7), which is (ASCII code - 3) mod 10.
func upsValue(ch byte) int {
	if isDigit(ch) {
		return digitVal(ch)
	}
	return int(ch-3) % 10
}

// upsCheck is the UPS mod-10 check: over seq (letters mapped by upsValue),
// characters in odd positions from the left (the 2nd, 4th, ...) count double;
// the check digit brings the sum to a multiple of ten. OnTrac and UPS
// waybills use the same computation.
func upsCheck(seq []byte, check byte) bool {
	if !isDigit(check) {
		return false
	}
	sum := 0
	for i, ch := range seq {
		v := upsValue(ch)
		if i%2 == 1 {
			v *= 2
		}
		sum += v
	}
	return (10-sum%10)%10 == digitVal(check)
}

// gs1Check is the GS1 mod-10 check used by USPS IMpb, FedEx Ground, SSCC-18
// and Canada Post: the check digit is last, and moving left from it the
// digits weigh 3, 1, 3, 1, ...; prefix holds digits that count as if they
// stood before b (the "91"/"92" application identifier some forms omit).
func gs1Check(prefix string, b []byte) bool {
	n := len(b)
	sum := 0
	w := 3
	for i := n - 2; i >= 0; i-- {
		sum += w * digitVal(b[i])
		w = 4 - w
	}
	for i := len(prefix) - 1; i >= 0; i-- {
		sum += w * digitVal(prefix[i])
		w = 4 - w
	}
	return (10-sum%10)%10 == digitVal(b[n-1])
}

// fedexMod11 is the FedEx Express check: moving left from the check digit
// the digits weigh 1, 3, 7, 1, 3, 7, ...; the weighted sum modulo 11, then
// modulo 10, is the check digit.
func fedexMod11(b []byte) bool {
	n := len(b)
	sum := 0
	weights := [3]int{1, 3, 7}
	for i, k := n-2, 0; i >= 0; i, k = i-1, k+1 {
		sum += weights[k%3] * digitVal(b[i])
	}
	return sum%11%10 == digitVal(b[n-1])
}

// mod7Check is the DHL Express check: the number without its last digit,
// read as an integer, modulo 7 is the last digit.
func mod7Check(b []byte) bool {
	r := 0
	for _, ch := range b[:len(b)-1] {
		r = (r*10 + digitVal(ch)) % 7
	}
	return r == digitVal(b[len(b)-1])
}

// s10Check is the UPU S10 check over the 8 serial digits followed by the
// check digit: weights 8,6,4,2,3,5,9,7; the check is 11 minus the sum modulo
// 11, with 10 written as 0 and 11 as 5.
func s10Check(b []byte) bool {
	weights := [8]int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i, w := range weights {
		sum += w * digitVal(b[i])
	}
	check := 11 - sum%11
	switch check {
	case 10:
		check = 0
	case 11:
		check = 5
	}
	return check == digitVal(b[8])
}

// identcodeCheck is the check of the Deutsche Post DHL "Identcode" parcel
// number (12 digits): from the left the digits weigh 4, 9, 4, 9, ...; the
// check digit brings the sum to a multiple of ten.
func identcodeCheck(b []byte) bool {
	sum := 0
	for i, ch := range b[:len(b)-1] {
		if i%2 == 0 {
			sum += 4 * digitVal(ch)
		} else {
			sum += 9 * digitVal(ch)
		}
	}
	return (10-sum%10)%10 == digitVal(b[len(b)-1])
}

// mod3736Check is the ISO 7064 MOD 37,36 check DPD prints after its parcel
// numbers: over seq (digits and capital letters worth 10 to 35), the check
// character, a digit or a capital letter, is last.
func mod3736Check(seq []byte, check byte) bool {
	const mod = 36
	cd := mod
	for _, ch := range seq {
		v := 0
		switch {
		case isDigit(ch):
			v = digitVal(ch)
		case isUpper(ch):
			v = int(ch-'A') + 10
		default:
			return false
		}
		cd += v
		if cd > mod {
			cd -= mod
		}
		cd *= 2
		if cd > mod {
			cd -= mod + 1
		}
	}
	cd = mod + 1 - cd
	if cd == mod {
		cd = 0
	}
	if cd < 10 {
		return check == byte('0'+cd)
	}
	return check == byte('A'+cd-10)
}

// luhnCheck is the Luhn mod-10 check (Purolator, Old Dominion): moving left
// from the check digit, every second digit counts double (its digits
// summed); the total is a multiple of ten.
func luhnCheck(b []byte) bool {
	sum := 0
	double := false
	for i := len(b) - 1; i >= 0; i-- {
		v := digitVal(b[i])
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// degenerate reports whether b is one character repeated, as a filler or a
// test number is, never a real tracking number.
func degenerate(b []byte) bool {
	for _, ch := range b[1:] {
		if ch != b[0] {
			return false
		}
	}
	return true
}

// glsCheck is the GLS parcel-number check (12 digits): from the left the
// digits weigh 3, 1, 3, 1, ...; the check digit is ten minus the sum plus
// one, modulo ten (GLS Uni-Box technical documentation, chapter 3.2.1).
func glsCheck(b []byte) bool {
	sum := 1
	for i, ch := range b[:len(b)-1] {
		if i%2 == 0 {
			sum += 3 * digitVal(ch)
		} else {
			sum += digitVal(ch)
		}
	}
	return (10-sum%10)%10 == digitVal(b[len(b)-1])
}
