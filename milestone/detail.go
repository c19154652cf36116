package milestone

// Detail says why or how a milestone happened, such as NotHome for a failed
// delivery attempt or Neighbour for a delivery. The empty Detail means none is known.
type Detail string

// Details known to the built-in classifier. Hosts may use their own values.
const (
	DetailNone                      Detail = ""
	DetailNotHome                   Detail = "not_home"
	DetailBusinessClosed            Detail = "business_closed"
	DetailAddressProblem            Detail = "address_problem"
	DetailRefused                   Detail = "refused"
	DetailDamaged                   Detail = "damaged"
	DetailLost                      Detail = "lost"
	DetailCustomsHold               Detail = "customs_hold"
	DetailCustomsCleared            Detail = "customs_cleared"
	DetailWeather                   Detail = "weather"
	DetailCarrierDelay              Detail = "carrier_delay"
	DetailHeld                      Detail = "held"
	DetailNeighbour                 Detail = "neighbour"
	DetailSafePlace                 Detail = "safe_place"
	DetailLocker                    Detail = "locker"
	DetailSigned                    Detail = "signed"
	DetailMailbox                   Detail = "mailbox"
	DetailArrivedDestinationCountry Detail = "arrived_destination_country"
)

// Result is a classified scan with its detail, whether the customer must act,
// and which rule or table entry decided (for explanations and tests).
type Result struct {
	// Milestone is the classification.
	Milestone Milestone
	// Detail says why or how, when known.
	Detail Detail
	// ActionRequired is true when the customer must act: pay duties, correct
	// the address, collect the parcel.
	ActionRequired bool
	// Rule names the table entry ("table:ups:KB") or text rule ("text:en:delivered")
	// that decided; empty when nothing matched.
	Rule string
}
