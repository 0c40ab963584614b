import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Derived (xpub) destination addresses, allocated without gaps or reuse; the screening denylist. */
export class MerchantAddresses1764600000000 implements MigrationInterface {
  name = 'MerchantAddresses1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE merchants ALTER COLUMN payout_address DROP NOT NULL, ADD COLUMN xpub varchar(200), ADD COLUMN next_derivation_index integer NOT NULL DEFAULT 0,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT ck_merchant_address_mode CHECK ((address_mode = 'FIXED' AND payout_address IS NOT NULL) OR (address_mode = 'DERIVED' AND xpub IS NOT NULL))`);
    await q.query(`CREATE TABLE address_allocations (
      merchant_id uuid NOT NULL REFERENCES merchants(id) ON DELETE CASCADE, derivation_index integer NOT NULL, address varchar(42) NOT NULL,
      authorization_id uuid NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (merchant_id, derivation_index))`);
    await q.query(`CREATE TABLE denylist (address varchar(42) PRIMARY KEY, reason text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE screening_events (
      id uuid PRIMARY KEY, authorization_id uuid NOT NULL, acquirer_id varchar(11) NOT NULL, merchant_id varchar(15) NOT NULL,
      address varchar(42) NOT NULL, reason text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS screening_events`);
    await q.query(`DROP TABLE IF EXISTS denylist`);
    await q.query(`DROP TABLE IF EXISTS address_allocations`);
    await q.query(
      `ALTER TABLE merchants DROP CONSTRAINT ck_merchant_address_mode, DROP COLUMN xpub, DROP COLUMN next_derivation_index, DROP COLUMN updated_at`,
    );
  }
}
