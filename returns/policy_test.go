package returns

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	return loc
}

func rules(ps []Problem) []Rule {
	out := []Rule{}
	for _, p := range ps {
		out = append(out, p.Rule)
	}
	return out
}

func TestPolicyWindowEndsAtEndOfDayInCustomerZone(t *testing.T) {
	ber := berlin(t)
	delivered := time.Date(2026, 3, 10, 18, 0, 0, 0, ber)
	p := Policy{WindowDays: 14}
	r := sample("")
	r.Customer.TimeZone = "Europe/Berlin"

	wantEnd := time.Date(2026, 3, 24, 23, 59, 59, 999999999, ber)
	assert.True(t, wantEnd.Equal(p.Deadline(delivered, ber)), "got %s", p.Deadline(delivered, ber))

	tests := []struct {
		name string
		now  time.Time
		ok   bool
	}{
		{"the day of delivery", delivered.Add(time.Hour), true},
		{"last day, morning", time.Date(2026, 3, 24, 8, 0, 0, 0, ber), true},
		{"last second", time.Date(2026, 3, 24, 23, 59, 59, 0, ber), true},
		{"last nanosecond", wantEnd, true},
		{"midnight after", time.Date(2026, 3, 25, 0, 0, 0, 0, ber), false},
		{"a week late", time.Date(2026, 4, 1, 12, 0, 0, 0, ber), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := p.Check(r, delivered, tt.now)
			assert.Equal(t, tt.ok, d.Eligible)
			assert.True(t, wantEnd.Equal(d.Deadline))
			if !tt.ok {
				assert.Equal(t, []Rule{RuleWindow}, rules(d.Problems))
			}
		})
	}
}

func TestPolicyWindowZoneMatters(t *testing.T) {
	ber := berlin(t)
	// 23:30 UTC on 10 March is already 11 March in Berlin: a Berlin
	// customer's window ends a day later than a UTC customer's.
	delivered := time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
	now := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)
	p := Policy{}
	r := sample("")
	assert.False(t, p.Check(r, delivered, now).Eligible, "UTC customer: window ended 24 March 23:59:59 UTC")
	r.Customer.TimeZone = "Europe/Berlin"
	d := p.Check(r, delivered, now)
	assert.True(t, d.Eligible, "Berlin customer: window ends 25 March 23:59:59 Berlin")
	assert.True(t, time.Date(2026, 3, 25, 23, 59, 59, 999999999, ber).Equal(d.Deadline))

	// Without a customer zone the policy's zone counts; a bogus zone name too.
	r.Customer.TimeZone = "Mars/Olympus"
	assert.False(t, p.Check(r, delivered, now).Eligible)
	p.TimeZone = ber
	assert.True(t, p.Check(r, delivered, now).Eligible)
}

func TestPolicyWindowAcrossDSTChange(t *testing.T) {
	ber := berlin(t)
	// Summer time starts on 29 March 2026: the deadline is still the end of
	// the civil day, now in CEST.
	delivered := time.Date(2026, 3, 20, 10, 0, 0, 0, ber)
	end := Policy{}.Deadline(delivered, ber)
	assert.Equal(t, "2026-04-03T23:59:59.999999999+02:00", end.Format(time.RFC3339Nano))
}

func TestPolicyNoWindowAndUndelivered(t *testing.T) {
	r := sample("")
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	long := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d := Policy{WindowDays: -1}.Check(r, long, now)
	assert.True(t, d.Eligible)
	assert.True(t, d.Deadline.IsZero())

	d = Policy{}.Check(r, time.Time{}, now)
	assert.False(t, d.Eligible)
	assert.Equal(t, []Rule{RuleNotDelivered}, rules(d.Problems))

	d = Policy{AllowUndelivered: true}.Check(r, time.Time{}, now)
	assert.True(t, d.Eligible)
}

func TestPolicyNonReturnableItemsArePerItem(t *testing.T) {
	delivered := t0.Add(-48 * time.Hour)
	r := sample("")
	r.Items[1].Category = "hygiene"
	r.Items = append(r.Items, Item{SKU: "gift-card", Quantity: 1, Reason: ReasonChangedMind})
	p := Policy{NonReturnableSKUs: []string{"gift-card"}, NonReturnableCategories: []string{"hygiene", "food"}}
	d := p.Check(r, delivered, t0)
	assert.False(t, d.Eligible)
	require.Len(t, d.Problems, 2)
	assert.Equal(t, Problem{SKU: "mug", Rule: RuleNonReturnableCategory, Detail: `items of category "hygiene" cannot be returned`}, d.Problems[0])
	assert.Equal(t, "gift-card", d.Problems[1].SKU)
	assert.Equal(t, RuleNonReturnableSKU, d.Problems[1].Rule)

	// A partial return of the returnable item alone is eligible.
	r.Items = r.Items[:1]
	d = p.Check(r, delivered, t0)
	assert.True(t, d.Eligible, "%v", d.Problems)
	assert.Empty(t, d.Problems)
}

