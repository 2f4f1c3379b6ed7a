/** Roman numerals as Vietnamese documents number their parts and appendices ("PHỤ LỤC II", "Mục IV"). */
const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** "ii" → 2, "IV" → 4, "3" → 3; NaN when `token` is neither a roman numeral nor digits. */
export function romanToNumber(token: string): number {
  const text = token.toLowerCase();
  if (/^\d+$/u.test(text)) return Number(text);
  if (!/^[ivxlc]+$/u.test(text)) return Number.NaN;
  let total = 0;
  for (let index = 0; index < text.length; index += 1) {
    const value = ROMAN[text[index]!]!;
    const next = ROMAN[text[index + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** 2 → "II", 14 → "XIV" (up to 89, as far as `romanToNumber` and the interpreter read group numerals). */
export function toRoman(value: number): string {
  const numerals: Array<[number, string]> = [[50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let rest = value;
  let out = '';
  for (const [amount, numeral] of numerals) {
    while (rest >= amount) {
      out += numeral;
      rest -= amount;
    }
  }
  return out;
}
