package notify

import "github.com/wismo-dev/wismo/milestone"

// frWords is French: the customer is "vous", dates are "jeudi 5 mars" (the
// first of a month "1er"), and a colon has a no-break space before it.
var frWords = &words{
	weekdays: [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
	months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
		"août", "septembre", "octobre", "novembre", "décembre"},
	date: func(w, d, m string) string {
		if d == "1" {
			d = "1er"
		}
		return w + " " + d + " " + m
	},
	milestone: map[milestone.Milestone]string{
		milestone.InfoReceived:           "étiquette créée",
		milestone.PickedUp:               "pris en charge par le transporteur",
		milestone.InTransit:              "en cours d'acheminement",
		milestone.ArrivedAtLocalFacility: "arrivé sur le site de distribution près de chez vous",
		milestone.OutForDelivery:         "en cours de livraison",
		milestone.DeliveryAttempted:      "tentative de livraison",
		milestone.AvailableForPickup:     "disponible au point de retrait",
		milestone.Delivered:              "livré",
		milestone.Exception:              "bloqué",
		milestone.ReturnedToSender:       "en retour vers nous",
		milestone.Cancelled:              "annulé",
	},
	detail: map[milestone.Detail]string{
		milestone.DetailNotHome:                   "personne n'était présent",
		milestone.DetailBusinessClosed:            "l'établissement était fermé",
		milestone.DetailAddressProblem:            "l'adresse est introuvable",
		milestone.DetailRefused:                   "le colis a été refusé",
		milestone.DetailDamaged:                   "le colis a été endommagé",
		milestone.DetailLost:                      "le colis est introuvable",
		milestone.DetailCustomsHold:               "le colis est retenu en douane",
		milestone.DetailCustomsCleared:            "le colis a été dédouané",
		milestone.DetailWeather:                   "de mauvaises conditions météo",
		milestone.DetailCarrierDelay:              "un retard chez le transporteur",
		milestone.DetailHeld:                      "le transporteur garde le colis en attente",
		milestone.DetailNeighbour:                 "remis à un voisin",
		milestone.DetailSafePlace:                 "déposé en lieu sûr",
		milestone.DetailLocker:                    "déposé dans une consigne automatique",
		milestone.DetailSigned:                    "remis contre signature",
		milestone.DetailMailbox:                   "déposé dans votre boîte aux lettres",
		milestone.DetailArrivedDestinationCountry: "arrivé dans votre pays",
	},
	reason: map[string]string{
		"carrier_eta":    "le transporteur a repoussé la date de livraison",
		"promise_missed": "il n'est pas arrivé à la date promise",
		"no_scans":       "le transporteur ne signale plus aucune avancée depuis deux jours ouvrés",
		"not_picked_up":  "le transporteur n'a pas encore pris en charge le colis",
	},
	action: map[actionKey]string{
		{KindDeliveryAttempted, ""}:                             "Vous pouvez reprogrammer la livraison ou retirer le colis grâce à l'avis de passage du transporteur ou au lien de suivi ci-dessous.",
		{KindAvailableForPickup, ""}:                            "Pensez à le retirer rapidement. Les points de retrait gardent généralement les colis environ 7 jours avant de les renvoyer. Munissez-vous d'une pièce d'identité.",
		{KindException, milestone.DetailAddressProblem}:         "Merci de vérifier votre adresse de livraison et de répondre à ce message s'il manque quelque chose, afin que nous puissions faire la correction auprès du transporteur.",
		{KindException, milestone.DetailCustomsHold}:            "La douane peut vous demander un paiement ou un document. Suivez simplement les instructions de la page de suivi.",
		{KindException, ""}:                                     "Vous n'avez rien à faire pour l'instant. Nous nous en occupons et vous tiendrons au courant.",
		{KindDeliveryAttempted, milestone.DetailAddressProblem}: "Merci de vérifier votre adresse de livraison et de répondre à ce message, afin que nous puissions faire la correction auprès du transporteur.",
		{KindReturnLabel, ""}:                                   "Imprimez l'étiquette, collez-la sur le colis et déposez celui-ci dans n'importe quel point de dépôt du transporteur.",
		{KindNotPickedUp, ""}:                                   "Vérifiez que le colis a bien été remis au transporteur.",
		{KindStalled, ""}:                                       "Demandez au transporteur où en est l'envoi.",
		{KindLost, ""}:                                          "Ouvrez une réclamation auprès du transporteur et prévoyez un renvoi pour le client.",
		{KindNotFound, ""}:                                      "Vérifiez le numéro de suivi et le transporteur de cet envoi.",
	},
}
