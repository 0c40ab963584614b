import type { IsoMessage } from '@bridge/iso8583';
import type { ConnectionValues } from './common-options';
import { IsoClient } from './iso-client';

/** Connects, sends one message, waits for its answer (matched on DE11), disconnects. */
export async function sendOnce(c: ConnectionValues, message: IsoMessage): Promise<{ answer: IsoMessage; ms: number }> {
  const client = await IsoClient.connect(c.host, c.port, { framing: c.framing, connectTimeoutMs: c.timeoutMs });
  try {
    const started = process.hrtime.bigint();
    const answer = await client.request(message, c.timeoutMs);
    return { answer, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  } finally {
    client.close();
  }
}
