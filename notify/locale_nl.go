package notify

import "github.com/wismo-dev/wismo/milestone"

// nlWords is Dutch as Dutch web shops write it: the customer is "je", dates
// are "donderdag 5 maart".
var nlWords = &words{
	weekdays: [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
	months: [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
		"augustus", "september", "oktober", "november", "december"},
	date: func(w, d, m string) string { return w + " " + d + " " + m },
	milestone: map[milestone.Milestone]string{
		milestone.InfoReceived:           "verzendlabel aangemaakt",
		milestone.PickedUp:               "opgehaald door de vervoerder",
		milestone.InTransit:              "onderweg",
		milestone.ArrivedAtLocalFacility: "in het sorteercentrum bij jou in de buurt",
		milestone.OutForDelivery:         "wordt vandaag bezorgd",
		milestone.DeliveryAttempted:      "bezorgpoging gedaan",
		milestone.AvailableForPickup:     "ligt klaar om op te halen",
		milestone.Delivered:              "bezorgd",
		milestone.Exception:              "opgehouden",
		milestone.ReturnedToSender:       "op weg terug naar ons",
		milestone.Cancelled:              "geannuleerd",
	},
	detail: map[milestone.Detail]string{
		milestone.DetailNotHome:                   "er was niemand thuis",
		milestone.DetailBusinessClosed:            "het bedrijf was gesloten",
		milestone.DetailAddressProblem:            "het adres is niet gevonden",
		milestone.DetailRefused:                   "het pakket is geweigerd",
		milestone.DetailDamaged:                   "het pakket is beschadigd",
		milestone.DetailLost:                      "het pakket is niet te vinden",
		milestone.DetailCustomsHold:               "het pakket wordt door de douane vastgehouden",
		milestone.DetailCustomsCleared:            "het pakket is door de douane vrijgegeven",
		milestone.DetailWeather:                   "slecht weer",
		milestone.DetailCarrierDelay:              "vertraging bij de vervoerder",
		milestone.DetailHeld:                      "de vervoerder houdt het pakket vast",
		milestone.DetailNeighbour:                 "afgegeven bij de buren",
		milestone.DetailSafePlace:                 "op een veilige plek achtergelaten",
		milestone.DetailLocker:                    "in een pakketkluis gelegd",
		milestone.DetailSigned:                    "afgeleverd tegen handtekening",
		milestone.DetailMailbox:                   "in je brievenbus bezorgd",
		milestone.DetailArrivedDestinationCountry: "aangekomen in jouw land",
	},
	reason: map[string]string{
		"carrier_eta":    "de vervoerder heeft de bezorgdatum verschoven",
		"promise_missed": "het is niet op de beloofde dag aangekomen",
		"no_scans":       "de vervoerder meldt al twee werkdagen geen voortgang",
		"not_picked_up":  "de vervoerder heeft het pakket nog niet opgehaald",
	},
	action: map[actionKey]string{
		{KindDeliveryAttempted, ""}:                             "Plan een nieuwe bezorging of haal het pakket op, met het kaartje van de bezorger of via de track & trace-link hieronder.",
		{KindAvailableForPickup, ""}:                            "Haal het pakket liefst snel op. Afhaalpunten bewaren pakketten meestal ongeveer 7 dagen en sturen ze daarna terug. Neem een geldig identiteitsbewijs mee.",
		{KindException, milestone.DetailAddressProblem}:         "Controleer je bezorgadres en beantwoord dit bericht als er iets ontbreekt. Wij lossen het dan op met de vervoerder.",
		{KindException, milestone.DetailCustomsHold}:            "De douane vraagt je misschien om een betaling of een document. Volg de instructies op de track & trace-pagina.",
		{KindException, ""}:                                     "Je hoeft nu niets te doen. Wij houden het in de gaten en laten je weten hoe het verdergaat.",
		{KindDeliveryAttempted, milestone.DetailAddressProblem}: "Controleer je bezorgadres en beantwoord dit bericht. Wij lossen het dan op met de vervoerder.",
		{KindReturnLabel, ""}:                                   "Print het label, plak het op het pakket en lever het in bij een afgiftepunt van de vervoerder.",
		{KindNotPickedUp, ""}:                                   "Controleer of het pakket aan de vervoerder is meegegeven.",
		{KindStalled, ""}:                                       "Vraag de vervoerder naar de status.",
		{KindLost, ""}:                                          "Dien een claim in bij de vervoerder en regel een vervangende zending voor de klant.",
		{KindNotFound, ""}:                                      "Controleer het trackingnummer en de vervoerder van deze zending.",
	},
}
