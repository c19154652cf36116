package carrier_test

import (
	"fmt"

	"github.com/wismo-dev/wismo/carrier"
)

func ExampleDetect() {
	for _, number := range []string{
		"1Z 879E 9303 4683 4440",
		"0307 1790 0005 2348 3741",
		"9261 2927 0076 8711 9480 21", // FedEx SmartPost, delivered by USPS
		"RB123456785GB",
		"1Z 879E 9303 4683 4441", // wrong check digit
	} {
		matches := carrier.Detect(number)
		if len(matches) == 0 {
			fmt.Printf("%s: no carrier\n", number)
			continue
		}
		for _, m := range matches {
			fmt.Printf("%s: %s %s (tracks as %s)\n", number, m.Carrier, m.Service, m.TrackingNumber)
		}
	}
	// Output:
	// 1Z 879E 9303 4683 4440: ups Ground (tracks as 1Z879E930346834440)
	// 0307 1790 0005 2348 3741: usps IMpb (tracks as 03071790000523483741)
	// 9261 2927 0076 8711 9480 21: fedex SmartPost (tracks as 9261292700768711948021)
	// 9261 2927 0076 8711 9480 21: usps IMpb (tracks as 9261292700768711948021)
	// RB123456785GB: royalmail S10 (tracks as RB123456785GB)
	// 1Z 879E 9303 4683 4441: no carrier
}
