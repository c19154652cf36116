package milestone_test

import (
	"testing"

	"github.com/wismo-dev/wismo/milestone"
)

// TestNeverDeliveredMoreLanguages probes the rules of en, intl, sv, da, nb,
// fi, pl, cs, sk, hu, ro, uk and ru with wordings that name a delivery that
// is not one to the customer: a delivery to a carrier, partner, customs,
// shop, depot or the wrong address, an SMS, e-mail or notice "delivered", a
// proof of delivery, a delivery preference, a future delivery, a question.
// Texts in one language meet the rules of every other, so each case runs
// against all of them. None may be classified delivered.
func TestNeverDeliveredMoreLanguages(t *testing.T) {
	t.Parallel()
	for lang, descs := range map[string][]string{
		"cs": {
			"Zásilka převzata dopravcem", "Zásilka převzata řidičem", "Zásilka převzata partnerem", "Zásilka převzata na depu",
			"Zásilka doručena na poštu", "Zásilka doručena do Z-BOXu", "Zásilka doručena do Balíkovny",
			"Zásilka doručena na výdejní místo", "Zásilka doručena do výdejního místa Zásilkovna",
			"Zásilka doručena dopravci PPL", "Zásilka doručena do skladu", "Zásilka doručena do třídicího centra",
			"Zásilka doručena na celní úřad", "Zásilka doručena odesílateli", "Zásilka doručena na špatnou adresu",
			"Zásilka doručena jinému příjemci", "SMS doručena", "E-mail doručen", "Oznámení doručeno adresátovi",
			"Zpráva doručena", "Doklad o doručení archivován", "Byla vaše zásilka doručena?", "Zásilka bude doručena zítra",
			"Zásilka nebyla doručena", "Zásilka dodána partnerovi", "Zásilka předána do Zásilkovny",
			"Zásilka předána přepravní společnosti", "Zásilka předána České poště", "Zásilka předána kurýrovi",
			"Zásilka předána DPD", "Zásilka předána GLS", "Zásilka vydána kurýrovi", "Zásilka vydána dopravci",
			"Zásilka vydána k doručení", "Zásilka vydána na depu řidiči", "Zásilka převzata v depu",
			"Zásilka převzata na poště od odesílatele", "Zásilka doručena do AlzaBoxu",
		},
		"da": {
			"SMS leveret", "E-mail er leveret til modtager", "Kvittering arkiveret", "Pakken er leveret til PostNord",
			"Pakken er leveret til en pakkeshop", "Pakken er leveret til nærmeste Pakkeshop",
			"Pakken er leveret til Dao365 butik", "Pakken er leveret til tolden", "Pakken er leveret til vognmanden",
			"Pakken er leveret til forkert adresse", "Pakken er leveret til afsender", "Pakken leveres i morgen",
			"Pakken bliver leveret", "Er din pakke leveret?", "Pakken er ikke leveret", "Pakken kunne ikke leveres",
			"Pakken er udleveret til Bring", "Pakken er afleveret hos GLS", "Leveringsønske: stilles ved døren",
			"Leveringssted valgt: carport", "Pakken er leveret i Netto", "Pakken er leveret til posthuset",
			"Pakken er overdraget til fragtfirmaet", "Forsendelsen er leveret til GLS", "Pakken er leveret til Dao",
		},
		"en": {
			"Has your parcel been delivered?", "Delivered? Let us know", "Was your package delivered? Tell us",
			"Text message delivered to recipient", "Email notification delivered", "Delivery notification delivered",
			"Proof of delivery archived", "Delivered to the post office", "Delivered to Post Office for collection",
			"Delivered to parcel shop", "Delivered to Amazon Hub Locker", "Delivered to InPost locker",
			"Delivered to local courier", "Delivered to partner carrier", "Delivered to the forwarder",
			"Delivered to DHL for final delivery", "Delivered to USPS for final delivery", "Handed to Royal Mail for delivery",
			"Delivered to the sender", "Return delivered to sender", "Delivered to wrong address", "Misdelivered",
			"Delivery preference: leave with neighbour", "Safe place requested: porch", "Will be delivered tomorrow",
			"If you are not home we will deliver to a neighbour", "Could not be delivered", "Delivered to customs broker",
			"Delivered to customs", "Delivered to the depot", "Delivered to the carrier", "Delivered to the airline",
			"Delivered to agent", "Delivered to pick-up location", "Delivered to pickup location",
			"Delivered to collection point", "Delivered to Collect+ store", "Delivered to PUDO", "Delivered to Shop",
			"Delivered to DPD Pickup shop", "Delivered to an Evri ParcelShop", "Delivered to store",
			"Delivered to retail store for pickup", "Delivered to counter", "Delivered to the branch",
			"Delivered to depot for collection", "Delivered to consolidation centre", "Delivered to last mile carrier",
			"Delivered to the delivery partner", "Delivered to our international partner", "Delivered to destination country",
			"Delivered to destination post", "Delivered to the postal service in the destination country",
			"Delivered to local post office", "Delivered to Canada Post", "Delivered to Australia Post",
			"Delivered to the national postal operator", "Delivered to the courier", "Delivered to driver",
			"Delivered to warehouse", "Delivered to fulfillment center", "Delivered to Amazon", "Delivered to the seller",
			"Delivered to merchant", "Delivered to the retailer", "Delivered to returns processing",
			"Package delivered to our facility", "Shipment delivered to hub", "Delivered to transit facility",
			"transport of parcel has been booked", "The parcel has been loaded for transport",
			"Item returned from import Customs", "Processing at delivery Post Office", "Retention",
		},
		"fi": {
			"Tekstiviesti toimitettu", "Sähköposti on toimitettu vastaanottajalle", "Lähetys on toimitettu Matkahuollolle",
			"Lähetys on toimitettu DHL:lle", "Lähetys on toimitettu noutopisteeseen",
			"Lähetys on toimitettu pakettiautomaattiin", "Lähetys on toimitettu R-kioskille",
			"Lähetys on toimitettu K-Marketiin", "Lähetys on toimitettu postiin", "Lähetys on toimitettu tulliin",
			"Lähetys on toimitettu terminaaliin", "Lähetys on toimitettu lähettäjälle",
			"Lähetys on toimitettu väärään osoitteeseen", "Lähetys toimitetaan huomenna", "Onko lähetys toimitettu?",
			"Lähetystä ei ole toimitettu", "Lähetys on luovutettu Postille", "Lähetys on luovutettu kuljettajalle",
			"Lähetys on luovutettu kumppanille", "Lähetys on luovutettu jatkokuljetukseen", "Toimitustoive: jätä oven taakse",
			"Lähetys on toimitettu Postin palvelupisteeseen", "Lähetys on toimitettu lokeroon",
			"Lähetys on toimitettu Postille",
		},
		"hu": {
			"A küldemény kézbesítve a csomagautomatába", "A küldemény kézbesítve a Posta Pontra",
			"A küldemény kézbesítve a futárnak", "A küldemény kézbesítve a partnernek",
			"A küldemény kézbesítve a vámhatóságnak", "A küldemény kézbesítve a feladónak",
			"A küldemény kézbesítve rossz címre", "SMS kézbesítve", "Értesítés kézbesítve", "E-mail kézbesítve",
			"Kézbesítési igazolás archiválva", "A küldemény holnap kerül kézbesítésre", "A küldemény kézbesítésre kerül",
			"A küldemény nem került kézbesítésre", "A csomagot átvette a futár", "A csomagot átvette a partner",
			"A csomagot átvette a Magyar Posta", "Átvette a GLS", "Átvéve a depóban", "A küldemény átadva a futárnak",
			"A küldemény átadva a Magyar Postának", "A küldemény kézbesítve a GLS CsomagPontba",
			"A küldemény leadva a PostaPonton", "Kézbesítve a Foxpost automatába", "Kézbesítve a raktárba",
			"Kézbesítve a depóba", "A küldemény átvételre került a feladótól",
		},
		"nb": {
			"SMS levert", "Melding levert til mottaker", "Pakken er levert til Posten", "Pakken er levert til Bring",
			"Pakken er levert til Helthjem", "Pakken er levert til postkontoret", "Pakken er levert til Post i Butikk Kiwi",
			"Pakken er levert til Coop Extra", "Pakken er levert til tollen", "Pakken er levert til feil adresse",
			"Pakken er levert tilbake til avsender", "Pakken skal leveres i morgen", "Er pakken levert?",
			"Sendingen er ikke levert", "Sendingen er overlevert til transportør", "Sendingen er overlevert til Posten",
			"Sendingen er utlevert til PostNord", "Leveringsønske: sett igjen utenfor døren", "Pakken er levert til PostNord",
		},
		"pl": {
			"SMS doręczony", "Powiadomienie doręczone", "Wiadomość e-mail dostarczona do odbiorcy",
			"Potwierdzenie doręczenia zarchiwizowane", "Potwierdzenie doręczenia dostępne", "Przesyłka doręczona do Paczkomatu",
			"Przesyłka doręczona do punktu Żabka", "Przesyłka dostarczona do Orlen Paczka",
			"Przesyłka dostarczona do kiosku Ruch", "Przesyłka doręczona do urzędu pocztowego",
			"Przesyłka doręczona do urzędu celnego", "Przesyłka przekazana do doręczenia przez Pocztę Polską",
			"Przesyłka doręczona do DPD", "Przesyłka zostanie doręczona jutro", "Przesyłka powinna zostać doręczona dzisiaj",
			"Czy przesyłka została doręczona?", "Przesyłka nie została doręczona", "Przesyłka doręczona do nadawcy",
			"Zwrot doręczony do nadawcy", "Przesyłka doręczona do magazynu", "Przesyłka dostarczona do oddziału",
			"Przesyłka dostarczona do automatu paczkowego", "Dostarczono do: Allegro One Box",
			"Preferencje doręczenia: zostaw pod drzwiami", "Przesyłka doręczona na niewłaściwy adres",
			"Przesyłka doręczona do innego odbiorcy", "Przesyłka przekazana do InPost", "Przesyłka doręczona do kuriera",
			"Przesyłka dostarczona do DHL POP", "Przesyłka doręczona błędnie", "Przesyłka doręczona pod niewłaściwy adres",
			"Przesyłka doręczona do InPost", "Przesyłka doręczona? Sprawdź",
		},
		"ro": {
			"Colet livrat în easybox", "Colet livrat la punctul de ridicare", "Colet livrat la oficiul poștal",
			"Colet livrat curierului", "Colet livrat către partener", "Colet livrat la Fan Courier", "Colet livrat la vamă",
			"Colet livrat la depozit", "Colet livrat la expeditor", "Colet livrat la adresa greșită", "Colet livrat greșit",
			"SMS livrat", "Notificare livrată", "Email livrat", "Dovada de livrare arhivată", "Coletul va fi livrat mâine",
			"Coletul nu a fost livrat", "Predat curierului", "Predat către Poșta Română", "Colet predat la Sameday",
			"Colet predat partenerului", "Predat la vamă", "Predat la depozit", "Colet livrat în Sameday locker",
			"Colet livrat in FANbox", "Colet ridicat de curier", "Coletul a fost înmânat curierului",
			"Si vous êtes absent, votre colis sera déposé chez un voisin", "PUDO – Proof of delivery, signature in PUDO",
		},
		"ru": {
			"СМС доставлено", "SMS-уведомление доставлено получателю", "Уведомление доставлено", "Сообщение доставлено",
			"Электронное уведомление вручено", "Извещение доставлено адресату", "Ожидает вручения",
			"Вручение: ожидает адресата в почтомате", "Вручение в почтомате", "Вручение отправителю", "Вручение партнёру",
			"Прибыло в место вручения", "Передано на вручение", "Доставлено в постамат", "Доставлено в пункт выдачи СДЭК",
			"Доставлен в Боксберри", "Доставлено в ПВЗ Ozon", "Доставлено курьеру", "Доставлено в таможню", "Получено таможней",
			"Получено перевозчиком", "Получен перевозчиком", "Получено партнёром", "Получено службой доставки",
			"Получен на складе", "Получен от отправителя", "Выдано курьеру для доставки", "Выдано перевозчику",
			"Выдан на доставку", "Будет доставлено завтра", "Доставлено ли ваше отправление?", "Получили ли вы посылку?",
			"Заказ доставлен по ошибке не тому получателю", "Доставлено по неверному адресу", "Доставлено отправителю",
			"Возврат доставлен отправителю", "Подтверждение доставки сохранено", "Адресат получил извещение",
			"Посылка передана в службу доставки", "Передано в доставку партнёру Почта России",
			"Отправление вручено Почте России", "Доставлено в отделение Почты", "Доставлено в почтовое отделение",
			"Доставлено в магазин", "Доставлено в пункт самовывоза", "Не вручено", "Не доставлено", "Недоставлено",
			"Отправление не получено", "Невдала спроба вручення", "Відправлення доставлено у відділення",
			"Доставлено до відділення Нової пошти", "Посилка доставлена до поштомату", "Відправлення вручено відправнику",
			"SMS доставлено", "Повідомлення доставлено", "Відправлення передано перевізнику", "Доставлено перевізнику",
			"Відправлення отримано перевізником", "Відправлення отримано на складі", "Відправлення отримано від відправника",
			"Відправлення буде доставлено завтра", "Чи отримали ви посилку?", "Одержано у відділенні",
			"Посилку отримано в сортувальному центрі", "Отримано митницею", "Доставлено на митницю",
		},
		"sk": {
			"Zásielka doručená do Z-BOXu", "Zásielka doručená na poštu", "Zásielka doručená do výdajného miesta",
			"Zásielka doručená na colný úrad", "Zásielka doručená kuriérovi", "Zásielka doručená dopravcovi",
			"Zásielka doručená odosielateľovi", "Zásielka doručená na nesprávnu adresu", "SMS doručená", "Oznámenie doručené",
			"Bola vaša zásielka doručená?", "Zásielka bude doručená zajtra", "Zásielka odovzdaná prepravcovi",
			"Zásielka odovzdaná kuriérovi", "Zásielka vydaná kuriérovi", "Zásielka vydaná na doručenie",
			"Zásielka prevzatá kuriérom", "Zásielka prevzatá dopravcom", "Zásielka doručená do skladu",
			"Zásielka doručená do triediaceho centra", "Zásielka doručená Slovenskej pošte",
			"Zásielka doručená do Packeta boxu",
		},
		"sv": {
			"SMS-avisering levererad", "E-postavisering har levererats", "Aviseringen har levererats till mottagaren",
			"Leveransbevis arkiverat", "Kvittens arkiverad", "Försändelsen har levererats till PostNord",
			"Försändelsen har levererats till Budbee", "Försändelsen har levererats till Instabox",
			"Försändelsen har levererats till tullen", "Försändelsen har levererats till speditören",
			"Försändelsen har levererats till ett postkontor", "Paketet har levererats till paketautomaten",
			"Paketet levererades till närmaste utlämningsställe", "Paketet har levererats till avsändaren",
			"Paketet har lämnats till Schenker", "Paketet är levererat till ICA Maxi",
			"Paketet har levererats till fel mottagare", "Försändelsen kommer att levereras imorgon",
			"Försändelsen ska levereras idag", "Försändelsen levereras under dagen",
			"Om du inte är hemma levereras paketet till ditt ombud", "Har ditt paket levererats?", "Har du fått ditt paket?",
			"Försändelsen har inte levererats", "Försändelsen kunde inte levereras", "Försändelsen är ej utlämnad",
			"Leveransförsök gjort, paketet lämnat hos ombud", "Försändelsen levererad till terminal",
			"Försändelsen har utlämnats till DHL Freight", "Försändelsen har överlämnats till Posten Norge",
			"Utlämnad till transportören", "Försändelsen ska delas ut", "Önskad leverans: lämna vid dörren",
			"Leveransinstruktion: lämnas utanför dörren", "Leveransalternativ valt: utanför dörren",
			"Försändelsen har levererats tillbaka till avsändaren", "Paketet har levererats till postombudet",
			"Paketet har levererats till ditt postombud", "Paketet har levererats till fel adress",
			"Paketet har levererats till DHL",
		},
	} {
		checkDelivered(t, false, lang, descs)
	}
}

