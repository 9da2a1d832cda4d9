import { readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import tailwindcss from "@tailwindcss/vite";
import { build, type Plugin } from "vite";
import { LOCALES } from "../../client/locale.js";
import { KIT_KEY, SHARED } from "../lazy/shared.js";
import { BROWSER_OXC, CLASS_FIELDS } from "./bundle.js";
import { shadowRootCss } from "./vite-shadow-css.js";

/** Every file directly under widget/panels/ is a panel, loaded on first open; its name is the file's. */
export const PANELS_DIR = resolve("widget/panels");
const REACTIVE_MODULE = resolve("widget/ui/reactive.ts");
const SIGNALS_MODULE = resolve("widget/core/signals.ts");
const FILES_MODULE = "virtual:encore-panel-files";
const ENTRY = "\0encore-panel:";
const LOCALE_ENTRY = "\0encore-locale:";
const KIT = "\0encore-kit";
const BORROWED = "\0encore-borrow:";

export function panelNames(dir = PANELS_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".tsx"))
    .map((file) => basename(file, ".tsx"))
    .sort();
}

/**
 * The script tag's panels (DESIGN §6 trap 3: the IIFE cannot split chunks). Before the IIFE is
 * bundled, each panel is built on its own as an ES module with a content hash in its name
 * (panel-NAME-HASH.js), and `virtual:encore-panel-files` tells the bundle those names; the
 * files are written beside it, with what several panels share in part-HASH.js files (not panels:
 * nothing opens them by name). A panel borrows preact, reactive() and the overlay's context from
 * the bundle (widget/lazy/shared.ts) instead of carrying copies.
 */
export function lazyPanels(): Plugin & { api: { files(): Record<string, string> } } {
  let files: Record<string, string> = {};
  let outputs: { fileName: string; code: string }[] = [];
  return {
    ...panelFiles(() => files),
    name: "encore:lazy-panels",
    apply: "build",
    api: { files: () => files },
    async buildStart() {
      ({ files, outputs } = await buildPanels(panelNames()));
      for (const name of panelNames()) this.addWatchFile(join(PANELS_DIR, `${name}.tsx`));
    },
    generateBundle() {
      for (const { fileName, code } of outputs) this.emitFile({ type: "asset", fileName, source: code });
    },
  };
}

/** `virtual:encore-panel-files` for a bundle whose panel (and language) files are already built. */
export function panelFiles(files: () => Record<string, string>): Plugin {
  return {
    name: "encore:panel-files",
    resolveId: (id) => (id === FILES_MODULE ? `\0${FILES_MODULE}` : null),
    load: (id) => (id === `\0${FILES_MODULE}` ? `export default ${JSON.stringify(files())};` : null),
  };
}

async function buildPanels(names: string[]) {
  const result = await build({
    configFile: false,
    logLevel: "warn",
    plugins: [tailwindcss(), shadowRootCss(), borrowFromBundle()],
    oxc: BROWSER_OXC,
    build: {
      write: false,
      target: "es2020",
      modulePreload: false,
      copyPublicDir: false,
      rolldownOptions: {
        transform: CLASS_FIELDS,
        input: {
          ...Object.fromEntries(names.map((name) => [name, `${ENTRY}${name}`])),
          // the words of each language, for a bundle that carries another (widget/build/locale-bundles.ts)
          ...Object.fromEntries(LOCALES.map((locale) => [`locale-${locale}`, `${LOCALE_ENTRY}${locale}`])),
        },
        preserveEntrySignatures: "strict",
        output: {
          format: "es",
          entryFileNames: (chunk) => (chunk.name.startsWith("locale-") ? "[name]-[hash].js" : "panel-[name]-[hash].js"),
          chunkFileNames: "part-[hash].js",
        },
      },
    },
  });
  const chunks = (Array.isArray(result) ? result : [result]).flatMap((r) => ("output" in r ? r.output : []));
  const files: Record<string, string> = {};
  const outputs: { fileName: string; code: string }[] = [];
  for (const chunk of chunks) {
    if (chunk.type !== "chunk") continue;
    outputs.push({ fileName: chunk.fileName, code: chunk.code });
    if (chunk.isEntry) files[chunk.name] = chunk.fileName;
  }
  return { files, outputs };
}

/**
 * Points a panel's imports of the shared modules at the bundle's instances: each becomes a
 * module reading them from the kit the bundle set before importing the panel (shared.ts KIT_KEY). A name a panel imports that the kit does not lend is a build error.
 */
function borrowFromBundle(): Plugin {
  const shim = (specifier: keyof typeof SHARED) => {
    const names: readonly string[] = SHARED[specifier];
    if (names.length === 0) return "export {};";
    return [
      `import { kit } from ${JSON.stringify(KIT)};`,
      `export const { ${names.join(", ")} } = kit[${JSON.stringify(specifier)}];`,
    ].join("\n");
  };
  return {
    name: "encore:borrow-from-bundle",
    enforce: "pre",
    resolveId(id) {
      if (id.startsWith(ENTRY) || id.startsWith(LOCALE_ENTRY) || id === KIT) return id;
      if (id in SHARED) return `${BORROWED}${id}`;
      return null;
    },
    load(id) {
      if (id.startsWith(ENTRY)) {
        const file = join(PANELS_DIR, `${id.slice(ENTRY.length)}.tsx`);
        return `export { default, css } from ${JSON.stringify(file)};`;
      }
      if (id.startsWith(LOCALE_ENTRY))
        return `export { default } from ${JSON.stringify(resolve(`widget/i18n/${id.slice(LOCALE_ENTRY.length)}.ts`))};`;
      if (id === KIT)
        return `export const kit = globalThis[Symbol.for(${JSON.stringify(KIT_KEY)})];\nif (!kit) throw new Error("an Encore panel loads through its bundle");`;
      if (id.startsWith(BORROWED)) return shim(id.slice(BORROWED.length) as keyof typeof SHARED);
      if (id === REACTIVE_MODULE) return shim("widget/ui/reactive");
      if (id === SIGNALS_MODULE) return shim("widget/core/signals");
      return null;
    },
  };
}
