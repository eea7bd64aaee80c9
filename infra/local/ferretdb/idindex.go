package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"modernc.org/sqlite"
)

// FerretDB v1.24's SQLite backend creates each collection's unique _id index on the expression
// _ferretdb_sjson->"_id" (metadata.Registry.indexesCreate), but filters, updates and deletes by _id with
// _ferretdb_sjson->'$._id' (metadata.IDColumn). SQLite matches an expression index only to the same
// expression, so every _id lookup scans the whole table. idIndexer adds an index on the filter's own
// expression to every collection table; FerretDB's unique index still enforces uniqueness.
const (
	idFilterExpression = `_ferretdb_sjson->'$._id'`
	// FerretDB names its indexes "<table>_<index name>"; a prefix keeps ours out of that namespace.
	idIndexPrefix = "breachline_id_path_"
	// FerretDB's own table listing the collections of a database and their tables.
	collectionsTable = "_ferretdb_collections"
	// How soon a collection created while the server runs gets its index. Between passes a new collection
	// can only receive the inserts of one interval, and indexing those takes milliseconds.
	idIndexInterval = 200 * time.Millisecond
)

// idIndexer watches the data directory: one SQLite file per database, each listing its collection tables in
// _ferretdb_collections. Indexes are invisible to FerretDB (listIndexes reads its own metadata, dropIndexes
// drops only indexes it created) and go with their table when a collection or database is dropped; a rename
// keeps the table and so the index.
type idIndexer struct {
	dir    string
	logger *slog.Logger
	// A driver instance of our own, so that no hook or function registered on the default one (which
	// FerretDB uses) applies to our connections.
	driver *sqlite.Driver
	// Size and modification time of each database's files at its last complete pass; unchanged files
	// cannot have new tables and are not opened.
	seen map[string]databaseFiles
	// Connections we may not close (see indexDatabase); kept reachable on purpose.
	abandoned []*sql.DB
}

type databaseFiles struct {
	dbSize, dbModified, walSize, walModified int64
}

func newIDIndexer(dir string, logger *slog.Logger) *idIndexer {
	return &idIndexer{dir: dir, logger: logger, driver: &sqlite.Driver{}, seen: map[string]databaseFiles{}}
}

// run makes passes until ctx is canceled.
func (ix *idIndexer) run(ctx context.Context) {
	ticker := time.NewTicker(idIndexInterval)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			ix.pass(ctx)
		}
	}
}

// pass indexes every table of every database file that changed since its last pass.
func (ix *idIndexer) pass(ctx context.Context) {
	files, err := filepath.Glob(filepath.Join(ix.dir, "*.sqlite"))
	if err != nil {
		ix.logger.Error("id index: listing databases", "error", err)
		return
	}

	present := make(map[string]bool, len(files))

	for _, file := range files {
		present[file] = true

		state, ok := filesOf(file)
		if !ok || state == ix.seen[file] {
			continue
		}

		if err := ix.indexDatabase(ctx, file); err != nil {
			// Tried again on the next pass.
			ix.logger.Warn("id index", "database", file, "error", err)
			continue
		}

		ix.seen[file] = state
	}

	for file := range ix.seen {
		if !present[file] {
			delete(ix.seen, file)
		}
	}
}

// indexDatabase creates the missing _id indexes of one database.
func (ix *idIndexer) indexDatabase(ctx context.Context, file string) error {
	opened, ok := inode(file)
	if !ok {
		return nil // dropped meanwhile
	}

	// mode=rw: never create a database file that FerretDB has just removed.
	q := url.Values{"mode": {"rw"}, "_pragma": {"busy_timeout(10000)"}}
	db := sql.OpenDB(connector{dsn: (&url.URL{Scheme: "file", Opaque: file, RawQuery: q.Encode()}).String(), driver: ix.driver})
	db.SetMaxOpenConns(1)

	// Dropping a database closes FerretDB's connections and removes the file; the next request re-creates it
	// at the same path, where the new database's WAL and shared-memory files take the old ones' names. A
	// connection of ours still open on the removed file would, as the last one closing it, delete those files
	// by name. So we close only while the path is still the file we opened, and abandon the connection otherwise.
	replaced := func() bool {
		now, ok := inode(file)
		return !ok || now != opened
	}

	defer func() {
		if replaced() {
			ix.abandoned = append(ix.abandoned, db)
			ix.logger.Error("id index: database replaced while indexing; connection left open", "database", file)

			return
		}

		_ = db.Close()
	}()

	missing, err := tablesWithoutIDIndex(ctx, db)
	if err != nil {
		return err
	}

	for _, table := range missing {
		if replaced() {
			return nil
		}

		stmt := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, idIndexPrefix+table, table, idFilterExpression)
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // collection dropped meanwhile
			}

			return fmt.Errorf("%s: %w", table, err)
		}

		ix.logger.Debug("id index created", "database", file, "table", table)
	}

	return nil
}

// tablesWithoutIDIndex lists the collection tables that lack our index; none when the file is not (yet) a
// FerretDB database.
func tablesWithoutIDIndex(ctx context.Context, db *sql.DB) ([]string, error) {
	var isFerretDB bool

	err := db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?`, collectionsTable).
		Scan(&isFerretDB)
	if err != nil || !isFerretDB {
		return nil, err
	}

	rows, err := db.QueryContext(ctx, fmt.Sprintf(
		`SELECT c.table_name FROM %q c WHERE NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = ? || c.table_name)`,
		collectionsTable,
	), idIndexPrefix)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var tables []string

	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			return nil, err
		}

		tables = append(tables, table)
	}

	return tables, rows.Err()
}

func filesOf(file string) (databaseFiles, bool) {
	db, err := os.Stat(file)
	if err != nil {
		return databaseFiles{}, false
	}

	state := databaseFiles{dbSize: db.Size(), dbModified: db.ModTime().UnixNano()}
	if wal, err := os.Stat(file + "-wal"); err == nil {
		state.walSize, state.walModified = wal.Size(), wal.ModTime().UnixNano()
	}

	return state, true
}

func inode(file string) (uint64, bool) {
	info, err := os.Stat(file)
	if err != nil {
		return 0, false
	}

	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}

	return st.Ino, true
}

// connector opens connections with our own driver instance.
type connector struct {
	dsn    string
	driver *sqlite.Driver
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }

func (c connector) Driver() driver.Driver { return c.driver }
