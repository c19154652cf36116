package returns

import (
	"strconv"
	"strings"

	"github.com/wismo-dev/wismo/notify"
)

// FormatMoney writes amount, in minor units of the ISO 4217 currency
// ("EUR"), as messages show it in the language of the BCP 47 tag locale:
// FormatMoney(4990, "EUR", "en") is "€49.90", "de-DE" gives "49,90 €",
// "fr" "49,90 €" (with no-break spaces), "nl" "€ 49,90", "es" and "it"
// "49,90 €", "pl" "49,90 €" and, for PLN, "49,90 zł"; FormatMoney(123456,
// "CHF", "en") is "CHF 1,234.56". Each language groups thousands its own
// way (Spanish and Polish only from five digits on). Languages without a
// style here are written the English way; currencies without a symbol here
// are written by their code; an empty currency writes the number alone.
// Most currencies have two minor digits; JPY, KRW and a few others none,
// BHD, KWD and a few others three.
//
// returns writes Return.Refund into Message.RefundAmount with it, in the
// recipient's locale.
func FormatMoney(amount int64, currency, locale string) string {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	digits := 2
	switch currency {
	case "JPY", "KRW", "ISK", "CLP", "VND", "HUF":
		digits = 0
	case "BHD", "KWD", "JOD", "OMR", "TND":
		digits = 3
	}
	st := moneyStyles["en"]
	for _, l := range notify.LanguageChain(locale) {
		if v, ok := moneyStyles[l]; ok {
			st = v
			break
		}
	}
	neg := amount < 0
	u := uint64(amount)
	if neg {
		u = uint64(-amount)
	}
	s := strconv.FormatUint(u, 10)
	if len(s) <= digits {
		s = strings.Repeat("0", digits-len(s)+1) + s
	}
	whole, frac := s[:len(s)-digits], s[len(s)-digits:]
	var b strings.Builder
	group := len(whole) >= 4 && (len(whole) >= 5 || !st.minGroup2)
	for i, r := range whole {
		if group && i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(st.group)
		}
		b.WriteRune(r)
	}
	num := b.String()
	if digits > 0 {
		num += st.dec + frac
	}
	if neg {
		num = "-" + num
	}
	if currency == "" {
		return num
	}
	symbol, ok := moneySymbols[currency]
	if !ok || symbol == "zł" && !st.suffix {
		symbol = currency
	}
	switch {
	case st.suffix:
		return num + st.space + symbol
	case symbol == currency || st.prefixSpace:
		return symbol + st.space + num
	default:
		return symbol + num
	}
}

// moneyStyle is how a language writes an amount.
type moneyStyle struct {
	dec, group string
	// minGroup2: a four-digit whole part is written without a separator.
	minGroup2 bool
	// suffix: the symbol follows the number; prefixSpace: a symbol before
	// the number is followed by space (a code always is).
	suffix, prefixSpace bool
	space               string // between number and symbol or code
}

var moneyStyles = map[string]moneyStyle{
	"en": {dec: ".", group: ",", space: " "},
	"de": {dec: ",", group: ".", suffix: true, space: " "},
	"fr": {dec: ",", group: "\u202f", suffix: true, space: "\u00a0"},
	"nl": {dec: ",", group: ".", prefixSpace: true, space: " "},
	"es": {dec: ",", group: ".", minGroup2: true, suffix: true, space: " "},
	"it": {dec: ",", group: ".", suffix: true, space: " "},
	"pl": {dec: ",", group: "\u00a0", minGroup2: true, suffix: true, space: "\u00a0"},
}

// moneySymbols are the symbols messages use instead of a currency's code;
// "zł" only where the symbol follows the number.
var moneySymbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "PLN": "zł"}
