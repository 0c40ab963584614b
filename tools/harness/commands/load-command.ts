import { parseArgs } from 'node:util';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionValues } from '../common-options';
import { formatLoadReport } from '../format-load-report';
import { runLoad } from '../load-generator';
import { numericOption } from '../numeric-option';

const HELP = `Usage: npm run harness -- load [options]

Offers authorizations over N connections and reports throughput, counts by DE39, errors and
timeouts, and the latency distribution from an HDR histogram (p50 … p99.99, max, mean).
  --connections N     connections (default 4)
  --rate R            open loop: R authorizations per second offered
  --concurrency C     closed loop: C in flight at once (default: one per connection)
  --duration S        seconds to run (default 10), or
  --count N           authorizations to send
  --pan N[,N…]        cards to rotate through (default: the demo card; expiry 3012)
  --merchant ID[,ID…] merchants to rotate through (default CRYPTOMERCH0001)
  --acquirer ID       DE32 (default 123456)
  --amount 0.01       amount per authorization (default 0.01)
${CONNECTION_HELP}`;

export async function loadCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      connections: { type: 'string', default: '4' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      count: { type: 'string' },
      pan: { type: 'string', default: '4761739001010119' }, // demo card
      merchant: { type: 'string', default: 'CRYPTOMERCH0001' },
      acquirer: { type: 'string', default: '123456' },
      amount: { type: 'string', default: '0.01' },
    },
  });
  if (values.help) return (console.log(HELP), 0);
  const c = connectionValues(values);
  if (values.rate !== undefined && values.concurrency !== undefined) throw new Error('--rate (open loop) or --concurrency (closed loop), not both');
  if (values.duration !== undefined && values.count !== undefined) throw new Error('--duration or --count, not both');
  const count = values.count === undefined ? undefined : numericOption('count', values.count, { integer: true });
  const durationMs = count === undefined ? numericOption('duration', values.duration ?? '10') * 1000 : undefined;
  const tty = process.stderr.isTTY && !c.json;
  const report = await runLoad(c, {
    connections: numericOption('connections', values.connections!, { integer: true }),
    rate: values.rate === undefined ? undefined : numericOption('rate', values.rate),
    concurrency: values.concurrency === undefined ? undefined : numericOption('concurrency', values.concurrency, { integer: true }),
    durationMs,
    count,
    cards: values.pan!.split(',').map((pan) => ({ pan, expiry: '3012' })),
    merchants: values.merchant!.split(','),
    amount: values.amount!,
    acquirerId: values.acquirer!,
    onProgress: tty ? progress(count, durationMs) : undefined,
  });
  if (tty) process.stderr.write('\n');
  if (c.json) console.log(JSON.stringify(report));
  else console.log(formatLoadReport(report));
  return report.errors + report.timeouts === 0 ? 0 : 1;
}

/** A bar on stderr, at most 5 times a second: answers of --count, or time of --duration. */
function progress(total: number | undefined, durationMs: number | undefined): (done: number) => void {
  const started = Date.now();
  let last = 0;
  return (done) => {
    if (Date.now() - last < 200) return;
    last = Date.now();
    const part = total ? done / total : (last - started) / (durationMs ?? Infinity);
    const bar = '█'.repeat(Math.round(30 * Math.min(1, part))).padEnd(30, '░');
    const of = total ? `/${total} answered` : ` answered, ${((last - started) / 1000).toFixed(0)} of ${((durationMs ?? 0) / 1000).toFixed(0)} s`;
    process.stderr.write(`\r${bar} ${done}${of}`);
  };
}
