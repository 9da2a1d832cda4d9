import { errorText } from "../i18n/index.js";
import { reactive, useWidget } from "./reactive.js";

/**
 * Connecting, reconnecting (values on screen are stale) or offline, in words. Reconnecting needs
 * nothing from the viewer; offline means the server refused, so it says why and offers a retry.
 */
export const Status = reactive(function Status() {
  const { models, m } = useWidget();
  const { status, error, retry, synced } = models.connection;
  if (status.value === "online") return null;
  const offline = status.value === "offline";
  return (
    <div
      role="status"
      data-status={status.value}
      class="pointer-events-auto flex items-center gap-2 self-start rounded-full bg-(--encore-surface) px-3 py-1.5 text-xs shadow-lg ring-1 ring-white/10 backdrop-blur"
    >
      <span
        aria-hidden="true"
        class={`size-2 rounded-full ${offline ? "bg-zinc-400" : "bg-amber-400 motion-safe:animate-pulse"}`}
      />
      <span>
        {offline
          ? `${m.status.offline}${error.value ? ` · ${errorText(m, error.value)}` : ""}`
          : status.value === "reconnecting" && synced.value
            ? m.status.reconnecting
            : m.status.connecting}
      </span>
      {offline && (
        <button
          type="button"
          onClick={retry}
          class="rounded-full bg-white/15 px-2 py-0.5 font-semibold hover:bg-white/25 focus-visible:outline-2 focus-visible:outline-white"
        >
          {m.status.retry}
        </button>
      )}
    </div>
  );
});
