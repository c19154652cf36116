package ops

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const chromiumPath = "/usr/bin/chromium"

// TestBrowser walks the view in headless chromium as an operator does, in
// English and in German: the list of what needs attention, a shipment's
// page, its cancel link, the confirmation page, the confirmed cancel and
// the page it redirects to. The browser keeps the handler's session
// cookie and posts the forms as they are (the pages have no script; the
// test drives chromium through the DevTools protocol on a pipe). One
// screenshot per step and language goes to $WISMO_ARTIFACTS (default: a
// temporary directory, logged).
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

	for _, c := range []struct {
		lang                                  string
		list, shipment, confirm, done, reason string
	}{
		{"en", "Needs attention", "Timeline", "This cannot be undone", "The shipment is cancelled.", "Order cancelled by the customer"},
		{"de", "Braucht Aufmerksamkeit", "Verlauf", "Das lässt sich nicht rückgängig machen", "Die Sendung ist storniert.", "Bestellung vom Kunden storniert"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			s := newSetup(t)
			srv := httptest.NewServer(http.StripPrefix("/ops", s.h))
			t.Cleanup(srv.Close)
			b := startBrowser(t, c.lang)
			shot := func(step string) {
				path := filepath.Join(dir, "ops-"+c.lang+"-"+step+".png")
				b.screenshot(path)
				info, err := os.Stat(path)
				require.NoError(t, err)
				assert.Greater(t, info.Size(), int64(5000), "screenshot %s looks empty", path)
			}

			b.load(func() { b.navigate(srv.URL + "/ops/") })
			text := b.text()
			assert.Contains(t, text, c.list)
			assert.Contains(t, text, "JJD0002")
			assert.NotContains(t, text, "0150", "an on-track shipment needs no attention")
			assert.Equal(t, c.lang, b.eval(`document.documentElement.lang`))
			shot("1-list")

			b.load(func() { b.eval(`document.querySelector('a[href="/ops/shipments/s2"]').click()`) })
			assert.Equal(t, srv.URL+"/ops/shipments/s2", b.eval(`location.href`))
			assert.Contains(t, b.text(), c.shipment)
			shot("2-shipment")

			b.load(func() { b.eval(`document.querySelector('a[href="/ops/shipments/s2/cancel"]').click()`) })
			assert.Contains(t, b.text(), c.confirm)
			assert.Empty(t, s.f.cancels, "the confirmation page cancels nothing")
			b.eval(`document.querySelector('input[name=reason]').value = ` + jsString(c.reason))
			shot("3-confirm")

			b.load(func() { b.eval(`document.querySelector('button.danger').click()`) })
			assert.Equal(t, srv.URL+"/ops/shipments/s2?done=cancelled", b.eval(`location.href`), "redirected after the POST")
			assert.Contains(t, b.text(), c.done)
			assert.Contains(t, b.text(), c.reason, "the page shows the reason kept")
			assert.Equal(t, []string{"s2|" + c.reason}, s.f.cancels)
			shot("4-cancelled")
			assert.NotContains(t, s.log.String(), "action refused", "the browser's own POST passes the CSRF check")
		})
	}
}

