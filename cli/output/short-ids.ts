/**
 * Short ids: the shortest prefix (at least `minLength`) of each id's random part that no other id shares.
 * A UUIDv7 starts with 48 bits of time, the same for every id made within a minute, so its short id is
 * taken from what follows the time and the version digit (`0199a3f2-1c2d-7abc-8def-…` → `abc8def…`).
 * `tract edit`/`delete` accept such a prefix as well as a prefix of the whole id (cli/workspace/find-record.ts).
 */
export const SHORT_ID_LENGTH = 8;

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The random part of a UUIDv7 (19 hex digits); any other id (e.g. a derived `h-…`) is its own. */
export function randomPart(id: string): string {
  return UUID_V7.test(id) ? id.replaceAll('-', '').slice(13) : id;
}

export function shortIds(ids: readonly string[], minLength = SHORT_ID_LENGTH): Map<string, string> {
  const unique = [...new Set(ids)];
  const parts = unique.map(randomPart);
  const result = new Map<string, string>();
  unique.forEach((id, index) => {
    const part = parts[index] ?? id;
    let length = Math.min(minLength, part.length);
    while (length < part.length && parts.some((other, j) => j !== index && other.startsWith(part.slice(0, length)))) length++;
    result.set(id, part.slice(0, length));
  });
  return result;
}

/** True when `wanted` (lower case) names `id`: a prefix of the id or of its random part. */
export function idMatches(id: string, wanted: string): boolean {
  const lower = id.toLowerCase();
  return lower.startsWith(wanted) || randomPart(lower).startsWith(wanted);
}
