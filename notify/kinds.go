package notify

// Kinds returns every kind in a fixed order: the customer kinds, the
// merchant kinds, then the returns kinds.
func Kinds() []Kind {
	return []Kind{
		KindShipped, KindArrivedAtLocalFacility, KindOutForDelivery, KindDeliveryAttempted,
		KindAvailableForPickup, KindDelivered, KindException, KindReturnedToSender,
		KindDelayed, KindFeedbackRequest,
		KindNotPickedUp, KindStalled, KindLost, KindNotFound,
		KindReturnRequested, KindReturnApproved, KindReturnRejected, KindReturnLabel,
		KindReturnInTransit, KindReturnReceived, KindRefundIssued, KindExchangeShipped,
	}
}

// Valid reports whether k is one of the declared kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindShipped, KindArrivedAtLocalFacility, KindOutForDelivery, KindDeliveryAttempted,
		KindAvailableForPickup, KindDelivered, KindException, KindReturnedToSender,
		KindDelayed, KindFeedbackRequest,
		KindNotPickedUp, KindStalled, KindLost, KindNotFound,
		KindReturnRequested, KindReturnApproved, KindReturnRejected, KindReturnLabel,
		KindReturnInTransit, KindReturnReceived, KindRefundIssued, KindExchangeShipped:
		return true
	}
	return false
}

// Audience returns who messages of kind k are for: Merchant for the merchant
// kinds, Customer for all others.
func (k Kind) Audience() Audience {
	if k.IsMerchant() {
		return Merchant
	}
	return Customer
}

// IsMerchant reports whether k is a merchant kind (not_picked_up, stalled,
// lost, not_found).
func (k Kind) IsMerchant() bool {
	switch k {
	case KindNotPickedUp, KindStalled, KindLost, KindNotFound:
		return true
	}
	return false
}

// IsReturn reports whether k is a returns kind (return_requested up to
// exchange_shipped).
func (k Kind) IsReturn() bool {
	switch k {
	case KindReturnRequested, KindReturnApproved, KindReturnRejected, KindReturnLabel,
		KindReturnInTransit, KindReturnReceived, KindRefundIssued, KindExchangeShipped:
		return true
	}
	return false
}

// OptOutable reports whether a customer may opt out of kind k: true for the
// customer tracking kinds (shipped up to feedback_request). Merchant kinds go
// to the shop itself, and returns kinds answer a request the customer made
// (they carry the label and the refund), so neither can be opted out of.
func (k Kind) OptOutable() bool {
	return k.Valid() && !k.IsMerchant() && !k.IsReturn()
}
