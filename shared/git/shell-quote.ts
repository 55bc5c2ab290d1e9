/** One argument for a POSIX shell, single-quoted (git runs hooks and merge drivers through `sh`). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
