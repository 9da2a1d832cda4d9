import type { LoadAgora } from "./agora-shell.js";

/** For the ES build: the viewer and the SDK are ordinary lazy chunks, fetched on the first play. */
export const agoraFromChunks: LoadAgora = async () => {
  const [viewer, sdk] = await Promise.all([import("./agora.js"), import("agora-rtc-sdk-ng")]);
  return { startAgoraViewer: viewer.startAgoraViewer, sdk: sdk.default };
};
