import type { LoadAgora } from "./agora-shell.js";

/**
 * For the script tag's IIFE, which cannot split chunks (DESIGN §6 trap 3): the Agora viewer
 * (encore-agora.mjs) and Agora's own ESM file are served next to encore.js and imported by URL
 * with the browser's native import(), which the bundler leaves alone.
 */
export function agoraFromServer(server: string): LoadAgora {
  return async () => {
    const [viewer, sdk] = await Promise.all([
      import(/* @vite-ignore */ `${server}/widget/encore-agora.mjs`),
      import(/* @vite-ignore */ `${server}/widget/agora-rtc-sdk-ng.js`),
    ]);
    return { startAgoraViewer: viewer.startAgoraViewer, sdk: sdk.default };
  };
}
