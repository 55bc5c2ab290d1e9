/**
 * Terminal column width of a string: emoji and East Asian wide characters take two columns, combining
 * marks, zero-width joiners and variation selectors none; a character followed by VS16 (U+FE0F, as in
 * `⚠️`) is drawn as a wide emoji. ANSI colour sequences take no room.
 */
// eslint-disable-next-line no-control-regex -- matching the ESC of colour sequences is the point
const ANSI_SEQUENCE = /\u001b\[[0-9;]*m/g;

export function displayWidth(text: string): number {
  const plain = text.replace(ANSI_SEQUENCE, '');
  const chars = Array.from(plain);
  let width = 0;
  chars.forEach((char, index) => {
    const code = char.codePointAt(0) ?? 0;
    if (isZeroWidth(code)) return;
    const emojiPresentation = chars[index + 1] === '\uFE0F';
    width += emojiPresentation || isWide(code) ? 2 : 1;
  });
  return width;
}

function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x0300 && code <= 0x036f) ||
    code === 0x200b ||
    code === 0x200d ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    code < 0x20
  );
}

// Ranges of characters drawn two columns wide (emoji with default emoji presentation, CJK, full-width forms).
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f5],
  [0x26fa, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
];

function isWide(code: number): boolean {
  return WIDE_RANGES.some(([from, to]) => code >= from && code <= to);
}
