package notifytest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
)

func msg(k notify.Kind) notify.Message { return notify.Message{ID: string(k), Kind: k} }

func TestRecorderRecords(t *testing.T) {
	t.Parallel()
	var r notifytest.Recorder
	_, ok := r.Last()
	assert.False(t, ok)
	require.NoError(t, r.Notify(context.Background(), msg(notify.KindShipped)))
	require.NoError(t, r.Notify(context.Background(), msg(notify.KindDelivered)))
	assert.Equal(t, []notify.Kind{notify.KindShipped, notify.KindDelivered}, r.Kinds())
	last, ok := r.Last()
	assert.True(t, ok)
	assert.Equal(t, notify.KindDelivered, last.Kind)
	assert.Equal(t, 2, r.Calls())

	got := r.Messages()
	got[0].Kind = "changed"
	assert.Equal(t, notify.KindShipped, r.Messages()[0].Kind, "Messages returns a copy")
}

func TestRecorderFailNext(t *testing.T) {
	t.Parallel()
	var r notifytest.Recorder
	r.FailNext(2, nil)
	ctx := context.Background()
	assert.ErrorIs(t, r.Notify(ctx, msg(notify.KindShipped)), notifytest.ErrTemporary)
	err := r.Notify(ctx, msg(notify.KindShipped))
	assert.ErrorIs(t, err, notifytest.ErrTemporary)
	assert.NotErrorIs(t, err, notify.ErrPermanent)
	assert.NoError(t, r.Notify(ctx, msg(notify.KindShipped)))
	assert.Len(t, r.Messages(), 1)
	assert.Equal(t, 3, r.Calls())

	own := errors.New("smtp: 451")
	r.FailNext(1, own)
	assert.ErrorIs(t, r.Notify(ctx, msg(notify.KindShipped)), own)
}

func TestRecorderFailPermanently(t *testing.T) {
	t.Parallel()
	var r notifytest.Recorder
	cause := errors.New("550 no such user")
	r.FailPermanently(cause)
	for range 3 {
		err := r.Notify(context.Background(), msg(notify.KindShipped))
		assert.ErrorIs(t, err, notify.ErrPermanent)
		assert.ErrorIs(t, err, cause)
	}
	assert.Empty(t, r.Messages())
	r.FailPermanently(nil)
	assert.ErrorIs(t, r.Notify(context.Background(), msg(notify.KindShipped)), notify.ErrPermanent)

	r.Reset()
	assert.NoError(t, r.Notify(context.Background(), msg(notify.KindShipped)))
	assert.Equal(t, 1, r.Calls())
}

func TestRecorderCanceledContext(t *testing.T) {
	t.Parallel()
	var r notifytest.Recorder
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, r.Notify(ctx, msg(notify.KindShipped)), context.Canceled)
	assert.Empty(t, r.Messages())
}

func TestRecorderConcurrent(t *testing.T) {
	t.Parallel()
	var r notifytest.Recorder
	r.FailNext(10, nil)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.Notify(context.Background(), notify.Message{ID: fmt.Sprint(i)}); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 10, failed)
	assert.Len(t, r.Messages(), 90)
	assert.Equal(t, 100, r.Calls())
}

// A Recorder stands in for the host's sender; here it fails once and the
// dispatcher asks for a retry.
func ExampleRecorder() {
	email := &notifytest.Recorder{}
	email.FailNext(1, nil)
	// No quiet hours: the example runs on the wall clock, at any hour.
	d, err := notify.NewDispatcher(notify.DispatcherConfig{Channels: map[string]notify.Notifier{"email": email}, QuietHours: notify.NoQuietHours})
	if err != nil {
		panic(err)
	}
	m := notify.Message{ID: "m1", Kind: notify.KindShipped, Audience: notify.Customer, Recipient: notify.Recipient{ID: "c1"}}
	fmt.Println(d.Dispatch(context.Background(), m, notify.Attempt{}).Outcome)
	fmt.Println(d.Dispatch(context.Background(), m, notify.Attempt{N: 2}).Outcome)
	fmt.Println(email.Kinds(), email.Calls())
	// Output:
	// retry
	// sent
	// [shipped] 2
}
