package milestone_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/milestone"
)

func ExampleClassify() {
	for _, s := range []milestone.Scan{
		{Carrier: "ups", Code: "072", Description: "Loaded on Delivery Vehicle"},
		{Carrier: "dhl_parcel_de", Description: "Die Sendung wurde erfolgreich zugestellt."},
		{Carrier: "colissimo", Description: "Votre colis n'a pas pu être livré"},
		{Carrier: "postnl", Description: "Het pakket ligt klaar bij het afhaalpunt"},
		{Carrier: "ups", Code: "ZZ9"},
	} {
		fmt.Println(milestone.Classify(s))
	}
	// Output:
	// out_for_delivery
	// delivered
	// delivery_attempted
	// available_for_pickup
	// unknown
}

func ExampleExplain() {
	// A code DHL uses for several outcomes: the text decides.
	r := milestone.Explain(milestone.Scan{
		Carrier:     "dhl_parcel_de",
		Code:        "NTDEL",
		Description: "Der Empfänger wurde nicht angetroffen. Die Sendung wird erneut zugestellt.",
	})
	fmt.Println(r.Milestone, r.Detail, r.Rule)

	// The same code with the text DHL publishes for one of its reasons.
	r = milestone.Explain(milestone.Scan{
		Carrier:     "dhl_parcel_de",
		Code:        "DLVRD",
		Description: "Übergabe an Dienstleister",
	})
	fmt.Println(r.Milestone, r.Rule)

	r = milestone.Explain(milestone.Scan{Carrier: "aftership", Code: "Exception_007"})
	fmt.Println(r.Milestone, r.Detail, r.ActionRequired, r.Rule)
	// Output:
	// delivery_attempted not_home text:de:attempted_not_home
	// in_transit table:dhl_parcel_de:DLVRD|Übergabe an Dienstleister
	// exception address_problem true table:aftership:Exception_007
}

func ExampleNewClassifier() {
	// A host carrier's codes, kept in a file beside the host's code.
	table := "# code\tmilestone\tdetail\taction\tmeaning\n" +
		"OUT\tout_for_delivery\t\t\tWith the driver\n" +
		"LKR\tavailable_for_pickup\tlocker\tyes\tIn a locker, code sent by SMS\n"
	k, err := milestone.NewClassifier(
		milestone.WithCodeTable("acme", strings.NewReader(table)),
		milestone.WithTextRules("it", milestone.TextRule{
			Name:      "consegnato_portiere",
			Tier:      70,
			When:      []string{"consegnato|lasciato", "portiere|portineria"},
			Unless:    []string{"non"},
			Milestone: milestone.Delivered,
			Detail:    milestone.DetailSafePlace,
		}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(k.Explain(milestone.Scan{Carrier: "acme", Code: "LKR"}))
	fmt.Println(k.Explain(milestone.Scan{Carrier: "brt", Description: "Consegnato in portineria"}))
	// Output:
	// {available_for_pickup locker true table:acme:LKR}
	// {delivered safe_place false text:it:consegnato_portiere}
}

// The relevance policy on one shipment: a label, a pickup, then out for
// delivery and delivered arriving in one poll.
func ExamplePolicy_Decide() {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	scan := func(h int, m milestone.Milestone) milestone.Classified {
		return milestone.Classified{
			Scan:   milestone.Scan{Time: at.Add(time.Duration(h) * time.Hour), Description: m.String()},
			Result: milestone.Result{Milestone: m},
		}
	}
	var told milestone.Told
	for _, update := range [][]milestone.Classified{
		{scan(0, milestone.InfoReceived)},
		{scan(6, milestone.PickedUp)},
		{scan(30, milestone.Delivered), scan(26, milestone.OutForDelivery)},
	} {
		var ds []milestone.Decision
		ds, told = milestone.Policy{}.Decide(told, update, at.Add(31*time.Hour))
		for _, d := range ds {
			fmt.Printf("%-16s %-17s %s\n", d.Result.Milestone, d.Notice, d.Reason)
		}
	}
	// Output:
	// info_received                      silent
	// picked_up        shipped           sent
	// out_for_delivery out_for_delivery  superseded
	// delivered        delivered         sent
}
