package notifytest

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/wismo-dev/wismo/notify"
)

// ErrTemporary is the error a Recorder returns for failures told by FailNext
// without an error of their own.
var ErrTemporary = errors.New("notifytest: temporary failure")

// Recorder is a notify.Notifier that records the messages it accepts. The
// zero value accepts everything; it is safe for concurrent use.
type Recorder struct {
	mu        sync.Mutex
	sent      []notify.Message
	calls     int
	failNext  int
	failErr   error
	permanent error
}

// Notify records m, or fails as told by FailNext or FailPermanently. It
// returns ctx.Err() without recording when ctx is done.
func (r *Recorder) Notify(ctx context.Context, m notify.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if err := ctx.Err(); err != nil {
		return err
	}
	if r.permanent != nil {
		return r.permanent
	}
	if r.failNext > 0 {
		r.failNext--
		return r.failErr
	}
	r.sent = append(r.sent, m)
	return nil
}

// FailNext makes the next n calls fail with err (ErrTemporary when nil).
func (r *Recorder) FailNext(n int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		err = ErrTemporary
	}
	r.failNext, r.failErr = n, err
}

// FailPermanently makes every call fail with an error wrapping both
// notify.ErrPermanent and err (err may be nil), until Reset.
func (r *Recorder) FailPermanently(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		r.permanent = fmt.Errorf("notifytest: %w", notify.ErrPermanent)
		return
	}
	r.permanent = fmt.Errorf("notifytest: %w: %w", notify.ErrPermanent, err)
}

// Reset forgets the recorded messages, the call count and any failures.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent, r.calls, r.failNext, r.failErr, r.permanent = nil, 0, 0, nil, nil
}

// Messages returns a copy of the messages accepted so far, in order.
func (r *Recorder) Messages() []notify.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]notify.Message(nil), r.sent...)
}

// Kinds returns the kinds of the messages accepted so far, in order.
func (r *Recorder) Kinds() []notify.Kind {
	r.mu.Lock()
	defer r.mu.Unlock()
	ks := make([]notify.Kind, len(r.sent))
	for i, m := range r.sent {
		ks[i] = m.Kind
	}
	return ks
}

// Last returns the last accepted message; false if none.
func (r *Recorder) Last() (notify.Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sent) == 0 {
		return notify.Message{}, false
	}
	return r.sent[len(r.sent)-1], true
}

// Calls returns how often Notify was called, failures included.
func (r *Recorder) Calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls
}
