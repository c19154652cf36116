package insights

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/internal/readdeadline"
)

// HandlerConfig configures Handler. The zero value means defaults.
type HandlerConfig struct {
	// Options are the base options of every report; a request's group and
	// carrier parameters replace GroupBy and Carrier. Defaults to the zero
	// Options.
	Options Options
	// MaxRange is the longest range a request may ask for. Defaults to 366 days.
	MaxRange time.Duration
	// Logger receives failures to read the history. Defaults to a logger that
	// discards.
	Logger *slog.Logger
}

// Handler serves the report of Compute as JSON, for the host to mount
// behind its own authentication for its ops team:
//
//	GET ?from=2026-03-01&to=2026-04-01&tz=Europe/Berlin&group=service,destination&carrier=ups
//
// from and to are required: RFC 3339 times, or dates (midnight in tz, which
// defaults to UTC); the range is [from, to) of registration times. group
// lists dimensions besides carrier (service, origin, destination); carrier
// reports on one carrier. Bad or unknown parameters get 400 with a JSON body
// {"error": "..."}; other methods than GET and HEAD get 405.
func Handler(src Source, cfg HandlerConfig) http.Handler {
	if cfg.MaxRange <= 0 {
		cfg.MaxRange = 366 * 24 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &handler{src: src, cfg: cfg}
}

type handler struct {
	src Source
	cfg HandlerConfig
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	readdeadline.IgnoreBody(w, r) // a GET's body, trickled in, must not hold the connection
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{"method " + r.Method + " not allowed: use GET"})
		return
	}
	rng, opts, err := h.parse(r.URL.Query())
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{err.Error()})
		return
	}
	rep, err := Compute(r.Context(), h.src, rng, opts)
	if err != nil {
		h.cfg.Logger.ErrorContext(r.Context(), "insights report failed", "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{"the report could not be computed"})
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

type errorBody struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

var knownParams = map[string]bool{"from": true, "to": true, "tz": true, "group": true, "carrier": true}

func (h *handler) parse(q url.Values) (Range, Options, error) {
	opts := h.cfg.Options
	for k, v := range q {
		if !knownParams[k] {
			return Range{}, opts, fmt.Errorf("unknown parameter %q (want from, to, tz, group, carrier)", k)
		}
		if len(v) > 1 {
			return Range{}, opts, fmt.Errorf("parameter %q given %d times", k, len(v))
		}
	}
	loc := time.UTC
	if name := q.Get("tz"); name != "" {
		l, err := time.LoadLocation(name)
		if err != nil || name == "Local" {
			return Range{}, opts, fmt.Errorf("tz %q is not an IANA time zone", name)
		}
		loc = l
	}
	var rng Range
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &rng.From}, {"to", &rng.To}} {
		v := q.Get(p.name)
		if v == "" {
			return Range{}, opts, fmt.Errorf("parameter %q is required (an RFC 3339 time or a date such as 2026-03-01)", p.name)
		}
		t, err := parseWhen(v, loc)
		if err != nil {
			return Range{}, opts, fmt.Errorf("parameter %q: %q is neither an RFC 3339 time nor a date such as 2026-03-01", p.name, v)
		}
		*p.dst = t
	}
	if !rng.To.After(rng.From) {
		return Range{}, opts, fmt.Errorf("to (%s) must be after from (%s)", q.Get("to"), q.Get("from"))
	}
	if rng.To.Sub(rng.From) > h.cfg.MaxRange {
		return Range{}, opts, fmt.Errorf("the range from %s to %s is longer than the maximum of %s", q.Get("from"), q.Get("to"), days(h.cfg.MaxRange))
	}
	if g, ok := q["group"]; ok {
		opts.GroupBy = nil
		if g[0] != "" {
			for _, d := range strings.Split(g[0], ",") {
				d = strings.TrimSpace(d)
				switch Dimension(d) {
				case DimCarrier:
				case DimService, DimOrigin, DimDestination:
					opts.GroupBy = append(opts.GroupBy, Dimension(d))
				default:
					return Range{}, opts, fmt.Errorf("group: unknown dimension %q (want service, origin, destination)", d)
				}
			}
		}
	}
	if c, ok := q["carrier"]; ok {
		opts.Carrier = c[0]
	}
	return rng, opts, nil
}

func parseWhen(v string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	return time.ParseInLocation(time.DateOnly, v, loc)
}

func days(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		if n := d / (24 * time.Hour); n != 1 {
			return fmt.Sprintf("%d days", n)
		}
		return "1 day"
	}
	return d.String()
}
