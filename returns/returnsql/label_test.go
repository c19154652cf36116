package returnsql_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/returnsql"
	"github.com/wismo-dev/wismo/returns/returnstest"
	"github.com/wismo-dev/wismo/returns/store"
)

// brokenLabeler issues labels that expire in year 10000.
type brokenLabeler struct{}

func (brokenLabeler) ID() string { return "broken" }
func (brokenLabeler) Track(context.Context, string) (*carrier.Update, error) {
	return nil, carrier.ErrNotFound
}
func (brokenLabeler) CreateReturnLabel(context.Context, carrier.ReturnLabelRequest) (*carrier.ReturnLabel, error) {
	return &carrier.ReturnLabel{TrackingNumber: "RET1", ExpiresAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, nil
}

// A label whose expiry a carrier dates in year 10000 is recorded as one
// that does not expire: before, the return could not be stored (JSON stops
// at year 9999) and the label was issued again on every try.
func TestImpossibleLabelExpiryIsIgnored(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t)
	rs, err := returns.New(returns.Config{Store: st, Notifier: &notifytest.Recorder{}, Carriers: carrier.NewRegistry(brokenLabeler{}),
		LabelCarrier: "broken"})
	require.NoError(t, err)
	r := returnstest.Sample("r1", store.StateApproved)
	r.Outbox, r.Failed, r.Notified, r.Label, r.ParcelID = nil, nil, nil, store.Label{}, ""
	_, err = st.Create(ctx, r)
	require.NoError(t, err)
	got, err := rs.IssueLabel(ctx, "r1")
	require.NoError(t, err)
	require.Equal(t, store.StateLabelIssued, got.State)
	require.True(t, got.Label.ExpiresAt.IsZero())
}

// Reads with a key no return can have (a NUL, invalid UTF-8) answer "not
// found" or nothing instead of PostgreSQL's encoding error.
func TestUncleanKeysAreNotFound(t *testing.T) {
	ctx := context.Background()
	for name, st := range map[string]*returnsql.Store{"Postgres": openPostgres(t), "SQLite": openSQLite(t)} {
		_, err := st.Get(ctx, "r\x001")
		require.ErrorIs(t, err, store.ErrNotFound, name)
		rs, err := st.ListByShipment(ctx, "s\x00")
		require.NoError(t, err, name)
		require.Empty(t, rs, name)
		n, err := st.EraseCustomer(ctx, "c\xff")
		require.NoError(t, err, name)
		require.Zero(t, n, name)
	}
}
