// Command ferretdb-breachline runs FerretDB v1 embedded with the SQLite backend,
// giving local development and tests a MongoDB wire-protocol server without Docker.
//
// It wraps the embeddable package instead of building FerretDB's own cmd/ferretdb because
// `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` panics at start-up on the
// missing build/version/version.txt (FerretDB#2982). That check only runs when the main module
// is FerretDB itself, so an embedding module needs no ldflags or replace workaround.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	host := flag.String("host", envOr("FERRETDB_HOST", "127.0.0.1"), "listen host (env FERRETDB_HOST)")
	port := flag.String("port", envOr("FERRETDB_PORT", "27117"), "listen port (env FERRETDB_PORT)")
	dataDir := flag.String("data-dir", envOr("FERRETDB_DATA_DIR", "data"), "SQLite data directory (env FERRETDB_DATA_DIR)")
	// At info, FerretDB logs every connection; at warn, it dumps every error response
	// (duplicate keys, the driver's unsupported endSessions). Tests trigger both a lot.
	logLevel := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "error"), "debug, info, warn or error (env FERRETDB_LOG_LEVEL)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if err := run(logger, net.JoinHostPort(*host, *port), *dataDir); err != nil {
		logger.Error("ferretdb failed", "error", err)
		os.Exit(1)
	}
}

func run(logger *slog.Logger, addr, dataDir string) error {
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}

	// The SQLite backend requires the directory to exist.
	if err = os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	// Existing databases are indexed before FerretDB opens them, so that large tables are not indexed under load.
	indexer := newIDIndexer(dir, logger)
	indexer.pass(context.Background())

	// Telemetry is disabled (and locked) by ferretdb.New for embedded use.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: (&url.URL{Scheme: "file", Path: dir + "/"}).String(),
	})
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	logger.Info("ferretdb listening", "addr", addr, "data_dir", dir)

	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		indexer.run(ctx)
	}()
	defer func() {
		stop()
		<-indexed
	}()

	// Run returns after ctx is canceled and all connections and the backend are closed.
	if err = f.Run(ctx); err != nil {
		return err
	}

	logger.Info("ferretdb stopped")

	return nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}

	return def
}
