package returns_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/returns"
)

func TestFormatMoney(t *testing.T) {
	for _, c := range []struct {
		amount           int64
		currency, locale string
		want             string
	}{
		{4990, "EUR", "en", "€49.90"},
		{4990, "EUR", "de-DE", "49,90 €"},
		{4990, "EUR", "de_AT", "49,90 €"},
		{123456, "CHF", "en-GB", "CHF 1,234.56"},
		{123456, "CHF", "de-CH", "1.234,56 CHF"},
		{5, "USD", "", "$0.05"},
		{1500, "JPY", "en", "¥1,500"},
		{12345, "KWD", "en", "KWD 12.345"},
		{4990, "", "de", "49,90"},
		{100000000, "GBP", "en", "£1,000,000.00"},
		{100000000, "GBP", "fr", "1\u202f000\u202f000,00\u00a0£"},
		{4990, "EUR", "fr-FR", "49,90\u00a0€"},
		{4990, "EUR", "nl-NL", "€ 49,90"},
		{123456, "EUR", "nl-BE", "€ 1.234,56"},
		{123456, "EUR", "es-ES", "1234,56 €"},
		{1234567, "EUR", "es", "12.345,67 €"},
		{123456, "EUR", "it-IT", "1.234,56 €"},
		{4990, "PLN", "pl-PL", "49,90\u00a0zł"},
		{1234567, "PLN", "pl", "12\u00a0345,67\u00a0zł"},
		{4990, "PLN", "en", "PLN 49.90"},
		{4990, "EUR", "sv", "€49.90"},
		{-4990, "EUR", "de", "-49,90 €"},
	} {
		assert.Equal(t, c.want, returns.FormatMoney(c.amount, c.currency, c.locale), "%d %s %s", c.amount, c.currency, c.locale)
	}
}

// TestJourneyRefundInTheCustomersMoney: amounts are minor units with the
// return's currency, items and refund alike, and the refund message shows
// the refund as the customer's language writes it.
func TestJourneyRefundInTheCustomersMoney(t *testing.T) {
	e := setup(t, func(c *returns.Config, _ *sim.Config) { c.LabelCarrier = "sim" })
	r := request("r1")
	r.DeliveredAt = start.Add(-time.Hour)
	r.Customer.Locale = "de-DE"
	r.Items[0].UnitPrice = 4990

	bad := r
	bad.Currency = "euro"
	_, _, err := e.rs.Request(e.ctx, bad)
	require.ErrorIs(t, err, returns.ErrInvalid, "a currency that is no ISO 4217 code")

	_, _, err = e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	_, err = e.rs.MarkReceived(e.ctx, "r1")
	require.NoError(t, err)
	_, err = e.rs.Inspect(e.ctx, "r1", map[string]returns.Outcome{"shirt": returns.OutcomeRefund})
	require.NoError(t, err)
	_, err = e.rs.Settle(e.ctx, "r1", returns.Settlement{Refund: -1})
	require.ErrorIs(t, err, returns.ErrInvalid, "a negative refund")
	got, err := e.rs.Settle(e.ctx, "r1", returns.Settlement{Refund: 4990})
	require.NoError(t, err)
	assert.Equal(t, "EUR", got.Currency)
	assert.Equal(t, int64(4990), got.Refund)
	assert.Equal(t, got.Value(), got.Refund, "the refund and the items' value are the same kind of number")

	last, _ := e.out.Last()
	require.Equal(t, notify.KindRefundIssued, last.Kind)
	assert.Equal(t, "49,90 €", last.RefundAmount)
}
