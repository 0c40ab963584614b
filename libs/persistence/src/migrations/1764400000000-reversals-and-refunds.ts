import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reversals (0400/0420), stand-in advices (0120), refund requests, and the ops review flag. */
export class ReversalsAndRefunds1764400000000 implements MigrationInterface {
  name = 'ReversalsAndRefunds1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE authorizations ADD COLUMN needs_review boolean NOT NULL DEFAULT false, ADD COLUMN review_reason varchar(64),
      ADD COLUMN reversed_at timestamptz`);
    await q.query(`CREATE INDEX ix_authorizations_needs_review ON authorizations (received_at) WHERE needs_review`);
    await q.query(`CREATE INDEX ix_authorizations_original ON authorizations (acquirer_id, stan, transmission_date_time)`);
    await q.query(`CREATE TABLE reversals (
      id uuid PRIMARY KEY, mti char(4) NOT NULL, acquirer_id varchar(11) NOT NULL, stan char(6) NOT NULL,
      transmission_date_time char(10) NOT NULL, terminal_id varchar(8) NOT NULL,
      original_authorization_id uuid REFERENCES authorizations(id), response_code char(2) NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_reversal_network_key UNIQUE (acquirer_id, stan, transmission_date_time, terminal_id))`);
    await q.query(`CREATE TABLE refund_requests (
      id uuid PRIMARY KEY, authorization_id uuid NOT NULL UNIQUE REFERENCES authorizations(id),
      reason varchar(32) NOT NULL, chain varchar(32) NOT NULL, asset_symbol varchar(16) NOT NULL,
      amount numeric(78,0) NOT NULL, from_address varchar(42) NOT NULL, to_address varchar(42) NOT NULL,
      status varchar(16) NOT NULL DEFAULT 'REQUESTED', tx_hash char(66), last_error text,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS refund_requests`);
    await q.query(`DROP TABLE IF EXISTS reversals`);
    await q.query(`DROP INDEX IF EXISTS ix_authorizations_original`);
    await q.query(`DROP INDEX IF EXISTS ix_authorizations_needs_review`);
    await q.query(`ALTER TABLE authorizations DROP COLUMN needs_review, DROP COLUMN review_reason, DROP COLUMN reversed_at`);
  }
}
