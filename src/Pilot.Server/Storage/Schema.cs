namespace Pilot.Server.Storage;

/// <summary>
/// The schema migrations every dialect runs, in order; migration N brings the schema to version N+1. Written in the SQL
/// SQLite and PostgreSQL share (BIGINT, TEXT, partial indexes); <c>{IdentityColumn}</c> and <c>{BlobColumn}</c> are the dialect-specific pieces.
/// </summary>
internal static class Schema
{
    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE jobs (
            id {IdentityColumn},
            name TEXT NOT NULL,
            owner TEXT,
            queue TEXT NOT NULL,
            priority BIGINT NOT NULL,
            state TEXT NOT NULL,
            runtime TEXT NOT NULL,
            cores BIGINT NOT NULL,
            memory_mb BIGINT NOT NULL,
            gpus BIGINT NOT NULL,
            nodes BIGINT NOT NULL,
            walltime_s BIGINT NOT NULL,
            spec TEXT NOT NULL,
            submitted_at BIGINT NOT NULL,
            started_at BIGINT,
            finished_at BIGINT,
            exit_code BIGINT,
            last_outcome TEXT,
            reason TEXT,
            attempts BIGINT NOT NULL DEFAULT 0,
            pilot_id TEXT,
            lease_id TEXT,
            log_tail TEXT);
        CREATE INDEX jobs_queued_order ON jobs (priority DESC, id) WHERE state = 'queued';
        CREATE INDEX jobs_state ON jobs (state, id);
        CREATE TABLE attempts (
            lease_id TEXT PRIMARY KEY,
            job_id BIGINT NOT NULL,
            number BIGINT NOT NULL,
            pilot_id TEXT NOT NULL,
            node TEXT,
            outcome TEXT NOT NULL,
            leased_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            started_at BIGINT,
            finished_at BIGINT,
            exit_code BIGINT,
            reason TEXT,
            kill_requested BIGINT NOT NULL DEFAULT 0);
        CREATE INDEX attempts_job ON attempts (job_id, number);
        CREATE INDEX attempts_running ON attempts (expires_at) WHERE outcome = 'running';
        CREATE TABLE pilots (
            id TEXT PRIMARY KEY,
            hostname TEXT NOT NULL,
            site TEXT,
            state TEXT NOT NULL,
            resources TEXT NOT NULL,
            free TEXT,
            runtimes TEXT NOT NULL,
            queues TEXT NOT NULL,
            walltime_end BIGINT,
            batch_job_id TEXT,
            node_names TEXT NOT NULL,
            version TEXT,
            registered_at BIGINT NOT NULL,
            last_heartbeat BIGINT NOT NULL);
        """,
        """
        CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT);
        ALTER TABLE pilots ADD COLUMN owner TEXT;
        CREATE INDEX jobs_owner ON jobs (owner, id);
        """,
        """
        ALTER TABLE jobs ADD COLUMN group_id TEXT;
        ALTER TABLE jobs ADD COLUMN idempotency_key TEXT;
        CREATE INDEX jobs_group ON jobs (group_id, id);
        CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE dependencies (
            job_id BIGINT NOT NULL,
            parent_id BIGINT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (job_id, parent_id));
        CREATE INDEX dependencies_parent ON dependencies (parent_id);
        ALTER TABLE attempts ADD COLUMN phases TEXT;
        ALTER TABLE attempts ADD COLUMN kill_grace_s BIGINT;
        """,
        """
        ALTER TABLE pilots ADD COLUMN drain_reason TEXT;
        ALTER TABLE pilots ADD COLUMN node_broken BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN site TEXT;
        """,
        """
        ALTER TABLE pilots ADD COLUMN pending_order TEXT;
        """,
        """
        ALTER TABLE pilots ADD COLUMN lost_nodes TEXT;
        """,
        """
        CREATE TABLE pilot_summaries (
            pilot_id TEXT PRIMARY KEY,
            heartbeat TEXT NOT NULL,
            received_at BIGINT NOT NULL);
        """,
        """
        ALTER TABLE jobs ADD COLUMN array_index BIGINT;
        ALTER TABLE jobs ADD COLUMN superseded BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX jobs_group_entries ON jobs (group_id, array_index) WHERE array_index IS NOT NULL AND superseded = 0;
        CREATE INDEX attempts_pilot_running ON attempts (pilot_id) WHERE outcome = 'running';
        ALTER TABLE pilots ADD COLUMN exchange_sequence BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE pilots ADD COLUMN exchange_answer TEXT;
        ALTER TABLE pilots ADD COLUMN exchange_open BIGINT NOT NULL DEFAULT 0;
        CREATE TABLE batches (
            owner TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            group_id TEXT NOT NULL,
            job_count BIGINT NOT NULL,
            request_hash TEXT NOT NULL,
            PRIMARY KEY (owner, idempotency_key));
        CREATE TABLE log_chunks (
            job_id BIGINT NOT NULL,
            attempt BIGINT NOT NULL,
            start_byte BIGINT NOT NULL,
            length BIGINT NOT NULL,
            data {BlobColumn} NOT NULL,
            PRIMARY KEY (job_id, attempt, start_byte));
        """,
        """
        CREATE TABLE session_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL);
        CREATE TABLE tunnels (
            job_id BIGINT PRIMARY KEY,
            server_id TEXT NOT NULL,
            server_url TEXT NOT NULL);
        CREATE TABLE provisioned (
            id BIGINT PRIMARY KEY,
            pilots TEXT NOT NULL);
        """,
        """
        CREATE TABLE queue_depth (
            at_ms BIGINT PRIMARY KEY,
            queued BIGINT NOT NULL,
            running BIGINT NOT NULL);
        """,
    ];
}
