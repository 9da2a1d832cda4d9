import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { UserConfig } from "vite";
import { LOCALES, type Locale } from "../../client/locale.js";
import { HASH_LENGTH } from "./bundle.js";
import { BUNDLES_MANIFEST } from "./locale-bundles.js";

/** The script tag's bundle as `vite build` names it: encore-<content hash>.js. */
const BUNDLE = new RegExp(`^encore-[A-Za-z0-9_-]{${HASH_LENGTH}}\\.js$`);

/** Each language's content-hashed bundle, as the main build left them in outDir; anything else is a broken build. */
export function findBundles(outDir: string): Record<Locale, string> {
  const manifest = join(outDir, BUNDLES_MANIFEST);
  if (!existsSync(manifest)) throw new Error(`no ${BUNDLES_MANIFEST} in ${outDir}: run vite build first`);
  const bundles = JSON.parse(readFileSync(manifest, "utf8")) as Partial<Record<Locale, string>>;
  for (const locale of LOCALES) {
    const file = bundles[locale];
    if (!file || !BUNDLE.test(file) || !existsSync(join(outDir, file)))
      throw new Error(`no encore-<hash>.js for ${locale} in ${outDir} (run vite build first)`);
  }
  return bundles as Record<Locale, string>;
}

/**
 * `vite build --mode loader` writes outDir/encore.js, the short-lived loader (widget/loader.ts),
 * with each language's bundle's hashed name built in. It runs after the main build, which empties outDir.
 */
export function loaderBuild(outDir: string): UserConfig {
  return {
    define: {
      __ENCORE_BUNDLES__: JSON.stringify(
        Object.fromEntries(Object.entries(findBundles(outDir)).map(([locale, file]) => [locale, `/widget/${file}`])),
      ),
    },
    build: {
      outDir,
      emptyOutDir: false,
      target: "es2020",
      lib: { entry: "widget/loader.ts", name: "EncoreLoader", formats: ["iife"], fileName: () => "encore.js" },
    },
  };
}
