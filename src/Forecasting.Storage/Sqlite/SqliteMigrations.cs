namespace Forecasting.Storage.Sqlite;

/// <summary>
/// The embedded store's schema, as numbered steps applied in order at start-up. A step never changes once
/// released: add a new one instead. Dates are stored as <see cref="DateOnly.DayNumber"/> integers (compact,
/// fast to range-scan), instants as ISO 8601 text in UTC.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "reference data, demand, inventory, ingest log", """
            CREATE TABLE skus (
                id INTEGER PRIMARY KEY,
                sku TEXT NOT NULL UNIQUE,
                category TEXT, style TEXT, color TEXT, material TEXT,
                launch_day INTEGER, price REAL, unit_cost REAL,
                case_pack INTEGER NOT NULL DEFAULT 1 CHECK (case_pack >= 1),
                auto_registered INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE regions (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL UNIQUE,
                name TEXT, country TEXT,
                auto_registered INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE warehouses (
                id TEXT PRIMARY KEY,
                latitude REAL NOT NULL, longitude REAL NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity >= 0),
                is_central INTEGER NOT NULL);
            CREATE TABLE warehouse_regions (
                warehouse TEXT NOT NULL REFERENCES warehouses(id) ON DELETE CASCADE,
                region TEXT NOT NULL,
                PRIMARY KEY (warehouse, region)) WITHOUT ROWID;
            CREATE TABLE lanes (
                from_warehouse TEXT NOT NULL, to_warehouse TEXT NOT NULL,
                lead_time_days INTEGER NOT NULL CHECK (lead_time_days >= 0),
                cost_per_unit REAL NOT NULL CHECK (cost_per_unit >= 0),
                min_qty INTEGER NOT NULL CHECK (min_qty >= 0),
                PRIMARY KEY (from_warehouse, to_warehouse)) WITHOUT ROWID;
            CREATE TABLE ingest_loads (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL, source TEXT NOT NULL,
                started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
                rows_read INTEGER, accepted INTEGER, rejected INTEGER, duplicates INTEGER);
            CREATE TABLE ingest_rejects (
                id INTEGER PRIMARY KEY,
                load_id INTEGER NOT NULL,
                source TEXT NOT NULL, line INTEGER NOT NULL, field TEXT NOT NULL,
                reason TEXT NOT NULL, value TEXT,
                UNIQUE (source, line, field, reason));
            -- load_id/line say which load last wrote the row: a key met twice in one load is a duplicate within the file.
            -- Day-major key: platform exports come day by day, so loads append to the B-tree (3.5x the insert rate
            -- of a series-major key at 5M rows, measured); series are rebuilt from one scan in key order.
            CREATE TABLE demand (
                sku_id INTEGER NOT NULL, region_id INTEGER NOT NULL, day INTEGER NOT NULL,
                units INTEGER NOT NULL, returns INTEGER NOT NULL,
                views INTEGER NOT NULL, searches INTEGER NOT NULL, cart_adds INTEGER NOT NULL, wishlist_adds INTEGER NOT NULL,
                load_id INTEGER NOT NULL, line INTEGER NOT NULL,
                PRIMARY KEY (day, sku_id, region_id)) WITHOUT ROWID;
            CREATE TABLE order_lines (
                order_id TEXT NOT NULL, sku_id INTEGER NOT NULL, ts INTEGER NOT NULL,
                region_id INTEGER NOT NULL, day INTEGER NOT NULL, quantity INTEGER NOT NULL, price REAL,
                load_id INTEGER NOT NULL, line INTEGER NOT NULL,
                PRIMARY KEY (order_id, sku_id, ts)) WITHOUT ROWID;
            CREATE INDEX ix_order_lines_load ON order_lines (load_id);
            CREATE TABLE inventory (
                warehouse TEXT NOT NULL, sku_id INTEGER NOT NULL,
                on_hand INTEGER NOT NULL, in_transit INTEGER NOT NULL, committed INTEGER NOT NULL, as_of_day INTEGER,
                load_id INTEGER NOT NULL, line INTEGER NOT NULL,
                PRIMARY KEY (warehouse, sku_id)) WITHOUT ROWID;
            """),
        (2, "forecast runs and forecasts", """
            CREATE TABLE forecast_runs (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL, issued_at TEXT NOT NULL, cutoff_day INTEGER NOT NULL,
                horizon INTEGER NOT NULL, models TEXT NOT NULL, status TEXT NOT NULL,
                series_count INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE forecasts (
                run_id INTEGER NOT NULL, sku_id INTEGER NOT NULL, region_id INTEGER NOT NULL,
                model TEXT NOT NULL, target_day INTEGER NOT NULL, horizon INTEGER NOT NULL,
                mean REAL NOT NULL, p10 REAL NOT NULL, p50 REAL NOT NULL, p90 REAL NOT NULL,
                PRIMARY KEY (run_id, sku_id, region_id, model, target_day)) WITHOUT ROWID;
            """),
        (3, "transfer proposals and decisions", """
            CREATE TABLE transfer_proposals (
                id INTEGER PRIMARY KEY,
                plan_run_id INTEGER NOT NULL,
                sku TEXT NOT NULL, from_warehouse TEXT NOT NULL, to_warehouse TEXT NOT NULL,
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                arrive_by_day INTEGER NOT NULL,
                status TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
                details TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE INDEX ix_transfer_proposals_status ON transfer_proposals (status, plan_run_id);
            CREATE TABLE proposal_decisions (
                id INTEGER PRIMARY KEY,
                proposal_id INTEGER NOT NULL REFERENCES transfer_proposals(id),
                actor TEXT NOT NULL, decided_at TEXT NOT NULL, action TEXT NOT NULL,
                quantity_before INTEGER, quantity_after INTEGER, reason TEXT);
            """),
        (4, "model choice recorded with each forecast (explainability)", """
            CREATE TABLE forecast_choices (
                run_id INTEGER NOT NULL, sku_id INTEGER NOT NULL, region_id INTEGER NOT NULL, model TEXT NOT NULL,
                demand_class TEXT NOT NULL, cv_score REAL, runner_up TEXT, runner_up_score REAL,
                PRIMARY KEY (run_id, sku_id, region_id, model)) WITHOUT ROWID;
            """),
        (5, "job run history", """
            CREATE TABLE job_runs (
                id INTEGER PRIMARY KEY,
                job TEXT NOT NULL, run_id INTEGER, shard INTEGER, shards INTEGER, node TEXT NOT NULL,
                started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
                series INTEGER NOT NULL DEFAULT 0, error TEXT, recovering INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX ix_job_runs_run ON job_runs (run_id, shard);
            """),
        (6, "plan runs; proposal benefit for sorting; decisions by proposal", """
            CREATE TABLE plan_runs (
                id INTEGER PRIMARY KEY,
                forecast_run_id INTEGER NOT NULL, plan_day INTEGER NOT NULL, created_at TEXT NOT NULL,
                status TEXT NOT NULL, proposals INTEGER NOT NULL DEFAULT 0, total_benefit REAL NOT NULL DEFAULT 0);
            ALTER TABLE transfer_proposals ADD COLUMN benefit REAL NOT NULL DEFAULT 0;
            CREATE INDEX ix_transfer_proposals_run ON transfer_proposals (plan_run_id, benefit);
            CREATE INDEX ix_proposal_decisions_proposal ON proposal_decisions (proposal_id);
            """),
        (7, "API keys (hashed) and the audit log", """
            CREATE TABLE api_keys (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL, role TEXT NOT NULL, prefix TEXT NOT NULL, hash BLOB NOT NULL UNIQUE,
                created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT);
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
                before TEXT, after TEXT);
            """),
        (8, "proposals listed by benefit", """
            CREATE INDEX ix_transfer_proposals_benefit ON transfer_proposals (benefit DESC, id);
            CREATE INDEX ix_transfer_proposals_status_benefit ON transfer_proposals (status, benefit DESC, id);
            """),
        (9, "proposal revision counter (lets a reader reuse a page total while no proposal changed)", """
            CREATE TABLE proposal_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
            INSERT INTO proposal_revision (id, revision) VALUES (1, 0);
            CREATE TRIGGER trg_proposals_inserted AFTER INSERT ON transfer_proposals
                BEGIN UPDATE proposal_revision SET revision = revision + 1 WHERE id = 1; END;
            CREATE TRIGGER trg_proposals_updated AFTER UPDATE ON transfer_proposals
                BEGIN UPDATE proposal_revision SET revision = revision + 1 WHERE id = 1; END;
            CREATE TRIGGER trg_proposals_deleted AFTER DELETE ON transfer_proposals
                BEGIN UPDATE proposal_revision SET revision = revision + 1 WHERE id = 1; END;
            """),
        (10, "forecast accuracy: cells per run, scoring state, alerts", """
            -- One row per run x model x region x category x ABC class x target day: additive error sums (AccuracySums).
            CREATE TABLE accuracy_cells (
                run_id INTEGER NOT NULL, model TEXT NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL, abc TEXT NOT NULL,
                day INTEGER NOT NULL, bucket TEXT NOT NULL,
                rows INTEGER NOT NULL, abs_error REAL NOT NULL, abs_actual REAL NOT NULL, error REAL NOT NULL, actual REAL NOT NULL,
                covered INTEGER NOT NULL, scaled_abs_error REAL NOT NULL, scaled_rows INTEGER NOT NULL,
                pinball10 REAL NOT NULL, pinball50 REAL NOT NULL, pinball90 REAL NOT NULL, naive_abs_error REAL NOT NULL,
                PRIMARY KEY (run_id, model, region, category, abc, day)) WITHOUT ROWID;
            CREATE INDEX ix_accuracy_cells_day ON accuracy_cells (day);
            CREATE TABLE accuracy_runs (
                run_id INTEGER PRIMARY KEY, watermark INTEGER NOT NULL, scored_at TEXT NOT NULL, rows INTEGER NOT NULL, pruned_at TEXT);
            CREATE TABLE accuracy_alerts (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL, dimension TEXT NOT NULL, segment TEXT NOT NULL, status TEXT NOT NULL,
                raised_at TEXT NOT NULL, raised_day INTEGER NOT NULL, last_day INTEGER NOT NULL,
                value REAL NOT NULL, baseline REAL, message TEXT NOT NULL, cleared_at TEXT);
            CREATE UNIQUE INDEX ux_accuracy_alerts_open ON accuracy_alerts (kind, dimension, segment) WHERE status = 'open';
            """),
        (11, "the settings each forecast run was made with (JSON)", """
            ALTER TABLE forecast_runs ADD COLUMN parameters TEXT;
            """),
        (12, "order lines keyed by occurrence (repeated lines count); rejects belong to their load; excluded rows counted", """
            -- The n-th line of a file with the same order id, SKU and timestamp is occurrence n: a retail export
            -- repeats such lines and each one is real units. Lines stored so far are occurrence 1.
            CREATE TABLE order_lines_by_occurrence (
                order_id TEXT NOT NULL, sku_id INTEGER NOT NULL, ts INTEGER NOT NULL, occurrence INTEGER NOT NULL,
                region_id INTEGER NOT NULL, day INTEGER NOT NULL, quantity INTEGER NOT NULL, price REAL,
                load_id INTEGER NOT NULL, line INTEGER NOT NULL,
                PRIMARY KEY (order_id, sku_id, ts, occurrence)) WITHOUT ROWID;
            INSERT INTO order_lines_by_occurrence (order_id, sku_id, ts, occurrence, region_id, day, quantity, price, load_id, line)
            SELECT order_id, sku_id, ts, 1, region_id, day, quantity, price, load_id, line FROM order_lines;
            DROP TABLE order_lines;
            ALTER TABLE order_lines_by_occurrence RENAME TO order_lines;
            CREATE INDEX ix_order_lines_load ON order_lines (load_id);
            -- A reject is unique within its load (it was unique per file, so a second load of the same file could
            -- not record its own rejects); the latest load of a file is found by (source, id).
            CREATE TABLE ingest_rejects_by_load (
                id INTEGER PRIMARY KEY,
                load_id INTEGER NOT NULL,
                source TEXT NOT NULL, line INTEGER NOT NULL, field TEXT NOT NULL,
                reason TEXT NOT NULL, value TEXT,
                UNIQUE (load_id, line, field, reason));
            INSERT INTO ingest_rejects_by_load (id, load_id, source, line, field, reason, value)
            SELECT id, load_id, source, line, field, reason, value FROM ingest_rejects;
            DROP TABLE ingest_rejects;
            ALTER TABLE ingest_rejects_by_load RENAME TO ingest_rejects;
            CREATE INDEX ix_ingest_rejects_source ON ingest_rejects (source, load_id);
            CREATE INDEX ix_ingest_loads_source ON ingest_loads (source, id);
            ALTER TABLE ingest_loads ADD COLUMN excluded INTEGER;
            """),
        (13, "proposal workflow: edited numbers, export batches, API key owners; superseded proposals", """
            ALTER TABLE transfer_proposals ADD COLUMN edited_details TEXT;
            ALTER TABLE api_keys ADD COLUMN owner TEXT;
            CREATE TABLE export_batches (
                id INTEGER PRIMARY KEY,
                created_at TEXT NOT NULL, actor TEXT NOT NULL, format TEXT NOT NULL,
                filter_warehouse TEXT, filter_sku TEXT, idempotency_key TEXT UNIQUE, moves INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE export_batch_moves (
                batch_id INTEGER NOT NULL REFERENCES export_batches(id),
                proposal_id INTEGER NOT NULL REFERENCES transfer_proposals(id),
                sku TEXT NOT NULL, from_warehouse TEXT NOT NULL, to_warehouse TEXT NOT NULL,
                quantity INTEGER NOT NULL, arrive_by_day INTEGER NOT NULL,
                PRIMARY KEY (batch_id, proposal_id)) WITHOUT ROWID;
            CREATE UNIQUE INDEX ux_export_batch_moves_proposal ON export_batch_moves (proposal_id);
            """),
        (14, "leases: a running forecast run, plan run or load is owned until lease_expires_at (renewed by its worker's heartbeat)", """
            ALTER TABLE forecast_runs ADD COLUMN lease_expires_at TEXT;
            ALTER TABLE plan_runs ADD COLUMN lease_expires_at TEXT;
            ALTER TABLE ingest_loads ADD COLUMN lease_expires_at TEXT;
            """),
        (15, "inbox files loaded, by content hash (the ingest job loads a content once)", """
            CREATE TABLE ingest_files (
                content_hash TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
                load_id INTEGER NOT NULL, loaded_at TEXT NOT NULL) WITHOUT ROWID;
            """),
        (16, "the web app's data-protection key ring (sign-in cookies and anti-forgery tokens readable by every node); alerts acknowledged by ops", """
            CREATE TABLE data_protection_keys (
                name TEXT PRIMARY KEY,
                xml TEXT NOT NULL) WITHOUT ROWID;
            ALTER TABLE accuracy_alerts ADD COLUMN acknowledged_at TEXT;
            ALTER TABLE accuracy_alerts ADD COLUMN acknowledged_by TEXT;
            """),
        (17, "proposals keep their SKU's ABC class (the planners' queue filters by it; NULL on proposals planned before)", """
            ALTER TABLE transfer_proposals ADD COLUMN abc_class TEXT;
            """),
        (18, "reconciled forecasts of every level of the hierarchy (SKU x region up to the total) per forecast run, and how they were reconciled", """
            CREATE TABLE forecast_reconciliations (
                run_id INTEGER PRIMARY KEY,
                method TEXT NOT NULL, series INTEGER NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE reconciled_forecasts (
                run_id INTEGER NOT NULL, level TEXT NOT NULL,
                sku TEXT NOT NULL, category TEXT NOT NULL, region TEXT NOT NULL,
                target_day INTEGER NOT NULL, horizon INTEGER NOT NULL,
                mean REAL NOT NULL, p10 REAL NOT NULL, p50 REAL NOT NULL, p90 REAL NOT NULL,
                PRIMARY KEY (run_id, level, category, sku, region, target_day)) WITHOUT ROWID;
            """),
        (19, "weekly trend rollups (per catalog cell and per one- or two-attribute facet, by region and over all regions), kept by the ingest's batches; summed from the stored demand", Sql.TrendRollupSql.Tables("INTEGER", " WITHOUT ROWID") + Sql.TrendRollupSql.Rebuild("char(31)")),
    ];
}
