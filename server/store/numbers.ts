/**
 * What a database hands back for an aggregate. Columns come back as numbers on both dialects
 * (database.ts parses Postgres's int8), but an aggregate need not: Postgres sums bigint into
 * numeric, which pg hands over as a string, and an empty sum or a left join's miss is null.
 */
export type Numeric = number | bigint | string | null;

/**
 * Reads an aggregate as a number, once, where the repository reads the row, so nothing past
 * the store converts again. Absent (null: an empty sum, a missing group) reads as 0.
 */
export function toNumber(value: Numeric | undefined): number {
  if (value === null || value === undefined) return 0;
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(number)) throw new TypeError(`not a number from the database: ${String(value)}`);
  return number;
}

/** The named aggregates of one row, each read by toNumber. */
export function numeric<K extends string>(row: { readonly [key in K]?: Numeric }, ...keys: K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of keys) out[key] = toNumber(row[key]);
  return out;
}
