/** The dashboard's only data source: the ops API of the authorizer that serves it, with the caller's key. */
export class OpsApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | undefined>;

export class OpsApi {
  constructor(private readonly key: string) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', path + queryString(query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** The CSV export as a Blob (a plain link could not send the key header). */
  async csv(query: Query): Promise<Blob> {
    const res = await fetch(`/ops/authorizations.csv${queryString(query)}`, { headers: { 'x-api-key': this.key } });
    if (!res.ok) throw new OpsApiError(res.status, await errorText(res));
    return res.blob();
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'x-api-key': this.key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new OpsApiError(res.status, await errorText(res));
    return (await res.json()) as T;
  }
}

function queryString(query: Query): string {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { message?: string | string[] };
    return Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? text);
  } catch {
    return text || res.statusText;
  }
}
