import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * What a viewer downloads before the overlay appears may weigh at most this, gzip: the loader
 * and the largest of its per-language bundles. bench/size.ts fails above it, and so does the
 * Chromium suite's check of the built files (test/e2e/lazy-panels.test.ts).
 */
export const FIRST_LOAD_BUDGET_GZIP = 20 * 1024;

/** the loader streamers paste, in dist/widget */
export const LOADER_FILE = "encore.js";
/** the loader names each language's bundle as an absolute /widget/ path */
const BUNDLE_IN_LOADER = /\/widget\/(encore-[A-Za-z0-9_-]+\.js)/g;

/** The bundles the loader in `dir` names, one per language. */
export function bundlesNamedByLoader(dir: string): string[] {
  const loader = readFileSync(join(dir, LOADER_FILE), "utf8");
  return [...loader.matchAll(BUNDLE_IN_LOADER)].map((match) => match[1] as string);
}

/** gzip at level 9, as a server that compresses ahead of time serves it */
export const gzipBytes = (bytes: Buffer | string): number => gzipSync(bytes, { level: 9 }).length;

/** The first load's weight, gzip: the loader plus the largest bundle a viewer may be given. */
export function firstLoadGzip(dir: string): number {
  const bundles = bundlesNamedByLoader(dir).map((file) => gzipBytes(readFileSync(join(dir, file))));
  return gzipBytes(readFileSync(join(dir, LOADER_FILE))) + Math.max(0, ...bundles);
}
