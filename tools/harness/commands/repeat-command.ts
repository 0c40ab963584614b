import { parseArgs } from 'node:util';
import { DIALECT_1987_ASCII, fromNamedFields, toNamedFields } from '@bridge/iso8583';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionValues } from '../common-options';
import { find } from '../journal';
import { printResponse } from '../print-response';
import { sendOnce } from '../send-once';

const HELP = `Usage: npm run harness -- repeat --of-stan N [--pan N] [options]

Re-sends an authorization this harness sent earlier as a repeat (0101): same key (DE32, DE11, DE7,
DE41), same content. The journal keeps no PAN, so give it again (default: the demo card).
  --of-stan N         STAN of the original
  --pan N             the original's PAN
${CONNECTION_HELP}`;

export async function repeatCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, 'of-stan': { type: 'string' }, pan: { type: 'string', default: '4761739001010119' } }, // demo card
  });
  if (values.help) return (console.log(HELP), 0);
  const o = find({ stan: values['of-stan'] });
  if (!o) throw new Error('no such authorization in the harness journal (give --of-stan of one sent with `auth`)');
  const c = connectionValues(values);
  const fields = {
    pan: values.pan!,
    processingCode: o.processingCode,
    amountTransaction: o.amount,
    transmissionDateTime: o.transmissionDateTime,
    stan: o.stan,
    acquirerId: o.acquirerId,
    rrn: o.rrn,
    terminalId: o.terminalId,
    merchantId: o.merchantId,
    currencyCode: o.currency,
    ...(o.expiry ? { expiry: o.expiry } : {}),
  };
  const { answer, ms } = await sendOnce(c, fromNamedFields('0101', fields, DIALECT_1987_ASCII));
  printResponse(answer, ms, c.json);
  return toNamedFields(answer, DIALECT_1987_ASCII).responseCode === '00' ? 0 : 1;
}
