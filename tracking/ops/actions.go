package ops

import (
	"errors"
	"github.com/wismo-dev/wismo/tracking"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// maxForm bounds an action's form body.
const maxForm = 16 << 10

// post runs an action: CSRF checked first, then the backend call, then a
// 303 redirect to the page that shows the result.
func (h *Handler) post(w http.ResponseWriter, rq *request, segs []string) {
	t := rq.w().T
	var kind, id, action string
	if len(segs) == 3 {
		kind, id, action = segs[0], segs[1], segs[2]
	}
	known := (kind == "shipments" && (action == "cancel" || action == "resend" || action == "promise")) ||
		(kind == "dead" && (action == "replay" || action == "discard"))
	if !known {
		h.fail(w, rq, http.StatusNotFound, "not_found", t["notFound"])
		return
	}
	rq.r.Body = http.MaxBytesReader(w, rq.r.Body, maxForm)
	if err := rq.r.ParseForm(); err != nil {
		h.fail(w, rq, http.StatusBadRequest, "bad_form", t["badForm"])
		return
	}
	if why := h.csrfProblem(rq); why != "" {
		h.log.WarnContext(rq.r.Context(), "ops: action refused", "action", action, "id", id, "why", why)
		h.fail(w, rq, http.StatusForbidden, "csrf", t["csrf"])
		return
	}
	ctx := rq.r.Context()
	var err error
	back := h.link("shipments", id)
	done := ""
	switch action {
	case "cancel":
		reason := strings.TrimSpace(rq.r.PostFormValue("reason"))
		if reason == "" || len(reason) > 500 || !store.IsCleanText(reason) {
			h.fail(w, rq, http.StatusBadRequest, "bad_reason", t["badReason2"])
			return
		}
		_, err = h.b.Cancel(ctx, id, reason)
		done = "cancelled"
	case "resend":
		k := notify.Kind(rq.r.PostFormValue("kind"))
		if !slices.Contains(resendKinds, k) {
			h.fail(w, rq, http.StatusBadRequest, "bad_kind", t["badKind"]+" "+quote(string(k)))
			return
		}
		err, done = h.b.Resend(ctx, id, string(k)), "resent"
	case "promise":
		var c tracking.ShipmentChange
		c, err = h.promiseChange(rq)
		if err != nil {
			h.fail(w, rq, http.StatusBadRequest, "bad_promise", t["badPromise"])
			return
		}
		_, err = h.b.Update(ctx, id, c)
		done = "promise"
	case "replay":
		err, done, back = h.b.ReplayDeadLetter(ctx, id), "replayed", h.link("dead")
	case "discard":
		err, done, back = h.b.DiscardDeadLetter(ctx, id), "discarded", h.link("dead")
	}
	if action == "resend" && errors.Is(err, tracking.ErrUnknownMessage) {
		h.fail(w, rq, http.StatusNotFound, "no_message", t["noMessage"])
		return
	}
	if err != nil {
		h.backendError(w, rq, action, id, err)
		return
	}
	h.log.InfoContext(ctx, "ops: action", "action", action, "id", id)
	http.Redirect(w, rq.r, back+"?done="+done, http.StatusSeeOther)
}

// promiseChange reads the promise form: a date (the end of that day in the
// shop's zone is the promise; empty: no promise) and the version the
// operator saw.
func (h *Handler) promiseChange(rq *request) (tracking.ShipmentChange, error) {
	c := tracking.ShipmentChange{Reason: "ops: promise corrected"}
	if v := rq.r.PostFormValue("version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return c, errBadForm
		}
		c.IfVersion = n
	}
	var p time.Time
	if d := strings.TrimSpace(rq.r.PostFormValue("promise")); d != "" {
		day, err := time.ParseInLocation(time.DateOnly, d, h.cfg.Location)
		if err != nil || day.Year() < 1970 || day.Year() > 2199 {
			return c, errBadForm
		}
		p = day.AddDate(0, 0, 1).Add(-time.Second)
	}
	c.PromisedBy = &p
	return c, nil
}
