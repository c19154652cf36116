package dpd

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// TestEscapedPasswordRedacted: the password travels XML-escaped in the
// getAuth envelope, so a server that repeats the request repeats it
// escaped; that form must stay out of errors too.
func TestEscapedPasswordRedacted(t *testing.T) {
	t.Parallel()
	const password = `pa&ss<wo"rd>'1`
	escaped := escape(password)
	require.NotEqual(t, password, escaped)
	for _, status := range []int{http.StatusBadRequest, http.StatusForbidden, http.StatusOK} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte("login refused for " + testDelisID + " with " + escaped))
		}))
		c, err := New(Config{DelisID: testDelisID, Password: password, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
		require.NoError(t, err)
		_, err = c.Track(context.Background(), "01505056789012")
		srv.Close()
		require.Error(t, err)
		assert.False(t, strings.Contains(err.Error(), escaped), "HTTP %d: %q holds the escaped password", status, err)
	}
}

// TestFaultsRedacted: a SOAP fault (an authenticationFault, DPD's faults
// element, a bare faultstring) that repeats the DELIS id, the password or
// the token, plainly or XML-escaped, reaches no error text.
func TestFaultsRedacted(t *testing.T) {
	t.Parallel()
	const password = `pw&<"secret'9`
	echo := "user " + testDelisID + " password " + escape(password) + " token tok-1234567890"
	for name, fault := range map[string]string{
		"authenticationFault": authFaultBody("LOGIN_8", echo),
		"faults": `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode>` +
			`<faultstring>x</faultstring><detail><faults><faultCode>COMMON_7</faultCode><message>` + echo + `</message></faults></detail></soap:Fault></soap:Body></soap:Envelope>`,
		"faultstring": `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode>` +
			`<faultstring>` + echo + `</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
	} {
		for _, where := range []string{loginPath, trackPath} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == loginPath && where == trackPath {
					_, _ = w.Write([]byte(strings.Replace(string(adaptertest.Fixture(t, "recorded_login.xml")),
						"GFadfGob14GWWgQcIldI6zYtuR7cyEHe2z6eWzb7BpFmcFvrzclRljlcV1OF", "tok-1234567890", 1)))
					return
				}
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(fault))
			}))
			c, err := New(Config{DelisID: testDelisID, Password: password, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			require.NoError(t, err)
			_, err = c.Track(context.Background(), "01505056789012")
			srv.Close()
			require.Error(t, err, "%s at %s", name, where)
			secrets := []string{testDelisID, password, escape(password)}
			if where == trackPath {
				secrets = append(secrets, "tok-1234567890") // the token the login gave
			}
			for _, secret := range secrets {
				assert.NotContains(t, err.Error(), secret, "%s at %s", name, where)
			}
		}
	}
}
