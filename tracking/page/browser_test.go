package page

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/tracking"
)

const chromiumPath = "/usr/bin/chromium"

// TestBrowser renders the page in each built-in language (a delayed, a
// delivered, a pickup, a held-up and an on-track shipment) in headless
// chromium at phone width, checks the visible text of the rendered DOM
// (no-break spaces read as spaces) and saves one screenshot per language
// under $WISMO_ARTIFACTS (default: a temporary directory, logged).
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("WISMO_REQUIRE_SERVICES") != "" {
			t.Fatalf("WISMO_REQUIRE_SERVICES is set but %s is missing: apt-get install chromium", chromiumPath)
		}
		t.Skipf("%s not found; apt-get install chromium to run the browser test", chromiumPath)
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dir := os.Getenv("WISMO_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	t.Logf("screenshots in %s", dir)

	s := newSetup(t, func(c *Config) {
		c.Branding.LogoURL = "" // no network in the browser
		c.ReturnURL = func(tracking.View) string { return "https://alpenrad.example/returns" }
	})
	srv := httptest.NewServer(http.StripPrefix("/track/", s.h))
	t.Cleanup(srv.Close)

	for _, c := range []struct {
		name, lang string
		idx        int
		want       []string
	}{
		{"delayed", "en-GB", 5, []string{"Sorry, your parcel is running late: now expected on Friday, 6 March", "On its way", "Departed hub", "Late"}},
		{"delivered", "de-AT", 9, []string{"Zugestellt am Donnerstag, 5. März", "Zugestellt", "Unterwegs", "Rücksendung starten"}},
		{"delayed-fr", "fr-FR", 5, []string{"Désolés, votre colis a du retard : il est désormais attendu le vendredi 6 mars",
			"le transporteur a repoussé la date de livraison", "En cours d'acheminement", "En retard", "Livraison prévue : vendredi 6 mars"}},
		{"delivered-nl", "nl-BE", 9, []string{"Bezorgd op donderdag 5 maart", "Bezorging: afgegeven bij de buren.", "Onderweg", "Retour aanmelden"}},
		{"pickup-es", "es-MX", 3, []string{"Tu paquete ya se puede recoger: Packstation 123, Wien", "Qué tienes que hacer",
			"Recoge tu paquete pronto", "Listo para recoger", "Historial"}},
		{"exception-it", "it-IT", 6, []string{"C'è un problema con la tua consegna", "Il corriere segnala: l'indirizzo non è stato trovato",
			"Cosa devi fare", "Bloccato: l'indirizzo non è stato trovato"}},
		{"on-track-pl", "pl-PL", 1, []string{"Paczka w drodze, termin dostawy: czwartek, 5 marca", "Przewidywana dostawa: czwartek, 5 marca", "W drodze", "Odebrana przez przewoźnika",
			"wtorek, 3 marca, godz. 06:10", "Zgłoś zwrot"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			v := stateCases()[c.idx].view
			v.ID = "browser-" + c.name
			s.recipients.Store(v.ID, Recipient{FirstName: "Anna", City: "Wien", Locale: c.lang, TimeZone: "Europe/Vienna"})
			s.svc.put(v)
			url := srv.URL + "/track/" + s.h.Link(v.ID, time.Time{})

			dom := chromium(t, "--dump-dom", url)
			text := visibleText(dom)
			for _, w := range c.want {
				assert.Contains(t, text, w)
			}
			assert.Contains(t, dom, `aria-current="step"`)
			assert.Contains(t, dom, `<html lang="`+strings.SplitN(c.lang, "-", 2)[0]+`">`)

			shot := filepath.Join(dir, "tracking-page-"+c.name+".png")
			chromium(t, "--screenshot="+shot, url)
			info, err := os.Stat(shot)
			require.NoError(t, err, "chromium wrote no screenshot")
			assert.Greater(t, info.Size(), int64(5000), "screenshot looks empty")
			t.Logf("screenshot %s", shot)
		})
	}
}

// chromium runs headless chromium with args and returns its stdout.
func chromium(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=390,844", "--hide-scrollbars"}
	cmd := exec.CommandContext(ctx, chromiumPath, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	require.NoError(t, err, "chromium %v: %s", args, errb.String())
	return out.String()
}

var (
	dropElements = regexp.MustCompile(`(?s)<(style|script|head)[^>]*>.*?</(style|script|head)>`)
	tags         = regexp.MustCompile(`<[^>]*>`)
	spaces       = regexp.MustCompile(`\s+`)
)

// visibleText strips a dumped DOM to its text.
func visibleText(dom string) string {
	s := dropElements.ReplaceAllString(dom, " ")
	s = tags.ReplaceAllString(s, " ")
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ").Replace(s)
	return spaces.ReplaceAllString(s, " ")
}
