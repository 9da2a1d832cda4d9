import { useHost } from "./context.js";
import { Button, RefusalNote } from "./parts.js";

export function Header() {
  const { model, locale, t } = useHost();
  const room = model.room.value;
  const live = room?.live ?? false;
  const busy = model.requests.busy.value.has("live");
  return (
    <header class="flex flex-wrap items-center gap-3 border-b border-white/10 px-5 py-3">
      <div class="flex min-w-0 flex-1 items-center gap-3">
        <span class="text-sm font-bold tracking-wide text-[var(--host-accent)]">Encore</span>
        <h1 class="truncate text-lg font-semibold">{room?.title ?? t.title}</h1>
        <span
          data-testid="live-badge"
          class={`rounded-full px-2.5 py-0.5 text-xs font-bold ${live ? "animate-pulse bg-rose-600 text-white" : "bg-white/10 text-[var(--host-muted)]"}`}
        >
          {live ? t.live : t.offAir}
        </span>
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
