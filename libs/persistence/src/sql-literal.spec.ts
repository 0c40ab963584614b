import { escapeLiteral } from 'pg';
import { sqlLiteral } from './sql-literal';

describe('sqlLiteral', () => {
  it.each(['', 'plain', "O'Brien", "''", 'back\\slash', "both ' and \\ and \\'", JSON.stringify([{ name: 'it\'s "quoted"\n\t', raw: '0x02f8' }]), 'ünïcödé ✓'])(
    'is the literal pg.escapeLiteral makes: %j',
    (text) => {
      expect(sqlLiteral(text)).toBe(escapeLiteral(text));
    },
  );

  it('takes bigints as their decimal digits', () => {
    expect(sqlLiteral(12345678901234567890n)).toBe("'12345678901234567890'");
  });
});
