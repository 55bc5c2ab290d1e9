/** URL userinfo (`https://user:pass@host`) → `https://***@host`. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]+@/gi;

/**
 * Removes credentials from text that may reach a message or a log: URL userinfo and every configured
 * secret value (also in its URL-encoded form, as it appears inside a URL).
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text.replace(URL_USERINFO, '$1***@');
  for (const secret of secrets) {
    if (secret === '') continue;
    scrubbed = scrubbed.replaceAll(secret, '***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) scrubbed = scrubbed.replaceAll(encoded, '***');
  }
  return scrubbed;
}
