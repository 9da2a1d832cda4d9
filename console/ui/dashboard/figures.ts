/** a ratio as a percentage with one decimal */
export const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
/** a difference of two ratios in percentage points, signed */
export const points = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}`;
