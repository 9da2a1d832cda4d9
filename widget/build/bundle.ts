import tailwindcss from "@tailwindcss/vite";
import type { UserConfig } from "vite";
import { shadowRootCss } from "./vite-shadow-css.js";

/** JSX through Preact, for every browser bundle */
export const BROWSER_OXC = { jsx: { runtime: "automatic", importSource: "preact" } } as const;
/**
 * How the browser bundles lower class fields. The target (es2020) predates them, so each field
 * would become a call to a defineProperty helper that carries its own `typeof` shim (about 0.3 KB
 * gzip of the first load, for the signals' and reactive()'s fields). No field of ours shadows an
 * accessor, so a field is an assignment in the constructor, and a field without an initializer
 * is only a type, as with TypeScript's `useDefineForClassFields: false`.
 */
export const CLASS_FIELDS = {
  assumptions: { setPublicClassFields: true },
  typescript: { removeClassFieldsWithoutInitializer: true },
} as const;

/** how many characters of a content hash a file name carries (Vite's default, spelled out) */
export const HASH_LENGTH = 8;

export interface BundleOptions {
  /** the module that mounts the bundle */
  entry: string;
  /** file name without extension: NAME.js (IIFE) or NAME.mjs (ES) */
  name: string;
  /** "iife" for a script tag: one file, CSS inlined; "es" for npm, where lazy chunks may split */
  format: "iife" | "es";
  outDir?: string;
  /** keep what earlier builds wrote into outDir */
  keepOutDir?: boolean;
  /** NAME-<content hash>.js: served immutable, loaded through a short-lived loader (widget/loader.ts) */
  contentHashed?: boolean;
}

/**
 * One Vite config for any bundle that renders into its own shadow root (the viewer widget,
 * the host console): Tailwind compiled for the shadow root, JSX through Preact, library output.
 */
export function shadowBundle(options: BundleOptions): UserConfig {
  return {
    plugins: [tailwindcss(), shadowRootCss()],
    oxc: BROWSER_OXC,
    build: {
      outDir: options.outDir ?? "dist/widget",
      emptyOutDir: !options.keepOutDir,
      target: "es2020",
      // the CSS travels inside the JS as a string; no stylesheet request is needed
      cssCodeSplit: false,
      // the ES build's lazy chunks (Agora) sit in chunks/, served at /chunks/ beside /encore.mjs
      rolldownOptions: {
        transform: CLASS_FIELDS,
        output: { chunkFileNames: `chunks/[name]-[hash:${HASH_LENGTH}].js` },
      },
      lib: {
        entry: options.entry,
        name: "EncoreBundle",
        formats: [options.format],
        fileName: () =>
          `${options.name}${options.contentHashed ? `-[hash:${HASH_LENGTH}]` : ""}.${options.format === "iife" ? "js" : "mjs"}`,
      },
    },
  };
}
