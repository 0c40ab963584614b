import { DIALECT_1987_ASCII, fromNamedFields } from '@bridge/iso8583';
import { formatResponseTable } from '../../tools/harness/format-response-table';

const PAN = '4761739001010119';

function answer(fields: Record<string, string | Buffer>, mti = '0110') {
  return fromNamedFields(mti, { pan: PAN, stan: '424242', ...fields }, DIALECT_1987_ASCII);
}

/** The line of one data element, found by its DE label. */
function line(table: string, label: string): string {
  const found = table.split('\n').find((l) => l.startsWith(`${label} `));
  if (!found) throw new Error(`no ${label} line in:\n${table}`);
  return found;
}

describe('formatResponseTable (the harness answer as people read it)', () => {
  it('names every data element by its DE number and field, in DE order, under the MTI', () => {
    const table = formatResponseTable(answer({ responseCode: '00', amountTransaction: '000000001234', currencyCode: '840' }));
    expect(table.split('\n')[0]).toMatch(/^MTI\s+0110\s+authorization request response$/);
    expect(table.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['MTI', 'DE2', 'DE4', 'DE11', 'DE39', 'DE49']);
    expect(line(table, 'DE11')).toMatch(/^DE11\s+stan\s+424242$/);
  });

  it('truncates the PAN and never shows a sensitive field in clear (as the logs do)', () => {
    const table = formatResponseTable(answer({ responseCode: '00', expiry: '3012', iccData: Buffer.from('9f2701', 'hex') }));
    expect(table).toContain('476173******0119');
    expect(table).not.toContain(PAN);
    expect(line(table, 'DE14')).not.toContain('3012');
    expect(line(table, 'DE55')).not.toContain('9f2701');
  });

  it('says DE39 in words, and so when the code is not one the bridge sends', () => {
    expect(line(formatResponseTable(answer({ responseCode: '51' })), 'DE39')).toMatch(/51\s+Not sufficient funds$/);
    expect(line(formatResponseTable(answer({ responseCode: '00' })), 'DE39')).toMatch(/00\s+Approved$/);
    expect(line(formatResponseTable(answer({ responseCode: '99' })), 'DE39')).toMatch(/99\s+not a code this bridge sends$/);
  });

  it('says DE70 in words on an 0810', () => {
    const table = formatResponseTable(fromNamedFields('0810', { stan: '000001', responseCode: '00', networkManagementCode: '301' }, DIALECT_1987_ASCII));
    expect(table.split('\n')[0]).toMatch(/network management request response$/);
    expect(line(table, 'DE70')).toMatch(/301\s+echo test$/);
  });

  it("gives DE4 in DE49's currency with its ISO 4217 exponent", () => {
    expect(line(formatResponseTable(answer({ amountTransaction: '000000001234', currencyCode: '840' })), 'DE4')).toMatch(/12\.34 USD$/);
    expect(line(formatResponseTable(answer({ amountTransaction: '000000001234', currencyCode: '392' })), 'DE4')).toMatch(/1234 JPY$/);
    expect(line(formatResponseTable(answer({ amountTransaction: '000000001234', currencyCode: '048' })), 'DE4')).toMatch(/1\.234 BHD$/);
    expect(line(formatResponseTable(answer({ amountTransaction: '000000001234' })), 'DE4')).toMatch(/000000001234$/);
  });

  it("lists DE48's subelements, each with what its tag carries", () => {
    const hash = `0x${'ab'.repeat(32)}`;
    const table = formatResponseTable(answer({ responseCode: '00', additionalData: `0101N0212eip155:313370366${hash}0408123400000504USDC` }));
    const lines = table.split('\n');
    const at = lines.findIndex((l) => l.startsWith('DE48 '));
    expect(lines[at]).toMatch(/additionalData\s+5 subelements$/);
    expect(lines.slice(at + 1, at + 6).map((l) => l.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['01', 'N'],
      ['02', 'eip155:31337'],
      ['03', hash],
      ['04', '12340000'],
      ['05', 'USDC'],
    ]);
    expect(lines[at + 4]).toMatch(/crypto amount \(token base units\)$/);
    expect(lines[at + 1]).toMatch(/clearing and settlement \(N: not required, settled on-chain\)$/);
  });
});
