import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { launchChromium } from "../support/chromium.js";
import { bundlesNamedByLoader, FIRST_LOAD_BUDGET_GZIP, gzipBytes, LOADER_FILE } from "../support/first-load.js";

/**
 * The script tag's first load: dist/widget/encore.js is the short-lived loader streamers paste, and
 * the content-hashed bundle it names (dist/widget/encore-<hash>.js) carries the JS and its CSS
 * (inlined into the shadow root), one bundle per language. The loader and the largest bundle are
 * everything a viewer downloads before the overlay appears, so the budget covers both. What is beyond the first screen loads later, from
 * files of its own, and is listed here too.
 */
const BUDGET_GZIP = FIRST_LOAD_BUDGET_GZIP;
const DIR = "dist/widget";
const LOADER = LOADER_FILE;
/**
 * fetched by the bundle only when needed: the panels (and the parts they share) the first time
 * each has something to show, Agora on play
 */
const LAZY_FILES = [
  ...readdirSync(DIR)
    .filter((f) => /^(panel|part|locale)-.+\.js$/.test(f))
    .sort(),
  "encore-agora.mjs",
  "agora-rtc-sdk-ng.js",
].filter((f) => existsSync(join(DIR, f)));
/** the ES build and its lazy chunks (Agora, the panels) */
const ES_FILES = [
  "encore.mjs",
  ...(existsSync(join(DIR, "chunks")) ? readdirSync(join(DIR, "chunks")).map((f) => `chunks/${f}`) : []),
];
/** what the IIFE imports by URL after the viewer taps play, never before */
const LAZY = ["/widget/encore-agora.mjs", "/widget/agora-rtc-sdk-ng.js"];
/** text only Agora's SDK or the Agora viewer's own code contains (encore.js may name the files it loads) */
const AGORA_CODE = /AgoraRTC|AgoraWebSDK|user-published|token-privilege-will-expire|createClient/;
/** the ES build names its lazy chunks (AgoraRTC_N-production-….js) but must not contain them */
const AGORA_CODE_ES = /AgoraWebSDK|user-published|token-privilege-will-expire|createClient/;

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
    gzip: gzipBytes(bytes),
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const problems: string[] = [];
const loader = measure(LOADER);
const bundleNames = bundlesNamedByLoader(DIR);
const missing = bundleNames.filter((name) => !existsSync(join(DIR, name)));
if (bundleNames.length === 0 || missing.length > 0) {
  console.error(`size: ${LOADER} names no bundle, or one missing in ${DIR} (${missing.join(", ")}): run npm run build`);
  process.exit(1);
}
// one bundle per language: a viewer downloads the loader and one of them, so the budget holds for the largest
const bundles = bundleNames.map(measure).sort((a, b) => b.gzip - a.gzip);
const bundle = bundles[0] as ReturnType<typeof measure>;
const firstLoad = [loader, ...bundles];
const first = {
  file: `${LOADER} + ${bundle.file}`,
  raw: loader.raw + bundle.raw,
  gzip: loader.gzip + bundle.gzip,
  brotli: loader.brotli + bundle.brotli,
};
if (first.gzip > BUDGET_GZIP)
  problems.push(`the first load is ${kb(first.gzip)} gzip, over the ${kb(BUDGET_GZIP)} budget`);
// Agora's SDK is ~470 KB gzip: it, and the adapter code that drives it, load only after play intent.
const agoraAbsent = firstLoad.every((file) => !AGORA_CODE.test(file.text));
if (!agoraAbsent) problems.push("the first load contains Agora code");
if (AGORA_CODE_ES.test(measure("encore.mjs").text))
  problems.push("encore.mjs contains Agora code outside its lazy chunks");

/**
 * In Chromium: a page with data-video="agora" requests neither lazy file until the play button
 * is tapped, then both. The widget's own server is not needed: the files are served statically.
 */
async function lazyLoadInBrowser(): Promise<{ beforeTap: string[]; afterTap: string[] } | null> {
  if (!existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) return null;
  const types: Record<string, string> = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html" };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        `<!doctype html><body><script src="/encore.js" data-room="size" data-token="t" data-video="agora" data-locale="en"></script></body>`,
      );
      return;
    }
    // the loader at /encore.js names the bundle under /widget/; the panels are imported from beside it
    const file = /^\/(encore|panel-[\w-]+)\.js$/.test(path)
      ? join(DIR, path.slice(1))
      : path.startsWith("/widget/")
        ? join(DIR, path.slice(8))
        : "";
    if (!file || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin === origin) requested.push(url.pathname);
    });
    await page.goto(`${origin}/`);
    const play = page.locator("encore-overlay").getByRole("button", { name: "Watch the live" });
    await play.waitFor();
    // give a premature fetch every chance to show itself before the tap
    await page.waitForLoadState("networkidle");
    const beforeTap = requested.filter((p) => LAZY.includes(p));
    await play.click();
    for (let waited = 0; waited < 10_000 && !LAZY.every((p) => requested.includes(p)); waited += 100) {
      await page.waitForTimeout(100);
    }
    return { beforeTap, afterTap: requested.filter((p) => LAZY.includes(p)) };
  } finally {
    await browser.close();
    server.close();
  }
}

const lazy = await lazyLoadInBrowser();
if (lazy && lazy.beforeTap.length > 0) problems.push(`requested before play intent: ${lazy.beforeTap.join(", ")}`);
for (const path of LAZY)
  if (lazy && !lazy.afterTap.includes(path)) problems.push(`${path} was not requested after play intent`);

const row = ({ file, raw, gzip, brotli }: Sizes): Sizes => ({ file, raw, gzip, brotli });
const lazyRows = LAZY_FILES.map((f) => row(measure(f)));
const esRows = ES_FILES.map((f) => row(measure(f)));
const rows: Sizes[] = [...firstLoad.map(row), ...lazyRows, ...esRows];
const width = Math.max(...rows.map((r) => r.file.length)) + 2;
const print = (title: string, list: Sizes[]) => {
  console.log(title);
  for (const r of list)
    console.log(`  ${r.file.padEnd(width)} ${kb(r.raw).padEnd(10)} ${kb(r.gzip).padEnd(10)} ${kb(r.brotli)}`);
};
console.log(`  ${"file".padEnd(width)} ${"raw".padEnd(10)} ${"gzip".padEnd(10)} brotli`);
print("first load (script tag: the loader and one of its bundles, one per language)", firstLoad.map(row));
print("loaded later by the script tag: panels on first open, Agora on play", lazyRows);
print("ES build (encore.mjs and its lazy chunks)", esRows);
console.log(
  `first load (script tag): ${kb(first.gzip)} gzip of ${kb(BUDGET_GZIP)} budget; Agora absent: ${agoraAbsent}`,
);
console.log(
  lazy
    ? `Chromium, data-video="agora": before the play tap ${lazy.beforeTap.length ? lazy.beforeTap.join(", ") : "no Agora file"}; after it ${lazy.afterTap.join(", ")}`
    : "Chromium not found: the lazy-load check did not run",
);

mkdirSync("bench/results", { recursive: true });
writeFileSync(
  "bench/results/size.json",
  `${JSON.stringify(
    {
      budgetGzip: BUDGET_GZIP,
      firstLoad: first,
      files: rows,
      lazyFiles: lazyRows,
      agoraAbsent,
      lazyAgora: lazy,
      ok: problems.length === 0,
    },
    null,
    2,
  )}\n`,
);

if (problems.length > 0) {
  for (const p of problems) console.error(`size: ${p}`);
  process.exit(1);
}