// TestDeliveredMoreLanguages keeps the real deliveries of the same
// languages delivered: to the recipient, a neighbour, the mailbox, collected
// by the recipient.
func TestDeliveredMoreLanguages(t *testing.T) {
	t.Parallel()
	for lang, descs := range map[string][]string{
		"cs": {
			"Zásilka doručena", "Zásilka doručena adresátovi", "Zásilka byla doručena", "Zásilka doručena sousedovi",
			"Zásilka vyzvednuta na výdejním místě", "Zásilka převzata příjemcem", "Zásilka doručena sousedovi",
		},
		"da": {
			"Pakken er leveret", "Pakken er leveret til modtageren", "Pakken er leveret til naboen",
			"Pakken er lagt i postkassen", "Pakken er udleveret", "Pakken er afhentet af modtager",
			"Pakken er stillet ved døren", "Pakken er overdraget til modtageren", "Sendingen er levert",
			"Sendingen er levert til mottaker", "overdraget til modtageren",
		},
		"en": {
			"Your parcel has been delivered", "Delivered to neighbour", "Delivered to front door", "Delivered, left in mailbox",
			"Delivered to the Post Office Box", "Delivered - signed for by SMITH", "Collected by the recipient from the locker",
			"Your parcel was delivered to reception",
		},
		"fi": {
			"Lähetys on toimitettu vastaanottajalle", "Lähetys on luovutettu vastaanottajalle", "Lähetys on toimitettu perille",
			"Lähetys on jätetty postilaatikkoon", "Vastaanottaja on noutanut lähetyksen", "Jätetty postilaatikkoon",
		},
		"hu": {
			"A küldemény kézbesítve", "Kézbesítve a címzettnek", "A címzett átvette a küldeményt", "Csomagautomatából átvéve",
			"Kézbesítve a szomszédnak", "Kézbesítve a szomszédnak",
		},
		"nb": {
			"Pakken er levert til naboen", "Pakken er lagt i postkassen", "Sendingen er utlevert",
			"Sendingen er hentet på hentestedet", "Sendingen er overlevert til mottakeren", "Lähetys on toimitettu",
			"overlevert til mottaker",
		},
		"pl": {
			"Przesyłka doręczona", "Przesyłka doręczona do adresata", "Przesyłka doręczona do rąk własnych",
			"Przesyłka doręczona sąsiadowi", "Przesyłka odebrana przez adresata", "Przesyłka odebrana z paczkomatu",
			"Przesyłka doręczona przez kuriera", "Przesyłka dostarczona do odbiorcy", "Przesyłka doręczona przez kuriera",
		},
		"ro": {
			"Colet livrat", "Coletul a fost livrat destinatarului", "Ridicat din easybox",
			"Coletul a fost predat destinatarului", "Coletul a fost predat destinatarului",
			"Coletul a fost înmânat destinatarului",
		},
		"ru": {
			"Вручено адресату", "Получено адресатом", "Вручение адресату почтальоном", "Доставлено получателю",
			"Посылка получена", "Відправлення отримано",
		},
		"sk": {
			"Zásielka doručená", "Zásielka bola doručená", "Zásielka prevzatá adresátom", "Zásielka vyzdvihnutá",
		},
		"sv": {
			"Försändelsen är levererad", "Försändelsen har levererats till mottagaren", "Paketet har levererats till dig",
			"Paketet har levererats till din brevlåda", "Försändelsen är utlämnad till mottagaren",
			"Försändelsen är överlämnad till mottagaren", "Paketet har lämnats utanför dörren",
			"Försändelsen har hämtats ut från ombudet", "przesyłka odebrana osobiście przez Odbiorcę w Sortowni", "Levererad", "överlämnad till mottagaren",
			"Försändelsen är utdelad till brevlådan",
		},
		"uk": {
			"Вручено одержувачу", "Delivered",
		},
	} {
		checkDelivered(t, true, lang, descs)
	}
}

