package email

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// A server that repeats the password in its refusal (as sent in AUTH PLAIN
// or LOGIN, or plainly) gets it into neither the error text nor
// ReplyError.Message.
func TestNotifyRedactsEchoedPassword(t *testing.T) {
	t.Parallel()
	plain := base64.StdEncoding.EncodeToString([]byte("\x00wismo\x00s3cret"))
	login := base64.StdEncoding.EncodeToString([]byte("s3cret"))
	ts := startServer(t, serverOpts{authErr: smtpErr(454, "auth backend down for wismo/s3cret ("+plain+", "+login+")")})
	err := newNotifier(t, config(ts)).Notify(context.Background(), message())
	var re *ReplyError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want a ReplyError", err)
	}
	for _, s := range []string{"s3cret", plain, login} {
		if strings.Contains(err.Error(), s) || strings.Contains(re.Message, s) {
			t.Errorf("the error repeats %q: %v", s, err)
		}
	}
}
