-- The output topics as Flink SQL tables: docs/analytics.md's statements, word for word
-- (SqlTablesTest holds them equal). 'bin/fleetstream sql' registers them.

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
