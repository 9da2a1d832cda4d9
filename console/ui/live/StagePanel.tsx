import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { Panel } from "../parts/Panel.js";
import { RefusalNote } from "../parts/RefusalNote.js";
import { TierTag } from "../parts/TierTag.js";

/**
 * 连麦: the room's guest spot, as every console of the room hears it: who is invited or on stage
 * (tier, and "bought this" when they have an order of the featured product), and the one button
 * that ends it. Invitations start from "who is here" and from the comment feed.
 */
export function StagePanel() {
  const { model, t } = useHost();
  const spot = model.stageSpot.value;
  const busy = model.requests.busy.value.has("stageEnd");
  const open = spot && spot.state !== "ended";
  return (
    <Panel title={t.stagePanel}>
      <RefusalNote action="stageInvite" />
      <RefusalNote action="stageEnd" />
      {spot ? (
        <div class="flex items-center gap-2 text-sm" data-testid="host-stage" data-state={spot.state}>
          <span class="min-w-0 flex-1">
            <span class="block truncate">
              <TierTag tier={spot.tier} />
              <span class="font-semibold">{spot.name}</span>
              {spot.boughtFeatured && (
                <span class="ml-1 rounded bg-emerald-500/25 px-1.5 text-[11px] font-semibold text-emerald-200">
                  {t.stageBought}
                </span>
              )}
            </span>
            <span class="block text-xs text-[var(--host-muted)]">
              {spot.state === "invited"
                ? t.stageInvited(spot.name)
                : spot.state === "accepted"
                  ? t.stageAccepted(spot.name)
                  : spot.state === "on_stage"
                    ? t.stageOnStage(spot.name)
                    : t[`stageEnded_${spot.endedReason ?? "host"}`]}
            </span>
          </span>
          {open && (
            <Button disabled={busy} onClick={() => void model.endStage()}>
              {spot.state === "invited" ? t.stageWithdraw : t.stageEnd}
            </Button>
          )}
        </div>
      ) : (
        <p class="text-sm text-[var(--host-muted)]">{t.stageNone}</p>
      )}
    </Panel>
  );
}

/** One tap on a viewer's row (who is here, the comment feed): invite them on stage. */
export function InviteToStage(props: { viewerId: string; name: string }) {
  const { model, t } = useHost();
  const busy = model.requests.busy.value.has("stageInvite");
  const spot = model.stageSpot.value;
  const theirs = spot && spot.state !== "ended" && spot.viewerId === props.viewerId;
  if (theirs) return null;
  return (
    <button
      type="button"
      disabled={busy}
      aria-label={`${t.stageInvite} ${props.name}`}
      title={t.stageInvite}
      class="shrink-0 rounded border border-white/15 px-1.5 text-xs text-[var(--host-muted)] hover:border-sky-400 hover:text-sky-200 disabled:opacity-50"
      onClick={() => void model.inviteToStage(props.viewerId)}
    >
      🎙
    </button>
  );
}
