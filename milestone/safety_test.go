package milestone_test

import (
	"testing"

	"github.com/wismo-dev/wismo/milestone"
)

// TestNeverDeliveredWhenNot combines subjects with non-delivery predicates
// in each language: negations, future tense, attempts and deliveries to a
// pickup point. None may ever be classified delivered, whatever else it is.
func TestNeverDeliveredWhenNot(t *testing.T) {
	t.Parallel()
	for lang, c := range map[string]struct{ subjects, predicates []string }{
		"en": {
			[]string{"The parcel", "Your package", "Shipment 1Z999", "Item"},
			[]string{"was not delivered", "could not be delivered", "will be delivered tomorrow",
				"is scheduled to be delivered on Monday", "has been delivered to the pickup point",
				"has been delivered to a parcel locker and is ready for collection",
				"was delivered to the post office for pickup", "- delivery attempted",
				"cannot be delivered", "has not been delivered yet", "is expected to be delivered today",
				"delivery rescheduled", "is out for delivery", "was not delivered: nobody home",
				"could not be delivered and will be returned to the sender", "is ready to be delivered",
				"- notification placed in your mailbox", "- a card was left in your letterbox",
				"was left at the sorting center", "has been delivered to UPS Access Point",
				"was delivered to the wrong address", "was partially delivered", "was delivered to USPS",
				"was delivered to the airline", "was delivered back to the sender", "was delivered to customs"},
		},
		"de": {
			[]string{"Die Sendung", "Ihr Paket", "Das Paket"},
			[]string{"wurde nicht zugestellt", "konnte nicht zugestellt werden", "wird morgen zugestellt",
				"wird voraussichtlich am Montag zugestellt", "wurde in die Packstation zugestellt",
				"wurde in der Filiale zur Abholung zugestellt", "kann nicht zugestellt werden",
				"wird heute zugestellt", "soll zugestellt werden", "ist noch nicht zugestellt",
				"wurde an GLS übergeben", "wurde vom Absender übergeben", "wurde beim Kunden abgeholt",
				"konnte nicht übergeben werden", "wird erneut zugestellt",
				"- Benachrichtigung in den Briefkasten eingelegt", "wurde in den Paketshop zugestellt"},
		},
		"fr": {
			[]string{"Votre colis", "Le colis", "L'envoi"},
			[]string{"n'a pas été livré", "n'a pas pu être livré", "sera livré demain", "est livré en point relais",
				"a été livré dans votre consigne Pickup", "va être livré", "ne peut pas être livré",
				"n'est pas encore livré", "sera distribué demain", "n'a pas pu être distribué",
				"est en cours de livraison", "a été remis à La Poste", "a été livré au Point Relais",
				"- avis déposé dans votre boîte aux lettres"},
		},
		"nl": {
			[]string{"Uw pakket", "De zending", "Je pakket"},
			[]string{"is niet bezorgd", "kon niet worden bezorgd", "wordt morgen bezorgd",
				"is bezorgd bij het afhaalpunt", "zal worden bezorgd", "is nog niet bezorgd",
				"is afgeleverd bij het PostNL-punt", "wordt vandaag bezorgd", "kon niet worden afgeleverd"},
		},
		"es": {
			[]string{"Su envío", "El paquete", "El envío"},
			[]string{"no ha sido entregado", "no se pudo entregar", "será entregado mañana",
				"ha sido entregado en el punto de recogida", "se entregará hoy", "todavía no ha sido entregado",
				"está en reparto", "no pudo ser entregado por ausencia del destinatario",
				"ha sido entregado al transportista", "- se ha dejado un aviso en su buzón",
				"ha sido entregado en el ParcelShop"},
		},
	} {
		for _, s := range c.subjects {
			for _, p := range c.predicates {
				desc := s + " " + p
				if r := milestone.Explain(milestone.Scan{Carrier: "post", Description: desc}); r.Milestone == milestone.Delivered {
					t.Errorf("%s: %q classified delivered by %s", lang, desc, r.Rule)
				}
			}
		}
	}
}
