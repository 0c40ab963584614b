import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '@bridge/persistence';
import type { OpsCaller } from './api-key.guard';
import type { AuthorizationFilterDto } from './authorization-filter.dto';
import { decodeCursor, encodeCursor, LIST_COLUMNS, whereOf } from './authorization-query';

type Row = Record<string, unknown> & { id: string; received_at: Date };

/** What the ops API reads and the one thing it changes (acknowledging an exception, audit-logged). */
@Injectable()
export class OpsQueryService {
  constructor(private readonly db: DataSource) {}

  async list(f: AuthorizationFilterDto): Promise<{ items: Row[]; nextCursor: string | null }> {
    const limit = f.limit ?? 50;
    const items = await this.page(f, limit, decodeCursor(f.cursor));
    const last = items.length === limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor(last.received_at, last.id) : null };
  }

  /** One page in keyset order (received_at, id) descending: also what the CSV export walks. */
  async page(f: AuthorizationFilterDto, limit: number, after?: { receivedAt: string; id: string }): Promise<Row[]> {
    const { where, params } = whereOf(f, after);
    return (await this.db.query(
      `SELECT ${LIST_COLUMNS} FROM authorizations a LEFT JOIN payments p ON p.authorization_id = a.id ${where}
        ORDER BY a.received_at DESC, a.id DESC LIMIT ${Number(limit)}`,
      params,
    )) as Row[];
  }

  async detail(id: string): Promise<Record<string, unknown>> {
    const [authorization] = (await this.db.query(
      `SELECT ${LIST_COLUMNS}, a.response_fields FROM authorizations a LEFT JOIN payments p ON p.authorization_id = a.id WHERE a.id = $1`,
      [id],
    )) as Row[];
    if (!authorization) throw new NotFoundException(`authorization ${id} not found`);
    const [attempts, refunds, notifications, reversals] = await Promise.all([
      this.db.query(
        `SELECT t.tx_hash, t.status, t.max_fee_per_gas::text, t.max_priority_fee_per_gas::text, t.created_at FROM payment_attempts t JOIN payments p ON p.id = t.payment_id WHERE p.authorization_id = $1 ORDER BY t.created_at`,
        [id],
      ),
      this.db.query(
        `SELECT id, reason, status, amount::text, to_address, tx_hash, last_error, created_at, updated_at FROM refund_requests WHERE authorization_id = $1`,
        [id],
      ),
      this.db.query(`SELECT event, status, attempts, last_error, delivered_at FROM notification_deliveries WHERE authorization_id = $1 ORDER BY created_at`, [
        id,
      ]),
      this.db.query(`SELECT mti, stan, response_code, received_at FROM reversals WHERE original_authorization_id = $1`, [id]),
    ]);
    return { authorization, payment: { attempts }, refunds, notifications, reversals };
  }

  exceptions(): Promise<Row[]> {
    return this.db.query(
      `SELECT ${LIST_COLUMNS} FROM authorizations a LEFT JOIN payments p ON p.authorization_id = a.id
        WHERE a.needs_review AND a.acknowledged_at IS NULL ORDER BY a.received_at DESC LIMIT 500`,
    ) as Promise<Row[]>;
  }

  async acknowledge(id: string, caller: OpsCaller, comment: string): Promise<Record<string, unknown>> {
    return this.db.transaction(async (em) => {
      const rows = returnedRows<Row>(
        await em.query(
          `UPDATE authorizations SET acknowledged_at = now(), acknowledged_by = $2, acknowledgement = $3 WHERE id = $1 AND needs_review RETURNING id, review_reason, acknowledged_at`,
          [id, caller.id, comment],
        ),
      );
      if (!rows.length) throw new NotFoundException(`no exception ${id} to acknowledge`);
      await em.query(`INSERT INTO audit_log (id, api_key_id, action, target, comment) VALUES ($1,$2,'ACKNOWLEDGE_EXCEPTION',$3,$4)`, [
        randomUUID(),
        caller.id,
        id,
        comment,
      ]);
      return rows[0];
    });
  }
}
