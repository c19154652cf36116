package notify

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/milestone"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenSample is the fixed sample each built-in template is rendered with:
// the message a tracking or returns flow would produce for kind k, and the
// data the dispatcher's hooks would add for a recipient with marketing consent.
func goldenSample(r *Renderer, k Kind, lang string) (Message, TemplateData) {
	m := Message{
		ID: MessageID("s-7781", string(k)), Kind: k, Audience: k.Audience(),
		ShipmentID: "s-7781", OrderID: "NL-1042", Carrier: "dhl", TrackingNumber: "00340434161094042557",
		Recipient: Recipient{ID: "c-42", Name: "Ada Lovelace", Email: "ada@example.com", Locale: lang, TimeZone: "Europe/Berlin"},
	}
	eta := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	switch k {
	case KindShipped, KindArrivedAtLocalFacility, KindExchangeShipped:
		m.ETA = eta
		m.Milestone = milestone.PickedUp
	case KindOutForDelivery:
		m.Milestone = milestone.OutForDelivery
	case KindDeliveryAttempted:
		m.Milestone, m.Detail, m.ActionRequired = milestone.DeliveryAttempted, milestone.DetailNotHome, true
	case KindAvailableForPickup:
		m.Milestone, m.Detail = milestone.AvailableForPickup, milestone.DetailLocker
		m.PickupLocation = "Packstation 112, Hauptstraße 5, 10827 Berlin"
	case KindDelivered, KindFeedbackRequest:
		m.Milestone, m.Detail = milestone.Delivered, milestone.DetailNeighbour
	case KindException:
		m.Milestone, m.Detail, m.ActionRequired = milestone.Exception, milestone.DetailAddressProblem, true
	case KindReturnedToSender:
		m.Milestone, m.Detail = milestone.ReturnedToSender, milestone.DetailRefused
	case KindDelayed:
		m.ETA, m.Reason = eta, "carrier_eta"
	case KindNotPickedUp:
		m.Reason = "not_picked_up"
		m.Recipient = Recipient{ID: "merchant", Locale: lang}
	case KindStalled, KindLost:
		m.Milestone, m.Reason = milestone.InTransit, "no_scans"
		m.Recipient = Recipient{ID: "merchant", Locale: lang}
	case KindNotFound:
		m.Recipient = Recipient{ID: "merchant", Locale: lang}
	case KindReturnRequested, KindReturnReceived, KindReturnInTransit:
		m.ReturnID = "R-311"
	case KindReturnApproved, KindReturnLabel:
		m.ReturnID, m.LabelURL = "R-311", "https://nordlicht.example/returns/R-311/label.pdf"
		if k == KindReturnLabel {
			m.TrackingNumber = "00340434161094099999"
		}
	case KindReturnRejected:
		m.ReturnID, m.Note = "R-311", map[string]string{
			"en": "the 30-day return window ended on 2 March.",
			"de": "Die 30-tägige Rückgabefrist ist am 2. März abgelaufen.",
			"fr": "le délai de retour de 30\u00a0jours a pris fin le 2\u00a0mars.",
			"nl": "de retourtermijn van 30 dagen is op 2 maart verlopen.",
			"es": "el plazo de devolución de 30 días terminó el 2 de marzo.",
			"it": "il periodo di reso di 30 giorni è scaduto il 2 marzo.",
			"pl": "30-dniowy termin na zwrot minął 2 marca.",
		}[lang]
	case KindRefundIssued:
		m.ReturnID, m.RefundAmount = "R-311", map[string]string{
			"en": "€49.90", "de": "49,90 €", "fr": "49,90\u00a0€", "nl": "€ 49,90", "es": "49,90 €", "it": "49,90 €", "pl": "49,90 €",
		}[lang]
	}
	switch k {
	case KindShipped, KindDelayed, KindDelivered, KindStalled:
		// The order ships in three parcels: the messages say which one.
		m.Parcel, m.Parcels = 2, 3
	}
	if k.IsReturn() && k != KindExchangeShipped && k != KindReturnInTransit && k != KindReturnLabel {
		m.TrackingNumber, m.Carrier = "", ""
	}
	d := r.Data(m)
	d.MarketingConsent = true
	switch k {
	case KindDelayed, KindException:
		desc := map[string]string{
			"en": "10% off your next order",
			"de": "10 % Rabatt auf Ihre nächste Bestellung",
			"fr": "10\u00a0% de réduction sur votre prochaine commande",
			"nl": "10% korting op je volgende bestelling",
			"es": "un 10 % de descuento en tu próximo pedido",
			"it": "il 10% di sconto sul tuo prossimo ordine",
			"pl": "10% rabatu na kolejne zamówienie",
		}
		d.SetOffer(&Offer{Code: "SORRY10", Descriptions: desc, Expires: time.Date(2026, 3, 31, 21, 0, 0, 0, time.UTC)}, d.ETATime.Location())
	case KindDelivered:
		d.CareTips = map[string][]string{
			"en": {"Wash the merino jumper cold and dry it flat.", "Air it between wears; it rarely needs washing."},
			"de": {"Waschen Sie den Merinopullover kalt und trocknen Sie ihn liegend.", "Lüften Sie ihn zwischen dem Tragen; er muss selten gewaschen werden."},
			"fr": {"Lavez le pull en mérinos à froid et faites-le sécher à plat.", "Aérez-le entre deux ports\u00a0: il a rarement besoin d'être lavé."},
			"nl": {"Was de merinotrui koud en laat hem liggend drogen.", "Lucht hem tussen het dragen door; hij hoeft zelden in de was."},
			"es": {"Lava el jersey de merino en frío y sécalo en horizontal.", "Airéalo entre un uso y otro; casi nunca necesita lavado."},
			"it": {"Lava il maglione in merino a freddo e fallo asciugare in piano.", "Fallo arieggiare tra un utilizzo e l'altro: raramente ha bisogno di essere lavato."},
			"pl": {"Pierz sweter z merynosa w zimnej wodzie i susz go na płasko.", "Wietrz go między kolejnymi założeniami – rzadko wymaga prania."},
		}[lang]
		fallthrough
	case KindShipped, KindFeedbackRequest:
		d.Recommendations = []Product{
			{Name: "Merino Socks", URL: "https://nordlicht.example/p/socks", ImageURL: "https://nordlicht.example/i/socks.jpg", Price: "€19.90"},
			{Name: "Wool Wash", URL: "https://nordlicht.example/p/wash", Price: "€7.50"},
		}
	}
	return m, d
}

