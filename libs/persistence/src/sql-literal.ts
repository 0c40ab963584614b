/**
 * A value for the simple query protocol, which takes no parameters: the same literal as pg's
 * escapeLiteral (quotes doubled; with a backslash, backslashes doubled and an E'' string), built with
 * two native replaces. pg's loop appends one character at a time: on a batch's rows as one JSON literal
 * (tens of kB) it was the authorizer's largest single JavaScript function after signing.
 */
export function sqlLiteral(value: string | bigint): string {
  const text = String(value);
  const quoted = `'${text.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
  return text.includes('\\') ? ` E${quoted}` : quoted;
}
