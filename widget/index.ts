import type { Emitter } from "./core/emitter.js";
import { panelsFromChunks } from "./lazy/load-chunks.js";
import { type Mounted, type MountOptions, mountOverlay } from "./mount.js";
import { agoraFromChunks } from "./video/load-agora-chunk.js";

export type { LinkState, Transport } from "../client/transport.js";
export { createEmitter, type PageEventName, type PageEvents } from "./core/emitter.js";
export type { Mounted, MountOptions } from "./mount.js";
export { createEncoreApi, type EncoreApi } from "./page-api.js";

/** Mounts the overlay; the returned function removes every socket, listener and node it made. */
export function mount(options: MountOptions): () => void {
  return mountOverlay({ loadAgora: agoraFromChunks, loadPanel: panelsFromChunks, ...options }).unmount;
}

const OBSERVED = ["room", "token", "locale", "video", "server"] as const;

/**
 * `<encore-live room="…" token="…">`: the overlay inside the element, in the page's flow.
 * Changing `token` (after login) reconnects as the new viewer.
 */
export function defineEncoreLive(name = "encore-live"): void {
  if (typeof customElements === "undefined" || customElements.get(name)) return;
  class EncoreLive extends HTMLElement {
    static observedAttributes = [...OBSERVED];
    #mounted: Mounted | null = null;
    emitter: Emitter | undefined;

    connectedCallback() {
      this.#remount();
    }
    disconnectedCallback() {
      this.#mounted?.unmount();
      this.#mounted = null;
    }
    attributeChangedCallback() {
      if (this.isConnected) this.#remount();
    }
    #remount() {
      this.#mounted?.unmount();
      this.#mounted = null;
      const room = this.getAttribute("room");
      if (!room) return;
      this.#mounted = mountOverlay({
        room,
        token: this.getAttribute("token"),
        locale: this.getAttribute("locale"),
        video: this.getAttribute("video"),
        server: this.getAttribute("server") ?? undefined,
        target: this,
        loadAgora: agoraFromChunks,
        loadPanel: panelsFromChunks,
        ...(this.emitter ? { emitter: this.emitter } : {}),
      });
    }
  }
  customElements.define(name, EncoreLive);
}

defineEncoreLive();
