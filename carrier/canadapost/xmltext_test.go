package canadapost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// TestStrayBytesInText: a byte that is not UTF-8 (a Latin-1 é in an answer
// that declares UTF-8) or a control character in one text costs that
// character, not the whole answer.
func TestStrayBytesInText(t *testing.T) {
	t.Parallel()
	body := string(adaptertest.Fixture(t, "delivered.xml"))
	want, _, err := parse([]byte(body), "7023210039414604")
	require.NoError(t, err)
	const desc = "<event-description>"
	require.Contains(t, body, desc)
	for name, insert := range map[string]string{"latin-1": "Livr\xe9 ", "NUL": "a\x00b ", "control": "a\x01\x1fb "} {
		bad := strings.Replace(body, desc, desc+insert, 1)
		u, _, err := parse([]byte(bad), "7023210039414604")
		require.NoError(t, err, name)
		assert.Len(t, u.Scans, len(want.Scans), name)
		for _, s := range u.Scans {
			assert.NotContains(t, s.Description, "\x00", name)
			assert.NotContains(t, s.Description, "\x01", name)
		}
	}

	// In a document that declares Latin-1 the control character goes and
	// the letters stay.
	latin1 := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<tracking-detail><significant-events><occurrence>" +
		"<event-identifier>1496</event-identifier><event-date>2026-11-20</event-date><event-time>11:59:59</event-time><event-time-zone>EST</event-time-zone>" +
		"<event-description>Article\x01 livr\xe9</event-description></occurrence></significant-events></tracking-detail>")
	u, _, err := parse(latin1, "1371134583769923")
	require.NoError(t, err)
	require.Len(t, u.Scans, 1)
	assert.Equal(t, "Article livré", u.Scans[0].Description)
}
