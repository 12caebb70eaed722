/**
 * Redacting secrets from a URL before it is shown: shared by the cluster layer's messages and
 * the CLI (which must not load the optional cluster layer to print a URL).
 */

const SECRET_PARAM = /pass|secret|token|auth|key/i;

/**
 * A Redis URL with its password (and any secret-looking query parameter) replaced by `***`.
 *
 * @example
 * ```ts
 * import { redactUrl } from 'polyfold/cluster';
 * redactUrl('redis://app:hunter2@db:6379/0'); // 'redis://app:***@db:6379/0'
 * ```
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Unparseable: show nothing of it, it may be a password pasted in the wrong place.
    return '<a Redis URL that cannot be parsed>';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.href.replace(/%2A%2A%2A/g, '***');
}
