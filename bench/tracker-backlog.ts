/**
 * What the tracker has not caught up with, from the authorizer's own /metrics (the figures ops watch):
 * payments not recorded mined yet (`bridge_payments_pending`) and blocks whose receipts it has not
 * recorded (`bridge_chain_head_block` − `bridge_block_scan_block`). Read at the end of a load step: a step's
 * approvals are sustained only if the tracker kept up with them — a tracker behind defers its work past
 * the step and makes a short step look cheaper than the rate it could hold (session 10: 8 s steps
 * favoured a build whose tracker lagged, 30 s steps reversed it). The blocks tell a scan that stopped
 * from a node that stopped mining (session 11: two runs in seventeen left thousands of payments open with
 * the chain mining on).
 */
export interface TrackerBacklog {
  openPayments: number;
  blocksNotScanned: number;
}

export async function trackerBacklog(httpPort: number): Promise<TrackerBacklog> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const gauge = (name: string): number => {
    const found = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
    if (!found) throw new Error(`the authorizer reported no ${name}`);
    return Number(found[1]);
  };
  return { openPayments: gauge('bridge_payments_pending'), blocksNotScanned: gauge('bridge_chain_head_block') - gauge('bridge_block_scan_block') };
}
