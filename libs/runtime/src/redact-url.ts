/** Strips user, password and query from a URL before it reaches a log or an error message. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}
