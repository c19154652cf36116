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

// TestNeverDeliveredNationalPhrasings lists whole descriptions, as national
// posts and parcel carriers word them, that mention a delivery but are not a
// delivery to the customer: a notification or e-mail "delivered", a proof of
// delivery, a delivery to a pickup point, locker, partner, customs or depot, a
// future or conditional delivery, a failure, a refusal, a wrong address, a
// return to the sender, a changed date or address, a question. None may ever
// be classified delivered. Questions whose word order is the statement's
// ("Wurde Ihre Sendung zugestellt?") are left out: punctuation is folded away.
func TestNeverDeliveredNationalPhrasings(t *testing.T) {
	t.Parallel()
	for lang, descs := range map[string][]string{
		"de": {
			"Die E-Mail-Benachrichtigung wurde zugestellt", "Benachrichtigung per SMS zugestellt",
			"Die Benachrichtigung wurde dem Empfänger zugestellt", "Zustellbenachrichtigung wurde versendet",
			"Eine Benachrichtigungskarte wurde zugestellt", "Der Empfänger wurde per E-Mail über die Zustellung informiert",
			"Avis wurde zugestellt", "Die Abholbenachrichtigung wurde in den Briefkasten zugestellt",
			"Benachrichtigungskarte in Briefkasten eingeworfen", "Abholkarte eingeworfen", "Zustellnachweis ist verfügbar",
			"Zustellbeleg archiviert", "Unterschrift des Empfängers liegt vor", "Der Zustellnachweis wurde archiviert",
			"Ablieferbeleg verfügbar", "Die Sendung wurde in der Postfiliale zur Abholung hinterlegt",
			"Die Sendung wurde an die Abholstation zugestellt", "Die Sendung wurde in die Post Empfangsbox zugestellt",
			"Die Sendung ist in der Filiale eingetroffen und kann abgeholt werden",
			"Die Sendung wurde an einen Hermes PaketShop geliefert", "Die Sendung wurde in einem Paketshop abgegeben",
			"Die Sendung wurde in einer Postfiliale zugestellt", "Ihre Sendung wurde an einen DPD Pickup Paketshop zugestellt",
			"Zustellung in Paketstation", "Zugestellt an Packstation 123", "Zugestellt an Postfiliale", "Zugestellt an PickPost-Stelle",
			"Die Sendung wurde an die My Post 24-Automat zugestellt", "Sendung liegt am Postschalter zur Abholung bereit",
			"Die Sendung wurde in die Paketbox eingelegt und kann abgeholt werden",
			"Sendung wurde zur Abholung in die Postgeschäftsstelle gebracht", "Die Sendung wurde im Abholschein-Verfahren hinterlegt",
			"Die Sendung wurde zur Filiale gebracht", "Die Sendung wurde in den Paketautomaten zugestellt", "Zugestellt in Abholstation",
			"Hinterlegt in Post-Geschäftsstelle", "Die Sendung wurde an den Zustellpartner übergeben",
			"Die Sendung wurde dem Partnerunternehmen zugestellt", "Zugestellt an Partner im Zielland",
			"Die Sendung wurde an die Zollbehörde übergeben", "Die Sendung wurde dem Zoll zugestellt", "Übergabe an Speditionspartner",
			"Zugestellt an Spedition", "Die Sendung wurde an den Frachtführer übergeben",
			"Die Sendung wurde an die Österreichische Post übergeben", "Die Sendung wurde an die Schweizerische Post übergeben",
			"Die Sendung wurde an den ausländischen Postdienstleister übergeben", "Die Sendung wurde an das Zielland ausgeliefert",
			"Sendung an Zustellbasis ausgeliefert", "Sendung wurde an Verteilzentrum ausgeliefert", "Die Sendung wird heute ausgeliefert",
			"Die Sendung wird zugestellt, sobald der Empfänger erreichbar ist",
			"Falls Sie nicht anwesend sind, wird die Sendung beim Nachbarn zugestellt",
			"Wenn Sie nicht zu Hause sind, wird die Sendung in der Filiale hinterlegt", "Voraussichtliche Zustellung: Montag",
			"Geplante Zustellung heute", "Zustellung voraussichtlich morgen", "Die Zustellung erfolgt voraussichtlich am 12.03.",
			"Die Sendung ist in Zustellung", "Die Sendung befindet sich in der Zustellung", "Sendung in Zustellung",
			"Die Sendung ist zur Zustellung im Fahrzeug", "Zustellung heute zwischen 10 und 12 Uhr", "Zustelltermin wurde aktualisiert",
			"Neuer Zustelltermin", "Zustelldatum geändert", "Die Sendung soll heute ausgeliefert werden",
			"Die Sendung wird dem Empfänger zugestellt", "Ihre Sendung wird dem Empfänger übergeben", "Zustellung an Nachbarn möglich",
			"Zustellung an Wunschnachbar gewünscht", "Abstellgenehmigung erteilt", "Abstellort wurde festgelegt",
			"Wunschnachbar wurde hinterlegt", "Ablageort gewünscht: Garage", "Zustellung an Ablageort vereinbart",
			"Die Sendung kann bei einem Nachbarn abgegeben werden", "Zustellung an eine andere Adresse beauftragt",
			"Die Sendung konnte nicht zugestellt werden", "Zustellung fehlgeschlagen", "Zustellung nicht erfolgreich",
			"Keine Zustellung möglich", "Die Sendung ist unzustellbar", "Unzustellbar", "Zustellung gescheitert",
			"Zustellversuch erfolglos", "Erster Zustellversuch", "Zustellung verweigert", "Annahme verweigert",
			"Die Annahme der Sendung wurde verweigert", "Empfänger hat die Annahme verweigert", "Sendung falsch zugestellt",
			"Die Sendung wurde an eine falsche Adresse zugestellt", "Fehlzustellung", "Die Sendung wurde irrtümlich zugestellt",
			"Empfänger unbekannt", "Die Sendung wurde nicht angenommen", "Die Sendung wurde beim Nachbarn nicht angenommen",
			"Zustellung ohne Erfolg", "Zustellung erfolglos, Empfänger nicht angetroffen", "Die Sendung war nicht zustellbar",
			"Zustellung war heute nicht möglich", "Zustellung leider nicht möglich", "Die Sendung wurde zurück zum Absender zugestellt",
			"Die Sendung wurde an den Absender zugestellt", "Rücksendung an den Absender zugestellt",
			"Die Sendung wurde dem Absender zugestellt", "Die Retoure wurde an den Händler zugestellt", "Retoure zugestellt",
			"Sendung an Versender zurückgegeben", "Zustelladresse geändert", "Die Zustelladresse wurde geändert",
			"Änderung der Zustelladresse", "Umleitung an eine neue Adresse", "Sendung zugestellt? Jetzt bewerten",
			"Die Sendung wurde beim Empfänger abgeholt", "Sendung wurde beim Empfänger übernommen",
			"Der Kurier hat die Sendung beim Empfänger abgeholt", "Abstellgenehmigung: Garage", "Abstellgenehmigung liegt vor",
			"Die Sendung darf in der Garage abgestellt werden", "Wunschort: Garage gewünscht", "Ablageort ändern",
			"Abholungseinladung in den Briefkasten gelegt", "Zustellung an PickPost-Stelle", "Sendung in Empfangsbox zugestellt",
			"Sendung wurde an Post Partner zugestellt", "Sendung an Partnerfirma übergeben",
			"Die Ware wurde an den Versanddienstleister ausgeliefert", "Die Sendung wurde an einen Angestellten der Filiale übergeben",
			"Die Sendung wurde an einen Kollegen übergeben", "Lieferung erfolgreich an Depot", "Keine erfolgreiche Zustellung",
			"Sendung nie zugestellt", "Zustellung an Wunschfiliale", "Die Sendung muss vom Empfänger abgeholt werden",
			"Die Sendung sollte vom Empfänger abgeholt werden", "Die Sendung darf nur vom Empfänger abgeholt werden",
			"Abholung durch den Empfänger ausstehend", "Abholung durch Empfänger erforderlich",
			"Die Sendung wartet auf Abholung durch den Empfänger", "Die Sendung muss in der Filiale abgeholt werden",
			"Die Sendung müsste zugestellt sein", "Die Sendung hätte gestern zugestellt sein sollen", "Sendung zugestellt? Nein",
		},
		"fr": {
			"Le SMS de notification a été livré", "Notification envoyée au destinataire", "L'e-mail de livraison a été distribué",
			"Avis de passage déposé", "Un avis de passage a été déposé dans votre boîte aux lettres",
			"La preuve de livraison est disponible", "Preuve de livraison archivée", "La signature du destinataire est disponible",
			"Votre colis a été livré dans votre bureau de poste", "Votre colis a été livré en bureau de poste",
			"Votre colis a été déposé en point de retrait", "Colis livré au relais Pickup, disponible pour retrait",
			"Colis livré au Pickup Station", "Votre colis est livré dans votre Point Colissimo", "Colis livré en consigne",
			"Votre colis a été livré dans la consigne Mondial Relay", "Livré au Relais Colis", "Livré au point de vente",
			"Votre colis a été livré au commerçant partenaire", "Colis remis au partenaire de livraison",
			"Colis remis au transporteur partenaire", "Colis livré au transporteur local", "Colis remis à la douane",
			"Le colis a été livré à la douane", "Livré au sous-traitant", "Colis livré au prestataire",
			"Votre colis a été remis à notre partenaire pour la livraison", "Colis remis à La Poste pour distribution",
			"Livraison prévue demain", "Votre colis sera livré demain", "Si vous êtes absent, votre colis sera déposé en point relais",
			"En cas d'absence, le colis sera livré chez un voisin", "Votre colis doit être livré aujourd'hui",
			"Votre colis va être livré aujourd'hui", "Votre colis est en cours de livraison", "Livraison estimée le 12/03",
			"Date de livraison modifiée", "La date de livraison a été mise à jour", "Nouvelle date de livraison",
			"Votre colis n'a pas pu être livré", "Échec de livraison", "Livraison échouée", "Livraison impossible", "Aucune livraison",
			"Tentative de livraison", "Livraison refusée", "Colis refusé par le destinataire", "Le destinataire a refusé le colis",
			"Colis livré à une mauvaise adresse", "Livré par erreur à une autre adresse", "Adresse de livraison modifiée",
			"Modification de l'adresse de livraison", "Votre colis a été livré à l'expéditeur", "Colis retourné livré à l'expéditeur",
			"Votre colis a-t-il été livré ?", "Avez-vous bien reçu votre colis ?", "Colis non distribuable", "Colis non livré",
			"Le colis est livrable au bureau de poste", "Livré à la filiale", "Distribué à l'office de poste",
			"Avis de retrait déposé dans la boîte aux lettres", "Invitation à retirer déposée dans la boîte aux lettres",
			"Si vous êtes absent, votre colis sera déposé en lieu sûr", "Vous avez choisi de faire livrer votre colis en lieu sûr",
			"Objeto livre de tributação", "Encomenda livre para entrega", "Livraison effectuée chez le transporteur",
			"Livraison effectuée ? Donnez votre avis", "Colis jamais livré", "Aucune livraison effectuée",
			"Livré dans un distributeur de colis", "retrait par le destinataire prévu", "Retrait par le destinataire possible",
			"Votre colis serait livré",
		},
		"nl": {
			"De e-mail is bezorgd", "SMS-notificatie is afgeleverd", "Bericht verstuurd naar de ontvanger", "Melding is geleverd",
			"Het bezorgbewijs is beschikbaar", "Handtekening van de ontvanger is beschikbaar", "Bewijs van bezorging gearchiveerd",
			"Je pakket is bezorgd bij een PostNL-punt", "Het pakket is afgeleverd in de pakketautomaat",
			"Pakket is afgeleverd bij het Pakketpunt", "Het pakket is bezorgd bij de DHL ServicePoint",
			"Pakket bezorgd in de Pakketkluis", "Het pakket is bezorgd in het postkantoor", "Afgeleverd bij Bol.com afhaalpunt",
			"Het pakket is afgeleverd bij het DPD Pickup parcelshop", "Pakket is overgedragen aan de partner",
			"Pakket is afgeleverd aan de partnervervoerder", "Zending overgedragen aan lokale bezorgpartner",
			"Overgedragen aan de douane", "Zending is geleverd aan de douane", "Het pakket is geleverd aan het depot",
			"Afgeleverd bij het sorteercentrum", "Het pakket wordt vandaag bezorgd", "Verwachte bezorging morgen",
			"Bezorging tussen 14:00 en 16:00", "Als je niet thuis bent, wordt het pakket bij de buren bezorgd",
			"Je pakket wordt bij de buren afgeleverd als je niet thuis bent", "Bezorgmoment gewijzigd", "Bezorgdatum is gewijzigd",
			"Nieuwe bezorgdatum", "Bezorgadres gewijzigd", "Het bezorgadres is aangepast", "Het pakket kon niet worden bezorgd",
			"Niet bezorgd", "Bezorging mislukt", "Bezorgpoging", "Geen bezorging mogelijk", "Bezorging geweigerd",
			"Zending geweigerd door de ontvanger", "Aangenomen geweigerd", "Verkeerd bezorgd",
			"Het pakket is op het verkeerde adres bezorgd", "Pakket is bezorgd bij de afzender", "Retour bezorgd bij afzender",
			"Bezorgd? Laat een review achter", "Pakket is klaar voor bezorging", "Het pakket is in bezorging",
			"Pakket is onderweg naar de bezorger", "Pakket afgegeven aan de koerier", "Pakket opgehaald door de koerier bij de klant",
			"Afgeleverd bij DHL", "Het pakket is afgeleverd bij GLS", "Nooit bezorgd", "Afgeleverd bij Kiala",
			"Het pakket moet worden opgehaald door de ontvanger", "Opgehaald door de ontvanger mogelijk", "Zou bezorgd moeten zijn",
			"Moet nog bezorgd",
		},
		"pt": {
			"Notificação entregue", "SMS entregue ao destinatário", "E-mail de entrega enviado", "Aviso de chegada entregue",
			"Comprovante de entrega disponível", "Comprovante de entrega arquivado", "Assinatura do destinatário disponível",
			"Objeto entregue na agência dos Correios", "Objeto entregue em um ponto de retirada", "Objeto entregue no Locker",
			"Objeto entregue no armário inteligente", "Encomenda entregue no ponto Pickup", "Objeto entregue ao parceiro",
			"Objeto entregue à empresa parceira", "Objeto entregue à alfândega", "Objeto entregue à Receita Federal",
			"Encomenda entregue à transportadora parceira", "Objeto entregue ao operador logístico",
			"Objeto entregue à agência franqueada", "Objeto entregue à unidade de tratamento",
			"Objeto entregue ao centro de distribuição", "Objeto entregue ao CTCE", "Objeto entregue ao carteiro",
			"Objeto entregue ao entregador", "Objeto entregue ao motorista", "Objeto entregue ao courier",
			"Objeto saiu para entrega ao destinatário", "Objeto será entregue amanhã", "Previsão de entrega: 12/03",
			"Entrega prevista para hoje", "Objeto a ser entregue hoje", "Se estiver ausente, o objeto será entregue ao vizinho",
			"Caso não haja ninguém, o objeto será deixado na agência", "Objeto em rota de entrega", "Data de entrega alterada",
			"Nova data de entrega", "Objeto não entregue", "Entrega não realizada", "Entrega não efetuada - destinatário ausente",
			"Tentativa de entrega", "A entrega falhou", "Falha na entrega", "Entrega recusada", "Objeto recusado pelo destinatário",
			"Objeto entregue em endereço errado", "Entregue no endereço incorreto", "Endereço de entrega alterado",
			"Objeto entregue ao remetente", "Objeto devolvido entregue ao remetente", "Objeto aguardando retirada",
			"Entregue à transportadora para entrega final", "Objeto entregue para a Loggi", "Encomenda entregue à DHL",
			"Entregue na unidade de distribuição", "Objeto postado", "Objeto entregue ao CDD", "A entrega não foi realizada",
			"Entrega ainda não realizada", "A entrega não pode ser efetuada - Carteiro não atendido",
			"Objeto entregue para o destinatário retirar", "Objeto entregue à empresa de transporte",
			"Objeto disponível para retirada em Caixa Postal", "Objeto entregue no Locker para retirada",
			"Pacote entregue no ponto de coleta", "Pacote entregue pelo vendedor", "Pedido entregue ao correio", "Objeto nunca entregue",
			"Entrega realizada no ponto de retirada", "Entregue na Loja CTT", "Entregue em Payshop", "Deveria ter sido entregue",
		},
		"es": {
			"Notificación entregada", "SMS entregado al destinatario", "Correo electrónico de entrega enviado",
			"Aviso de llegada entregado", "Comprobante de entrega disponible", "Prueba de entrega archivada",
			"Firma del destinatario disponible", "Envío entregado en oficina de Correos", "Envío entregado en punto de conveniencia",
			"Entregado en Citypaq", "Entregado en el Punto Pack", "Paquete entregado en el punto Celeritas",
			"Entregado en tienda Oxxo para recoger", "Entregado en sucursal para recolección", "Entregado en punto de entrega",
			"Entregado en Amazon Locker", "Entregado en Kiosko", "Entregado al socio logístico", "Entregado a la empresa colaboradora",
			"Entregado a aduana", "Envío entregado a la aduana", "Entregado al operador de última milla",
			"Entregado a la transportadora local", "Entregado a otra paquetería", "Entregado al courier local",
			"Entregado a la compañía de transporte", "Entregado a Correos Express", "Entregado a Estafeta",
			"Entregado a la empresa de mensajería", "Entregado al agente", "Entregado a nuestro aliado", "Se entregará mañana",
			"Entrega prevista hoy", "Fecha estimada de entrega: 12/03", "Entrega programada", "Por entregar", "Pendiente de entrega",
			"A entregar hoy", "Será entregado entre las 10:00 y las 12:00", "Si está ausente, dejaremos el paquete con un vecino",
			"En caso de ausencia, el envío será entregado en oficina", "Fecha de entrega actualizada", "Fecha de entrega modificada",
			"Nueva fecha de entrega", "Dirección de entrega modificada", "Cambio de dirección de entrega", "Entrega fallida",
			"Entrega no realizada", "Entrega no efectuada", "Sin entrega", "Imposible entregar", "Intento de entrega",
			"Entrega rechazada", "Rechazado por el destinatario", "El destinatario rechazó el envío", "Entregado en dirección equivocada",
			"Entregado por error", "Entregado en domicilio incorrecto", "Entregado al remitente", "Devolución entregada al remitente",
			"Devuelto al remitente - entregado", "¿Ha recibido su envío?", "En proceso de entrega", "En ruta de entrega",
			"Entregado al transportista para su entrega", "Entregado a repartidor", "Entregado al cartero",
			"Entregado en almacén del cliente", "Entregado a mensajería", "Entregada a DHL para su distribución",
			"Envío entregado en el centro logístico", "Entregado en la estafeta", "Entregado en depósito", "Entregado en el hub",
			"Entregado en ocurre", "Non entregado", "Entregado en la oficina postal", "Entregado a oficina de Estafeta",
			"Entregado en mostrador", "Entregado al correo", "Paquete entregado por el vendedor en la sucursal",
			"Entrega realizada en punto de conveniencia", "Nunca entregado", "Envío nunca entregado", "Entregado en HomePaq",
			"Entregado en PaqPoint", "Entregado en Oxxo", "Entregado en 7-Eleven",
			"Recibido por el destinatario pendiente de confirmación", "Recogido por el destinatario para devolver",
			"Debería haber sido entregado", "Tendría que haber sido entregado", "Para ser entregado", "Debe ser entregado",
		},
		"it": {
			"Notifica consegnata", "SMS consegnato al destinatario", "E-mail di consegna inviata", "Avviso di giacenza recapitato",
			"Prova di consegna disponibile", "Prova di consegna archiviata", "Firma del destinatario disponibile",
			"Spedizione consegnata al Punto Poste", "Consegnato al Punto Poste Locker", "Consegnata presso il Fermopoint",
			"Consegnato al BRT-fermopoint", "Consegnato al punto GLS", "Consegnata in tabaccheria per il ritiro",
			"Consegnato all'edicola", "Consegnato presso il negozio convenzionato", "Consegnato all'ufficio postale per il ritiro",
			"Consegnato al partner", "Consegnata al vettore partner", "Affidato al partner di consegna", "Consegnato alla dogana",
			"Consegnata al corriere locale", "Consegnato a Poste Italiane", "Consegnata all'operatore logistico", "Consegnato all'hub",
			"Consegnato al magazzino", "Consegnato al centro di smistamento", "Consegnata allo spedizioniere", "Sarà consegnato domani",
			"Consegna prevista oggi", "Data di consegna prevista: 12/03", "In consegna", "In consegna oggi", "Da consegnare",
			"In attesa di consegna", "Consegna programmata", "Se sei assente, il pacco sarà consegnato a un vicino",
			"Data di consegna aggiornata", "Data di consegna modificata", "Nuova data di consegna", "Indirizzo di consegna modificato",
			"Cambio indirizzo di consegna", "Non consegnato", "Consegna non riuscita", "Consegna fallita", "Mancata consegna",
			"Impossibile consegnare", "Tentativo di consegna", "Consegna rifiutata", "Rifiutato dal destinatario",
			"Consegnato all'indirizzo sbagliato", "Consegnato per errore", "Consegnato al mittente", "Reso consegnato al mittente",
			"Spedizione in fase di consegna", "Affidato al portalettere", "Consegnato al postino", "Consegnato all'autista",
			"Consegnata al corriere espresso", "Consegna in corso", "Consegnato in giacenza", "Spedizione consegnata in deposito",
			"Consegnato alla filiale", "Recapitato al partner", "Invito a ritirare depositato nella bucalettere",
			"Consegnato dal mittente", "Mai consegnato", "Pacco mai recapitato", "Consegnato presso PuntoPoste",
			"Consegnato presso Fermo Deposito", "Ritirato al punto di raccolta dal nostro autista", "Ritirato al magazzino",
			"Ritirata al deposito", "Dovrebbe essere stato consegnato",
		},
		"ja": {
			"お届け予定日のお知らせ", "配達予定日が変更されました", "本日配達予定", "配達完了のお知らせメールを送信しました", "配達完了メール送信済み", "配達完了通知を送信", "お客様にメールでお届け済みをお知らせしました",
			"ご不在のため持ち帰りました", "ご不在連絡票を投函しました", "不在票投函", "配達できませんでした", "配達できません", "宛所不明のため配達できません", "受取拒否", "お受け取り拒否", "誤配達", "誤配達のため回収",
			"配達店に到着しました", "郵便局に到着", "郵便局でお預かりしています", "コンビニエンスストアに到着", "はこぽすに配達完了", "PUDOステーションに配達完了", "営業所でお預かり中", "営業所止め", "宅配便ロッカーに到着",
			"配達済み（差出人へ返送）", "差出人に返送済み", "転送されました", "提携会社へ引渡し", "他社に引き渡し", "他社へ引継", "委託先へ引渡", "配達を委託しました", "ゆうパックで配達予定", "配達中", "配達完了予定",
			"配達完了しましたか？", "お荷物は届きましたか？", "配達日時変更のご依頼を受け付けました", "お届け先住所変更", "持戻（ご不在）", "保管期間経過のため返送", "配達完了（コンビニエンスストア）", "配達完了（PUDO）",
			"配達完了（営業所）", "他社へ引渡", "宅配ボックスに配達予定", "郵便受箱に配達できませんでした", "配達完了していません", "配達完了となっておりません", "まだ配達完了していない", "配達完了前", "窓口でお渡し予定",
			"窓口でお渡しできます", "郵便局の窓口でお渡しします", "受取完了予定", "受領書をお送りしました", "受取済みの通知を送信しました", "差出人様へ受領済み", "税関に配達完了", "提携会社に配達完了", "他社に配達完了",
			"郵便局に配達完了",
		},
		"ko": {
			"배송완료 알림 발송", "배송완료 문자 발송", "배송완료 예정", "배달예정", "배송 예정일 변경", "배달 실패", "미배달", "배송 완료되지 않음", "수취 거부", "수취인 부재", "부재중", "반송 완료",
			"반품 완료", "보관함 보관", "편의점 도착", "무인택배함에 보관", "택배함 보관완료", "GS25 편의점 배송완료", "편의점 배송완료", "무인택배함 배송완료", "집하처리", "간선하차", "배달준비",
			"배달출발", "다른 택배사로 이관", "타 택배사 인계", "협력사 인계", "통관 완료", "배송지 변경", "오배송", "오배달", "배송완료되었나요?", "배송사에 전달되었습니다", "택배사에 전달되었습니다",
			"물품이 집하점에 전달되었습니다", "우체국에 전달되었습니다", "편의점에 전달되었습니다", "기사님께 전달되었습니다", "배송기사에게 전달되었습니다", "배송완료 전", "배송완료 처리 오류", "협력사 배송완료",
			"대리점 배송완료", "물류센터에 전달되었습니다",
		},
		"zh": {
			"快件已被驿站代收", "已放入快递柜", "快件已存放至菜鸟驿站", "已签收，签收人：快递柜", "快递柜签收", "已投递至快递柜", "已投递至驿站", "送达驿站", "已送达自提点", "已送达快递柜", "已送达代收点",
			"已送达转运中心", "送达分拨中心", "已送达网点", "到达派件网点", "已妥投至代理点", "投递失败", "未妥投", "未送达", "拒收", "已退回", "退件签收", "签收失败", "预计送达时间", "预计明天送达",
			"即将送达", "正在派送", "派送中", "送达时间已更新", "已通知收件人", "签收短信已发送", "已交给合作快递", "已转交其他快递公司", "已交由邮政投递", "交给EMS投递", "海关查验", "已送达海关", "已签收吗？",
			"请确认是否已签收", "快件送达了吗", "商家已签收", "卖家已签收", "寄件人已签收", "没有送达", "尚未签收", "已取件通知已发送", "快递员已取件", "快递员已取件，正在发往", "已领取优惠券", "本人签收通知",
			"客户签收前", "用户提货失败", "已妥投至合作方", "已签收（由代理商签收）", "代理商已签收", "合作快递已签收", "转运公司已签收", "签收前请验货",
		},
		"tr": {
			"Bildirim teslim edildi", "SMS teslim edildi", "Teslimat bildirimi gönderildi", "Teslimat belgesi mevcut",
			"Teslim tutanağı arşivlendi", "Gönderi şubeye teslim edildi", "Gönderi PTT şubesine teslim edildi",
			"Kargo teslim noktasına teslim edildi", "Gönderi Kargomat'a teslim edildi", "Gönderi kargo dolabına teslim edildi",
			"Gönderi anlaşmalı noktaya teslim edildi", "Gönderi partner firmaya teslim edildi", "Gönderi gümrüğe teslim edildi",
			"Gönderi transfer merkezine teslim edildi", "Gönderi aktarma merkezine teslim edildi",
			"Gönderi dağıtım personeline teslim edildi", "Gönderi kuryeye teslim edildi", "Gönderi kurye firmasına teslim edildi",
			"Gönderi başka bir kargo firmasına teslim edildi", "Gönderi yurtdışı posta idaresine teslim edildi",
			"Gönderi havayoluna teslim edildi", "Gönderi teslim edilecek", "Gönderi yarın teslim edilecek", "Tahmini teslim tarihi",
			"Teslimat tarihi güncellendi", "Bugün teslim edilecek", "Dağıtıma çıktı", "Teslim edilemedi", "Gönderi teslim edilemedi",
			"Teslimat başarısız", "Teslim edilmedi", "Teslimat yapılamadı", "Alıcı adreste bulunamadı", "Alıcı teslim almayı reddetti",
			"Teslim alınmadı", "Yanlış adrese teslim edildi", "Hatalı teslim", "Göndericiye teslim edildi",
			"İade gönderi göndericiye teslim edildi", "Teslimat adresi değiştirildi", "Gönderiniz teslim edildi mi?",
			"Gönderi teslim alındı", "Kargo firmasına teslim edildi", "Gönderi PTT'ye teslim edildi",
			"Gönderi ilgili birime teslim edildi", "Gönderi dağıtım merkezine teslim edildi", "Gönderi depoya teslim edildi",
			"Kargo Kargomat'tan kurye tarafından alındı", "Kargoya teslim edildi", "Siparişiniz kargoya teslim edildi",
			"Satıcı tarafından kargoya teslim edildi", "Paketiniz kuryemize teslim edildi", "Gönderi Yurtiçi Kargoya teslim edildi",
			"Sipariş Kargoya Verildi", "Teslim edildi gibi görünüyor",
		},
	} {
		checkDelivered(t, false, lang, descs)
	}
}

