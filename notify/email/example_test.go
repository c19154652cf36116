package email_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/mail"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/email"
)

// A shop's e-mail channel: STARTTLS and AUTH on the submission port, with
// List-Unsubscribe headers on messages that carry marketing content. (Not run:
// it needs an SMTP server.)
func Example() {
	n, err := email.New(email.Config{
		Addr:     "smtp.shop.example:587",
		Username: "notifications@shop.example",
		Password: "app-password",
		From:     mail.Address{Name: "Bäckerei Schmidt", Address: "notifications@shop.example"},
		ReplyTo:  mail.Address{Name: "Kundenservice", Address: "help@shop.example"},
		Timeout:  20 * time.Second,
		IsMarketing: func(m notify.Message) bool {
			return strings.Contains(m.HTML, `class="cross-sell"`)
		},
		ListUnsubscribe: func(m notify.Message) string {
			return "https://shop.example/unsubscribe?r=" + m.Recipient.ID
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	err = n.Notify(context.Background(), notify.Message{
		ID:        notify.MessageID("s1", "shipped"),
		Kind:      notify.KindShipped,
		Audience:  notify.Customer,
		Recipient: notify.Recipient{ID: "c1", Name: "Jürgen Müller", Email: "juergen@example.de"},
		Subject:   "Ihre Bestellung ist unterwegs – Lieferung Donnerstag",
		Text:      "Hallo Jürgen, Ihre Bestellung ist unterwegs.",
		HTML:      "<p>Hallo Jürgen, Ihre Bestellung ist unterwegs.</p>",
	})
	if errors.Is(err, notify.ErrPermanent) {
		log.Printf("dead-letter: %v", err)
	}
}

// New checks the configuration before anything is sent: plaintext SMTP is
// refused for anything but a loopback address.
func ExampleNew() {
	_, err := email.New(email.Config{
		Addr:           "smtp.shop.example:25",
		From:           mail.Address{Address: "shop@shop.example"},
		AllowPlaintext: true,
	})
	fmt.Println(err)

	_, err = email.New(email.Config{
		Addr:           "localhost:1025", // a local mail catcher
		From:           mail.Address{Address: "shop@shop.example"},
		AllowPlaintext: true,
	})
	fmt.Println(err)
	// Output:
	// email: Config.AllowPlaintext is only allowed for a loopback Addr, not "smtp.shop.example"
	// <nil>
}
