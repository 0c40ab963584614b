import { parseArgs } from 'node:util';
import { DIALECT_1987_ASCII, toNamedFields } from '@bridge/iso8583';
import { buildReversal } from '../build-messages';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionValues, randomStan } from '../common-options';
import { find } from '../journal';
import { printResponse } from '../print-response';
import { sendOnce } from '../send-once';

const HELP = `Usage: npm run harness -- reverse (--of-stan N | --of-rrn R) [options]

Reverses an authorization this harness sent earlier (it keeps a journal without PANs): an 0400
(or 0420 with --advice) carrying DE90 = original MTI, STAN, DE7 and acquirer.
  --of-stan N         STAN of the original
  --of-rrn R          RRN of the original
  --advice            send 0420 instead of 0400
  --stan NNNNNN       DE11 of the reversal (default: random)
${CONNECTION_HELP}`;

export async function reverseCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      'of-stan': { type: 'string' },
      'of-rrn': { type: 'string' },
      advice: { type: 'boolean', default: false },
      stan: { type: 'string' },
    },
  });
  if (values.help) return (console.log(HELP), 0);
  const original = find({ stan: values['of-stan'], rrn: values['of-rrn'] });
  if (!original) throw new Error('no such authorization in the harness journal (give --of-stan or --of-rrn of one sent with `auth`)');
  const c = connectionValues(values);
  const { answer, ms } = await sendOnce(c, buildReversal(original, values.stan ?? randomStan(), values.advice ? '0420' : '0400'));
  printResponse(answer, ms, c.json);
  return toNamedFields(answer, DIALECT_1987_ASCII).responseCode === '00' ? 0 : 1;
}
