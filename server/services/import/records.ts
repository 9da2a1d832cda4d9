import { type ErrorCode, type ImportMediaType, MAX_IMPORT_LINE_BYTES, parseCsvLine } from "../../../protocol/index.js";
import { fileLines } from "./lines.js";

/** A line read as a record (still to be validated), or refused as unreadable. */
export type FileRecord = { line: number; value: unknown } | { line: number; code: ErrorCode; reason: string };

/** Columns that hold numbers in a CSV file; `paidAt` may also be an ISO 8601 date. */
const NUMERIC = new Set(["amount", "discount", "paidAt", "points", "growth"]);
/** Columns that hold JSON in a CSV file (an order's items). */
const JSON_CELLS = new Set(["items"]);

/**
 * Reads an NDJSON or CSV import file as it streams: one record per line, each line on its own,
 * so a broken line is refused with its number and the lines around it still count.
 */
export async function* fileRecords(
  input: AsyncIterable<Buffer | string>,
  type: ImportMediaType,
): AsyncGenerator<FileRecord> {
  let header: string[] | null = null;
  for await (const read of fileLines(input, MAX_IMPORT_LINE_BYTES)) {
    const { line } = read;
    if ("tooLong" in read) {
      yield { line, code: "payload_too_large", reason: `longer than ${MAX_IMPORT_LINE_BYTES} bytes` };
      continue;
    }
    if (type === "application/x-ndjson") {
      yield parseJsonLine(line, read.text);
      continue;
    }
    const cells = parseCsvLine(read.text);
    if (!cells) {
      yield { line, code: "bad_request", reason: "a quoted field is not closed on its line" };
      continue;
    }
    if (!header) {
      header = cells.map((c) => c.trim());
      continue;
    }
    yield csvRecord(line, header, cells);
  }
}

function parseJsonLine(line: number, text: string): FileRecord {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch {
    return { line, code: "bad_request", reason: "not a JSON value" };
  }
}

function csvRecord(line: number, header: readonly string[], cells: readonly string[]): FileRecord {
  if (cells.length !== header.length) {
    return { line, code: "bad_request", reason: `${cells.length} fields where the header names ${header.length}` };
  }
  const value: Record<string, unknown> = {};
  for (const [i, column] of header.entries()) {
    const cell = (cells[i] as string).trim();
    // an empty cell is a field left out: its default applies
    if (cell === "") continue;
    if (JSON_CELLS.has(column)) {
      try {
        value[column] = JSON.parse(cell) as unknown;
      } catch {
        return { line, code: "bad_request", reason: `${column} is not JSON` };
      }
    } else if (NUMERIC.has(column)) {
      value[column] = csvNumber(column, cell);
    } else {
      value[column] = cell;
    }
  }
  return { line, value };
}

/** A number as written; a date for `paidAt`; anything else stays text for validation to refuse. */
function csvNumber(column: string, cell: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(cell)) return Number.parseFloat(cell);
  if (column === "paidAt" && /^\d{4}-\d{2}-\d{2}/.test(cell)) {
    const at = Date.parse(cell);
    if (Number.isFinite(at)) return at;
  }
  return cell;
}
