/**
 * The shortest prefix (at least `minLength`) of each id that no other id shares. UUIDv7 ids logged in
 * the same minute share their first 8 hex digits (the time part), so a fixed length would not do.
 */
export function shortIds(ids: readonly string[], minLength = 8): Map<string, string> {
  const unique = [...new Set(ids)];
  const result = new Map<string, string>();
  for (const id of unique) {
    let length = Math.min(minLength, id.length);
    while (length < id.length && unique.some((other) => other !== id && other.startsWith(id.slice(0, length)))) length++;
    result.set(id, id.slice(0, length));
  }
  return result;
}
