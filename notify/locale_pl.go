package notify

import "github.com/wismo-dev/wismo/milestone"

// plWords is Polish as Polish shops write it: the customer is "Ty" (with the
// pronouns capitalised, as in a letter: Twoja, Cię), in the present or the
// future tense, so no verb needs the customer's gender; dates are
// "czwartek, 5 marca", the month in the genitive. Milestones agree with
// "paczka" (feminine).
var plWords = &words{
	weekdays: [7]string{"niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota"},
	months: [12]string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
		"sierpnia", "września", "października", "listopada", "grudnia"},
	date: func(w, d, m string) string { return w + ", " + d + " " + m },
	milestone: map[milestone.Milestone]string{
		milestone.InfoReceived:           "etykieta nadawcza utworzona",
		milestone.PickedUp:               "odebrana przez przewoźnika",
		milestone.InTransit:              "w drodze",
		milestone.ArrivedAtLocalFacility: "w oddziale w Twojej okolicy",
		milestone.OutForDelivery:         "wydana do doręczenia",
		milestone.DeliveryAttempted:      "próba doręczenia",
		milestone.AvailableForPickup:     "gotowa do odbioru",
		milestone.Delivered:              "doręczona",
		milestone.Exception:              "wstrzymana",
		milestone.ReturnedToSender:       "w drodze powrotnej do nas",
		milestone.Cancelled:              "anulowana",
	},
	detail: map[milestone.Detail]string{
		milestone.DetailNotHome:                   "nikogo nie było w domu",
		milestone.DetailBusinessClosed:            "firma była zamknięta",
		milestone.DetailAddressProblem:            "nie udało się znaleźć adresu",
		milestone.DetailRefused:                   "odmówiono przyjęcia paczki",
		milestone.DetailDamaged:                   "paczka została uszkodzona",
		milestone.DetailLost:                      "nie udaje się zlokalizować paczki",
		milestone.DetailCustomsHold:               "paczka jest zatrzymana w urzędzie celnym",
		milestone.DetailCustomsCleared:            "paczka przeszła odprawę celną",
		milestone.DetailWeather:                   "złe warunki pogodowe",
		milestone.DetailCarrierDelay:              "opóźnienie po stronie przewoźnika",
		milestone.DetailHeld:                      "przewoźnik wstrzymał paczkę",
		milestone.DetailNeighbour:                 "przekazana sąsiadowi",
		milestone.DetailSafePlace:                 "zostawiona w bezpiecznym miejscu",
		milestone.DetailLocker:                    "umieszczona w paczkomacie",
		milestone.DetailSigned:                    "doręczona za podpisem",
		milestone.DetailMailbox:                   "włożona do Twojej skrzynki pocztowej",
		milestone.DetailArrivedDestinationCountry: "dotarła do Twojego kraju",
	},
	reason: map[string]string{
		"carrier_eta":    "przewoźnik przesunął termin doręczenia",
		"promise_missed": "nie dotarła w obiecanym terminie",
		"no_scans":       "przewoźnik od dwóch dni roboczych nie zgłasza żadnych postępów",
		"not_picked_up":  "przewoźnik jeszcze nie odebrał paczki",
	},
	action: map[actionKey]string{
		{KindDeliveryAttempted, ""}:                             "Umów nowy termin doręczenia albo odbierz paczkę – skorzystaj z awizo przewoźnika lub z linku do śledzenia poniżej.",
		{KindAvailableForPickup, ""}:                            "Odbierz ją jak najszybciej. Punkty odbioru przechowują paczki zwykle przez około 7 dni, a potem odsyłają je do nadawcy. Zabierz ze sobą dokument tożsamości.",
		{KindException, milestone.DetailAddressProblem}:         "Sprawdź adres dostawy i odpowiedz na tę wiadomość, jeśli czegoś w nim brakuje – wyjaśnimy to z przewoźnikiem.",
		{KindException, milestone.DetailCustomsHold}:            "Urząd celny może poprosić Cię o opłatę lub dokument. Postępuj zgodnie z instrukcjami na stronie śledzenia przesyłki.",
		{KindException, ""}:                                     "Na razie nie musisz nic robić. Zajmujemy się tym i będziemy Cię informować na bieżąco.",
		{KindDeliveryAttempted, milestone.DetailAddressProblem}: "Sprawdź adres dostawy i odpowiedz na tę wiadomość – wyjaśnimy to z przewoźnikiem.",
		{KindReturnLabel, ""}:                                   "Wydrukuj etykietę, naklej ją na paczkę i nadaj ją w dowolnym punkcie przewoźnika.",
		{KindNotPickedUp, ""}:                                   "Sprawdź, czy paczka została przekazana przewoźnikowi.",
		{KindStalled, ""}:                                       "Zapytaj przewoźnika o status przesyłki.",
		{KindLost, ""}:                                          "Złóż reklamację u przewoźnika i zorganizuj wysyłkę zastępczą dla klienta.",
		{KindNotFound, ""}:                                      "Sprawdź numer przesyłki i przewoźnika przypisanego do tej wysyłki.",
	},
}
