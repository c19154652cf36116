package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// An operator asks what became of one shipment's messages: the first could
// not be sent (its error without the address), the next ones went out.
func ExampleService_Messages() {
	ctx := context.Background()
	svc, clk, out := exampleService()
	run := func(days int) {
		for range days * 24 * 6 { // a Tick every 10 minutes
			_ = svc.Tick(ctx)
			clk.Advance(10 * time.Minute)
		}
	}
	out.FailPermanently(errors.New("550 mailbox ada@example.com unknown"))
	run(1)
	out.Reset()
	run(2)
	msgs, _ := svc.Messages(ctx, "s1")
	for _, m := range msgs {
		if m.LastError == "" {
			fmt.Println(m.Kind, m.Status)
			continue
		}
		fmt.Println(m.Kind, m.Status, "-", m.LastError)
	}
	// Output:
	// delivered sent
	// out_for_delivery sent
	// shipped dead - dead_letter: permanent: channel notifier: notifytest: notify: permanent failure: 550 mailbox [email] unknown
}
