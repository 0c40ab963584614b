import { NonceGuesses } from './nonce-guesses';

describe('NonceGuesses', () => {
  it('guesses nothing before the first commit, then the committed next nonce', () => {
    const g = new NonceGuesses();
    expect(g.guess('w')).toBeUndefined();
    g.committed('w', 7n);
    expect(g.guess('w')).toBe(7n);
    g.seen('w', 7n); // as left: no other writer
    g.committed('w', 9n);
    expect(g.guess('w')).toBe(9n);
  });

  it('another writer seen under the lock pauses guessing for 64 batches of that wallet only', () => {
    const g = new NonceGuesses();
    g.committed('w', 3n);
    g.committed('v', 1n);
    g.seen('w', 5n);
    expect(g.guess('v')).toBe(1n);
    for (let i = 0; i < 63; i++) {
      g.committed('w', BigInt(6 + i));
      expect(g.guess('w')).toBeUndefined();
    }
    g.committed('w', 100n);
    expect(g.guess('w')).toBe(100n);
  });

  it('a refused guess forgets and pauses; an unknown commit only forgets (the next two-trip batch reads the nonce)', () => {
    const g = new NonceGuesses();
    g.committed('w', 3n);
    g.forget('w', false);
    expect(g.guess('w')).toBeUndefined();
    g.committed('w', 4n);
    expect(g.guess('w')).toBe(4n);
    g.forget('w', true);
    g.committed('w', 6n);
    expect(g.guess('w')).toBeUndefined();
  });
});
