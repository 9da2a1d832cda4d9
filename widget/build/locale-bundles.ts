import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build, type Plugin, type UserConfig } from "vite";
import { LOCALES, type Locale } from "../../client/locale.js";

/** Written beside the bundles: each language's bundle file, read by the loader's build and by bench/size.ts. */
export const BUNDLES_MANIFEST = "encore-bundles.json";
const BUNDLED_MODULE = resolve("widget/i18n/bundled.ts");
const localeModule = (locale: Locale) => resolve(`widget/i18n/${locale}.ts`);

/** Replaces widget/i18n/bundled.ts with one that carries a single language's words. */
function oneLocale(locale: Locale): Plugin {
  return {
    name: "encore:one-locale",
    enforce: "pre",
    load: (id) =>
      id === BUNDLED_MODULE
        ? `import words from ${JSON.stringify(localeModule(locale))};\nexport const bundled = { ${JSON.stringify(locale)}: words };`
        : null,
  };
}

/**
 * The script tag's bundle once per language (about 2.4 KB gzip of words each does not carry). The
 * configured build writes the first language's; when it is done, the same config is built again
 * for each other language into the same directory, with `siblings` (the plugins that must not run
 * twice, such as the panels' build, swapped for what they produced). The loader picks one by the
 * viewer's language (widget/loader.ts); BUNDLES_MANIFEST names them.
 */
export function localeBundles(config: UserConfig, siblings: () => Plugin[]): Plugin {
  const [first, ...others] = LOCALES;
  const bundles: Partial<Record<Locale, string>> = {};
  const entryOf = (output: { type: string; isEntry?: boolean; fileName: string }[]) =>
    output.find((chunk) => chunk.type === "chunk" && chunk.isEntry)?.fileName;
  return {
    ...oneLocale(first),
    name: "encore:locale-bundles",
    apply: "build",
    generateBundle(_options, bundle) {
      bundles[first] = entryOf(Object.values(bundle) as never);
    },
    async closeBundle() {
      for (const locale of others) {
        const result = await build({
          ...config,
          configFile: false,
          logLevel: "warn",
          plugins: [...(config.plugins ?? []), oneLocale(locale), ...siblings()],
          build: { ...config.build, emptyOutDir: false },
        });
        const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ("output" in r ? r.output : []));
        bundles[locale] = entryOf(outputs as never);
      }
      const outDir = config.build?.outDir ?? "dist/widget";
      writeFileSync(join(outDir, BUNDLES_MANIFEST), `${JSON.stringify(bundles, null, 2)}\n`);
    },
  };
}
