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
		"it": {
			[]string{"Il pacco", "La spedizione"},
			[]string{"è stato consegnato al corriere", "è stata consegnata in filiale", "è stato consegnato al punto di ritiro",
				"non è stato consegnato", "sarà consegnato domani"},
		},
		"pt": {
			[]string{"O objeto", "A encomenda"},
			[]string{"foi entregue ao transportador", "foi entregue no ponto de recolha", "não foi entregue", "será entregue amanhã"},
		},
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
				"was delivered to the airline", "was delivered back to the sender", "was delivered to customs",
				"will be delivered between 10:15 and 11:15", "will be delivered tomorrow between 9:00 and 12:00",
				"- we were unable to deliver it today", "- delivery exception: customer not available",
				"has been dropped off at the parcel shop by the sender", "was delivered to the parcel locker, collect it with your code",
				"could not be delivered to your mailbox", "- delivery window 14:00-15:00 today",
				"is being delivered by our local partner", "is being delivered", "was delivered to the driver",
				"was delivered to the consolidator", "was delivered to DHL", "was delivered to our warehouse",
				"was collected from the Post Office by Royal Mail", "- proof of delivery pending", "was signed for by the driver",
				"was delivered to the returns centre", "was delivered to a safe place at the depot",
				"- final delivery notice", "is out for final delivery", "- final delivery scheduled for Monday",
				"was removed from the locker - expired", "was removed from the parcel locker and returned to the depot",
				"was retrieved from the locker by the courier", "- hold for pickup requested",
				"was delivered to UPS Access Point. Customer will be notified", "- notification sent: available in PUDO"},
		},
		"de": {
			[]string{"Die Sendung", "Ihr Paket", "Das Paket"},
			[]string{"wurde nicht zugestellt", "konnte nicht zugestellt werden", "wird morgen zugestellt",
				"wird voraussichtlich am Montag zugestellt", "wurde in die Packstation zugestellt",
				"wurde in der Filiale zur Abholung zugestellt", "kann nicht zugestellt werden",
				"wird heute zugestellt", "soll zugestellt werden", "ist noch nicht zugestellt",
				"wurde an GLS übergeben", "wurde vom Absender übergeben", "wurde beim Kunden abgeholt",
				"konnte nicht übergeben werden", "wird erneut zugestellt",
				"- Benachrichtigung in den Briefkasten eingelegt", "wurde in den Paketshop zugestellt",
				"wurde an den Zusteller übergeben und wird voraussichtlich heute zugestellt",
				"wird heute zwischen 13:00 und 14:00 Uhr zugestellt", "wurde im PaketShop abgegeben",
				"konnte heute leider nicht zugestellt werden", "- Zustellung an den Ablageort war nicht möglich",
				"wurde an das Depot zugestellt", "wurde dem Zusteller zugestellt", "soll am Montag zugestellt werden",
				"wurde im Paketshop durch Hermes abgeholt", "wurde am Paketshop vom Kurier abgeholt",
				"wurde vom Kurier im Paketshop abgeholt", "wurde an das Retourenzentrum zugestellt",
				"- Empfänger nicht angetroffen, konnte nicht beim Nachbarn zugestellt werden", "wird beim Nachbarn zugestellt",
				"an den Absender retourniert", "- Abholung durch Empfänger möglich"},
		},
		"fr": {
			[]string{"Votre colis", "Le colis", "L'envoi"},
			[]string{"n'a pas été livré", "n'a pas pu être livré", "sera livré demain", "est livré en point relais",
				"a été livré dans votre consigne Pickup", "va être livré", "ne peut pas être livré",
				"n'est pas encore livré", "sera distribué demain", "n'a pas pu être distribué",
				"est en cours de livraison", "a été remis à La Poste", "a été livré au Point Relais",
				"- avis déposé dans votre boîte aux lettres", "sera livré aujourd'hui entre 10h et 11h",
				"n'a pas pu être livré aujourd'hui", "a été remis à DPD par l'expéditeur",
				"a été livré au transporteur", "a été livré à notre dépôt", "a été livré à l'agence",
				"a été récupéré par le livreur au relais", "a été récupéré par nos services à l'agence"},
		},
		"nl": {
			[]string{"Uw pakket", "De zending", "Je pakket"},
			[]string{"is niet bezorgd", "kon niet worden bezorgd", "wordt morgen bezorgd",
				"is bezorgd bij het afhaalpunt", "zal worden bezorgd", "is nog niet bezorgd",
				"is afgeleverd bij het PostNL-punt", "wordt vandaag bezorgd", "kon niet worden afgeleverd",
				"wordt vandaag tussen 13:00 en 15:00 bezorgd", "is door de afzender afgegeven bij een PostNL-punt",
				"is geleverd aan de koerier", "is bezorgd bij het retourcentrum"},
		},
		"sv": {
			[]string{"Försändelsen", "Ditt paket"},
			[]string{"har levererats till ett serviceställe", "har levererats till ett paketskåp", "har levererats till terminalen",
				"är utlämnad till ombud", "har överlämnats till samarbetspartner", "kunde inte levereras", "levereras imorgon",
				"har levererats till avsändaren", "- SMS-avisering har levererats till mottagaren", "kommer att levereras"},
		},
		"da": {
			[]string{"Pakken", "Forsendelsen"},
			[]string{"er leveret til pakkeshop", "er leveret i pakkeboks", "er afleveret til vognmand", "er leveret til terminalen",
				"er overdraget til samarbejdspartner", "kunne ikke leveres", "er ikke leveret", "vil blive leveret i morgen",
				"er leveret til afsender", "bliver leveret i dag", "bliver leveret i morgen"},
		},
		"nb": {
			[]string{"Sendingen", "Pakken"},
			[]string{"er levert til Post i Butikk", "er levert til pakkeautomat", "er levert til samarbeidspartner",
				"er levert til terminal", "er levert til hentested", "kunne ikke leveres", "er ikke levert", "vil bli levert i morgen",
				"er levert til avsender", "blir levert i dag", "skal leveres i morgen"},
		},
		"fi": {
			[]string{"Lähetys"},
			[]string{"on toimitettu noutopisteeseen", "on toimitettu Postin automaattiin", "on toimitettu lajittelukeskukseen",
				"on luovutettu yhteistyökumppanille", "on luovutettu kuljetukseen", "ei ole toimitettu", "toimitetaan huomenna",
				"on toimitettu lähettäjälle", "- tekstiviesti on toimitettu vastaanottajalle", "on luovutettu Postille"},
		},
		"pl": {
			[]string{"Przesyłka", "Paczka"},
			[]string{"doręczona do paczkomatu", "dostarczona do punktu odbioru", "dostarczona do placówki pocztowej",
				"dostarczona do sortowni", "dostarczona do oddziału", "nie została doręczona", "zostanie doręczona jutro",
				"doręczona do nadawcy", "przekazana do doręczenia przez innego przewoźnika", "wydana kurierowi do doręczenia",
				"odebrana z PaczkoPunktu nadawczego", "odebrana z Paczkomatu nadawczego", "odebrana przez kuriera"},
		},
		"pt-br": {
			[]string{"Objeto"},
			[]string{"entregue à unidade de distribuição", "entregue à transportadora", "entregue aos Correios",
				"entregue na agência dos Correios para retirada", "entregue ao remetente", "não entregue - endereço incorreto"},
		},
		"ja": {
			[]string{"お荷物は", ""},
			[]string{"コンビニに配達完了", "宅配ロッカーに配達", "ご不在のため持ち戻り", "配達予定", "差出人に返送"},
		},
		"es": {
			[]string{"Su envío", "El paquete", "El envío"},
			[]string{"no ha sido entregado", "no se pudo entregar", "será entregado mañana",
				"ha sido entregado en el punto de recogida", "se entregará hoy", "todavía no ha sido entregado",
				"está en reparto", "no pudo ser entregado por ausencia del destinatario",
				"ha sido entregado al transportista", "- se ha dejado un aviso en su buzón",
				"ha sido entregado en el ParcelShop", "será entregado hoy entre las 10:00 y las 12:00",
				"no hemos podido entregarlo hoy", "ha sido entregado en la delegación", "ha sido entregado a la agencia colaboradora",
				"ha sido entregado al repartidor", "entregado a paquetería local", "entregado en centro de distribución",
				"entregado en sucursal, listo para recoger"},
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
