import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/**
 * The script tag's first load: dist/widget/encore.js carries the JS and its CSS (inlined into the
 * shadow root), so this one file is everything a viewer downloads before the overlay appears.
 */
const BUDGET_GZIP = 30 * 1024;
const DIR = "dist/widget";
const FIRST_LOAD = "encore.js";
const OTHERS = ["encore.mjs"];

interface Sizes {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

function measure(file: string): Sizes & { text: string } {
  const bytes = readFileSync(join(DIR, file));
  return {
    file,
    text: bytes.toString("utf8"),
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const first = measure(FIRST_LOAD);
const problems: string[] = [];
if (first.gzip > BUDGET_GZIP)
  problems.push(`${FIRST_LOAD} is ${kb(first.gzip)} gzip, over the ${kb(BUDGET_GZIP)} budget`);
// Agora's SDK is ~430 KB gzip: it must only ever load lazily, when video needs it.
if (/agora/i.test(first.text)) problems.push(`${FIRST_LOAD} contains Agora code`);

const rows: Sizes[] = [first, ...OTHERS.map(measure)].map(({ file, raw, gzip, brotli }) => ({
  file,
  raw,
  gzip,
  brotli,
}));
console.log("file           raw        gzip       brotli");
for (const r of rows)
  console.log(`${r.file.padEnd(14)} ${kb(r.raw).padEnd(10)} ${kb(r.gzip).padEnd(10)} ${kb(r.brotli)}`);
console.log(
  `first load (script tag): ${kb(first.gzip)} gzip of ${kb(BUDGET_GZIP)} budget; Agora absent: ${!/agora/i.test(first.text)}`,
);

mkdirSync("bench/results", { recursive: true });
writeFileSync(
  "bench/results/size.json",
  `${JSON.stringify({ budgetGzip: BUDGET_GZIP, firstLoad: FIRST_LOAD, files: rows, ok: problems.length === 0 }, null, 2)}\n`,
);

if (problems.length > 0) {
  for (const p of problems) console.error(`size: ${p}`);
  process.exit(1);
}