// TestDeliveredNationalPhrasings keeps the real deliveries of the same
// languages delivered: to the recipient, a neighbour, the mailbox, a safe
// place, signed for, or collected by the recipient from a locker or counter.
func TestDeliveredNationalPhrasings(t *testing.T) {
	t.Parallel()
	for lang, descs := range map[string][]string{
		"de": {
			"Die Sendung wurde dem Empfänger zugestellt.", "Die Sendung wurde beim Nachbarn abgegeben.", "Zugestellt an Nachbar",
			"Die Sendung wurde in den Briefkasten eingeworfen", "Die Sendung wurde am Ablageort abgestellt",
			"Die Sendung wurde an der Haustür abgestellt", "Zugestellt an Ablageort",
			"Die Sendung wurde zugestellt. Unterschrift: Müller", "Zugestellt", "Ausgeliefert",
			"Die Sendung wurde aus der Packstation abgeholt", "Die Sendung wurde in der Filiale vom Empfänger abgeholt",
			"Die Sendung wurde vom Empfänger abgeholt", "Ausgefolgt", "Sendung zugestellt", "Zugestellt an Postfach",
			"Die Sendung wurde erfolgreich zugestellt", "Übergeben an Empfänger", "Die Sendung wurde dem Empfänger persönlich übergeben",
			"Sendung wurde an Empfänger ausgefolgt", "Sendung wurde an Ersatzempfänger zugestellt", "Zustellung an Nachbarn: Herr Müller",
			"Die Sendung wurde abgestellt", "Ihre Sendung wurde an den Wunschnachbarn zugestellt",
			"Sendung an Angestellten/Kollegen übergeben", "Die Sendung wurde einem Kollegen des Empfängers übergeben",
			"An Postbevollmächtigten übergeben", "Zugestellt ohne Unterschrift",
		},
		"fr": {
			"Votre colis a été livré", "Colis livré au destinataire", "Votre colis a été livré chez votre voisin",
			"Votre colis a été déposé dans votre boîte aux lettres", "Colis remis en main propre", "Livré en boîte aux lettres",
			"Votre colis a été retiré par le destinataire au point relais", "Colis retiré au bureau de poste", "Livraison effectuée",
			"Votre colis a été distribué", "Le colis a été remis au destinataire contre signature", "Colis déposé en lieu sûr",
			"Livraison effectuée par le transporteur", "Livré sans signature", "Remis au destinataire en point relais",
			"Retrait par le destinataire effectué",
		},
		"nl": {
			"Het pakket is bezorgd", "Bezorgd bij de buren", "Bezorgd in de brievenbus", "Pakket is afgeleverd",
			"Het pakket is bezorgd op de afgesproken plek", "Pakket is afgehaald door de ontvanger",
			"Het pakket is opgehaald bij het PostNL-punt door de ontvanger", "Zending afgeleverd, getekend door Jansen",
			"Het pakket is uitgereikt", "Bezorgd bij de achterdeur", "Het pakket is opgehaald door de ontvanger",
		},
		"pt": {
			"Objeto entregue ao destinatário", "Entregue", "Encomenda entregue", "Objeto entregue na caixa de correio",
			"Objeto entregue ao vizinho", "Entregue ao porteiro", "Objeto retirado pelo destinatário na agência", "Entrega efetuada",
			"Entregue ao destinatário - assinado por João", "Encomenda levantada pelo destinatário no cacifo",
			"Objeto entregue com sucesso", "Seu pacote foi entregue", "Entregue na portaria", "Entrega realizada no endereço",
		},
		"es": {
			"Entregado", "Envío entregado al destinatario", "Entregado a vecino", "Entregado en buzón", "Entregado al portero",
			"Recogido por el destinatario en oficina", "Recogido por el cliente en el Citypaq", "Entrega realizada con éxito",
			"Entregado - firmado por Juan", "Entregado en recepción", "Entregado al conserje", "Recibido por el destinatario",
			"Tu paquete fue entregado", "Entregado sin firma",
		},
		"it": {
			"Consegnato", "Spedizione consegnata al destinatario", "Consegnato al vicino", "Consegnato nella cassetta postale",
			"Consegnato al portiere", "Ritirato dal destinatario presso il Punto Poste", "Consegnata", "Consegna effettuata",
			"Recapitato", "Consegnato - firmato da Rossi", "Consegnata a mano al destinatario",
			"Ritirato al Punto Poste dal destinatario", "Ritirata al punto di ritiro",
		},
		"ja": {
			"配達完了（宅配ボックス）", "お届け済み", "配達完了", "投函完了", "置き配完了", "窓口でお渡し", "お届けが完了しました", "配達完了（玄関前）", "窓口でお渡ししました", "お受け取り済み", "受取完了",
			"お届け先にお届け済み 新宿郵便局", "配達完了 東京中央郵便局",
		},
		"ko": {
			"배달완료", "배송완료", "고객님께 전달되었습니다", "문 앞에 배송완료", "경비실 배송완료", "고객님께 상품이 전달되었습니다", "경비실에 전달되었습니다", "배송완료 (배송사원: 홍길동)",
			"고객님께 전달되었습니다 (배송기사: 홍길동)", "우체국택배: 고객님께 전달되었습니다", "배송되었습니다. 문의는 고객센터로 연락주세요",
		},
		"zh": {
			"已签收，签收人：本人", "已签收", "妥投", "已妥投", "本人签收", "收件人已从驿站取件", "客户自提", "已被前台签收", "已被门卫签收", "已签收，签收人：前台", "快件已送达，如有疑问请联系客服中心",
		},
		"tr": {
			"Teslim edildi", "Gönderi alıcıya teslim edildi", "Kargo komşuya teslim edildi", "Gönderi kapıcıya teslim edildi",
			"Gönderi alıcının kendisine teslim edildi", "Teslimat gerçekleşti", "Teslim edildi - Teslim alan: Ahmet",
			"Kargo Kargomat'tan alındı", "Gönderi adrese teslim edildi", "Teslim Edildi",
		},
	} {
		checkDelivered(t, true, lang, descs)
	}
}

// checkDelivered fails t for every description whose reading as delivered
// is not want, naming the language when there is one.
func checkDelivered(t *testing.T, want bool, lang string, descs []string) {
	t.Helper()
	for _, desc := range descs {
		r := milestone.Explain(milestone.Scan{Carrier: "post", Description: desc})
		if (r.Milestone == milestone.Delivered) != want {
			t.Errorf("%s %q classified %v by %s, want delivered %v", lang, desc, r.Milestone, r.Rule, want)
		}
	}
}
