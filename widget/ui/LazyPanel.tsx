import { untracked } from "../core/signals.js";
import { reactive, useWidget } from "./reactive.js";

/**
 * A panel beyond the first screen (widget/panels/NAME.tsx), fetched the first time it is shown:
 * a small "loading" while it comes, and a retry if it cannot. A `quiet` panel is one the viewer
 * did not ask for (a toast, the chest, the stage): it shows nothing until it is here, and where
 * it would have been, a retry if it cannot come.
 */
export const LazyPanel = reactive(function LazyPanel({ name, quiet = false }: { name: string; quiet?: boolean }) {
  const { panels, m } = useWidget();
  // asked for while rendering, before its state is read: the first render already says "loading"
  untracked(() => panels.load(name));
  const state = panels.state(name).value;
  if (state.status === "ready") {
    const Panel = state.component;
    return <Panel />;
  }
  const failed = state.status === "failed";
  if (quiet && !failed) return null;
  // one chip for all three states: the quiet panel's retry sits where the panel would have been,
  // a sheet's "loading" or retry where the sheet is about to open
  const chip = (
    <div
      role={failed ? "alert" : "status"}
      data-panel={name}
      data-state={state.status}
      class={`pointer-events-auto flex items-center gap-2 rounded-full bg-(--encore-surface) px-3 py-1.5 text-xs shadow-lg backdrop-blur ${quiet ? "self-end" : "ring-1 ring-white/10"}`}
    >
      {failed ? (
        <>
          <span>{m.lazy.failed}</span>
          <button
            type="button"
            onClick={() => panels.retry(name)}
            class="rounded-full bg-white/15 px-2 py-0.5 font-semibold hover:bg-white/25 focus-visible:outline-2 focus-visible:outline-white"
          >
            {m.lazy.retry}
          </button>
        </>
      ) : (
        <>
          <span aria-hidden="true" class="size-2 rounded-full bg-(--encore-gold) motion-safe:animate-pulse" />
          <span>{m.lazy.loading}</span>
        </>
      )}
    </div>
  );
  return quiet ? chip : <div class="pointer-events-none absolute inset-x-3 bottom-24 flex justify-center">{chip}</div>;
});
