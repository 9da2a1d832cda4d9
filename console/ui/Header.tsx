import { useHost } from "./context.js";
import { Button } from "./parts/Button.js";
import { RefusalNote } from "./parts/RefusalNote.js";

export function Header() {
  const { model, locale, t, admin } = useHost();
  const room = model.room.value;
  // the back office opened without a room has no live state to show
  const roomless = admin !== undefined && model.access.value.kind !== "ready";
  const live = room?.live ?? false;
  const busy = model.requests.busy.value.has("live");
  return (
    <header class="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-white/10 px-4 py-3 sm:px-5">
      {/* On a phone the title has the first line to itself and the actions wrap below it; a long
          title takes two lines before it is cut, never two letters. */}
      <div class="flex min-w-0 basis-full items-center gap-3 sm:basis-0 sm:flex-1">
        <span class="shrink-0 text-sm font-bold tracking-wide text-[var(--host-accent-soft)]">Encore</span>
        <h1
          data-testid="room-title"
          class="line-clamp-2 min-w-0 text-lg leading-snug font-semibold [overflow-wrap:anywhere]"
        >
          {room?.title ?? (roomless ? t.backOfficeTitle : t.title)}
        </h1>
        {!roomless && (
          <span
            data-testid="live-badge"
            class={`flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-bold ${live ? "bg-rose-700 text-white" : "bg-white/10 text-[var(--host-muted)]"}`}
          >
            {/* the dot pulses, not the word: fading text would drop below a readable contrast */}
            {live && <span aria-hidden="true" class="size-1.5 animate-pulse rounded-full bg-white" />}
            {live ? t.live : t.offAir}
          </span>
        )}
      </div>
      <div class="w-80 max-w-full empty:hidden">
        <RefusalNote action="live" />
      </div>
      {model.access.value.kind === "ready" && (
        <Button tone={live ? "danger" : "accent"} busy={busy} onClick={() => void model.setLive(!live)}>
          {live ? t.endLive : t.goLive}
        </Button>
      )}
      <Button onClick={() => (locale.value = locale.value === "en" ? "zh-CN" : "en")}>{t.language}</Button>
    </header>
  );
}