// TestHandOversAndOthersMoreLanguages pins the milestone of the cases
// reported by review: a pickup agent, a hand-over, a wrong address, a
// conditional absence, a proof of delivery.
func TestHandOversAndOthersMoreLanguages(t *testing.T) {
	t.Parallel()
	for desc, want := range map[string]milestone.Milestone{
		"Paketet har levererats till postombudet":     milestone.AvailableForPickup,
		"Paketet har levererats till ditt postombud":  milestone.AvailableForPickup,
		"Paketet har levererats till fel adress":      milestone.Exception,
		"Paketet har levererats till DHL":             milestone.InTransit,
		"Forsendelsen er leveret til GLS":             milestone.InTransit,
		"Pakken er leveret til Dao":                   milestone.InTransit,
		"Pakken er levert til PostNord":               milestone.InTransit,
		"Lähetys on toimitettu Postille":              milestone.InTransit,
		"Przesyłka doręczona błędnie":                 milestone.Exception,
		"Przesyłka doręczona pod niewłaściwy adres":   milestone.Exception,
		"Przesyłka doręczona do InPost":               milestone.InTransit,
		"PUDO – Proof of delivery, signature in PUDO": milestone.Noise,
		"transport of parcel has been booked":         milestone.InfoReceived,
		"Item returned from import Customs":           milestone.InTransit,
		"Processing at delivery Post Office":          milestone.ArrivedAtLocalFacility,
	} {
		if r := milestone.Explain(milestone.Scan{Carrier: "post", Description: desc}); r.Milestone != want {
			t.Errorf("%q classified %s by %s, want %s", desc, r.Milestone, r.Rule, want)
		}
	}
}

