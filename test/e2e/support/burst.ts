import type { AuthorizationInput } from '../../../tools/harness/build-authorization';
import type { IsoClient } from '../../../tools/harness/iso-client';
import { demoAuthorization, named } from './iso-fixtures';

/**
 * `count` demo authorizations sent at once, spread over `clients` in turn; their answers as named
 * fields, in the order sent. A long timeout: the tests that burst are about exactly-once, not latency.
 */
export function burst(clients: IsoClient | IsoClient[], count: number, overrides: Partial<AuthorizationInput>): Promise<Record<string, string>[]> {
  const over = Array.isArray(clients) ? clients : [clients];
  const requests = Array.from({ length: count }, () => demoAuthorization(overrides));
  return Promise.all(requests.map((r, i) => over[i % over.length].request(r, 60_000).then(named)));
}
