import { log } from "../client/log.js";
import { messagesFromFiles, panelsFromFiles } from "./lazy/load-files.js";
import type { MountOptions } from "./mount.js";
import { createEncoreApi, type EncoreApi, replayQueue } from "./page-api.js";
import { agoraFromServer } from "./video/load-agora-url.js";

/**
 * The script-tag loader. Reads its own data-* attributes once, with defaults; nothing deeper
 * reads raw input. Then it replaces the queue stub with the real API, replays the queued calls
 * and mounts, unless data-mount="manual" or a queued Encore("mount", …) already did.
 */
function readScript(script: HTMLScriptElement | null): Partial<MountOptions> & { manual: boolean } {
  const data = script?.dataset ?? {};
  return {
    room: data.room?.trim() || undefined,
    token: data.token?.trim() || null,
    locale: data.locale?.trim() || null,
    video: data.video?.trim() || "none",
    server: data.server?.trim() || (script?.src ? new URL(script.src, location.href).origin : location.origin),
    manual: data.mount === "manual",
  } as Partial<MountOptions> & { manual: boolean };
}

const script = document.currentScript as HTMLScriptElement | null;
const { manual, ...defaults } = readScript(script);
/** the panel files sit next to this bundle, wherever it was served from */
const bundleUrl = script?.src || `${defaults.server ?? location.origin}/widget/`;
const win = window as unknown as { Encore?: EncoreApi | { q?: ArrayLike<unknown>[] } };
const stub = win.Encore;
if (stub && "current" in stub) {
  log.warn("encore.js was loaded twice; keeping the first");
} else {
  const api = createEncoreApi({
    ...defaults,
    loadAgora: agoraFromServer(defaults.server ?? location.origin),
    loadPanel: panelsFromFiles(bundleUrl),
    loadMessages: messagesFromFiles(bundleUrl),
  });
  win.Encore = api;
  replayQueue(api, stub?.q);
  const start = () => {
    if (!manual && !api.current && defaults.room) api.mount();
  };
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
}
