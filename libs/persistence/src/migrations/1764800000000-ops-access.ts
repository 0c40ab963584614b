import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ops API access: API keys (SHA-256 at rest) with a role, an audit log, acknowledgements of exceptions. */
export class OpsAccess1764800000000 implements MigrationInterface {
  name = 'OpsAccess1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE api_keys (
      id uuid PRIMARY KEY, name varchar(80) NOT NULL, key_hash char(64) NOT NULL UNIQUE, role varchar(16) NOT NULL CHECK (role IN ('READ_ONLY','OPERATOR')),
      created_at timestamptz NOT NULL DEFAULT now(), revoked_at timestamptz)`);
    await q.query(`CREATE TABLE audit_log (
      id uuid PRIMARY KEY, api_key_id uuid NOT NULL REFERENCES api_keys(id), action varchar(64) NOT NULL, target varchar(80) NOT NULL,
      comment text, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`ALTER TABLE authorizations ADD COLUMN acknowledged_at timestamptz, ADD COLUMN acknowledged_by uuid REFERENCES api_keys(id),
      ADD COLUMN acknowledgement text`);
    await q.query(`CREATE INDEX ix_authorizations_list ON authorizations (received_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_authorizations_list`);
    await q.query(`ALTER TABLE authorizations DROP COLUMN acknowledged_at, DROP COLUMN acknowledged_by, DROP COLUMN acknowledgement`);
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    await q.query(`DROP TABLE IF EXISTS api_keys`);
  }
}
