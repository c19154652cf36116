package sqldb_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/internal/sqldb"
)

func TestRebind(t *testing.T) {
	q := `SELECT a FROM t WHERE b = ? AND c IN (?, ?) -- ü`
	assert.Equal(t, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) -- ü`, sqldb.Postgres.Rebind(q))
	assert.Equal(t, q, sqldb.SQLite.Rebind(q), "SQLite keeps ? placeholders")
	assert.Equal(t, q, sqldb.Dialect{}.Rebind(q))
}

func TestDialect(t *testing.T) {
	assert.Equal(t, "postgres", sqldb.Postgres.String())
	assert.Equal(t, "sqlite", sqldb.SQLite.String())
	assert.True(t, sqldb.Postgres.Valid())
	assert.True(t, sqldb.SQLite.Valid())
	assert.False(t, sqldb.Dialect{}.Valid())
}

func TestCheckDB(t *testing.T) {
	assert.EqualError(t, sqldb.CheckDB(nil, sqldb.SQLite, "sqlstore"), "nil *sql.DB")
	db := dbtest.OpenSQLite(t, dbtest.Config{})
	assert.EqualError(t, sqldb.CheckDB(db, sqldb.Dialect{}, "sqlstore"), `unknown dialect ""`)
	assert.NoError(t, sqldb.CheckDB(db, sqldb.SQLite, "sqlstore"))
	assert.ErrorContains(t, sqldb.CheckDB(db, sqldb.Postgres, "sqlstore"), "is a SQLite driver, but the dialect given is PostgreSQL")
}

func TestTimes(t *testing.T) {
	berlin := time.FixedZone("+01", 3600)
	at := time.Date(2026, 3, 5, 9, 30, 0, 123456789, berlin)
	s := sqldb.FormatTime(at)
	assert.Equal(t, "2026-03-05T09:30:00.123456789+01:00", s, "text keeps the offset")
	back, err := sqldb.ParseTime(s)
	require.NoError(t, err)
	assert.True(t, back.Equal(at))
	_, off := back.Zone()
	assert.Equal(t, 3600, off)
	_, err = sqldb.ParseTime("yesterday")
	assert.Error(t, err)

	assert.Equal(t, "", sqldb.FormatTime(time.Time{}))
	zero, err := sqldb.ParseTime("")
	require.NoError(t, err)
	assert.True(t, zero.IsZero())

	assert.Equal(t, at.UnixNano(), sqldb.Nanos(at))
	assert.Zero(t, sqldb.Nanos(time.Time{}))
	assert.Equal(t, at.UTC(), sqldb.FromNanos(at.UnixNano()))
	assert.True(t, sqldb.FromNanos(0).IsZero())
	assert.Equal(t, sql.NullInt64{Int64: at.UnixNano(), Valid: true}, sqldb.NullNanos(at))
	assert.Equal(t, sql.NullInt64{}, sqldb.NullNanos(time.Time{}))
}

var fixed = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// schema returns migrations of a two-step schema for both dialects.
func schema(table string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, d := range []string{"postgres", "sqlite"} {
		fsys["db/"+d+"/0002_more.sql"] = &fstest.MapFile{Data: []byte(`ALTER TABLE ` + table + ` ADD COLUMN note TEXT`)}
		fsys["db/"+d+"/0001_init.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE ` + table + ` (id TEXT PRIMARY KEY)`)}
	}
	return fsys
}

func migrator(table string, lock int64) *sqldb.Migrator {
	return &sqldb.Migrator{FS: schema(table), Dir: "db", Table: table + "_migrations", LockKey: lock, Prefix: "test",
		Now: func() time.Time { return fixed }}
}

var opens = map[string]struct {
	d    sqldb.Dialect
	open func(testing.TB) *sql.DB
}{
	"sqlite": {sqldb.SQLite, func(t testing.TB) *sql.DB { return dbtest.OpenSQLite(t, dbtest.Config{}) }},
	"postgres": {sqldb.Postgres, func(t testing.TB) *sql.DB {
		return dbtest.OpenPostgres(t, dbtest.Config{SchemaPrefix: "wismo_sqldb_test_"})
	}},
}

