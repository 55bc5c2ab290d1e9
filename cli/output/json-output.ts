/** `--json` output: pretty, stable, with a trailing newline (easy to pipe into jq). */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
