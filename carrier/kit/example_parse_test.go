package kit_test

import (
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/carrier/kit"
)

// An adapter reads a carrier's scan time and place, and a delivery estimate
// that names a day without a time.
func ExampleParseCarrierTime() {
	for _, s := range []string{"2026-11-24T08:15:00-05:00", "2026-11-24T08:15:00"} {
		t, local, err := kit.ParseCarrierTime(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(t.Format(time.RFC3339), "local:", local)
	}
	day, _, _ := kit.ParseCarrierTime("2026-11-25")
	fmt.Println("estimate:", kit.EndOfDay(day).Format(time.DateTime))
	fmt.Println("at:", kit.JoinLocation("Atlanta", "GA", "", "US"))
	_, _, err := kit.ParseCarrierTime("tomorrow")
	fmt.Println(err)
	// Output:
	// 2026-11-24T08:15:00-05:00 local: false
	// 2026-11-24T08:15:00Z local: true
	// estimate: 2026-11-25 23:59:59
	// at: Atlanta, GA, US
	// carrier: malformed response: time "tomorrow" is not ISO 8601
}
