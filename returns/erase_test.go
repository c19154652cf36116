package returns_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/returnstest"
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
	for _, p := range e.Failed {
		assert.Empty(t, p.Message.Recipient.Email)
	}
	assert.Equal(t, r.Items[0].SKU, e.Items[0].SKU, "business data stays")
	assert.Equal(t, r.State, e.State)
	assert.Equal(t, e, returns.Erase(e), "Erase is idempotent")
	assert.Equal(t, "ada@example.com", r.Customer.Email, "Erase does not change its argument")
}

type plainStore struct{ returns.Store }

func TestServiceEraseCustomer(t *testing.T) {
	ctx := context.Background()
	s := returns.NewMemoryStore()
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
