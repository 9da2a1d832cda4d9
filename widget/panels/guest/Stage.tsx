import { localized } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { TierBadge } from "../../ui/Tier.js";
import { usePanelWidget } from "../words/use-words.js";
import { guestOf } from "./model.js";

const card =
  "pointer-events-auto flex flex-col gap-2 rounded-(--encore-radius) bg-(--encore-surface) px-3 py-2 text-sm shadow-xl ring-1 ring-white/10 backdrop-blur motion-safe:animate-[encore-in_240ms_ease-out]";
const primary =
  "rounded-full bg-(--encore-accent) px-4 py-1.5 font-semibold text-(--encore-accent-ink) disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-white";
const quiet =
  "rounded-full px-3 py-1.5 text-(--encore-muted) hover:text-white focus-visible:outline-2 focus-visible:outline-white";

/** Who is on stage, for everyone in the room: name, tier badge, and "bought this" when they did. */
export const OnStage = reactive(function OnStage() {
  const { models, m, locale } = usePanelWidget();
  const guest = models.chat.stage.value;
  if (!guest) return null;
  const tier = models.chat.tiers.value[guest.tier];
  return (
    <div
      role="status"
      data-testid="stage-guest"
      class="pointer-events-auto flex max-w-full items-center gap-1.5 self-start rounded-full bg-black/60 px-2.5 py-1 text-xs"
    >
      <span aria-hidden="true">🎙</span>
      {tier && <TierBadge index={guest.tier} name={localized(tier.name, locale)} />}
      <span class="truncate font-semibold">{m.stage.guest(guest.name)}</span>
      {guest.boughtFeatured && (
        <span data-testid="stage-bought" class="shrink-0 rounded-full bg-emerald-500 px-2 py-0.5 font-bold text-white">
          {m.stage.bought}
        </span>
      )}
    </div>
  );
});

/**
 * The invited viewer's card: the invitation, then a preview of camera and microphone, then the
 * stage itself, and at the end why it ended. Its model lives beside it (./model.ts).
 */
export const GuestCard = reactive(function GuestCard() {
  const { models, m, video } = usePanelWidget();
  const guest = guestOf(models, video ?? null);
  const invite = models.chat.greeting.value?.invite;
  if (invite) guest.invited(invite);
  const phase = guest.phase.value;
  if (!phase) return null;
  const problem = guest.problem.value;
  const words = m.stage;
  const trouble = problem
    ? problem === "noCamera" || problem === "noVideo" || problem === "failed"
      ? words[problem]
      : ((m.errors as Record<string, string>)[problem] ?? words.failed)
    : null;
  const busy = guest.busy.value;
  const self = phase === "preview" || phase === "joining" || phase === "on_stage";
  return (
    <div class={card} data-testid="stage-card" data-phase={phase}>
      {phase === "invited" && (
        <>
          <p class="flex items-center gap-2 font-semibold">
            <span aria-hidden="true">🎙</span>
            {words.invite(models.chat.greeting.value?.from ?? null)}
          </p>
          <p class="text-(--encore-muted)">{words.inviteHint}</p>
        </>
      )}
      {self && (
        <>
          <p class="font-semibold">
            {phase === "on_stage" ? words.onStage : phase === "joining" ? words.joining : words.preview}
          </p>
          <div
            ref={(element) => guest.attachPreview(element)}
            data-testid="stage-preview"
            data-open={guest.previewing.value}
            class="relative aspect-[4/3] w-44 overflow-hidden rounded-lg bg-black/60"
          />
        </>
      )}
      {phase === "ended" && (
        <p data-testid="stage-ended" role="alert" class="font-semibold">
          {words.ended[guest.endedReason.value ?? "host"]}
        </p>
      )}
      {trouble && phase !== "ended" && (
        <p role="alert" class="text-(--encore-muted)">
          {trouble}
        </p>
      )}
      <div class="flex items-center gap-2">
        {phase === "invited" && (
          <>
            <button type="button" class={primary} disabled={busy} onClick={guest.accept} data-testid="stage-accept">
              {words.accept}
            </button>
            <button type="button" class={quiet} onClick={guest.decline} data-testid="stage-decline">
              {words.decline}
            </button>
          </>
        )}
        {(phase === "preview" || phase === "joining") && (
          <>
            <button
              type="button"
              class={primary}
              disabled={busy || !guest.previewing.value}
              onClick={guest.goLive}
              data-testid="stage-go-live"
            >
              {words.goLive}
            </button>
            <button type="button" class={quiet} onClick={guest.leave}>
              {words.decline}
            </button>
          </>
        )}
        {phase === "on_stage" && (
          <button type="button" class={quiet} onClick={guest.leave} data-testid="stage-leave">
            {words.leave}
          </button>
        )}
        {phase === "ended" && (
          <button type="button" class={quiet} onClick={guest.close}>
            {words.close}
          </button>
        )}
      </div>
    </div>
  );
});
