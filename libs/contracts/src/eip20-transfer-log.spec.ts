import { EIP20_TRANSFER_TOPIC, eip20TransferOf } from './eip20-transfer-log';

const word = (hex: string) => `0x${hex.replace(/^0x/, '').toLowerCase().padStart(64, '0')}`;
const FROM = '0x4FCB236B432Ba2066E09e816c520f6fde7f5b2E9';
const TO = '0xD2f708b0a84276446051Ed690C712E295faB0F59';

describe('eip20TransferOf', () => {
  it('reads from, to (lower-case) and value of an EIP-20 Transfer', () => {
    const log = { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', topics: [EIP20_TRANSFER_TOPIC, word(FROM), word(TO)], data: word('f4240') };
    expect(eip20TransferOf(log)).toEqual({ token: log.address.toLowerCase(), from: FROM.toLowerCase(), to: TO.toLowerCase(), value: 1_000_000n });
  });

  it('ignores an ERC-721 Transfer (token id indexed: four topics) and other events', () => {
    expect(eip20TransferOf({ address: '0x01', topics: [EIP20_TRANSFER_TOPIC, word(FROM), word(TO), word('7')], data: '0x' })).toBeNull();
    expect(eip20TransferOf({ address: '0x01', topics: [word('abc'), word(FROM), word(TO)], data: word('1') })).toBeNull();
  });
});