// TestNeverDeliveredEnglishHandOvers: English deliveries to a carrier, post,
// depot, agent, pickup point or the wrong place, signatures taken by
// someone other than the recipient, ETAs worded "delivered by" and failures.
func TestNeverDeliveredEnglishHandOvers(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Delivered to USPS Post Office for final delivery", "Delivered to local post office for final delivery",
		"Package delivered to the USPS facility", "Delivered to the mail carrier",
		"Delivered to your local Post Office, ready for pickup", "Delivered to DHL eCommerce",
		"Tendered to postal service for delivery", "Package transferred to USPS, delivered to post office",
		"Delivered to destination warehouse", "Delivered to the receiving hub", "Delivered to the delivery station",
		"Delivered to Amazon delivery station", "Delivered to pickup point; customer notified",
		"Delivered to a safe place at the depot", "Delivered to the wrong recipient", "Delivered to incorrect address",
		"Item delivered in error", "Delivered to another address", "Delivered to the original sender",
		"Delivered back to shipper", "Proof of delivery available online", "Delivery confirmation emailed",
		"Delivery confirmation sent", "Delivery notification sent to recipient", "Delivery receipt generated",
		"Signature captured at depot", "Signed for by the depot", "Signed by customs", "Signed by the agent",
		"Expected delivered date: 12/03", "Estimated delivered by Friday", "Delivered by end of day", "Delivered by 8pm",
		"Will be delivered by Friday", "To be delivered", "Delivered status pending", "Delivery expected today",
		"Out for delivery, will be delivered today", "Your parcel will be delivered to a safe place",
		"Your parcel will be delivered to your neighbour if you are out", "Not yet delivered",
		"Awaiting delivery confirmation", "Delivery attempted - delivered to neighbour failed", "Delivered to parcel locker",
		"Delivered to Parcelpoint", "Delivered to Amazon Locker", "Delivered to InPost Locker",
		"Delivered to PO Box at the post office counter", "Delivered to the counter for collection",
		"Delivered to Collect point", "Delivered to mailroom of the depot", "Delivered to customs warehouse",
		"Delivered to bonded warehouse", "Delivered to clearance agent", "Delivered to the broker",
		"Delivered to airline for onward", "Delivered to the export hub", "Delivered to origin facility",
		"Delivered to the sort facility", "Delivered to the delivery depot", "Delivered to the local depot",
		"Delivered to depot", "Delivered to the hub", "Delivered to sender's warehouse",
		"Shipment delivered to the consignee's agent", "Delivered to consignee's forwarder", "Delivered to 3PL",
		"Delivered to the logistics partner", "Delivered to the distributor", "Delivered to courier", "Delivered to Evri",
		"Delivered to Yodel", "Delivered to Royal Mail", "Delivered to DPD", "Delivered to Hermes", "Delivered to GLS",
		"Delivered to FedEx", "Delivered to UPS", "Delivered to OnTrac", "Delivered to LaserShip", "Delivered to Purolator",
		"Delivered to Canpar", "Delivered to Aramex", "Delivered to Australia Post for delivery", "Delivered to NZ Post",
		"Delivered to the Post", "Delivered to post office", "Delivered to the Post Office",
		"Delivered to Post Office counter", "Delivered to the Postal Service", "Delivered to Correos",
		"Delivered to PostNord", "Delivered to Posti", "Delivered to the carrier's facility",
		"Handed over to the postal service", "Handed over to Australia Post", "Handed over to Royal Mail for final delivery",
		"Handed over to the delivery partner", "Handed over to local post", "Handed to courier", "Handed to the driver",
		"Handed to our partner", "Handed to customs", "Handed over to customs", "Handed over to the airline",
		"Handed over to the sender", "Handed back to sender", "Accepted by the recipient's post office",
		"Received by the post office", "Received by the local post office", "Received by destination post",
		"Received by USPS", "Received by the agent", "Received by the broker", "Received by carrier",
		"Received by warehouse", "Received by the depot", "Received by the hub", "Received by customs",
		"Received by the delivery partner", "Signed for at the post office", "Signed for by the post office",
		"Successfully delivered to the last mile carrier", "Delivery completed to pick up point",
		"Delivery completed at locker", "Delivery complete - collect from post office",
		"Delivery successful to the parcel shop", "Delivered successfully to the terminal",
		"Delivered successfully to the partner",
	})
}

