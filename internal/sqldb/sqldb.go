package sqldb

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Dialect is the SQL dialect of the database behind a *sql.DB. Its zero
// value is no dialect (Valid reports false).
type Dialect struct{ name string }

// The supported dialects.
var (
	// Postgres is PostgreSQL 12 or later, through any database/sql driver
	// (for example pgx's stdlib).
	Postgres = Dialect{"postgres"}
	// SQLite is SQLite 3.35 or later (RETURNING), through any database/sql
	// driver (for example modernc.org/sqlite).
	SQLite = Dialect{"sqlite"}
)

// String returns "postgres" or "sqlite" ("" for the zero Dialect).
func (d Dialect) String() string { return d.name }

// Valid reports whether d is one of the supported dialects.
func (d Dialect) Valid() bool { return d == Postgres || d == SQLite }

// Rebind returns q with its ? placeholders turned into $1, $2, ... for
// PostgreSQL; for other dialects it returns q unchanged. Every ? counts,
// so queries must not contain a literal question mark.
func (d Dialect) Rebind(q string) string {
	if d != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CheckDB returns an error if db is nil, d is not a supported dialect or
// db's driver is known to speak the other dialect (CheckDriver): the checks
// of a store's constructor; pkg is the store's package name, which the
// driver check's message names ("pass returnsql.SQLite"). Its messages
// carry no prefix.
func CheckDB(db *sql.DB, d Dialect, pkg string) error {
	if db == nil {
		return errors.New("nil *sql.DB")
	}
	if !d.Valid() {
		return fmt.Errorf("unknown dialect %q", d.name)
	}
	return CheckDriver(db, d, pkg)
}

// TimeLayout is the layout of times stored as text: RFC 3339 with
// nanoseconds and the zone offset.
const TimeLayout = time.RFC3339Nano

// FormatTime returns t as TimeLayout text, "" for the zero time.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(TimeLayout)
}

// ParseTime parses what FormatTime wrote; "" gives the zero time.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(TimeLayout, s)
}

// Nanos returns t as Unix nanoseconds, 0 for the zero time.
func Nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// FromNanos returns the UTC time of Unix nanoseconds n, the zero time for 0.
func FromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// NullNanos returns t as Unix nanoseconds, NULL for the zero time.
func NullNanos(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}
