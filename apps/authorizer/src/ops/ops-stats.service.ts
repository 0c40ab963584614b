import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { currencyByNumeric, type DailyTotal, type MinutePoint, type Stats } from '@bridge/contracts';

// An authorization request (0100/0101) answered: approved when no decline reason was recorded.
const ANSWERED = `a.mti LIKE '010_' AND a.response_code IS NOT NULL`;

/** Figures for the dashboard and the morning's totals, all computed in PostgreSQL from our records. */
@Injectable()
export class OpsStatsService {
  constructor(private readonly db: DataSource) {}

  async stats(minutes: number): Promise<Stats> {
    const since = `date_trunc('minute', now()) - ($1::int - 1) * interval '1 minute'`;
    const [series, codes, [counts]] = await Promise.all([
      this.db.query(
        `WITH w AS (SELECT date_trunc('minute', a.received_at) AS m, a.decline_reason, extract(epoch FROM a.responded_at - a.received_at) * 1000 AS ms
                      FROM authorizations a WHERE a.received_at >= ${since} AND ${ANSWERED})
         SELECT to_char(g.m AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:00"Z"') AS minute,
                count(w.m) FILTER (WHERE w.decline_reason IS NULL)::int AS approved,
                count(w.m) FILTER (WHERE w.decline_reason IS NOT NULL)::int AS declined,
                round(percentile_cont(0.5) WITHIN GROUP (ORDER BY w.ms))::int AS "p50Ms",
                round(percentile_cont(0.95) WITHIN GROUP (ORDER BY w.ms))::int AS "p95Ms"
           FROM generate_series(${since}, date_trunc('minute', now()), interval '1 minute') AS g(m) LEFT JOIN w ON w.m = g.m
          GROUP BY g.m ORDER BY g.m`,
        [minutes],
      ) as Promise<MinutePoint[]>,
      this.db.query(
        `SELECT a.response_code AS code, count(*)::int AS n FROM authorizations a WHERE a.received_at >= ${since} AND ${ANSWERED} GROUP BY 1 ORDER BY 1`,
        [minutes],
      ) as Promise<{ code: string; n: number }[]>,
      this.db.query(
        `SELECT (SELECT count(*) FROM authorizations WHERE needs_review AND acknowledged_at IS NULL)::int AS "openExceptions",
                (SELECT count(*) FROM payments WHERE open)::int AS "pendingPayments",
                (SELECT round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM a.responded_at - a.received_at) * 1000))::int
                   FROM authorizations a WHERE a.received_at >= ${since} AND ${ANSWERED}) AS "p95Ms"`,
        [minutes],
      ) as Promise<{ openExceptions: number; pendingPayments: number; p95Ms: number | null }[]>,
    ]);
    return {
      windowMinutes: minutes,
      approved: series.reduce((s, p) => s + p.approved, 0),
      declined: series.reduce((s, p) => s + p.declined, 0),
      byResponseCode: Object.fromEntries(codes.map((c) => [c.code, c.n])),
      ...counts,
      series,
    };
  }

  /** Approved authorizations with a payment, per UTC day, merchant (DE42), asset and currency (DE49). */
  async dailyTotals(from: string, to: string): Promise<DailyTotal[]> {
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (!(days >= 0 && days <= 92)) throw new BadRequestException('`to` must be on or after `from`, at most 92 days later');
    const rows = (await this.db.query(
      `SELECT to_char(date_trunc('day', a.received_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, trim(a.merchant_id) AS "merchantId",
              p.asset_symbol AS "assetSymbol", a.currency_numeric AS currency, count(*)::int AS count,
              sum(a.amount_minor)::text AS "fiatMinor", sum(p.amount)::text AS "cryptoBaseUnits",
              coalesce(sum(p.fee_paid), 0)::text AS "gasFeesWei", count(*) FILTER (WHERE p.open)::int AS "unminedPayments"
         FROM authorizations a JOIN payments p ON p.authorization_id = a.id
        WHERE a.received_at >= $1::date AND a.received_at < $2::date + 1 AND a.decline_reason IS NULL
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [from, to],
    )) as Omit<DailyTotal, 'fiatExponent'>[];
    return rows.map((r) => ({ ...r, fiatExponent: currencyByNumeric(r.currency)?.exponent ?? 2 }));
  }
}
