import type { ImportProgress } from "../services/import/report.js";

const WIDTH = 24;
const count = (n: number) => n.toLocaleString("en");

/** One progress line: the phase, how far, and what became of the lines so far. */
export function progressLine(p: ImportProgress): string {
  const of = p.total === null ? `${count(p.done)} lines` : `${count(p.done)}/${count(p.total)}`;
  const tally = `imported ${count(p.imported)} · duplicates ${count(p.duplicates)} · refused ${count(p.refused)}`;
  return `${p.phase} ${of} · ${tally}`;
}

function bar(p: ImportProgress): string {
  if (p.total === null || p.total === 0) return "";
  const share = Math.min(1, p.done / p.total);
  const filled = Math.round(share * WIDTH);
  return `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% `;
}

/**
 * How an import shows its progress on `out` (stderr, so stdout keeps only the report): on a
 * terminal a bar redrawn in place, at most ten times a second; elsewhere (a log, CI) a plain
 * line at most every two seconds and at each change of phase.
 */
export function progressPrinter(out: NodeJS.WriteStream, now: () => number = Date.now) {
  let last = 0;
  let phase: ImportProgress["phase"] | null = null;
  let drawn = false;
  let printed = "";
  return {
    update(p: ImportProgress): void {
      const changed = p.phase !== phase;
      const gap = out.isTTY ? 100 : 2000;
      if (!changed && now() - last < gap) return;
      last = now();
      if (out.isTTY) {
        if (changed && drawn) out.write("\n");
        out.write(`\r${bar(p)}${progressLine(p)}\x1b[K`);
        drawn = true;
      } else {
        printed = progressLine(p);
        out.write(`${printed}\n`);
      }
      phase = p.phase;
    },
    done(p: ImportProgress | null): void {
      if (out.isTTY && p) out.write(`\r${bar(p)}${progressLine(p)}\x1b[K\n`);
      else if (p && progressLine(p) !== printed) out.write(`${progressLine(p)}\n`);
    },
  };
}
