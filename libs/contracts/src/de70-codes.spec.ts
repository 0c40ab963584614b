import { DE70_CODES, DE70_MEANING, isKnownDe70 } from './de70-codes';

describe('DE70 network management codes', () => {
  it('answers sign-on, sign-off and echo, each named', () => {
    expect(Object.values(DE70_CODES).map((c) => [c, isKnownDe70(c), DE70_MEANING[c]])).toEqual([
      ['001', true, 'sign-on'],
      ['002', true, 'sign-off'],
      ['301', true, 'echo test'],
    ]);
  });

  it('knows no other value, not even an object key', () => {
    for (const other of ['000', '161', '1', '', 'toString', undefined, 301]) expect(isKnownDe70(other)).toBe(false);
  });
});
