package returns_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/memstore"
	"github.com/wismo-dev/wismo/returns/returnstest"
	"github.com/wismo-dev/wismo/returns/store"
)

func TestErase(t *testing.T) {
	r := *returnstest.Sample("r1", returns.StateLabelIssued)
	e := returns.Erase(r)
	assert.Equal(t, "c-r1", e.Customer.ID, "the id stays as the key")
	assert.Empty(t, e.Customer.Name)
	assert.Empty(t, e.Customer.Email)
	assert.Empty(t, e.Customer.Phone)
	assert.Empty(t, e.From.Name)
	assert.Empty(t, e.From.Line1)
	assert.Empty(t, e.From.Email)
	for _, it := range e.Items {
		assert.Empty(t, it.Note)
		assert.Empty(t, it.PhotoURLs)
	}
	assert.Empty(t, e.Outbox, "nothing can be sent without an address")
	require.Len(t, e.Failed, 2)
	assert.Equal(t, returns.ErasedNote, e.Failed[1].LastError)
	assert.Empty(t, e.Failed[0].LastError, "a channel's error may quote the address")
	for _, p := range e.Failed {
		assert.Empty(t, p.Message.Recipient.Email)
	}
	assert.Equal(t, r.Items[0].SKU, e.Items[0].SKU, "business data stays")
	assert.Equal(t, r.State, e.State)
	assert.Equal(t, e, returns.Erase(e), "Erase is idempotent")
	assert.Equal(t, "ada@example.com", r.Customer.Email, "Erase does not change its argument")
}

type plainStore struct{ store.Store }

func TestServiceEraseCustomer(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	rs, err := returns.New(returns.Config{Store: s, Notifier: &notifytest.Recorder{}})
	require.NoError(t, err)
	_, err = s.Create(ctx, returnstest.Sample("r1", returns.StateApproved))
	require.NoError(t, err)
	n, err := rs.EraseCustomer(ctx, "c-r1")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	r, err := rs.Get(ctx, "r1")
	require.NoError(t, err)
	assert.Empty(t, r.Customer.Email)

	rs, err = returns.New(returns.Config{Store: plainStore{s}, Notifier: &notifytest.Recorder{}})
	require.NoError(t, err)
	_, err = rs.EraseCustomer(ctx, "c-r1")
	assert.True(t, errors.Is(err, errors.ErrUnsupported))
}

// A channel's error quoting the address is kept redacted in the return,
// pending and after it failed for good.
func TestSendErrorsAreKeptRedacted(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	fail := notify.NotifierFunc(func(context.Context, notify.Message) error {
		return errors.New("451 mailbox ada@example.com over quota, call +49 30 1234567")
	})
	rs, err := returns.New(returns.Config{Store: s, Notifier: fail, Retry: notify.RetryPolicy{MaxAttempts: 2}, Policy: returns.Policy{WindowDays: -1}})
	require.NoError(t, err)
	r := *returnstest.Sample("r1", "")
	r.State, r.Outbox, r.Failed, r.Notified, r.Version = "", nil, nil, nil, 0
	_, _, err = rs.Request(ctx, r)
	require.NoError(t, err)
	got, err := rs.Get(ctx, "r1")
	require.NoError(t, err)
	require.NotEmpty(t, slices.Concat(got.Outbox, got.Failed))
	for _, p := range slices.Concat(got.Outbox, got.Failed) {
		assert.NotContains(t, p.LastError, "ada@")
		assert.NotContains(t, p.LastError, "1234567")
		assert.NotEmpty(t, p.LastError)
	}
}

// Keys that are not clean text are refused as invalid, never handed to a
// store that may fail on them.
func TestRequestRefusesUncleanKeys(t *testing.T) {
	rs, err := returns.New(returns.Config{Notifier: &notifytest.Recorder{}, Policy: returns.Policy{WindowDays: -1}})
	require.NoError(t, err)
	for _, mod := range []func(*returns.Return){
		func(r *returns.Return) { r.ID = "r\x001" },
		func(r *returns.Return) { r.OrderID = "o\xff" },
		func(r *returns.Return) { r.Customer.ID = "c\x00" },
	} {
		r := *returnstest.Sample("r1", "")
		r.State, r.Outbox, r.Failed, r.Notified, r.Version = "", nil, nil, nil, 0
		mod(&r)
		_, _, err := rs.Request(context.Background(), r)
		assert.ErrorIs(t, err, returns.ErrInvalid)
	}
}
