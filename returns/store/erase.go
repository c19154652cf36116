package store

import (
	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/notify"
)

// ErasedNote is the LastError of messages Erase gives up.
const ErasedNote = "customer data erased"

// Erase returns r without the customer's personal data: the name, e-mail
// and phone (the customer id stays, as the key), the sender address, the
// items' notes and photos, and the recipients, texts and last errors of the
// messages (a channel's error may quote the address). Messages not sent yet
// move to Failed with ErasedNote, as nothing can be sent without an address;
// those that failed before keep an empty LastError. It is pure and
// idempotent.
func Erase(r Return) Return {
	c := r.Clone()
	c.Customer = notify.Recipient{ID: r.Customer.ID, Locale: r.Customer.Locale, TimeZone: r.Customer.TimeZone}
	c.From = carrier.Address{Country: r.From.Country}
	for i := range c.Items {
		c.Items[i].Note, c.Items[i].PhotoURLs = "", nil
	}
	for _, p := range c.Outbox {
		p.LastError = ErasedNote
		c.Failed = append(c.Failed, p)
	}
	c.Outbox = nil
	for i := range c.Failed {
		if c.Failed[i].LastError != ErasedNote {
			c.Failed[i].LastError = ""
		}
		m := &c.Failed[i].Message
		m.Recipient = c.Customer
		m.Subject, m.Text, m.HTML = "", "", ""
	}
	return c
}
