import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { build, type InlineConfig, type Plugin, type UserConfig } from "vite";
import { LOCALES } from "../../client/locale.js";
import { shadowBundle } from "../../widget/build/bundle.js";
import { CHROME_LOCALE_DIR, extensionWords } from "../i18n/index.js";
import { extensionManifest } from "../manifest.js";
import { ICON_SIZES, iconPath, iconPng } from "./icon.js";
import { zip } from "./zip.js";

/** The `npm start` server: what a developer's build of the extension talks to unless told otherwise. */
export const DEFAULT_EXTENSION_SERVER = "http://127.0.0.1:8787";

export interface ExtensionBuildOptions {
  /** the Encore server's origin, fixed in the extension (ENCORE_EXTENSION_SERVER) */
  server: string;
  /** the test build: fixture pages on http://127.0.0.1 stand for the platforms (never in a store build) */
  fixtures: boolean;
  /** the shop's sign-in page the popup opens (ENCORE_EXTENSION_SIGN_IN); its origin may hand over tokens */
  signIn: string;
  outDir: string;
  /** where the store's zip of outDir goes; none for a test build */
  zipFile?: string;
}

/** The build's options from the environment, as `npm run build` runs it. */
export function extensionOptionsFromEnv(env: Record<string, string | undefined>): ExtensionBuildOptions {
  const fixtures = env.ENCORE_EXTENSION_FIXTURES === "1";
  const server = serverOrigin(env.ENCORE_EXTENSION_SERVER || DEFAULT_EXTENSION_SERVER);
  return {
    server,
    fixtures,
    signIn: signInPage(env.ENCORE_EXTENSION_SIGN_IN || `${server}${DEMO_SIGN_IN_PATH}`),
    outDir: env.ENCORE_EXTENSION_OUT || (fixtures ? "dist/extension-test" : "dist/extension"),
    ...(fixtures ? {} : { zipFile: "dist/encore-extension.zip" }),
  };
}

/** The demo shop's sign-in page for the extension, on the `npm start` server (demo/extension-sign-in.html). */
export const DEMO_SIGN_IN_PATH = "/extension-sign-in";

function signInPage(value: string): string {
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`ENCORE_EXTENSION_SIGN_IN: ${value}`);
  return url.href;
}

function serverOrigin(value: string): string {
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`ENCORE_EXTENSION_SERVER: ${value}`);
  return url.origin;
}

/** What every entry reads as __ENCORE_EXTENSION__: fixed at build time, as MV3 wants. */
function extensionGlobals(options: ExtensionBuildOptions): string {
  const { server, fixtures, signIn } = options;
  return JSON.stringify({ server, fixtures, signIn, shops: [new URL(signIn).origin] });
}

const iife = (entry: string, name: string, outDir: string, options: ExtensionBuildOptions): InlineConfig => ({
  configFile: false,
  define: { __ENCORE_EXTENSION__: extensionGlobals(options) },
  logLevel: "warn",
  build: {
    outDir,
    emptyOutDir: false,
    target: "es2020",
    lib: { entry, name, formats: ["iife"], fileName: () => `${name}.js` },
  },
});

/**
 * `vite build --mode extension`: dist/extension/, a Manifest V3 extension, and its zip for the
 * stores. The content script is the widget's overlay built as one IIFE (a content script cannot
 * be a module) with its panels bundled in (MV3 runs no remote code); the popup is an IIFE of the
 * widget's models and parts with their stylesheets, the service worker a small IIFE; then manifest.json, the popup's page, each language's
 * name and description (_locales/), and the zip.
 */
export function extensionBuild(options: ExtensionBuildOptions): UserConfig {
  const outDir = resolve(options.outDir);
  const config = shadowBundle({ entry: "extension/content.ts", name: "content", format: "iife", outDir });
  return {
    ...config,
    define: { __ENCORE_EXTENSION__: extensionGlobals(options) },
    plugins: [...(config.plugins ?? []), extensionFiles(options, outDir)],
  };
}

function extensionFiles(options: ExtensionBuildOptions, outDir: string): Plugin {
  return {
    name: "encore:extension-files",
    apply: "build",
    async closeBundle() {
      await build(iife("extension/background.ts", "background", outDir, options));
      // the popup draws the widget's own parts: Tailwind for a shadow root and JSX, like the overlay
      await build({
        ...shadowBundle({ entry: "extension/popup.tsx", name: "popup", format: "iife", outDir, keepOutDir: true }),
        configFile: false,
        logLevel: "warn",
        define: { __ENCORE_EXTENSION__: extensionGlobals(options) },
      });
      copyFileSync(resolve("extension/popup.html"), join(outDir, "popup.html"));
      const { version } = JSON.parse(readFileSync(resolve("package.json"), "utf8")) as { version: string };
      const manifest = extensionManifest({
        server: options.server,
        version,
        fixtures: options.fixtures,
        shops: [new URL(options.signIn).origin],
      });
      writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
      mkdirSync(join(outDir, "icons"), { recursive: true });
      for (const size of ICON_SIZES) writeFileSync(join(outDir, iconPath(size)), iconPng(size));
      for (const locale of LOCALES) {
        const words = extensionWords[locale];
        const dir = join(outDir, "_locales", CHROME_LOCALE_DIR[locale]);
        mkdirSync(dir, { recursive: true });
        const messages = { name: { message: words.name }, description: { message: words.description } };
        writeFileSync(join(dir, "messages.json"), `${JSON.stringify(messages, null, 2)}\n`);
      }
      if (options.zipFile) {
        const files = readdirSync(outDir, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => relative(outDir, join(entry.parentPath, entry.name)).split("\\").join("/"))
          .sort();
        const archive = zip(files.map((name) => ({ name, data: readFileSync(join(outDir, name)) })));
        mkdirSync(dirname(resolve(options.zipFile)), { recursive: true });
        writeFileSync(resolve(options.zipFile), archive);
      }
    },
  };
}
