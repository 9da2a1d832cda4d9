import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Plugin } from "vite";

/** Agora's own single-file ESM build, served next to encore.js for the native URL import. */
export const AGORA_SDK_SOURCE = resolve("node_modules/agora-rtc-sdk-ng/AgoraRTC_N-production.esm.mjs");
export const AGORA_SDK_FILE = "agora-rtc-sdk-ng.js";

/** Copies the SDK into the output as it is: it is never bundled, only fetched after play intent. */
export function copyAgoraSdk(outDir: string): Plugin {
  return {
    name: "encore-copy-agora-sdk",
    apply: "build",
    writeBundle() {
      copyFileSync(AGORA_SDK_SOURCE, join(outDir, AGORA_SDK_FILE));
    },
  };
}
