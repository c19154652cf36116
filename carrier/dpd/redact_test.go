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
