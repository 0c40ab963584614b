import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to the denylist, by the admin API or by hand in SQL, notifies `denylist_changed`:
 * the exchange adapters screen from memory and reload on it.
 */
export class DenylistNotify1765300000000 implements MigrationInterface {
  name = 'DenylistNotify1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION notify_denylist_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('denylist_changed', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER tr_denylist_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON denylist
      FOR EACH STATEMENT EXECUTE FUNCTION notify_denylist_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS tr_denylist_changed ON denylist`);
    await q.query(`DROP FUNCTION IF EXISTS notify_denylist_changed()`);
  }
}
