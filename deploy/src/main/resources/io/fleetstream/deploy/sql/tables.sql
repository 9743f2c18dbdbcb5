-- The output topics as Flink SQL tables: docs/analytics.md's statements, word for word
-- (AnalyticsSqlTest holds them equal). 'bin/fleetstream sql' registers them.

CREATE TABLE assignments (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<job_id STRING, driver_id STRING, zone STRING, score DOUBLE, weights_version INT,
           unassigned_reason STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.assignments.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE job_events (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<job_id STRING, driver_id STRING, zone STRING, `at` STRING, reason STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.jobs.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE sla_events (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<job_id STRING, driver_id STRING, predicted_lateness_s DOUBLE, cause STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.sla.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE etas (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<job_id STRING, driver_id STRING, stop_index INT, eta STRING, predicted_finish STRING,
           window_end STRING, distance_remaining_m DOUBLE, metric STRING, computed_at STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.eta.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE driver_states (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<driver_id STRING, status STRING, lat DOUBLE, lng DOUBLE, speed_mps DOUBLE,
           last_ping_at STRING, late_pings BIGINT, next_job_id STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.driver_state.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE webhook_deliveries (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<delivery_id STRING, endpoint_id STRING, `event` STRING, attempt INT, outcome STRING,
           http_status INT, error_class STRING, latency_ms BIGINT, attempted_at STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.deliveries.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE dead_letters (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<source_topic STRING, source_partition INT, source_offset BIGINT, source_key STRING,
           error_code STRING, error_path STRING, error_message STRING, rejected_at STRING,
           rejected_by STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.dlq.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE plans (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<run_id STRING, status STRING, mode STRING, objective STRING, cost DOUBLE,
           duration_s DOUBLE, distance_m DOUBLE, unassigned ARRAY<ROW<job_id STRING, reason STRING>>,
           elapsed_ms BIGINT, error STRING, completed_at STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.plans.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE decisions (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<job_id STRING, zone STRING, cause_type STRING, outcome STRING, driver_id STRING,
           unassigned_reason STRING, policy STRING, weights_version INT,
           candidates_considered INT, decided_at STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.audit.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE webhook_events (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<`event` STRING, source_event_id STRING, occurred_at STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.webhooks.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE simulations (
  id STRING,
  `type` STRING,
  tenant STRING,
  `time` STRING,
  data ROW<run_id STRING, zone STRING, status STRING, objective STRING,
           `current` ROW<kpis ROW<jobs INT, assigned INT, late INT, km DOUBLE, route_minutes DOUBLE,
                                  drivers_used INT>>,
           scenario ROW<kpis ROW<jobs INT, assigned INT, late INT, km DOUBLE, route_minutes DOUBLE,
                                 drivers_used INT>>,
           moves ARRAY<ROW<job_id STRING, from_driver_id STRING, to_driver_id STRING>>,
           elapsed_ms BIGINT, completed_at STRING>,
  event_time AS CAST(REPLACE(REPLACE(`time`, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'fleetstream.simulations.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fleetstream-analytics',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);