// jsString quotes s as a JavaScript string.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// browser is headless chromium driven through the DevTools protocol over
// --remote-debugging-pipe (NUL-separated JSON on file descriptors 3 and 4).
type browser struct {
	t       testing.TB
	in      *os.File // our end of chromium's fd 3
	mu      sync.Mutex
	nextID  int
	waiting map[int]chan cdpMessage
	events  chan cdpMessage
	session string
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    any             `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func startBrowser(t testing.TB, lang string) *browser {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmdR, cmdW, err := os.Pipe() // chromium reads commands from fd 3
	require.NoError(t, err)
	outR, outW, err := os.Pipe() // and writes answers to fd 4
	require.NoError(t, err)
	cmd := exec.CommandContext(ctx, chromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--window-size=1100,900", "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, outW}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	_ = cmdR.Close()
	_ = outW.Close()
	b := &browser{t: t, in: cmdW, waiting: map[int]chan cdpMessage{}, events: make(chan cdpMessage, 1024)}
	done := make(chan struct{})
	go b.read(outR, done)
	t.Cleanup(func() {
		_ = cmdW.Close()
		cancel()
		_ = cmd.Wait()
		<-done
		if t.Failed() {
			t.Logf("chromium stderr: %s", stderr.String())
		}
	})

	var created struct {
		TargetID string `json:"targetId"`
	}
	b.call("Target.createTarget", map[string]any{"url": "about:blank"}, &created)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	b.call("Target.attachToTarget", map[string]any{"targetId": created.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	b.call("Page.enable", nil, nil)
	b.call("Network.enable", nil, nil)
	b.call("Network.setExtraHTTPHeaders", map[string]any{"headers": map[string]string{"Accept-Language": lang}}, nil)
	return b
}

// read dispatches chromium's messages: answers to their callers, events
// to b.events.
func (b *browser) read(r *os.File, done chan struct{}) {
	defer close(done)
	br := bufio.NewReader(r)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			b.mu.Lock()
			for id, ch := range b.waiting {
				close(ch)
				delete(b.waiting, id)
			}
			b.mu.Unlock()
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		if m.ID != 0 {
			b.mu.Lock()
			ch := b.waiting[m.ID]
			delete(b.waiting, m.ID)
			b.mu.Unlock()
			if ch != nil {
				ch <- m
			}
			continue
		}
		select {
		case b.events <- m:
		default: // nobody waits for that many events
		}
	}
}

// call sends a command (to the page once attached) and decodes its result
// into out.
func (b *browser) call(method string, params any, out any) {
	b.t.Helper()
	b.mu.Lock()
	b.nextID++
	m := cdpMessage{ID: b.nextID, Method: method, Params: params, SessionID: b.session}
	ch := make(chan cdpMessage, 1)
	b.waiting[m.ID] = ch
	b.mu.Unlock()
	raw, err := json.Marshal(m)
	require.NoError(b.t, err)
	_, err = b.in.Write(append(raw, 0))
	require.NoError(b.t, err, "write to chromium")
	select {
	case res, ok := <-ch:
		require.True(b.t, ok, "chromium went away during %s", method)
		require.Nil(b.t, res.Error, "%s: %+v", method, res.Error)
		if out != nil {
			require.NoError(b.t, json.Unmarshal(res.Result, out), "%s: %s", method, res.Result)
		}
	case <-time.After(60 * time.Second):
		b.t.Fatalf("chromium did not answer %s", method)
	}
}

// load runs act and waits until the page it leads to has loaded.
func (b *browser) load(act func()) {
	b.t.Helper()
	for len(b.events) > 0 {
		<-b.events
	}
	act()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case e := <-b.events:
			if e.Method == "Page.loadEventFired" && e.SessionID == b.session {
				return
			}
		case <-deadline:
			b.t.Fatal("the page did not load")
		}
	}
}

func (b *browser) navigate(url string) {
	b.t.Helper()
	var res struct {
		ErrorText string `json:"errorText"`
	}
	b.call("Page.navigate", map[string]any{"url": url}, &res)
	require.Empty(b.t, res.ErrorText, url)
}

// eval evaluates a JavaScript expression in the page (the driver's, not
// the page's: DevTools are not bound by its Content-Security-Policy) and
// returns its value as a string.
func (b *browser) eval(expr string) string {
	b.t.Helper()
	var res struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		ExceptionDetails any `json:"exceptionDetails"`
	}
	b.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	require.Nil(b.t, res.ExceptionDetails, expr)
	if res.Result.Value == nil {
		return ""
	}
	return fmt.Sprint(res.Result.Value)
}

// text is the page's visible text.
func (b *browser) text() string { return b.eval(`document.body.innerText`) }

func (b *browser) screenshot(path string) {
	b.t.Helper()
	var res struct {
		Data string `json:"data"`
	}
	b.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}, &res)
	png, err := base64.StdEncoding.DecodeString(res.Data)
	require.NoError(b.t, err)
	require.NoError(b.t, os.WriteFile(path, png, 0o644))
	b.t.Logf("screenshot %s", path)
}
