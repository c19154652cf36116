package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
)

// Querier is what *sql.DB and *sql.Tx have in common, so that one query
// runs inside or outside a transaction.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Scanner is what *sql.Row and *sql.Rows have in common, so that one
// function reads a row of either.
type Scanner interface{ Scan(dest ...any) error }

// InTx runs fn in a transaction on db and commits it if fn returns nil;
// otherwise it rolls back and returns fn's error.
func InTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Exec runs a statement on q and returns how many rows it affected.
func Exec(ctx context.Context, q Querier, query string, args ...any) (int64, error) {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Query runs a query on q and returns what scan reads from each row, in
// the order of the rows. The first error, of the query, a scan or the
// iteration, ends it.
func Query[T any](ctx context.Context, q Querier, query string, args []any, scan func(Scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// JSON returns the JSON of v as the text a JSON column holds.
func JSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
