import { readFile } from "node:fs/promises";
import { DrawRecord } from "../../protocol/index.js";
import { checkDraw, type DrawProblem } from "../domain/draw-proof.js";

/** What each failed check means, in a sentence for whoever ran the command. */
const PROBLEMS: Record<DrawProblem, string> = {
  algorithm: "the record names an algorithm this verifier does not know",
  seed_commitment: "the seed does not hash to the commitment published when the offer started",
  entries_hash: "the entries do not hash to the record's entries hash",
  winners: "drawing again from the seed and the entries gives other winners",
};

export interface DrawVerdict {
  ok: boolean;
  sentence: string;
}

/** Reads a draw record from a URL (GET /v1/offers/:id/draw) or a file saved from one. */
export async function readDrawRecord(source: string): Promise<unknown> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { headers: { accept: "application/json" } });
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!response.ok) throw new Error(`${source} answered ${response.status}: ${body?.error?.message ?? "no record"}`);
    return body;
  }
  return JSON.parse(await readFile(source, "utf8")) as unknown;
}

/** Checks a draw record on its own: anyone can run this with nothing but the record. */
export function verifyDrawRecord(input: unknown): DrawVerdict {
  const parsed = DrawRecord.safeParse(input);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join(".") || "record").join(", ");
    return { ok: false, sentence: `FAIL: this is not a draw record (${where}).` };
  }
  const record = parsed.data;
  const problems = checkDraw(record);
  if (problems.length > 0) {
    return {
      ok: false,
      sentence: `FAIL: draw ${record.offerId} does not check: ${problems.map((p) => PROBLEMS[p]).join("; ")}.`,
    };
  }
  return {
    ok: true,
    sentence: `ok: draw ${record.offerId} checks: the seed matches its commitment, the ${record.entries.length} entries match their hash, and drawing again gives the same ${record.winners.length} winners.`,
  };
}
