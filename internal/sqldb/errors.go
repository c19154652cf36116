package sqldb

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// ErrNotMigrated is what a store's error wraps when a table it needs is
// missing: the host has not run the store's Migrate. tracking/sqlstore and
// returns/returnsql export it.
var ErrNotMigrated = errors.New("sqlstore: the database has no wismo tables: run the store's Migrate (or apply its Migrations) before use")

// notMigrated is a store error caused by a missing table: its text says to
// migrate, it matches ErrNotMigrated and unwraps to the database's error.
type notMigrated struct{ err error }

func (e *notMigrated) Error() string {
	return ErrNotMigrated.Error() + " (" + strings.TrimPrefix(e.err.Error(), "sqlstore: ") + ")"
}
func (e *notMigrated) Unwrap() error        { return e.err }
func (e *notMigrated) Is(target error) bool { return target == ErrNotMigrated }

// NotMigrated replaces *err, a store method's error, with one wrapping
// ErrNotMigrated when the database says a wismo_ table does not exist
// (PostgreSQL's undefined_table, SQLite's "no such table"); other errors and
// nil are left as they are. Store methods defer it.
func NotMigrated(err *error) {
	if *err == nil || errors.Is(*err, ErrNotMigrated) || !missingTable(*err) {
		return
	}
	*err = &notMigrated{*err}
}

func missingTable(err error) bool {
	var st interface{ SQLState() string }
	if errors.As(err, &st) && st.SQLState() == "42P01" { // undefined_table
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "no such table: wismo_") ||
		(strings.Contains(msg, `relation "wismo_`) && strings.Contains(msg, "does not exist"))
}

// CheckDriver returns an error if db's driver is known to speak the other
// dialect than d (a PostgreSQL driver with SQLite, or the reverse). It
// knows drivers by their package path, without a query; a driver it does
// not know (a wrapper, say) passes. The message names the dialect to pass
// as pkg's ("pass sqlstore.SQLite"). Its messages carry no prefix.
func CheckDriver(db *sql.DB, d Dialect, pkg string) error {
	t := reflect.TypeOf(db.Driver())
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return nil
	}
	path := strings.ToLower(t.PkgPath())
	var got Dialect
	switch {
	case strings.Contains(path, "sqlite"):
		got = SQLite
	case strings.Contains(path, "pgx"), strings.Contains(path, "lib/pq"), strings.Contains(path, "postgres"):
		got = Postgres
	default:
		return nil
	}
	if got != d {
		return fmt.Errorf("the *sql.DB's driver (%s) is a %s driver, but the dialect given is %s: pass %s.%s", t.PkgPath(), got.label(), d.label(), pkg, got.exported())
	}
	return nil
}

func (d Dialect) label() string {
	if d == Postgres {
		return "PostgreSQL"
	}
	return "SQLite"
}

func (d Dialect) exported() string {
	if d == Postgres {
		return "Postgres"
	}
	return "SQLite"
}
