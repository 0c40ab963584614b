import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Denylist } from './denylist';

export interface ScreeningSubject {
  readonly authorizationId: string;
  readonly acquirerId: string;
  readonly merchantId: string;
  readonly address: string;
}

/** Destination screening against the denylist; a hit is recorded as a screening event. */
@Injectable()
export class AddressScreening {
  private readonly logger = new Logger(AddressScreening.name);

  constructor(
    private readonly db: DataSource,
    private readonly denylist: Denylist,
  ) {}

  /** Returns the denylist reason when the address must not be paid, else undefined. */
  async screen(s: ScreeningSubject): Promise<string | undefined> {
    const reason = await this.denylist.reasonFor(s.address.toLowerCase());
    if (reason === undefined) return undefined;
    await this.db.query(`INSERT INTO screening_events (id, authorization_id, acquirer_id, merchant_id, address, reason) VALUES ($1,$2,$3,$4,$5,$6)`, [
      randomUUID(),
      s.authorizationId,
      s.acquirerId,
      s.merchantId.trimEnd(),
      s.address,
      reason,
    ]);
    this.logger.warn(`destination ${s.address} of ${s.acquirerId}/${s.merchantId.trimEnd()} is denylisted (${reason}): declined`);
    return reason;
  }
}
