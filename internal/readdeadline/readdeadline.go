// Package readdeadline bounds how long an HTTP handler waits for a request
// body, so a client that trickles its body byte by byte cannot hold the
// handler (and its goroutine and connection) for as long as it likes.
package readdeadline

import (
	"errors"
	"net"
	"net/http"
	"os"
	"time"
)

// Default is the read timeout handlers use when none is configured.
const Default = 10 * time.Second

// Set sets a read deadline of d from now on the connection of w (d of zero
// or less: Default) and returns a function that clears it again. Call it
// once the whole body is read, so the deadline firing later does not cancel
// a long-running handler's request context; do not call it after a failed
// read, or the server waits for the rest of a trickled body before it
// answers. Response writers that cannot set deadlines
// (httptest.ResponseRecorder, some middlewares) are left alone.
func Set(w http.ResponseWriter, d time.Duration) (clear func()) {
	if d <= 0 {
		d = Default
	}
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Now().Add(d)); err != nil {
		return func() {}
	}
	return func() { _ = rc.SetReadDeadline(time.Time{}) }
}

// IsTimeout reports whether err is a read that hit the deadline.
func IsTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// IgnoreBody is for handlers (and their early answers) that do not read the
// request body: when r has one, the answer asks to close the connection, so
// the server answers at once instead of first reading (and discarding) a
// body the client may trickle in for as long as it likes. Call it before
// writing the answer.
func IgnoreBody(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody {
		w.Header().Set("Connection", "close")
	}
}