// TestNeverDeliveredCollectedByCarrier: a parcel "collected", "picked up",
// "received" or "signed for" by a driver, courier, carrier, agent, depot or
// sorting centre in the languages of safety_more_test.go is not a delivery.
func TestNeverDeliveredCollectedByCarrier(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Paketet har hämtats av budet", "Paketet har hämtats av PostNord", "Försändelsen har hämtats upp av chauffören",
		"Försändelsen har hämtats från avsändaren", "Försändelsen är kvitterad av ombudet", "Kvitterad av terminalen",
		"Försändelsen är mottagen av PostNord", "Försändelsen har tagits emot av ombudet", "Utlämnad till bud",
		"Utdelad till ombud", "Leveransen är bekräftad av avsändaren", "Pakken er afhentet af chaufføren",
		"Pakken er afhentet hos afsender", "Pakken er afhentet af GLS", "Pakken er modtaget af pakkeshoppen",
		"Pakken er kvitteret af vognmanden", "Pakken er udleveret til chaufføren", "Pakken er hentet av sjåføren",
		"Sendingen er hentet hos avsender", "Sendingen er hentet av Bring", "Sendingen er kvittert av terminalen",
		"Sendingen er mottatt av Posten", "Lähetys on noudettu lähettäjältä", "Kuljettaja on noutanut lähetyksen",
		"Lähetys on noudettu terminaalista", "Lähetys on kuitattu terminaalissa", "Posti on noutanut lähetyksen",
		"Przesyłka odebrana przez kuriera od nadawcy", "Przesyłka odebrana z magazynu",
		"Przesyłka odebrana przez przewoźnika", "Przesyłka odebrana w sortowni", "Paczka odebrana przez InPost",
		"Przesyłka odebrana z Paczkomatu przez kuriera", "Przesyłka została odebrana przez kuriera",
		"Przesyłka wydana kierowcy", "Przesyłka wydana przewoźnikowi", "Zásilka vyzvednuta kurýrem",
		"Zásilka vyzvednuta řidičem", "Zásilka vyzvednuta u odesílatele", "Zásilka vyzvednuta z depa",
		"Zásilka převzata od odesílatele", "Zásielka vyzdvihnutá kuriérom", "Zásielka vyzdvihnutá u odosielateľa",
		"A futár felvette a csomagot", "A csomagot átvette a futár a feladótól", "Átvéve a feladótól",
		"Coletul a fost ridicat de curier", "Colet ridicat de la expeditor", "Coletul a fost ridicat din depozit",
		"Coletul a fost preluat de curier", "Получено от отправителя", "Принято от отправителя", "Получено курьером",
		"Забрано курьером у отправителя", "Відправлення отримано від відправника", "Посилку забрав кур'єр",
		"Picked up by the courier", "Collected by our driver", "Collected from the sender",
		"Collected by DPD driver from parcelshop", "Picked up from the locker by courier", "Picked up by carrier",
		"Received by the carrier", "Signed for by the courier", "Collected from Post Office by the driver",
		"Item collected from the depot by the agent", "Parcel retrieved from the locker by our courier",
		"Your parcel has been collected by the courier from the ParcelShop",
	})
}

// TestNeverDeliveredFutureOrNegated: future, conditional, negated and
// partial deliveries in the languages of safety_more_test.go.
func TestNeverDeliveredFutureOrNegated(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Försändelsen levereras till din brevlåda", "Försändelsen kommer att delas ut imorgon",
		"Paketet ska lämnas utanför dörren", "Paketet lämnas utanför dörren om du inte är hemma",
		"Om ingen är hemma lämnas paketet hos grannen", "Leverans till brevlåda", "Försändelsen har ännu inte levererats",
		"Försändelsen är inte utlämnad", "Försändelsen har inte hämtats ut", "Ej utlämnad", "Leveransen avbröts",
		"Försändelsen levererades inte", "Pakken leveres til døren", "Pakken vil blive stillet ved døren",
		"Hvis du ikke er hjemme, leveres pakken til naboen", "Pakken er endnu ikke leveret", "Pakken er ikke afhentet",
		"Pakken blev ikke leveret", "Pakken leveres i postkassen", "Sendingen leveres på døra",
		"Hvis du ikke er hjemme, blir pakken levert til nabo", "Sendingen er ennå ikke levert", "Sendingen ble ikke levert",
		"Sendingen er ikke hentet", "Lähetys toimitetaan postilaatikkoon", "Lähetys jätetään oven taakse",
		"Jos et ole kotona, lähetys toimitetaan naapurille", "Lähetystä ei ole vielä toimitettu",
		"Lähetystä ei ole luovutettu", "Lähetystä ei noudettu", "Lähetys ei ole vielä perillä",
		"Przesyłka zostanie pozostawiona pod drzwiami", "Przesyłka będzie doręczona do skrzynki",
		"W razie nieobecności przesyłka zostanie doręczona sąsiadowi", "Przesyłka jeszcze nie doręczona",
		"Przesyłka nie dostarczona", "Przesyłka niedostarczona", "Przesyłka nie odebrana", "Przesyłka doręczona częściowo",
		"Zásilka bude doručena zítra", "Zásilka ještě nebyla doručena", "Zásilka nedoručena", "Zásilka nebyla vyzvednuta",
		"Pokud nebudete doma, zásilka bude doručena sousedovi", "Zásilka bude doručena do schránky",
		"Zásilka doručena částečně", "Zásielka ešte nebola doručená", "Zásielka bude doručená zajtra",
		"Zásielka nebola vyzdvihnutá", "A küldemény holnap kézbesítésre kerül", "A küldemény még nincs kézbesítve",
		"A küldemény nem lett kézbesítve", "A küldeményt nem vették át", "A küldemény kézbesítése várhatóan holnap",
		"Coletul va fi livrat mâine", "Coletul nu a fost încă livrat", "Colet nelivrat", "Coletul nu a fost ridicat",
		"Coletul urmează să fie livrat", "Dacă nu sunteți acasă, coletul va fi lăsat la vecin",
		"Посылка будет доставлена завтра", "Посылка ещё не доставлена", "Посылка не вручена", "Отправление не было получено",
		"Отправление будет вручено", "Если вас не будет дома, посылку оставят соседям", "Доставка запланирована",
		"Посилка буде доставлена завтра", "Посилка ще не доставлена", "Посилку не отримано", "Відправлення не вручено",
		"Your parcel will be left in your mailbox", "If you are not home, your parcel will be left with a neighbour",
		"Your parcel can be left in a safe place", "Safe place delivery not possible",
		"Your parcel was not left with a neighbour", "Not yet delivered", "Delivery to be completed", "Delivery pending",
		"Delivered status will be updated", "Partially delivered", "Part of your order has been delivered",
		"1 of 2 parcels delivered",
	})
}

