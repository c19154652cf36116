// Package notifytest helps hosts test code that sends notifications.
//
// # Recorder
//
// A [Recorder] is a notify.Notifier that records every message it accepts
// and can be told to fail: [Recorder.FailNext] for temporary failures (the
// dispatcher retries them), [Recorder.FailPermanently] for failures wrapping
// notify.ErrPermanent (the dispatcher dead-letters them). It is safe for
// concurrent use, so it can stand in for the host's e-mail or SMS sender in
// tests of the whole service.
package notifytest
