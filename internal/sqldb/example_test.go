package sqldb_test

import (
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/internal/sqldb"
)

// Queries are written once with ? placeholders; Rebind adapts them to the
// dialect.
func ExampleDialect_Rebind() {
	q := `UPDATE wismo_return SET state = ? WHERE id = ? AND version = ?`
	fmt.Println(sqldb.Postgres.Rebind(q))
	fmt.Println(sqldb.SQLite.Rebind(q))
	// Output:
	// UPDATE wismo_return SET state = $1 WHERE id = $2 AND version = $3
	// UPDATE wismo_return SET state = ? WHERE id = ? AND version = ?
}

// Instants compared in SQL are nanoseconds; times whose zone matters are
// text with their offset. The zero time is 0 and "".
func ExampleFormatTime() {
	at := time.Date(2026, 3, 5, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	fmt.Println(sqldb.FormatTime(at), sqldb.Nanos(at))
	fmt.Printf("%q %d\n", sqldb.FormatTime(time.Time{}), sqldb.Nanos(time.Time{}))
	// Output:
	// 2026-03-05T09:30:00+01:00 1772699400000000000
	// "" 0
}