// TestNeverDeliveredDeliveryNouns: the noun "delivery" with a time, a
// method, an address, a requirement or a possibility, and deliveries to a
// city or country, are not a delivery. The bare nouns that carriers use as
// the name of the delivered event (Doręczenie, Dodání zásilky) stay out.
func TestNeverDeliveredDeliveryNouns(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Doręczenie w toku", "Doręczenie przez kuriera w godzinach 10-14", "Doręczenie do paczkomatu",
		"Doręczenie do punktu", "Doręczenie do sąsiada możliwe", "Doręczenie do rąk własnych wymagane",
		"Doręczenie pod wskazany adres", "Potwierdzenie doręczenia", "Doręczenie opóźnione", "Doręczenie nieudane",
		"Zmiana adresu doręczenia", "Adres doręczenia", "Sposób doręczenia: kurier", "Způsob doručení", "Adresa doručení",
		"Dodání zásilky proběhne", "Doručenie zásielky", "Spôsob doručenia", "Kézbesítés", "Kézbesítés folyamatban",
		"Kézbesítési cím módosítva", "Kézbesítésre került a csomagautomatába", "Livrare", "Livrare la domiciliu",
		"Adresa de livrare modificată", "Livrare la easybox", "Levering", "Leveringsadresse ændret",
		"Leveringsadresse endret", "Leveransadress ändrad", "Toimitusosoite muutettu", "Toimitus", "Доставка",
		"Доставка курьером", "Адрес доставки изменён", "Способ доставки: курьер", "Доставлено в город назначения",
		"Доставлено в страну назначения", "Прибыло в место вручения", "Вручение: ожидает", "Получено в месте вручения",
		"Відправлення доставлено до міста", "Доставлено до сортувального центру", "Delivery", "Delivery address changed",
		"Delivery method: courier", "Delivery information received", "Delivered to destination city",
		"Delivered to country of destination", "Delivered to the destination country", "Arrived at delivery city",
		"Delivery details updated", "Delivery to",
	})
}

// TestNeverDeliveredReceivedByPost: a parcel received, taken over or handed
// out at a post office, sorting centre or customs, for delivery or from the
// sender, a waybill "issued", a split shipment, a signature by the sender.
func TestNeverDeliveredReceivedByPost(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Lähetys on jaettu kahteen osaan", "Lähetys on jaettu useampaan pakettiin", "Lähetys on perillä terminaalissa",
		"Lähetys on perillä noutopisteessä", "Lähetys on toimitettu osittain", "Выдана накладная", "Выдан трек-номер",
		"Выдано разрешение таможни", "Невручено", "Невручене", "Недоставлене", "Вручения нет", "Получен ответ",
		"Получено подтверждение", "Посылка получена таможней", "Посылка получена сортировочным центром",
		"Получено отделением связи", "Отправление получено почтовым отделением", "Отправление принято",
		"Отправление получено в ММПО", "Отправление получено в ОПС", "Выдано в доставку", "Передано в доставку",
		"Вручено почтальону", "Вручено курьеру для доставки", "Поступило в ОПС выдачи", "Відправлення отримано у відділенні",
		"Посилка отримана в пункті видачі", "Посилка отримана перевізником", "Відправлення видано кур'єру",
		"Видано на доставку", "Відправлення прийнято", "Kvitterad av avsändaren", "Kvittens mottagen",
		"Pakken er kvitteret for modtagelse i terminalen", "Zásilka převzata na pobočce", "Zásilka převzata do přepravy",
		"Zásilka přijata na poště", "Zásilka převzata k doručení", "Zásilka převzata na výdejním místě od odesílatele",
		"Zásielka prevzatá na pobočke", "Zásielka prevzatá na doručenie", "Átvéve a postán a feladótól",
		"Átvéve a csomagpontban a feladótól", "Átvéve szállításra", "Átvéve kézbesítésre", "Átvette a kézbesítő",
		"Predat la curier", "Predat pentru livrare", "Predat spre livrare", "Înmânat pentru livrare",
	})
}

// TestNeverDeliveredEnglishPlaces: English deliveries to a delivery office,
// a flight, vessel, port or border, for export or processing, and to the
// pickup brands and counters of English-speaking posts and carriers.
func TestNeverDeliveredEnglishPlaces(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Item delivered to the delivery office", "Delivered to the Royal Mail delivery office",
		"We've delivered your parcel to our depot", "Delivered to the customer's agent", "Delivered to locker bank",
		"Parcel delivered into the locker", "Delivered into customs", "Delivered for export", "Delivered to flight",
		"Delivered to the aircraft", "Delivered to vessel", "Delivered to port", "Delivered to the border",
		"Shipment delivered to the ocean carrier", "Container delivered to the terminal", "Delivered for processing",
		"Delivered - returned to sender", "Delivered to the recipient's post office",
		"Delivered to the recipient's pickup location", "Delivered to the sender's address", "Delivered to origin",
		"Delivered to return address", "Delivered to the carrier's counter", "Delivered, awaiting collection",
		"Delivered - Ready for pickup", "Delivered to the collection desk",
		"Delivered to the Post Office for you to collect", "Delivered to a Pick Up Drop Off Point", "Delivered to Doddle",
		"Delivered to a Parcel Pod", "Delivered to Parcel Motel", "Delivered to Smartbox", "Delivered to parcel terminal",
		"Delivered to parcel machine", "Delivered to paczkomat", "Delivered to the APM", "Delivered to Packstation",
		"Delivered to Postpoint", "Delivered to kiosk", "Delivered to partner location",
		"Delivered to a local store for pickup", "Delivered to PUDO point", "Delivered to the Locker station",
		"Delivered to the Parcel Station", "Delivered to Amazon Hub Counter",
		"Delivered to a Post Office box for collection", "Delivered to the parcel collection point",
		"Delivered to counter for collection", "Delivered to Pickup Station", "Delivered to BPOST point",
		"Delivered to pick-up point", "Delivered to UPS Access Point™ location", "Delivered to the FedEx OnSite location",
		"Delivered to Walgreens for pickup", "Delivered to Hold at Location", "Delivered to HAL",
		"Delivered to FedEx Office", "Delivered to the USPS Post Office for pickup",
		"Delivered to Post Office Hold for Pickup", "Delivered to your local depot for collection",
		"Delivered to Royal Mail Customer Service Point", "Delivered to Customer Service Point",
		"Delivered to enquiry office", "Delivered to the Enquiry Office for collection", "Delivered to agent for collection",
		"Delivered to the agent location", "Delivered to Australia Post Parcel Locker", "Delivered to 24/7 Parcel Locker",
		"Delivered to Parcel Collect", "Delivered to PostShop", "Delivered to NZ Post Shop",
		"Delivered to Canada Post retail outlet", "Delivered to postal outlet", "Delivered to Post Office outlet",
	})
}

