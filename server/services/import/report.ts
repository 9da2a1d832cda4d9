import type { z } from "zod";
import {
  type ErrorCode,
  type ImportRefusal,
  type ImportReport,
  MAX_REPORTED_REFUSALS,
} from "../../../protocol/index.js";
import type { FileRecord } from "./records.js";

/** How far an import has got, for a progress bar: lines read, and what became of them so far. */
export interface ImportProgress {
  phase: "reading" | "crediting";
  /** lines read from the file (reading) or lines looked at in date order (crediting), of `total` */
  done: number;
  total: number | null;
  imported: number;
  duplicates: number;
  refused: number;
}

/** The running tally of an import; the refusals it lists are bounded, the counts are not. */
export class ImportTally {
  imported = 0;
  duplicates = 0;
  refusedCount = 0;
  private readonly refusals: ImportRefusal[] = [];

  refuse(line: number, code: ErrorCode, reason: string): void {
    this.refusedCount++;
    if (this.refusals.length < MAX_REPORTED_REFUSALS) this.refusals.push({ line, code, reason });
  }

  report(): ImportReport {
    return {
      imported: this.imported,
      duplicates: this.duplicates,
      refused: [...this.refusals].sort((a, b) => a.line - b.line),
      refusedCount: this.refusedCount,
    };
  }
}

/**
 * A record's value checked against its line's schema. A record refused as it was read, or by the
 * schema, goes into the tally with its line number and reason, and null comes back.
 */
export function acceptedLine<S extends z.ZodType>(
  record: FileRecord,
  schema: S,
  tally: ImportTally,
): z.output<S> | null {
  if ("code" in record) {
    tally.refuse(record.line, record.code, record.reason);
    return null;
  }
  const parsed = schema.safeParse(record.value);
  if (parsed.success) return parsed.data;
  const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ");
  tally.refuse(record.line, "bad_request", reason);
  return null;
}
