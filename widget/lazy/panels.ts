import type { ComponentType } from "preact";
import { log } from "../../client/log.js";
import { type ReadonlySignal, type Signal, signal } from "../core/signals.js";
import type { LoadPanel, PanelModule } from "./types.js";

export type PanelState = { status: "idle" | "loading" | "failed" } | { status: "ready"; component: ComponentType };

/**
 * The overlay's lazily loaded panels: each is fetched the first time it is opened, its stylesheet
 * joins the overlay's shadow root, and a failure can be retried. One per mounted overlay;
 * dispose() takes the stylesheets back out.
 */
export function createPanels(load: LoadPanel | undefined, shadowRoot: ShadowRoot) {
  const states = new Map<string, Signal<PanelState>>();
  const attempts = new Map<string, number>();
  const styles: HTMLStyleElement[] = [];
  let disposed = false;

  const stateOf = (name: string) => {
    let state = states.get(name);
    if (!state) {
      state = signal<PanelState>({ status: "idle" });
      states.set(name, state);
    }
    return state;
  };

  const fetchPanel = (name: string) => {
    const state = stateOf(name);
    const attempt = attempts.get(name) ?? 0;
    attempts.set(name, attempt + 1);
    state.value = { status: "loading" };
    if (!load) {
      log.warn(`this build cannot load the ${name} panel`);
      state.value = { status: "failed" };
      return;
    }
    const ready = (module: PanelModule) => {
      if (disposed) return;
      const style = shadowRoot.ownerDocument.createElement("style");
      style.textContent = module.css;
      shadowRoot.append(style);
      styles.push(style);
      state.value = { status: "ready", component: module.default };
    };
    const failed = (error: unknown) => {
      log.warn(`could not load the ${name} panel`, error);
      if (!disposed) state.value = { status: "failed" };
    };
    try {
      const module = load(name, attempt);
      if ("then" in module) module.then(ready, failed);
      else ready(module);
    } catch (error) {
      failed(error);
    }
  };

  return {
    state: (name: string): ReadonlySignal<PanelState> => stateOf(name),
    /** fetches the panel the first time it is opened; later calls change nothing */
    load(name: string) {
      if (stateOf(name).peek().status === "idle") fetchPanel(name);
    },
    /** fetches the panel when the page is next idle, ahead of its first showing */
    prefetch(name: string) {
      const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 500));
      idle(() => disposed || this.load(name));
    },
    retry(name: string) {
      if (stateOf(name).peek().status === "failed") fetchPanel(name);
    },
    dispose() {
      disposed = true;
      for (const style of styles.splice(0)) style.remove();
    },
  };
}
export type Panels = ReturnType<typeof createPanels>;
