import { readdirSync } from "node:fs";
import type { UserConfig } from "vite";
import { HASH_LENGTH } from "./bundle.js";

/** The script tag's bundle as `vite build` names it: encore-<content hash>.js. */
const BUNDLE = new RegExp(`^encore-[A-Za-z0-9_-]{${HASH_LENGTH}}\\.js$`);

/** The one content-hashed bundle the main build left in outDir; anything else is a broken build. */
export function findBundle(outDir: string): string {
  const found = readdirSync(outDir).filter((name) => BUNDLE.test(name));
  if (found.length !== 1) {
    throw new Error(`expected one encore-<hash>.js in ${outDir} (run vite build first), found ${found.length}`);
  }
  return found[0] as string;
}

/**
 * `vite build --mode loader` writes outDir/encore.js, the short-lived loader (widget/loader.ts),
 * with the bundle's hashed name built in. It runs after the main build, which empties outDir.
 */
export function loaderBuild(outDir: string): UserConfig {
  return {
    define: { __ENCORE_BUNDLE__: JSON.stringify(findBundle(outDir)) },
    build: {
      outDir,
      emptyOutDir: false,
      target: "es2020",
      lib: { entry: "widget/loader.ts", name: "EncoreLoader", formats: ["iife"], fileName: () => "encore.js" },
    },
  };
}
