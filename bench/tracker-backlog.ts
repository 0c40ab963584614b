/**
 * Payments the tracker has not recorded mined yet: the authorizer's own `bridge_payments_pending` gauge
 * (/metrics), the figure ops watch. Read at the end of a load step: a step's approvals are sustained
 * only if the tracker kept up with them — a tracker behind defers its work past the step and makes a
 * short step look cheaper than the rate it could hold (session 10: 8 s steps favoured a build whose
 * tracker lagged, 30 s steps reversed it).
 */
export async function trackerBacklog(httpPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const found = /^bridge_payments_pending (\d+)$/m.exec(text);
  if (!found) throw new Error('the authorizer reported no bridge_payments_pending');
  return Number(found[1]);
}