// TestNeverDeliveredPostalExchange: postal and aggregator wordings for bags,
// dispatches and manifests "delivered", offices of exchange, service and
// logistics centres, and items "left" at a post office, depot or agent.
func TestNeverDeliveredPostalExchange(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Delivery notice delivered", "Delivery card delivered", "Final notice delivered", "Notice of arrival delivered",
		"Bag delivered", "Dispatch delivered", "Manifest delivered", "Receptacle delivered to airline",
		"Item delivered to the office of exchange", "Delivered to inward office of exchange",
		"Delivered to outward office of exchange", "Delivered to the exchange office", "Delivered to the transit office",
		"Delivered to Branch Office", "Consignment delivered to Hub", "Parcel delivered to sorting",
		"Delivered to sorting center", "Delivered to the processing center", "Delivered to the international service center",
		"Delivered to the ISC", "Delivered to the mail facility", "Delivered to the gateway",
		"Delivered to Cainiao warehouse", "Delivered to the consolidation warehouse", "Delivered to the seller's warehouse",
		"Delivered to the logistics center", "Delivered to logistics", "Delivered to the hub in destination",
		"Item delivered to the counter", "Deliver item to agent", "Handed over to the recipient's agent",
		"Deliver item (Inb)", "Attempted/Unsuccessful delivery", "Unsuccessful delivery (Inb)", "Delivered to: Post office",
		"Delivered to: Parcel locker", "Delivered to: Depot", "Delivered to: Customs", "Delivered to: Courier",
		"Delivered to: Agent", "Delivered to: Sender", "Delivered to: Parcel shop", "Delivered - Left at Post Office",
		"Delivered - left with agent", "Delivered - left at depot", "Delivered - left at pickup point",
		"Delivered - left in locker", "Left at post office", "Left at depot", "Left with agent", "Left with courier",
		"Left at the pickup point", "Left at parcel shop", "Left with customs", "Left in parcel locker",
		"Left at sorting center", "Left at the customer service counter",
	})
}

// TestNordicDistributedTo: "delats ut till", "omdelt til", "delt ut til",
// "jätetty" name the place: a carrier or shop is not a delivery, the
// mailbox or a neighbour is.
func TestNordicDistributedTo(t *testing.T) {
	t.Parallel()
	for desc, delivered := range map[string]bool{
		"Paketet har delats ut till PostNord": false, "Paketet har delats ut till ombudet": false,
		"Pakken er omdelt til GLS": false, "Pakken er delt ut til Posten": false, "Lähetys on jaettu K-Marketiin": false,
		"Lähetys on jätetty Postille": false, "Paketet har delats ut till brevlådan": true, "Pakken er omdelt til naboen": true,
		"Lähetys on jätetty naapurille": true, "Lähetys on jätetty postilaatikkoon": true,
	} {
		r := milestone.Explain(milestone.Scan{Carrier: "post", Description: desc})
		if got := r.Milestone == milestone.Delivered; got != delivered {
			t.Errorf("%q classified %s by %s", desc, r.Milestone, r.Rule)
		}
	}
}

// TestNeverDeliveredCollectedForTheRecipient: English collections and
// receipts by the recipient's agent, courier, forwarder, broker or post
// office, by the sender or the carrier, pending or failed, are not
// deliveries.
func TestNeverDeliveredCollectedForTheRecipient(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Collected by the recipient's courier", "Collected by customer's agent", "Collected by the customs broker",
		"Picked up by the consignee's forwarder", "Picked up by consignee's agent",
		"Collected by the receiver's freight forwarder", "Picked up by the consignee's carrier",
		"Collected by recipient for return", "Picked up by customer for return", "Shipment picked up by consignee at origin",
		"Collected by a third party carrier", "Collected by the airline", "Picked up by the airline",
		"Collected by DHL from the parcel shop", "Picked up by the driver from the locker",
		"Picked up by UPS from the Access Point", "Collected by Royal Mail", "Picked up by the postman",
		"Collected by postman from the post box", "Collected by our courier from the recipient for return",
		"Collected from recipient", "Picked up from the recipient", "Collected from the consignee (return)",
		"Item collected from the customer for repair", "Signed for by the recipient's agent", "Signed by consignee's broker",
		"Received by consignee's agent", "Received by the receiver's customs broker",
		"Accepted by the recipient's forwarder", "Shipment received by the receiving agent",
		"Received by receiving post office", "Received by recipient's post office", "Signed for by customs",
		"Collected by courier", "Collected by the recipient - pending", "Collected by recipient? Please confirm",
		"Will be collected by the recipient", "Can be collected by the recipient", "Needs to be collected by the recipient",
		"To be collected by the recipient", "Awaiting collection by the recipient", "Not collected by the recipient",
		"Not yet collected by the recipient", "Your item has been collected by our courier",
		"Your item has been collected from the sender", "Your item was collected from the Post Office by the driver",
		"Your item has been collected by the recipient's agent",
		"Your parcel has been collected from the locker by our driver for return",
		"Your parcel has been collected from the collection point by the courier",
		"Parcel retrieved from the locker by the courier", "Parcel retrieved from Access Point by UPS driver",
		"Recipient collected the item at the point? Let us know", "Picked up at station by the driver",
		"Picked up at the station by courier", "Successful attempt to contact the recipient",
		"Successful delivery attempt failed", "Delivered by locker courier to depot", "Delivered to own mailbox failed",
		"Item picked up at the Post Office by the sender", "Item collected at depot by the sender",
		"Picked up by sender at the pickup point", "Collected by the shipper", "Collected by the seller",
	})
}

// TestProofOfDeliveryMoreLanguages: a proof of delivery "delivered" is a
// document, not the parcel (noise), in the Nordic, Finnish, Polish, Czech,
// Hungarian, Romanian, Russian and Ukrainian words for it.
func TestProofOfDeliveryMoreLanguages(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Leveransbevis levererat", "Leveringsbevis leveret", "Leveringsbevis er levert", "Kuittaus toimitettu",
		"Dowód doręczenia dostarczony", "Potwierdzenie doręczenia doręczone", "Doklad o doručení doručen",
		"Kézbesítési igazolás kézbesítve", "Dovada livrării livrată", "Подтверждение вручения доставлено",
		"Підтвердження доставки доставлено",
	})
}

// TestNeverDeliveredReturnDelivered: a return parcel delivered, or a parcel
// delivered back, goes to the sender (returned_to_sender), never delivered.
func TestNeverDeliveredReturnDelivered(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Returen har levererats", "Returpaketet har levererats", "Returforsendelsen er leveret", "Returpakken er levert",
		"Retursendingen er levert", "Palautuslähetys on toimitettu", "Przesyłka zwrotna doręczona", "Zwrot doręczony",
		"Vratka doručena", "Vrácená zásilka doručena", "Vrátená zásielka doručená", "A visszaküldött csomag kézbesítve",
		"Coletul returnat a fost livrat", "Возврат вручен", "Возврат доставлен", "Возвращено отправителю и вручено",
		"Повернення доставлено", "Повернене відправлення вручено", "Return parcel delivered", "Returned item delivered",
		"Your return has been delivered", "Return delivered to warehouse", "Delivered to returns", "Delivered back",
		"Paketet har levererats tillbaka", "Pakken er leveret tilbage", "Pakken er levert tilbake",
		"Lähetys on toimitettu takaisin", "Przesyłka doręczona z powrotem", "Zásilka doručena zpět",
		"Zásielka doručená späť", "Visszakézbesítve", "Livrat înapoi", "Доставлено обратно",
	})
	if r := milestone.Explain(milestone.Scan{Carrier: "post", Description: "Delivered to the back door"}); r.Milestone != milestone.Delivered {
		t.Errorf("the back door is a safe place: classified %s by %s", r.Milestone, r.Rule)
	}
}

