import { parseArgs } from 'node:util';
import { DIALECT_1987_ASCII, toNamedFields } from '@bridge/iso8583';
import { buildAuthorization } from '../build-authorization';
import { CARD_HELP, CARD_OPTIONS, CONNECTION_HELP, CONNECTION_OPTIONS, connectionValues, randomStan } from '../common-options';
import { remember } from '../journal';
import { journalEntryOf } from '../journal-entry-of';
import { printResponse } from '../print-response';
import { sendOnce } from '../send-once';

const HELP = `Usage: npm run harness -- auth [options]

Sends one authorization (0100) and prints the 0110 (PAN masked). Exit code 0 when approved (00).
${CARD_HELP}
${CONNECTION_HELP}`;

export async function authCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CARD_OPTIONS, ...CONNECTION_OPTIONS } });
  if (values.help) return (console.log(HELP), 0);
  const c = connectionValues(values);
  const request = buildAuthorization({
    pan: values.pan!,
    expiry: values.expiry,
    amount: values.amount!,
    currency: values.currency!,
    merchantId: values.merchant!,
    acquirerId: values.acquirer!,
    terminalId: values.terminal!,
    mcc: values.mcc!,
    posEntryMode: values['pos-entry']!,
    processingCode: values['processing-code'],
    stan: values.stan ?? randomStan(),
    iccHex: values.icc,
  });
  remember(journalEntryOf(request));
  const { answer, ms } = await sendOnce(c, request);
  printResponse(answer, ms, c.json);
  return toNamedFields(answer, DIALECT_1987_ASCII).responseCode === '00' ? 0 : 1;
}
