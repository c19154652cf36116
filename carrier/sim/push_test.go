package sim_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
)

// received records the webhooks a handler got, parsed by the sim that sent
// them, with the clock's time of arrival.
type received struct {
	mu     sync.Mutex
	c      *sim.Carrier
	now    func() time.Time
	status int // answer; 0 for 200
	got    []arrival
}

type arrival struct {
	at     time.Time
	update *carrier.Update
}

func (r *received) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	us, err := r.c.ParseWebhook(req.Context(), req.Header, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.status != 0 {
		w.WriteHeader(r.status)
		return
	}
	for _, u := range us {
		r.got = append(r.got, arrival{at: r.now(), update: u})
	}
}

func (r *received) arrivals() []arrival {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]arrival(nil), r.got...)
}

// pushSim returns a sim pushing to a recorder, with n shipments of the
// OnTime scenario created at monday, all subscribed at monday.
func pushSim(t *testing.T, p sim.PushConfig, n int) (*sim.Carrier, *sim.Clock, *received) {
	t.Helper()
	clk := sim.NewClock(monday)
	rec := &received{now: clk.Now}
	p.Handler = rec
	c, err := sim.New(sim.Config{Now: clk.Now, Seed: 7, Push: p})
	noErr(t, err, "New")
	rec.c = c
	for i := range n {
		noErr(t, c.Ship(sim.Number(i), sim.OnTime(), monday), "Ship")
		_, err := c.Subscribe(context.Background(), sim.Number(i))
		noErr(t, err, "Subscribe")
	}
	return c, clk, rec
}

// runPush advances the clock minute by minute for d, calling Push each minute.
func runPush(t *testing.T, c *sim.Carrier, clk *sim.Clock, d time.Duration) {
	t.Helper()
	for end := clk.Now().Add(d); clk.Now().Before(end); clk.Advance(time.Minute) {
		if _, err := c.Push(context.Background()); err != nil {
			t.Fatalf("Push: %v", err)
		}
	}
}

// Each scan and estimate revision after the subscription is pushed once,
// MinDelay to MaxDelay after it, carrying every scan visible at that event:
// the last push of a delivered shipment has all its scans.
func TestPushDeliversEveryEventWithinItsDelay(t *testing.T) {
	c, clk, rec := pushSim(t, sim.PushConfig{MinDelay: 2 * time.Minute, MaxDelay: 10 * time.Minute}, 1)
	tl, err := c.Timeline(sim.Number(0))
	noErr(t, err, "Timeline")
	runPush(t, c, clk, 5*24*time.Hour)
	got := rec.arrivals()
	var events []time.Time
	for _, s := range tl.Scans {
		if s.Time.After(monday) && (len(events) == 0 || !events[len(events)-1].Equal(s.Time)) {
			events = append(events, s.Time)
		}
	}
	check(t, len(got) >= len(events), "every scan after the subscription is pushed")
	for _, a := range got {
		newest := a.update.Scans[len(a.update.Scans)-1].Time
		d := a.at.Sub(newest)
		check(t, d >= 2*time.Minute && d <= 11*time.Minute, "a push arrives MinDelay to MaxDelay (plus the minute step) after its event, got "+d.String())
	}
	last := got[len(got)-1].update
	eq(t, len(last.Scans), len(tl.Scans), "the last push carries every scan")
	st := c.Stats()
	eq(t, st.Pushes, len(got), "Stats.Pushes counts the deliveries")
	eq(t, st.Subscribes, 1, "Stats.Subscribes")
}

// LossRate and DuplicateRate drop and repeat about their share of the
// webhooks, the same ones for the same seed.
func TestPushLossAndDuplicatesFollowTheirRates(t *testing.T) {
	run := func() ([]arrival, sim.Stats) {
		c, clk, rec := pushSim(t, sim.PushConfig{LossRate: 0.2, DuplicateRate: 0.1}, 200)
		runPush(t, c, clk, 6*24*time.Hour)
		return rec.arrivals(), c.Stats()
	}
	a1, st := run()
	total := st.Pushes - st.PushesDuplicated + st.PushesLost
	lost := float64(st.PushesLost) / float64(total)
	dup := float64(st.PushesDuplicated) / float64(st.Pushes-st.PushesDuplicated)
	check(t, lost > 0.15 && lost < 0.25, "about 20% lost")
	check(t, dup > 0.06 && dup < 0.14, "about 10% duplicated")
	a2, st2 := run()
	eq(t, st2, st, "the same seed gives the same stats")
	eq(t, len(a2), len(a1), "the same seed gives the same pushes")
	for i := range a1 {
		if !a1[i].at.Equal(a2[i].at) || a1[i].update.TrackingNumber != a2[i].update.TrackingNumber ||
			len(a1[i].update.Scans) != len(a2[i].update.Scans) {
			t.Fatalf("push %d differs between runs with the same seed", i)
		}
	}
}

// Without a Handler or URL the sim cannot push: Subscribe and Unsubscribe
// return errors.ErrUnsupported and count no call.
func TestSubscribeWithoutPushIsUnsupported(t *testing.T) {
	c, err := sim.New(sim.Config{})
	noErr(t, err, "New")
	noErr(t, c.Ship("SIM1", sim.OnTime(), monday), "Ship")
	_, err = c.Subscribe(context.Background(), "SIM1")
	errIs(t, err, errors.ErrUnsupported, "Subscribe without push")
	errIs(t, c.Unsubscribe(context.Background(), "SIM1"), errors.ErrUnsupported, "Unsubscribe without push")
	eq(t, c.Stats().Calls, 0, "no call counted")
}

