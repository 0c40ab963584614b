import { parseArgs } from 'node:util';
import { DE70_CODES, type NetworkCommand } from '@bridge/contracts';
import { DIALECT_1987_ASCII, toNamedFields } from '@bridge/iso8583';
import { buildNetworkManagement } from '../build-messages';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionValues, randomStan } from '../common-options';
import { printResponse } from '../print-response';
import { sendOnce } from '../send-once';

/** echo / signon / signoff: an 0800 with DE70 301 / 001 / 002. */
export async function networkCommand(name: NetworkCommand, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CONNECTION_OPTIONS, stan: { type: 'string' } } });
  if (values.help) {
    console.log(
      `Usage: npm run harness -- ${name} [options]\n\nSends an 0800 with DE70 ${DE70_CODES[name]} and prints the 0810.\n  --stan NNNNNN       DE11 (default: random)\n${CONNECTION_HELP}`,
    );
    return 0;
  }
  const c = connectionValues(values);
  const { answer, ms } = await sendOnce(c, buildNetworkManagement(DE70_CODES[name], values.stan ?? randomStan()));
  printResponse(answer, ms, c.json);
  return toNamedFields(answer, DIALECT_1987_ASCII).responseCode === '00' ? 0 : 1;
}
