import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Initial schema: cards, wallets, assets, merchants, FX rates, authorizations, payments. */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE wallets (
      id uuid PRIMARY KEY, chain varchar(32) NOT NULL, address varchar(42) NOT NULL,
      custody varchar(16) NOT NULL, key_path varchar(64), next_nonce bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT uq_wallet_address UNIQUE (chain, address))`);
    await q.query(`CREATE TABLE card_accounts (
      id uuid PRIMARY KEY, pan_token char(64) NOT NULL UNIQUE, pan_last4 char(4) NOT NULL,
      expiry char(4) NOT NULL, funding varchar(8) NOT NULL, status varchar(16) NOT NULL DEFAULT 'ACTIVE',
      wallet_id uuid REFERENCES wallets(id), created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE assets (
      chain varchar(32) NOT NULL, symbol varchar(16) NOT NULL, token_address varchar(42),
      decimals smallint NOT NULL, PRIMARY KEY (chain, symbol))`);
    await q.query(`CREATE TABLE merchants (
      id uuid PRIMARY KEY, acquirer_id varchar(11) NOT NULL, merchant_id varchar(15) NOT NULL,
      name varchar(80) NOT NULL, chain varchar(32) NOT NULL, asset_symbol varchar(16) NOT NULL,
      address_mode varchar(16) NOT NULL, payout_address varchar(42) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT uq_merchant_identity UNIQUE (acquirer_id, merchant_id))`);
    await q.query(`CREATE TABLE fx_rates (
      currency_numeric char(3) NOT NULL, asset_symbol varchar(16) NOT NULL,
      rate numeric(38,18) NOT NULL CHECK (rate > 0), spread_bps integer NOT NULL DEFAULT 0,
      PRIMARY KEY (currency_numeric, asset_symbol))`);
    await q.query(`CREATE TABLE authorizations (
      id uuid PRIMARY KEY, acquirer_id varchar(11) NOT NULL, stan char(6) NOT NULL,
      transmission_date_time char(10) NOT NULL, terminal_id varchar(8) NOT NULL, mti char(4) NOT NULL,
      request_hash char(64) NOT NULL, pan_token char(64) NOT NULL, pan_last4 char(4) NOT NULL,
      merchant_id varchar(15) NOT NULL, rrn varchar(12), amount_minor numeric(20,0) NOT NULL,
      currency_numeric char(3) NOT NULL, status varchar(16) NOT NULL, decline_reason varchar(32),
      response_code char(2), approval_code char(6), quote_id varchar(64), rate numeric(38,18),
      crypto_amount numeric(78,0), asset_symbol varchar(16), destination varchar(42), response_fields jsonb,
      received_at timestamptz NOT NULL, responded_at timestamptz,
      CONSTRAINT uq_authorization_network_key UNIQUE (acquirer_id, stan, transmission_date_time, terminal_id))`);
    await q.query(`CREATE INDEX ix_authorizations_received_at ON authorizations (received_at)`);
    await q.query(`CREATE TABLE payments (
      id uuid PRIMARY KEY, authorization_id uuid NOT NULL UNIQUE REFERENCES authorizations(id),
      wallet_id uuid NOT NULL REFERENCES wallets(id), chain varchar(32) NOT NULL, nonce bigint NOT NULL,
      asset_symbol varchar(16) NOT NULL, destination varchar(42) NOT NULL, amount numeric(78,0) NOT NULL,
      tx_hash char(66) NOT NULL UNIQUE, raw_tx text NOT NULL, max_fee_per_gas numeric(78,0) NOT NULL,
      max_priority_fee_per_gas numeric(78,0) NOT NULL, gas_limit bigint NOT NULL, status varchar(16) NOT NULL,
      block_number bigint, created_at timestamptz NOT NULL, submitted_at timestamptz, confirmed_at timestamptz,
      CONSTRAINT uq_payment_wallet_nonce UNIQUE (wallet_id, nonce))`);
    await q.query(`CREATE INDEX ix_payments_open ON payments (wallet_id) WHERE status IN ('SIGNED','SUBMITTED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['payments', 'authorizations', 'fx_rates', 'merchants', 'assets', 'card_accounts', 'wallets']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
