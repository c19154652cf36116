package dpd

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// TestStrayBytesInText: a byte that is not UTF-8 (a Latin-1 é) or a control
// character in one text costs that character, not the whole answer.
func TestStrayBytesInText(t *testing.T) {
	t.Parallel()
	body := string(adaptertest.Fixture(t, "delivered.xml"))
	want, _, err := parse([]byte(body), "01505056789012")
	require.NoError(t, err)
	const desc = "<content>DPD has received your parcel."
	require.Contains(t, body, desc)
	for name, insert := range map[string]string{"latin-1": "Zustellung \xe9 ", "NUL": "a\x00b ", "control": "a\x01\x1fb "} {
		bad := strings.Replace(body, desc, "<content>"+insert+"DPD has received your parcel.", 1)
		u, _, err := parse([]byte(bad), "01505056789012")
		require.NoError(t, err, name)
		assert.Len(t, u.Scans, len(want.Scans), name)
		for _, s := range u.Scans {
			assert.NotContains(t, s.Description, "\x00", name)
			assert.NotContains(t, s.Description, "\x01", name)
		}
	}
}
