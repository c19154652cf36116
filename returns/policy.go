package returns

import (
	"fmt"
	"slices"
	"time"
)

// Policy is the shop's eligibility policy. The zero value is a 14-day window
// counted in UTC, everything returnable, free returns and no auto-approval.
type Policy struct {
	// WindowDays is how many days after delivery a return may be requested:
	// the window ends at the end of the day (23:59:59.999999999) WindowDays
	// days after the delivery day, in the customer's time zone. Defaults to
	// 14; -1 switches the window off.
	WindowDays int
	// TimeZone is the zone of customers without a valid Recipient.TimeZone.
	// Defaults to UTC.
	TimeZone *time.Location
	// AllowUndelivered accepts requests for shipments not delivered yet (no
	// delivery time known); the window then does not apply. Defaults to
	// false: such requests get the not_delivered problem.
	AllowUndelivered bool
	// NonReturnableSKUs and NonReturnableCategories name items that cannot
	// be returned (gift cards, hygiene products). Defaults to none.
	NonReturnableSKUs       []string
	NonReturnableCategories []string
	// PhotoRequired lists the reasons that need at least one photo
	// (Item.PhotoURLs), such as damaged. Defaults to none.
	PhotoRequired []Reason
	// InspectionRequired lists the reasons the shop always reviews by hand:
	// a return with such an item is never auto-approved. Defaults to none.
	InspectionRequired []Reason
	// ReasonFees and MethodFees are return fees in minor units (cents). The
	// fee of a return is its method's fee plus the highest reason fee among
	// its items; reasons that are the shop's fault (damaged, wrong item)
	// usually have none. Defaults to free returns.
	ReasonFees map[Reason]int64
	MethodFees map[Method]int64
	// AutoApprove is the rule for approving eligible requests at once.
	// Defaults to none (every request waits for the shop).
	AutoApprove AutoApprove
}

// AutoApprove approves an eligible request on arrival when every item's
// reason is in Reasons, no reason needs inspection, the method is in Methods
// (empty means any) and the value is at most MaxValue (0 means any).
type AutoApprove struct {
	// Reasons are the reasons that may be auto-approved; empty turns
	// auto-approval off.
	Reasons []Reason
	// Methods are the methods that may be auto-approved; empty means any.
	Methods []Method
	// MaxValue is the highest Return.Value auto-approved, in minor units; 0
	// means no limit.
	MaxValue int64
}

// Rule names the policy rule a Problem or a note comes from.
type Rule string

// The rules.
const (
	// RuleWindow: the return window closed.
	RuleWindow Rule = "window"
	// RuleNotDelivered: the outbound shipment is not delivered yet.
	RuleNotDelivered Rule = "not_delivered"
	// RuleNonReturnableSKU and RuleNonReturnableCategory: the item cannot be returned.
	RuleNonReturnableSKU      Rule = "non_returnable_sku"
	RuleNonReturnableCategory Rule = "non_returnable_category"
	// RulePhotoRequired: the item's reason needs a photo and it has none.
	RulePhotoRequired Rule = "photo_required"
	// RuleInvalid: the request itself is malformed (see Return.Validate).
	RuleInvalid Rule = "invalid"
	// RuleInspection, RuleReason, RuleMethod and RuleValue explain why an
	// eligible request is not auto-approved (Decision.Review).
	RuleInspection Rule = "inspection_required"
	RuleReason     Rule = "reason_not_auto_approved"
	RuleMethod     Rule = "method_not_auto_approved"
	RuleValue      Rule = "value_above_limit"
)

// Problem is one rule a request breaks (or, in Decision.Review, one reason
// it waits for the shop).
type Problem struct {
	// SKU is the item concerned; empty for the whole return.
	SKU string
	// Rule is the rule.
	Rule Rule
	// Detail says more in English, for logs and the shop's staff.
	Detail string
}

// Decision is the policy's answer to a request.
type Decision struct {
	// Eligible is true when no rule is broken (Problems is empty).
	Eligible bool
	// AutoApprove is true when the request is approved on arrival.
	AutoApprove bool
	// Fee is the return fee in minor units.
	Fee int64
	// Deadline is the end of the return window; zero when no window applies.
	Deadline time.Time
	// Problems are the broken rules; the request is not eligible with any.
	Problems []Problem
	// Review lists why an eligible request is not auto-approved.
	Review []Problem
}

