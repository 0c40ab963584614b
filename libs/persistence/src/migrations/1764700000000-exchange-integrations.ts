import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which exchange integration serves a merchant; exchange-provided addresses; webhook delivery log. */
export class ExchangeIntegrations1764700000000 implements MigrationInterface {
  name = 'ExchangeIntegrations1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE merchants ADD COLUMN integration varchar(16) NOT NULL DEFAULT 'STATIC', DROP CONSTRAINT ck_merchant_address_mode,
      ADD CONSTRAINT ck_merchant_address_mode CHECK ((address_mode = 'FIXED' AND payout_address IS NOT NULL) OR (address_mode = 'DERIVED' AND xpub IS NOT NULL)
        OR (address_mode = 'EXCHANGE' AND integration = 'HTTP'))`);
    await q.query(`CREATE TABLE notification_deliveries (
      id uuid PRIMARY KEY, authorization_id uuid NOT NULL, event varchar(32) NOT NULL, payload jsonb NOT NULL,
      status varchar(16) NOT NULL DEFAULT 'PENDING', attempts integer NOT NULL DEFAULT 0, last_error text,
      next_attempt_at timestamptz NOT NULL DEFAULT now(), delivered_at timestamptz, created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_notification UNIQUE (authorization_id, event))`);
    await q.query(`CREATE INDEX ix_notification_due ON notification_deliveries (next_attempt_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS notification_deliveries`);
    await q.query(`ALTER TABLE merchants DROP CONSTRAINT ck_merchant_address_mode, DROP COLUMN integration,
      ADD CONSTRAINT ck_merchant_address_mode CHECK ((address_mode = 'FIXED' AND payout_address IS NOT NULL) OR (address_mode = 'DERIVED' AND xpub IS NOT NULL))`);
  }
}
