import { byId, row } from './dom';
import { decimal } from './format';
import type { OpsApi } from './ops-api';
import type { DailyTotal } from './types';
import { currencyByNumeric } from '../../../../libs/contracts/src/iso4217';

/** Today's approved and paid authorizations per merchant and asset: count, fiat, crypto, gas. */
export class DailyTotals {
  private readonly body = byId<HTMLTableElement>('totals').tBodies[0];

  constructor(private readonly api: OpsApi) {}

  async refresh(): Promise<void> {
    const rows = await this.api.get<DailyTotal[]>('/ops/daily-totals');
    this.body.replaceChildren(
      ...rows.map((t) =>
        row([
          t.day,
          t.merchantId,
          t.assetSymbol,
          String(t.count),
          `${decimal(t.fiatMinor, t.fiatExponent)} ${currencyByNumeric(t.currency)?.alpha ?? t.currency}`,
          t.cryptoBaseUnits,
          t.unminedPayments ? `${t.gasFeesWei} (+${t.unminedPayments} not mined)` : t.gasFeesWei,
        ]),
      ),
    );
  }
}
