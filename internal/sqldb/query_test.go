package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/sqldb"
)

// InTx commits what fn wrote when it returns nil and rolls all of it back
// when it fails; Exec counts the rows a statement changed; Query reads every
// row with one function, in or out of a transaction.
func TestInTxExecQuery(t *testing.T) {
	for name, o := range opens {
		t.Run(name, func(t *testing.T) {
			db := o.open(t)
			ctx := context.Background()
			_, err := db.Exec(`CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`)
			require.NoError(t, err)
			insert := o.d.Rebind(`INSERT INTO kv (k, v) VALUES (?, ?), (?, ?) ON CONFLICT (k) DO NOTHING`)

			require.NoError(t, sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
				n, err := sqldb.Exec(ctx, tx, insert, "a", 1, "b", 2)
				assert.Equal(t, int64(2), n)
				return err
			}))
			boom := errors.New("boom")
			err = sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
				n, err := sqldb.Exec(ctx, tx, insert, "b", 20, "c", 3)
				require.NoError(t, err)
				assert.Equal(t, int64(1), n, "a conflicting row is not counted")
				return boom
			})
			assert.ErrorIs(t, err, boom)

			read := func(r sqldb.Scanner) (string, error) {
				var k string
				var v int
				err := r.Scan(&k, &v)
				return k, err
			}
			got, err := sqldb.Query(ctx, db, `SELECT k, v FROM kv ORDER BY k`, nil, read)
			require.NoError(t, err)
			assert.Equal(t, []string{"a", "b"}, got, "the failed transaction left nothing")

			got, err = sqldb.Query(ctx, db, o.d.Rebind(`SELECT k, v FROM kv WHERE v > ?`), []any{1}, read)
			require.NoError(t, err)
			assert.Equal(t, []string{"b"}, got)

			_, err = sqldb.Query(ctx, db, `SELECT k, v FROM kv`, nil, func(r sqldb.Scanner) (string, error) {
				return "", boom
			})
			assert.ErrorIs(t, err, boom, "a scan's error ends the query")
			_, err = sqldb.Query(ctx, db, `SELECT nothing FROM nowhere`, nil, read)
			assert.Error(t, err)
			_, err = sqldb.Exec(ctx, db, `DELETE FROM nowhere`)
			assert.Error(t, err)

			s, err := sqldb.JSON(map[string]int{"a": 1})
			require.NoError(t, err)
			assert.Equal(t, `{"a":1}`, s)
		})
	}
}
