/*
 * Money as the widget and the console write it. Amounts travel in cents (fen); a whole yuan is
 * written without decimals, anything else with two, so ¥12 and ¥12.90 read as a shop writes them.
 */

/** cents → "12" or "12.90": an amount as written after ¥, 满 or 减 */
export const yuanAmount = (cents: number): string =>
  cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);

/** cents → "¥12" or "¥12.90": a price */
export const yuanPrice = (cents: number): string => `¥${yuanAmount(cents)}`;

/** cents → "12.00": a figure in a column headed (¥), every row with its cents so the column lines up */
export const yuanFigure = (cents: number): string => (cents / 100).toFixed(2);
