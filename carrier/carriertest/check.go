package carriertest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
)

// Check runs the same cases as Run outside a test, like fstest.TestFS, and
// returns every violated rule joined in one error (nil when the carrier
// conforms). newCarrier is called once per case. The testing.TB that Check
// passes to Features.SignedWebhook, ForgedWebhook, PushedWebhook, ForgedPush,
// SubscribeAPI and CredentialEcho supports Helper,
// Error(f), Fatal(f), FailNow, Log(f), Skip(f), Name, Cleanup and Context;
// other methods panic.
func Check(newCarrier func() carrier.Carrier, f Features) error {
	if len(f.KnownNumbers) == 0 {
		return errors.New("carriertest: Features.KnownNumbers is empty; the kit needs at least one number the carrier knows")
	}
	var errs []error
	for _, k := range cases() {
		if k.skip(f) != "" {
			continue
		}
		c := newCarrier()
		if c == nil {
			return errors.New("carriertest: newCarrier returned nil")
		}
		for _, m := range runChecked(k, c, f) {
			errs = append(errs, fmt.Errorf("%s: %s", k.name, m))
		}
	}
	return errors.Join(errs...)
}

// runChecked runs one case with a checkT and returns its failure messages.
func runChecked(k testCase, c carrier.Carrier, f Features) []string {
	ct := &checkT{name: k.name}
	ct.ctx, ct.cancel = context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		k.run(ct, c, f)
	}()
	<-done
	ct.finish()
	return ct.msgs
}

// checkT stands in for *testing.T when the kit runs outside a test: it
// records failures, and Fatal and Skip end the case's goroutine as
// testing.T does. The embedded testing.TB is nil: methods it does not
// override panic.
type checkT struct {
	testing.TB
	name     string
	ctx      context.Context
	cancel   context.CancelFunc
	mu       sync.Mutex
	msgs     []string
	skipped  bool
	cleanups []func()
}

func (c *checkT) Helper()      {}
func (c *checkT) Name() string { return c.name }
func (c *checkT) Errorf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, fmt.Sprintf(format, args...))
}
func (c *checkT) Error(args ...any) { c.Errorf("%s", fmt.Sprint(args...)) }
func (c *checkT) Fatalf(format string, args ...any) {
	c.Errorf(format, args...)
	runtime.Goexit()
}
func (c *checkT) Fatal(args ...any) { c.Fatalf("%s", fmt.Sprint(args...)) }
func (c *checkT) FailNow()          { c.Fatal("FailNow called") }
func (c *checkT) Fail()             { c.Errorf("Fail called") }
func (c *checkT) Failed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.msgs) > 0
}
func (c *checkT) Log(args ...any)                 {}
func (c *checkT) Logf(format string, args ...any) {}
func (c *checkT) Skipf(format string, args ...any) {
	c.mu.Lock()
	c.skipped = true
	c.mu.Unlock()
	runtime.Goexit()
}
func (c *checkT) Skip(args ...any) { c.Skipf("") }
func (c *checkT) SkipNow()         { c.Skipf("") }
func (c *checkT) Skipped() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.skipped
}
func (c *checkT) Cleanup(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cleanups = append(c.cleanups, fn)
}
func (c *checkT) Context() context.Context { return c.ctx }

// finish cancels the context and runs cleanups, last registered first.
func (c *checkT) finish() {
	c.cancel()
	c.mu.Lock()
	fns := c.cleanups
	c.cleanups = nil
	c.mu.Unlock()
	for i := len(fns) - 1; i >= 0; i-- {
		fns[i]()
	}
}