func goldenRenderer(t *testing.T) *Renderer {
	r, err := NewRenderer(RendererConfig{Branding: Branding{
		ShopName: "Nordlicht", LogoURL: "https://nordlicht.example/logo.png",
		PrimaryColor: "#274060", AccentColor: "#eef2f6",
		SupportEmail: "hilfe@nordlicht.example", FooterText: "Nordlicht GmbH, Kastanienallee 1, 10435 Berlin",
		TrackingURL: func(m Message) string { return "https://nordlicht.example/track/" + m.ShipmentID },
	}})
	require.NoError(t, err)
	return r
}

// goldenLanguages are the built-in languages the golden files cover.
var goldenLanguages = []string{"en", "de", "fr", "nl", "es", "it", "pl"}

// TestGolden renders every built-in template in every language with a fixed
// sample and compares subject, text and HTML with testdata/golden. Run
// `go test ./notify -run TestGolden -update` after changing a template, and
// read the diff.
func TestGolden(t *testing.T) {
	t.Parallel()
	r := goldenRenderer(t)
	require.Equal(t, sortedCopy(goldenLanguages), r.Languages(), "every built-in language needs golden files")
	for _, lang := range goldenLanguages {
		for _, k := range Kinds() {
			m, d := goldenSample(r, k, lang)
			require.NoError(t, r.Render(&m, d), "%s/%s", lang, k)
			got := "Subject: " + m.Subject + "\n\n----- text -----\n" + m.Text + "\n----- html -----\n" + m.HTML
			path := filepath.Join("testdata", "golden", lang, string(k)+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
				continue
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create %s", path)
			require.Equal(t, string(want), got, "%s differs; run go test -update and review the diff", path)
		}
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
