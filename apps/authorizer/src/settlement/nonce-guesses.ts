/** Two-trip batches a signer waits after another process was seen signing for it. */
const PAUSE_BATCHES = 64;

/**
 * Each signer's next nonce as this process last committed it: a batch can be signed at it and
 * written in one trip (commitInOneTrip), which PostgreSQL refuses if another process moved it. A
 * signer that other processes also use (several authorizers on one database) would be refused
 * often, each refusal a trip for nothing: once another writer is seen, the signer goes in two trips
 * for the next PAUSE_BATCHES batches. Nothing is guessed before this process's first commit.
 */
export class NonceGuesses {
  private readonly next = new Map<string, bigint>();
  private readonly paused = new Map<string, number>();

  /** The nonce to sign the signer's next batch from, if it can be guessed. */
  guess(signerId: string): bigint | undefined {
    return this.paused.has(signerId) ? undefined : this.next.get(signerId);
  }

  /** The signer's next nonce read under its lock: not the one this process left → another writer. */
  seen(signerId: string, nonce: bigint): void {
    const mine = this.next.get(signerId);
    if (mine !== undefined && mine !== nonce) this.paused.set(signerId, PAUSE_BATCHES);
  }

  /** A batch of the signer committed (or declined all): its next nonce. */
  committed(signerId: string, next: bigint): void {
    this.next.set(signerId, next);
    const left = this.paused.get(signerId);
    if (left === undefined) return;
    if (left <= 1) this.paused.delete(signerId);
    else this.paused.set(signerId, left - 1);
  }

  /** The guess was refused (another writer), or what was committed is unknown (a failed commit). */
  forget(signerId: string, anotherWriter: boolean): void {
    this.next.delete(signerId);
    if (anotherWriter) this.paused.set(signerId, PAUSE_BATCHES);
  }
}