// Subscribe answers the current data and the expiry; an unknown number is
// ErrNotFound; scripted faults fail it like Track; Unsubscribe stops the
// pushes and is idempotent.
func TestSubscribeAnswersAndFaults(t *testing.T) {
	clk := sim.NewClock(monday.Add(30 * time.Hour))
	rec := &received{now: clk.Now}
	c, err := sim.New(sim.Config{Now: clk.Now, Push: sim.PushConfig{Handler: rec, TTL: 72 * time.Hour}})
	noErr(t, err, "New")
	rec.c = c
	noErr(t, c.Ship("SIM1", sim.OnTime(), monday), "Ship")
	ctx := context.Background()

	_, err = c.Subscribe(ctx, "SIM404")
	errIs(t, err, carrier.ErrNotFound, "Subscribe of an unknown number")
	noErr(t, c.Script(sim.Fault{Kind: sim.FaultError}), "Script")
	_, err = c.Subscribe(ctx, "SIM1")
	check(t, err != nil && carrier.IsTemporary(err), "a scripted error fails Subscribe as a temporary error")
	check(t, !c.Subscribed("SIM1"), "a failed Subscribe subscribes nothing")

	sub, err := c.Subscribe(ctx, "SIM1")
	noErr(t, err, "Subscribe")
	eq(t, sub.Carrier, sim.DefaultID, "Subscription.Carrier")
	eq(t, sub.TrackingNumber, "SIM1", "Subscription.TrackingNumber")
	eq(t, sub.ExpiresAt, clk.Now().Add(72*time.Hour), "Subscription.ExpiresAt is Now+TTL")
	check(t, sub.Update != nil && len(sub.Update.Scans) > 0, "the answer carries the current data")
	again, err := c.Subscribe(ctx, "SIM1")
	noErr(t, err, "Subscribe again")
	eq(t, again.ID, sub.ID, "subscribing again names the same subscription")

	noErr(t, c.Unsubscribe(ctx, "SIM1"), "Unsubscribe")
	noErr(t, c.Unsubscribe(ctx, "SIM1"), "Unsubscribe again")
	noErr(t, c.Unsubscribe(ctx, "SIM404"), "Unsubscribe of an unknown number")
	check(t, !c.Subscribed("SIM1"), "unsubscribed")
	runPush(t, c, clk, 4*24*time.Hour)
	eq(t, len(rec.arrivals()), 0, "no push after Unsubscribe")
}

// A subscription that expires stops the pushes; one renewed in time does not.
func TestPushStopsAtExpiry(t *testing.T) {
	c, clk, rec := pushSim(t, sim.PushConfig{TTL: 24 * time.Hour}, 1)
	runPush(t, c, clk, 5*24*time.Hour)
	for _, a := range rec.arrivals() {
		newest := a.update.Scans[len(a.update.Scans)-1].Time
		check(t, newest.Before(monday.Add(24*time.Hour)), "no event after the expiry is pushed")
	}
	check(t, !c.Subscribed(sim.Number(0)), "expired")
}

// A webhook the receiver refuses is sent again at a later Push; one sent to
// a URL goes over HTTP.
func TestPushRetriesRefusedAndSendsToURL(t *testing.T) {
	clk := sim.NewClock(monday)
	rec := &received{now: clk.Now, status: http.StatusInternalServerError}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, err := sim.New(sim.Config{Now: clk.Now, Push: sim.PushConfig{URL: srv.URL, Client: srv.Client()}})
	noErr(t, err, "New")
	rec.c = c
	noErr(t, c.Ship("SIM1", sim.OnTime(), monday), "Ship")
	_, err = c.Subscribe(context.Background(), "SIM1")
	noErr(t, err, "Subscribe")
	var failed error
	for range 6 * 60 {
		if _, err := c.Push(context.Background()); err != nil {
			failed = err
			break
		}
		clk.Advance(time.Minute)
	}
	check(t, failed != nil, "a refused webhook is an error of Push")
	eq(t, c.Stats().PushesFailed, 1, "Stats.PushesFailed")
	rec.mu.Lock()
	rec.status = 0
	rec.mu.Unlock()
	clk.Advance(time.Minute)
	n, err := c.Push(context.Background())
	noErr(t, err, "Push after the receiver recovered")
	eq(t, n, 1, "the refused webhook is sent again")
	eq(t, len(rec.arrivals()), 1, "it arrived over HTTP")
}

// DropSubscription ends the pushes silently.
func TestDropSubscription(t *testing.T) {
	c, clk, rec := pushSim(t, sim.PushConfig{}, 1)
	check(t, c.DropSubscription(sim.Number(0)), "the number was subscribed")
	check(t, !c.DropSubscription(sim.Number(0)), "and is no more")
	runPush(t, c, clk, 5*24*time.Hour)
	eq(t, len(rec.arrivals()), 0, "no push after the drop")
}

// Config.Push is validated.
func TestPushConfigValidated(t *testing.T) {
	for _, p := range []sim.PushConfig{{LossRate: 1.5}, {DuplicateRate: -0.1}, {MinDelay: time.Hour, MaxDelay: time.Minute}, {TTL: -1}, {MinDelay: -1}} {
		_, err := sim.New(sim.Config{Push: p})
		check(t, err != nil, "New must refuse an invalid Config.Push")
	}
}
