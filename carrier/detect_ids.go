package carrier

import "slices"

// detectIDs are the carrier ids Detect names besides "upu_xx", sorted. A
// test reads Detect's source and checks that this is exactly the set of ids
// its formats and postOf produce.
var detectIDs = []string{
	"amazon", "auspost", "bpost", "canadapost", "canpar", "deutschepost", "dhl_ecommerce", "dhl_express",
	"dhl_parcel_de", "dpd", "fedex", "gls", "gofo", "inpost", "landmark", "laposte", "lasership",
	"old_dominion", "ontrac", "postnl", "postnord", "purolator", "royalmail", "speedee", "ups", "usps",
	"yodel", "yunexpress",
}

// Detectable reports whether Detect can name the carrier id: whether some
// tracking number exists for which one of Detect's matches has that
// Carrier. It is true for the ids listed in Match.Carrier's documentation
// and for "upu_xx" where xx is a lowercase ISO 3166-1 country code whose
// post has no id of its own ("upu_jp", but not "upu_gb", which Detect calls
// "royalmail"). It is false for carriers that track numbers of any shape
// (aggregators, the simulator) and for ids Detect does not know.
//
// A caller that is given a carrier and a number can use it to tell "Detect
// says this number is another carrier's" (the carrier is Detectable and not
// among the matches) from "Detect knows nothing of this carrier's
// numbers".
func Detectable(id string) bool {
	if len(id) == 6 && id[:4] == "upu_" {
		a, b := id[4], id[5]
		if a < 'a' || a > 'z' || b < 'a' || b > 'z' {
			return false
		}
		post, ok := postOf(a-'a'+'A', b-'a'+'A')
		return ok && post == id
	}
	_, found := slices.BinarySearch(detectIDs, id)
	return found
}
