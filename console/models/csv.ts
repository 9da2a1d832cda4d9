export { type Cell, toCsv } from "../../protocol/csv.js";

/** A file name for a table: lower-case words joined by dashes, with the date. */
export function csvName(table: string, at: number): string {
  const slug = table
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `encore-${slug || "table"}-${new Date(at).toISOString().slice(0, 10)}.csv`;
}
