package dbtest_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/dbtest"
)

func TestOpenSQLiteIsFreshAndSingleWriter(t *testing.T) {
	a := dbtest.OpenSQLite(t, dbtest.Config{SQLitePragmas: []string{"synchronous(OFF)"}})
	b := dbtest.OpenSQLite(t, dbtest.Config{})
	_, err := a.Exec(`CREATE TABLE x (id INTEGER PRIMARY KEY)`)
	require.NoError(t, err)
	var n int
	require.NoError(t, b.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'x'`).Scan(&n))
	assert.Zero(t, n, "each call opens a database of its own")
	assert.Equal(t, 1, a.Stats().MaxOpenConnections)
	var fk, sync int
	require.NoError(t, a.QueryRow(`PRAGMA foreign_keys`).Scan(&fk))
	require.NoError(t, a.QueryRow(`PRAGMA synchronous`).Scan(&sync))
	assert.Equal(t, 1, fk, "foreign keys are on")
	assert.Equal(t, 0, sync, "extra pragmas apply")
}

func TestWithSearchPath(t *testing.T) {
	got := dbtest.WithSearchPath(t, "postgres://u@h:5432/db?sslmode=disable", "s1")
	assert.Equal(t, "postgres://u@h:5432/db?search_path=s1&sslmode=disable", got)
}

func TestOpenPostgresUsesItsOwnSchemaAndDropsIt(t *testing.T) {
	dbtest.PostgresURL(t)
	var schema string
	t.Run("open", func(t *testing.T) {
		db := dbtest.OpenPostgres(t, dbtest.Config{SchemaPrefix: "wismo_dbtest_", MaxOpenConns: 3})
		require.NoError(t, db.QueryRow(`SELECT current_schema()`).Scan(&schema))
		assert.True(t, strings.HasPrefix(schema, "wismo_dbtest_"), schema)
		assert.Equal(t, 3, db.Stats().MaxOpenConnections)
		_, err := db.Exec(`CREATE TABLE x (id INTEGER PRIMARY KEY)`)
		require.NoError(t, err)
		var n int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'x'`, schema).Scan(&n))
		assert.Equal(t, 1, n, "unqualified names land in the test's schema")
	})
	admin := dbtest.OpenPostgres(t, dbtest.Config{})
	var n int
	require.NoError(t, admin.QueryRow(`SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1`, schema).Scan(&n))
	assert.Zero(t, n, "the schema is dropped when its test ends")
}

// Package dbtest is test support: only _test.go files may import it, so
// that it (and the drivers it registers) never reaches a library build.
func TestImportedOnlyFromTests(t *testing.T) {
	root := filepath.Join("..", "..")
	const self = "github.com/wismo-dev/wismo/internal/dbtest"
	checked := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			assert.NotEqual(t, self, path, "%s imports dbtest outside a test", p)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, checked, 50, "the walk reached the module's sources")
}