// TestNeverDeliveredFailures: failed deliveries, also to a safe place,
// neighbour or mailbox, in the languages of safety_more_test.go.
func TestNeverDeliveredFailures(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Utdelning ej genomförd", "Leveransen genomfördes inte",
		"Leverans misslyckad, paketet lämnat utanför dörren ej möjligt", "Mottagaren ej hemma, paketet lämnat hos ombud",
		"Pakken kunne ikke stilles ved døren", "Levering mislykkedes – pakken er ikke leveret",
		"Pakken ble ikke satt igjen utenfor døren", "Sendingen kunne ikke leveres i postkassen",
		"Lähetystä ei voitu jättää oven taakse", "Lähetystä ei voitu toimittaa postilaatikkoon",
		"Nie udało się pozostawić przesyłki pod drzwiami", "Doręczenie nie powiodło się",
		"Doręczenie nieudane – adresat nieobecny", "Zásilku nebylo možné doručit", "Doručení se nezdařilo",
		"Doručenie zlyhalo", "Zásielku nebolo možné doručiť", "A kézbesítés nem sikerült",
		"Kézbesítés sikertelen – a címzett nem volt otthon", "Livrarea a eșuat", "Livrare nereușită",
		"Coletul nu a putut fi livrat", "Доставка не удалась", "Не удалось доставить", "Вручение не состоялось",
		"Доставка не вдалася", "Не вдалося доставити", "Delivery unsuccessful", "Delivery failed - left notice",
		"Could not be left in a safe place", "Unable to leave with neighbour", "Delivered attempt made",
		"Delivery attempt: delivered to neighbour not possible", "Parcel was not delivered to your mailbox",
	})
}

// TestNeverDeliveredSignatures: signatures by the sender, a carrier, a
// forwarder, customs or a post office, a signature required, requested,
// waived or pending, and the Royal Mail "Signed For" service name.
func TestNeverDeliveredSignatures(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Signed for by: DEPOT", "Signed by: CUSTOMS", "Signature: AGENT", "Signed by the driver at pickup",
		"Signed for by the sender", "Signed by shipper", "Signed by warehouse staff at the hub", "Signed by the forwarder",
		"Signed by the carrier", "Signed for by Royal Mail", "Signed for by the post office clerk", "Signed by postmaster",
		"Signed for at the counter by the sender", "Signature required", "Signature required for delivery",
		"Signature will be required", "Signature obtained at pickup", "Signature obtained from shipper",
		"Adult signature required", "Signature waiver on file", "Signature release on file", "Signed delivery requested",
		"Signed for service", "Not signed for", "Unsigned", "Awaiting signature", "Signature pending",
		"Kvitterad av avsändaren", "Kvittering kræves", "Signatur kreves", "Allekirjoitus vaaditaan", "Wymagany podpis",
		"Podpis odbiorcy wymagany", "Vyžaduje se podpis", "Aláírás szükséges", "Semnătură necesară", "Требуется подпись",
		"Потрібен підпис",
	})
}

// TestNeverDeliveredToLocalBrands: English "Delivered to" followed by the
// pickup networks, lockers and posts of the languages of this file.
func TestNeverDeliveredToLocalBrands(t *testing.T) {
	t.Parallel()
	checkDelivered(t, false, "", []string{
		"Delivered to Żabka", "Delivered to Zabka", "Delivered to Posti automat", "Delivered to Z-BOX", "Delivered to Zbox",
		"Delivered to Balíkovna", "Delivered to Easybox", "Delivered to easybox locker", "Delivered to Foxpost",
		"Delivered to Omniva parcel terminal", "Delivered to Pakkeautomat", "Delivered to Coop",
		"Delivered to PostNord Servicepoint", "Delivered to Matkahuolto Pakettipiste", "Delivered to Nova Poshta branch",
		"Delivered to Postomat", "Delivered to CDEK pickup point", "Delivered to Boxberry", "Delivered to OZON",
		"Delivered to Paczkomat InPost", "Delivered to Orlen Paczka", "Delivered to Ruch", "Delivered to AlzaBox",
		"Delivered to Packeta", "Delivered to Zásilkovna", "Delivered to PPL Parcelshop", "Delivered to GLS ParcelLocker",
		"Delivered to DPD Pickup", "Delivered to Pickup", "Delivered to Instabox", "Delivered to Budbee Box",
		"Delivered to Post i butikk", "Delivered to Posten", "Delivered to Postkontor", "Delivered to Postombud",
		"Delivered to Ombud", "Delivered to Pakkeshop", "Delivered to Dao Shop", "Delivered to Sameday Locker",
		"Delivered to FANbox", "Delivered to Fan Courier", "Delivered to Packeta Point", "Delivered to Pick Pack Pont",
		"Delivered to MPL", "Delivered to PostaPont", "Delivered to Lietuvos pastas", "Delivered to Itella SmartPOST",
		"Delivered to SmartPOST", "Delivered to DPD Pickup Station", "Delivered to Nova Poshta", "Delivered to Ukrposhta",
		"Delivered to Почта России", "Delivered to Укрпошта", "Delivered to Нова Пошта", "Delivered to ПВЗ",
		"Delivered to postamat", "Delivered to parcel machine Omniva",
	})
}

// TestDeliveredToPlaceCzechSlovakRomanian: "doručena do/na", "doručená
// do/na" and "livrat la/în" name the place: a shop is not the recipient,
// the mailbox, the address or the recipient's hands are.
func TestDeliveredToPlaceCzechSlovakRomanian(t *testing.T) {
	t.Parallel()
	for desc, delivered := range map[string]bool{
		"Zásilka doručena do Kauflandu": false, "Zásielka doručená do Tesca": false, "Colet livrat la Kaufland": false,
		"Zásilka doručena do schránky": true, "Zásilka doručena na adresu": true, "Zásielka doručená na adresu": true,
		"Zásilka doručena do ruky adresáta": true, "Colet livrat la adresa destinatarului": true, "Colet livrat la timp": true,
		"Colet livrat in cutia postala": true, "Colet livrat la destinatar": true,
	} {
		r := milestone.Explain(milestone.Scan{Carrier: "post", Description: desc})
		if got := r.Milestone == milestone.Delivered; got != delivered {
			t.Errorf("%q classified %s by %s", desc, r.Milestone, r.Rule)
		}
	}
}