// Deadline returns the end of the return window for a shipment delivered at
// deliveredAt to a customer in loc (nil means the policy's zone): the last
// nanosecond of the day WindowDays days after the delivery day, in loc. It
// returns the zero time when the policy has no window or deliveredAt is zero.
func (p Policy) Deadline(deliveredAt time.Time, loc *time.Location) time.Time {
	days := p.WindowDays
	if days == 0 {
		days = 14
	}
	if days < 0 || deliveredAt.IsZero() {
		return time.Time{}
	}
	if loc == nil {
		loc = p.zone()
	}
	d := deliveredAt.In(loc)
	// The first instant of the day after the last day, minus one nanosecond:
	// time.Date normalises the day overflow and handles DST changes.
	next := time.Date(d.Year(), d.Month(), d.Day()+days+1, 0, 0, 0, 0, loc)
	return next.Add(-time.Nanosecond)
}

func (p Policy) zone() *time.Location {
	if p.TimeZone == nil {
		return time.UTC
	}
	return p.TimeZone
}

// customerZone returns the zone named by the recipient, or the policy's.
func (p Policy) customerZone(name string) *time.Location {
	if name == "" {
		return p.zone()
	}
	if loc, err := time.LoadLocation(name); err == nil && name != "Local" {
		return loc
	}
	return p.zone()
}

// Check decides about the request r for a shipment delivered at deliveredAt
// (zero: not delivered or unknown), at now. It is pure. Every broken rule is
// reported, per item where it concerns one, so the shop can show the
// customer all of them at once.
func (p Policy) Check(r Return, deliveredAt, now time.Time) Decision {
	var d Decision
	if err := r.Validate(); err != nil {
		d.Problems = append(d.Problems, Problem{Rule: RuleInvalid, Detail: err.Error()})
		return d
	}
	method := r.Method
	if method == "" {
		method = MethodCarrierDropoff
	}
	switch {
	case deliveredAt.IsZero() && !p.AllowUndelivered:
		d.Problems = append(d.Problems, Problem{Rule: RuleNotDelivered, Detail: "the order has not been delivered yet"})
	case !deliveredAt.IsZero():
		d.Deadline = p.Deadline(deliveredAt, p.customerZone(r.Customer.TimeZone))
		if !d.Deadline.IsZero() && now.After(d.Deadline) {
			d.Problems = append(d.Problems, Problem{Rule: RuleWindow,
				Detail: fmt.Sprintf("the return window ended %s", d.Deadline.Format(time.RFC3339))})
		}
	}
	var reasonFee int64
	for _, it := range r.Items {
		if slices.Contains(p.NonReturnableSKUs, it.SKU) {
			d.Problems = append(d.Problems, Problem{SKU: it.SKU, Rule: RuleNonReturnableSKU,
				Detail: fmt.Sprintf("item %s cannot be returned", it.SKU)})
		}
		if it.Category != "" && slices.Contains(p.NonReturnableCategories, it.Category) {
			d.Problems = append(d.Problems, Problem{SKU: it.SKU, Rule: RuleNonReturnableCategory,
				Detail: fmt.Sprintf("items of category %q cannot be returned", it.Category)})
		}
		if slices.Contains(p.PhotoRequired, it.Reason) && len(it.PhotoURLs) == 0 {
			d.Problems = append(d.Problems, Problem{SKU: it.SKU, Rule: RulePhotoRequired,
				Detail: fmt.Sprintf("reason %s needs a photo", it.Reason)})
		}
		if slices.Contains(p.InspectionRequired, it.Reason) {
			d.Review = append(d.Review, Problem{SKU: it.SKU, Rule: RuleInspection,
				Detail: fmt.Sprintf("reason %s is always reviewed", it.Reason)})
		}
		if len(p.AutoApprove.Reasons) > 0 && !slices.Contains(p.AutoApprove.Reasons, it.Reason) {
			d.Review = append(d.Review, Problem{SKU: it.SKU, Rule: RuleReason,
				Detail: fmt.Sprintf("reason %s is not auto-approved", it.Reason)})
		}
		reasonFee = max(reasonFee, p.ReasonFees[it.Reason])
	}
	d.Fee = p.MethodFees[method] + reasonFee
	d.Eligible = len(d.Problems) == 0
	if len(p.AutoApprove.Reasons) == 0 {
		return d
	}
	if len(p.AutoApprove.Methods) > 0 && !slices.Contains(p.AutoApprove.Methods, method) {
		d.Review = append(d.Review, Problem{Rule: RuleMethod, Detail: fmt.Sprintf("method %s is not auto-approved", method)})
	}
	if p.AutoApprove.MaxValue > 0 && r.Value() > p.AutoApprove.MaxValue {
		d.Review = append(d.Review, Problem{Rule: RuleValue,
			Detail: fmt.Sprintf("value %d is above the auto-approval limit %d", r.Value(), p.AutoApprove.MaxValue)})
	}
	d.AutoApprove = d.Eligible && len(d.Review) == 0
	return d
}
