/** ANSI colours, only on a TTY and never when `NO_COLOR` is set (https://no-color.org). */
export interface Palette {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Palette = {
  green: wrap(32, 39),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

const identity = (text: string) => text;
const PLAIN: Palette = { green: identity, red: identity, yellow: identity, dim: identity, bold: identity };

export function palette(isTTY: boolean | undefined, noColor: string | undefined, colorFlag = true): Palette {
  const enabled = isTTY === true && (noColor === undefined || noColor === '') && colorFlag;
  return enabled ? COLOURED : PLAIN;
}
