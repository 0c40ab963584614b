import { query } from './query';

export interface TestTrigger {
  readonly name: string;
  /** e.g. BEFORE UPDATE */
  readonly timing: string;
  readonly table: string;
  /** The trigger's WHEN condition, if any. */
  readonly when?: string;
  /** The plpgsql body, run for each row. */
  readonly body: string;
}

/** Runs `test` with a row trigger in place (to hold, refuse or skip a write); dropped afterwards whatever happens. */
export async function withTrigger(databaseUrl: string, t: TestTrigger, test: () => Promise<void>): Promise<void> {
  await query(
    databaseUrl,
    `CREATE OR REPLACE FUNCTION ${t.name}() RETURNS trigger AS $$ BEGIN ${t.body} END $$ LANGUAGE plpgsql;
     CREATE TRIGGER ${t.name} ${t.timing} ON ${t.table} FOR EACH ROW ${t.when ? `WHEN (${t.when})` : ''} EXECUTE FUNCTION ${t.name}()`,
  );
  try {
    await test();
  } finally {
    await query(databaseUrl, `DROP TRIGGER ${t.name} ON ${t.table}; DROP FUNCTION ${t.name}()`);
  }
}

/** Holds the insert of the payment of the authorization of `amountMinor` alone for `seconds` (its batch's commit trip with it). */
export function paymentInsertHeld(amountMinor: number, seconds: number): TestTrigger {
  return {
    name: 'test_held_payment',
    timing: 'BEFORE INSERT',
    table: 'payments',
    body: `IF EXISTS (SELECT 1 FROM authorizations WHERE id = NEW.authorization_id AND amount_minor = ${amountMinor}) THEN PERFORM pg_sleep(${seconds}); END IF; RETURN NEW;`,
  };
}
