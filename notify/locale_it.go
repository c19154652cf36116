package notify

import "github.com/wismo-dev/wismo/milestone"

// itWords is Italian: the customer is "tu", dates are "giovedì 5 marzo"
// (the first of a month "1º").
var itWords = &words{
	weekdays: [7]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
	months: [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
		"agosto", "settembre", "ottobre", "novembre", "dicembre"},
	date: func(w, d, m string) string {
		if d == "1" {
			d = "1º"
		}
		return w + " " + d + " " + m
	},
	milestone: map[milestone.Milestone]string{
		milestone.InfoReceived:           "etichetta creata",
		milestone.PickedUp:               "ritirato dal corriere",
		milestone.InTransit:              "in viaggio",
		milestone.ArrivedAtLocalFacility: "nella filiale di consegna della tua zona",
		milestone.OutForDelivery:         "in consegna",
		milestone.DeliveryAttempted:      "tentativo di consegna",
		milestone.AvailableForPickup:     "pronto per il ritiro",
		milestone.Delivered:              "consegnato",
		milestone.Exception:              "bloccato",
		milestone.ReturnedToSender:       "in viaggio di ritorno verso di noi",
		milestone.Cancelled:              "annullato",
	},
	detail: map[milestone.Detail]string{
		milestone.DetailNotHome:                   "non c'era nessuno in casa",
		milestone.DetailBusinessClosed:            "l'attività era chiusa",
		milestone.DetailAddressProblem:            "l'indirizzo non è stato trovato",
		milestone.DetailRefused:                   "il pacco è stato rifiutato",
		milestone.DetailDamaged:                   "il pacco è stato danneggiato",
		milestone.DetailLost:                      "non si riesce a rintracciare il pacco",
		milestone.DetailCustomsHold:               "il pacco è fermo in dogana",
		milestone.DetailCustomsCleared:            "il pacco è stato sdoganato",
		milestone.DetailWeather:                   "il maltempo",
		milestone.DetailCarrierDelay:              "un ritardo del corriere",
		milestone.DetailHeld:                      "il pacco è in giacenza presso il corriere",
		milestone.DetailNeighbour:                 "consegnato a un vicino",
		milestone.DetailSafePlace:                 "lasciato in un luogo sicuro",
		milestone.DetailLocker:                    "depositato in un locker",
		milestone.DetailSigned:                    "consegnato con firma",
		milestone.DetailMailbox:                   "lasciato nella tua cassetta delle lettere",
		milestone.DetailArrivedDestinationCountry: "arrivato nel tuo paese",
	},
	reason: map[string]string{
		"carrier_eta":    "il corriere ha posticipato la data di consegna",
		"promise_missed": "non è arrivato entro la data che ti avevamo promesso",
		"no_scans":       "il corriere non segnala progressi da due giorni lavorativi",
		"not_picked_up":  "il corriere non ha ancora ritirato il pacco",
	},
	action: map[actionKey]string{
		{KindDeliveryAttempted, ""}:                             "Fissa una nuova consegna o ritira il pacco seguendo l'avviso del corriere o il link di tracciamento qui sotto.",
		{KindAvailableForPickup, ""}:                            "Ritiralo presto. Di solito i punti di ritiro tengono i pacchi circa 7 giorni, poi li rimandano indietro. Porta con te un documento d'identità.",
		{KindException, milestone.DetailAddressProblem}:         "Controlla il tuo indirizzo di consegna e rispondi a questo messaggio se manca qualcosa, così lo sistemiamo con il corriere.",
		{KindException, milestone.DetailCustomsHold}:            "La dogana potrebbe chiederti un pagamento o un documento. Segui le istruzioni nella pagina di tracciamento.",
		{KindException, ""}:                                     "Per ora non devi fare nulla. Ce ne stiamo occupando e ti terremo al corrente.",
		{KindDeliveryAttempted, milestone.DetailAddressProblem}: "Controlla il tuo indirizzo di consegna e rispondi a questo messaggio, così lo sistemiamo con il corriere.",
		{KindReturnLabel, ""}:                                   "Stampa l'etichetta, attaccala sul pacco e consegnalo in un qualsiasi punto del corriere.",
		{KindNotPickedUp, ""}:                                   "Verifica che il pacco sia stato affidato al corriere.",
		{KindStalled, ""}:                                       "Chiedi al corriere un aggiornamento sullo stato della spedizione.",
		{KindLost, ""}:                                          "Apri un reclamo con il corriere e organizza una spedizione sostitutiva per il cliente.",
		{KindNotFound, ""}:                                      "Verifica il codice di tracciamento e il corriere di questa spedizione.",
	},
}