func TestPolicyPhotoAndInspection(t *testing.T) {
	delivered := t0.Add(-48 * time.Hour)
	p := Policy{
		PhotoRequired:      []Reason{ReasonDamaged},
		InspectionRequired: []Reason{ReasonNotAsDescribed},
		AutoApprove:        AutoApprove{Reasons: []Reason{ReasonTooSmall, ReasonDamaged, ReasonNotAsDescribed}},
	}
	r := sample("") // mug: damaged, no photo
	d := p.Check(r, delivered, t0)
	assert.False(t, d.Eligible)
	assert.Equal(t, []Problem{{SKU: "mug", Rule: RulePhotoRequired, Detail: "reason damaged needs a photo"}}, d.Problems)
	assert.False(t, d.AutoApprove, "never auto-approve an ineligible request")

	r.Items[1].PhotoURLs = []string{"https://img.example/mug.jpg"}
	d = p.Check(r, delivered, t0)
	assert.True(t, d.Eligible)
	assert.True(t, d.AutoApprove)

	r.Items[0].Reason = ReasonNotAsDescribed
	d = p.Check(r, delivered, t0)
	assert.True(t, d.Eligible)
	assert.False(t, d.AutoApprove)
	assert.Equal(t, []Rule{RuleInspection}, rules(d.Review))
}

func TestPolicyAutoApproveRules(t *testing.T) {
	delivered := t0.Add(-48 * time.Hour)
	base := AutoApprove{Reasons: []Reason{ReasonTooSmall, ReasonDamaged}}
	tests := []struct {
		name   string
		rule   AutoApprove
		change func(*Return)
		auto   bool
		review []Rule
	}{
		{"listed reasons", base, nil, true, []Rule{}},
		{"no rule: manual", AutoApprove{}, nil, false, []Rule{}},
		{"unlisted reason", base, func(r *Return) { r.Items[0].Reason = ReasonChangedMind }, false, []Rule{RuleReason}},
		{"value at the limit", AutoApprove{Reasons: base.Reasons, MaxValue: 4970}, nil, true, []Rule{}},
		{"value above the limit", AutoApprove{Reasons: base.Reasons, MaxValue: 4969}, nil, false, []Rule{RuleValue}},
		{"listed method", AutoApprove{Reasons: base.Reasons, Methods: []Method{MethodCarrierDropoff}}, nil, true, []Rule{}},
		{"unlisted method", AutoApprove{Reasons: base.Reasons, Methods: []Method{MethodInStore}}, nil, false, []Rule{RuleMethod}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sample("")
			if tt.change != nil {
				tt.change(&r)
			}
			d := Policy{AutoApprove: tt.rule}.Check(r, delivered, t0)
			assert.True(t, d.Eligible)
			assert.Equal(t, tt.auto, d.AutoApprove)
			assert.Equal(t, tt.review, rules(d.Review))
		})
	}
	// Outside the window nothing is auto-approved.
	d := Policy{AutoApprove: base}.Check(sample(""), delivered.AddDate(0, -1, 0), t0)
	assert.False(t, d.Eligible)
	assert.False(t, d.AutoApprove)
}

func TestPolicyFees(t *testing.T) {
	delivered := t0.Add(-48 * time.Hour)
	p := Policy{
		ReasonFees: map[Reason]int64{ReasonChangedMind: 395, ReasonTooSmall: 195},
		MethodFees: map[Method]int64{MethodCarrierDropoff: 100},
	}
	r := sample("") // too_small + damaged, carrier drop-off
	assert.Equal(t, int64(295), p.Check(r, delivered, t0).Fee, "method fee plus the highest reason fee")
	r.Items[1].Reason = ReasonChangedMind
	assert.Equal(t, int64(495), p.Check(r, delivered, t0).Fee)
	r.Method = MethodInStore
	assert.Equal(t, int64(395), p.Check(r, delivered, t0).Fee)
	r.Items = []Item{{SKU: "mug", Quantity: 1, Reason: ReasonDamaged}}
	assert.Equal(t, int64(0), p.Check(r, delivered, t0).Fee, "free when the shop is at fault")
}

func TestPolicyInvalidRequest(t *testing.T) {
	r := sample("")
	r.Items = nil
	d := Policy{}.Check(r, t0, t0)
	assert.False(t, d.Eligible)
	assert.Equal(t, []Rule{RuleInvalid}, rules(d.Problems))
}
