using System;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "feature_flag_version");

            migrationBuilder.CreateTable(
                name: "dead_letter_alerts",
                columns: table => new
                {
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    last_alerted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    alerted_through_id = table.Column<long>(type: "bigint", nullable: false),
                    alerts_sent = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letter_alerts", x => x.fingerprint);
                });

            migrationBuilder.CreateTable(
                name: "dead_letter_group_owners",
                columns: table => new
                {
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    assignee = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    assigned_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letter_group_owners", x => x.fingerprint);
                });

            migrationBuilder.CreateTable(
                name: "dead_letter_notes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    author = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letter_notes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dead_letters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    dedupe_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    queue = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    source_queue = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    message_type = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    message_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    correlation_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    body = table.Column<byte[]>(type: "bytea", nullable: false),
                    content_type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    headers = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    exception_type = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    exception_message = table.Column<string>(type: "text", nullable: true),
                    stack_trace = table.Column<string>(type: "text", nullable: true),
                    consumer_type = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    retry_count = table.Column<int>(type: "integer", nullable: false),
                    first_failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    moved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    parse_error = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    replay_of = table.Column<long>(type: "bigint", nullable: true),
                    replay_job_id = table.Column<long>(type: "bigint", nullable: true),
                    replay_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    replay_error_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replayed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replayed_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    discarded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    discarded_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    discard_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "delay_chunks",
                columns: table => new
                {
                    delay_id = table.Column<Guid>(type: "uuid", nullable: false),
                    chunk = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    order_ids = table.Column<string[]>(type: "text[]", nullable: false),
                    recipients = table.Column<string[]>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    deferred_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delay_chunks", x => new { x.delay_id, x.chunk });
                });

            migrationBuilder.CreateTable(
                name: "delays",
                columns: table => new
                {
                    delay_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    new_ship_date = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    placed_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    placed_before = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ship_date_from = table.Column<DateOnly>(type: "date", nullable: true),
                    ship_date_to = table.Column<DateOnly>(type: "date", nullable: true),
                    corrects = table.Column<Guid>(type: "uuid", nullable: true),
                    group_by_shopper = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    marked_through = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    next_chunk = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    affected = table.Column<int>(type: "integer", nullable: false),
                    notices = table.Column<int>(type: "integer", nullable: false),
                    deferred = table.Column<int>(type: "integer", nullable: false),
                    notified = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fanned_out_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    progress_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delays", x => x.delay_id);
                });

            migrationBuilder.CreateTable(
                name: "feature_flag_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    old_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    new_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    old_rollout_percentage = table.Column<int>(type: "integer", nullable: true),
                    new_rollout_percentage = table.Column<int>(type: "integer", nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feature_flag_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "feature_flags",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    rollout_percentage = table.Column<int>(type: "integer", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feature_flags", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "flag_instances",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    service = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    process_id = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_version = table.Column<long>(type: "bigint", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    database_reads = table.Column<long>(type: "bigint", nullable: false),
                    paused_queues = table.Column<string[]>(type: "text[]", nullable: false),
                    stopped_queues = table.Column<string[]>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flag_instances", x => x.instance_id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    idempotency_key = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.idempotency_key);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rejection_reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    total = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    pricing = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ship_date = table.Column<DateOnly>(type: "date", nullable: true),
                    delay_id = table.Column<Guid>(type: "uuid", nullable: true),
                    delay_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    contact_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    contact_phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sale_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    lane_ticket = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.order_id);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    product_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    stock = table.Column<int>(type: "integer", nullable: false),
                    ship_date = table.Column<DateOnly>(type: "date", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.product_id);
                    table.CheckConstraint("ck_products_stock_not_negative", "stock >= 0");
                });

            migrationBuilder.CreateTable(
                name: "replay_jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    requested_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    selection = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    max_id = table.Column<long>(type: "bigint", nullable: false),
                    rate_per_second = table.Column<int>(type: "integer", nullable: false),
                    batch_size = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    replayed = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false),
                    not_replayed = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    last_id = table.Column<long>(type: "bigint", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    lease_owner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replay_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sales",
                columns: table => new
                {
                    sale_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_ids = table.Column<string[]>(type: "text[]", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expected_peak_per_second = table.Column<int>(type: "integer", nullable: false),
                    admission_per_second = table.Column<int>(type: "integer", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_ticket = table.Column<long>(type: "bigint", nullable: false),
                    admitted_up_to = table.Column<long>(type: "bigint", nullable: false),
                    decided = table.Column<long>(type: "bigint", nullable: false),
                    pace_next = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales", x => x.sale_id);
                    table.CheckConstraint("ck_sales_admission", "admission_per_second IS NULL OR admission_per_second > 0");
                    table.CheckConstraint("ck_sales_window", "starts_at < ends_at");
                });

            migrationBuilder.CreateTable(
                name: "seller_api_keys",
                columns: table => new
                {
                    key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seller_api_keys", x => x.key_hash);
                });

            migrationBuilder.CreateTable(
                name: "seller_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dedupe_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seller_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "seller_webhooks",
                columns: table => new
                {
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    secret = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seller_webhooks", x => x.seller_id);
                });

            migrationBuilder.CreateTable(
                name: "submission_conflicts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_submission_conflicts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "triage_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    dead_letter_id = table.Column<long>(type: "bigint", nullable: true),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    detail = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triage_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "order_items",
                columns: table => new
                {
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    line_no = table.Column<int>(type: "integer", nullable: false),
                    product_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_items", x => new { x.order_id, x.line_no });
                    table.ForeignKey(
                        name: "fk_order_items_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "order_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dead_letter_notes_fingerprint_id",
                table: "dead_letter_notes",
                columns: new[] { "fingerprint", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_dedupe_key",
                table: "dead_letters",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_fingerprint",
                table: "dead_letters",
                column: "fingerprint");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_message_id",
                table: "dead_letters",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_order_id",
                table: "dead_letters",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_replay_job_id",
                table: "dead_letters",
                column: "replay_job_id");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_replay_of",
                table: "dead_letters",
                column: "replay_of");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_seller_id",
                table: "dead_letters",
                column: "seller_id");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_status_id",
                table: "dead_letters",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_delay_chunks_claimed_at",
                table: "delay_chunks",
                column: "claimed_at",
                filter: "status = 'Sending'");

            migrationBuilder.CreateIndex(
                name: "ix_delay_chunks_deferred_until",
                table: "delay_chunks",
                column: "deferred_until",
                filter: "status = 'Deferred'");

            migrationBuilder.CreateIndex(
                name: "ix_delays_declaration",
                table: "delays",
                columns: new[] { "product_id", "new_ship_date", "reason", "placed_from", "placed_before", "ship_date_from", "ship_date_to", "corrects", "group_by_shopper" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_delays_seller_id_created_at",
                table: "delays",
                columns: new[] { "seller_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_feature_flag_changes_name_id",
                table: "feature_flag_changes",
                columns: new[] { "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_flag_instances_heartbeat_at",
                table: "flag_instances",
                column: "heartbeat_at");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_order_id",
                table: "notifications",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_items_product_id_order_id",
                table: "order_items",
                columns: new[] { "product_id", "order_id" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_customer_id",
                table: "orders",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_seller_id",
                table: "orders",
                column: "seller_id");

            migrationBuilder.CreateIndex(
                name: "ix_products_seller_id",
                table: "products",
                column: "seller_id");

            migrationBuilder.CreateIndex(
                name: "ix_replay_jobs_status",
                table: "replay_jobs",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_sales_ends_at",
                table: "sales",
                column: "ends_at");

            migrationBuilder.CreateIndex(
                name: "ix_sales_seller_id",
                table: "sales",
                column: "seller_id");

            migrationBuilder.CreateIndex(
                name: "ix_seller_api_keys_key_id",
                table: "seller_api_keys",
                column: "key_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_seller_api_keys_seller_id",
                table: "seller_api_keys",
                column: "seller_id");

            migrationBuilder.CreateIndex(
                name: "ix_seller_events_at",
                table: "seller_events",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_seller_events_dedupe_key",
                table: "seller_events",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_seller_events_seller_id_id",
                table: "seller_events",
                columns: new[] { "seller_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_submission_conflicts_order_id_request_hash",
                table: "submission_conflicts",
                columns: new[] { "order_id", "request_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_triage_audit_at",
                table: "triage_audit",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_triage_audit_dead_letter_id",
                table: "triage_audit",
                column: "dead_letter_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dead_letter_alerts");

            migrationBuilder.DropTable(
                name: "dead_letter_group_owners");

            migrationBuilder.DropTable(
                name: "dead_letter_notes");

            migrationBuilder.DropTable(
                name: "dead_letters");

            migrationBuilder.DropTable(
                name: "delay_chunks");

            migrationBuilder.DropTable(
                name: "delays");

            migrationBuilder.DropTable(
                name: "feature_flag_changes");

            migrationBuilder.DropTable(
                name: "feature_flags");

            migrationBuilder.DropTable(
                name: "flag_instances");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "order_items");

            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropTable(
                name: "replay_jobs");

            migrationBuilder.DropTable(
                name: "sales");

            migrationBuilder.DropTable(
                name: "seller_api_keys");

            migrationBuilder.DropTable(
                name: "seller_events");

            migrationBuilder.DropTable(
                name: "seller_webhooks");

            migrationBuilder.DropTable(
                name: "submission_conflicts");

            migrationBuilder.DropTable(
                name: "triage_audit");

            migrationBuilder.DropTable(
                name: "orders");

            migrationBuilder.DropSequence(
                name: "feature_flag_version");
        }
    }
}