func TestMigrations(t *testing.T) {
	ms, err := migrator("a", 1).Migrations(sqldb.SQLite)
	require.NoError(t, err)
	require.Len(t, ms, 2)
	assert.Equal(t, sqldb.Migration{Version: 1, Name: "0001_init.sql", SQL: `CREATE TABLE a (id TEXT PRIMARY KEY)`}, ms[0])
	assert.Equal(t, 2, ms[1].Version, "in version order")

	_, err = migrator("a", 1).Migrations(sqldb.Dialect{})
	assert.ErrorContains(t, err, `test: unknown dialect ""`)
	_, err = (&sqldb.Migrator{FS: fstest.MapFS{}, Table: "t", Prefix: "test"}).Migrations(sqldb.SQLite)
	assert.ErrorContains(t, err, "test: migrations of sqlite: ")

	bad := migrator("a", 1)
	bad.FS.(fstest.MapFS)["db/sqlite/init.sql"] = &fstest.MapFile{}
	_, err = bad.Migrations(sqldb.SQLite)
	assert.ErrorContains(t, err, `test: migration file "init.sql" is not NNNN_name.sql`)

	for _, table := range []string{"", "x; DROP TABLE y", "Upper"} {
		m := migrator("a", 1)
		m.Table = table
		_, err = m.Migrations(sqldb.SQLite)
		assert.ErrorContains(t, err, "is not a plain identifier", "table %q", table)
	}
	_, err = (&sqldb.Migrator{Table: "t", Prefix: "test"}).Migrations(sqldb.SQLite)
	assert.ErrorContains(t, err, "no FS")
}

// Migrate applies every migration once, records it in the migrator's own
// table, is idempotent and safe when run concurrently, and two schemas with
// different tables and lock keys share a database without colliding.
func TestMigrate(t *testing.T) {
	for name, o := range opens {
		t.Run(name, func(t *testing.T) {
			db := o.open(t)
			ctx := context.Background()
			a, b := migrator("a", 11), migrator("b", 12)
			var wg sync.WaitGroup
			for range 4 {
				for _, m := range []*sqldb.Migrator{a, b} {
					wg.Go(func() {
						v, err := m.Migrate(ctx, db, o.d)
						assert.NoError(t, err)
						assert.Equal(t, 2, v)
					})
				}
			}
			wg.Wait()
			for _, table := range []string{"a", "b"} {
				var n int
				require.NoError(t, db.QueryRow(`SELECT count(*) FROM `+table+`_migrations`).Scan(&n))
				assert.Equal(t, 2, n, "each migration is recorded exactly once")
				var applied string
				require.NoError(t, db.QueryRow(`SELECT applied_at FROM `+table+`_migrations WHERE version = 1`).Scan(&applied))
				assert.Equal(t, "2026-03-02T08:00:00Z", applied, "applied_at comes from Now")
				_, err := db.Exec(o.d.Rebind(`INSERT INTO `+table+` (id, note) VALUES (?, ?)`), "x", "both steps ran")
				require.NoError(t, err)
			}
			v, err := a.Version(ctx, db)
			require.NoError(t, err)
			assert.Equal(t, 2, v)
			v, err = a.Migrate(ctx, db, o.d)
			require.NoError(t, err)
			assert.Equal(t, 2, v, "a second Migrate changes nothing")
		})
	}
}

// A failing migration leaves nothing of itself behind and stops the run at
// the last version reached.
func TestMigrateStopsAtFailure(t *testing.T) {
	for name, o := range opens {
		t.Run(name, func(t *testing.T) {
			db := o.open(t)
			ctx := context.Background()
			m := migrator("c", 13)
			m.FS.(fstest.MapFS)["db/"+o.d.String()+"/0003_bad.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE c_extra (id TEXT); NOT SQL`)}
			v, err := m.Migrate(ctx, db, o.d)
			assert.ErrorContains(t, err, "test: migration 0003_bad.sql: ")
			assert.Equal(t, 2, v)
			v, err = m.Version(ctx, db)
			require.NoError(t, err)
			assert.Equal(t, 2, v)
			var n int
			err = db.QueryRow(`SELECT count(*) FROM c_extra`).Scan(&n)
			assert.Error(t, err, "the failed migration was rolled back")
		})
	}
}

func TestVersionOfEmptyDatabase(t *testing.T) {
	db := dbtest.OpenSQLite(t, dbtest.Config{})
	_, err := migrator("d", 14).Version(context.Background(), db)
	assert.ErrorContains(t, err, "test: version: ", "no migrations table yet")
	_, err = db.Exec(`CREATE TABLE d_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	require.NoError(t, err)
	v, err := migrator("d", 14).Version(context.Background(), db)
	require.NoError(t, err)
	assert.Zero(t, v)
}
