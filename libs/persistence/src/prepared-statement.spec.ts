import type { ClientBase } from 'pg';
import { ensurePrepared, PreparedStatement } from './prepared-statement';

const FIND = new PreparedStatement('find_thing', ['uuid[]', 'int'], 'SELECT * FROM things WHERE id = ANY($1) LIMIT $2');
const COUNT = new PreparedStatement('count_things', [], 'SELECT count(*) FROM things');

function client(fail = false) {
  const sent: string[] = [];
  const query = jest.fn(async (text: string) => {
    sent.push(text);
    if (fail) throw new Error('connection reset');
    return { rows: [] };
  });
  return { c: { query } as unknown as ClientBase, sent };
}

describe('PreparedStatement', () => {
  it('executes with literal arguments cast to the declared types', () => {
    expect(FIND.execute([`'{a,b}'`, '2'])).toBe(`EXECUTE find_thing('{a,b}'::uuid[], 2::int)`);
    expect(FIND.prepareSql).toBe('PREPARE find_thing(uuid[], int) AS SELECT * FROM things WHERE id = ANY($1) LIMIT $2');
  });

  it('inline puts the arguments in place of the parameters (for poolers that keep no session state)', () => {
    expect(FIND.inline([`'{a,b}'`, '2'])).toBe(`SELECT * FROM things WHERE id = ANY(('{a,b}'::uuid[])) LIMIT (2::int)`);
    expect(FIND.sql([`'{a}'`, '1'], false)).toBe(FIND.inline([`'{a}'`, '1']));
    expect(FIND.sql([`'{a}'`, '1'], true)).toBe(FIND.execute([`'{a}'`, '1']));
    const many = new PreparedStatement(
      'many',
      Array.from({ length: 11 }, () => 'int'),
      'SELECT $1 + $11',
    );
    expect(many.inline(Array.from({ length: 11 }, (_, i) => String(i + 1)))).toBe('SELECT (1::int) + (11::int)');
  });

  it('refuses a call with the wrong number of arguments (a missing one would shift the others)', () => {
    expect(() => FIND.execute([`'{a}'`])).toThrow('find_thing takes 2 arguments, got 1');
    expect(() => FIND.inline([`'{a}'`])).toThrow('find_thing takes 2 arguments, got 1');
  });

  it('prepares each statement once per connection, the missing ones in one round trip', async () => {
    const one = client();
    await ensurePrepared(one.c, [FIND]);
    await ensurePrepared(one.c, [FIND, COUNT]);
    await ensurePrepared(one.c, [COUNT, FIND]);
    expect(one.sent).toEqual([FIND.prepareSql, COUNT.prepareSql]);
    const other = client(); // another connection knows nothing of the first one's statements
    await ensurePrepared(other.c, [FIND, COUNT]);
    expect(other.sent).toEqual([`${FIND.prepareSql};\n${COUNT.prepareSql}`]);
  });

  it('a failed PREPARE is tried again on the next call', async () => {
    const broken = client(true);
    await expect(ensurePrepared(broken.c, [FIND])).rejects.toThrow('connection reset');
    await expect(ensurePrepared(broken.c, [FIND])).rejects.toThrow('connection reset');
    expect(broken.sent).toHaveLength(2);
  });
});
