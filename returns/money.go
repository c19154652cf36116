package returns

import (
	"slices"
	"strconv"
	"strings"

	"github.com/wismo-dev/wismo/notify"
)

// FormatMoney writes amount, in minor units of the ISO 4217 currency
// ("EUR"), as messages show it in the language of the BCP 47 tag locale:
// FormatMoney(4990, "EUR", "en") is "€49.90", FormatMoney(4990, "EUR",
// "de-DE") is "49,90 €", and FormatMoney(123456, "CHF", "en") is
// "CHF 1,234.56". Languages other than German are written the English way;
// currencies without a symbol here are written by their code; an empty
// currency writes the number alone. Most currencies have two minor digits;
// JPY, KRW and a few others none, BHD, KWD and a few others three.
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
	german := slices.Contains(notify.LanguageChain(locale), "de")
	dec, group := ".", ","
	if german {
		dec, group = ",", "."
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
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	num := b.String()
	if digits > 0 {
		num += dec + frac
	}
	if neg {
		num = "-" + num
	}
	symbol := map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}[currency]
	switch {
	case currency == "":
		return num
	case german && symbol != "":
		return num + " " + symbol
	case german:
		return num + " " + currency
	case symbol != "":
		return symbol + num
	default:
		return currency + " " + num
	}
}
