import type { MuteView } from "../../../../protocol/moderation.js";
import { fill, type HostStrings } from "../../../i18n/index.js";
import type { ModerationAdminModel } from "../../../models/moderation-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";

/** Who muted a viewer, in words: their name when known, else what kind of actor it was; never a raw actor id. */
function mutedByWords(t: HostStrings, mute: MuteView): string | null {
  if (mute.mutedByName) return mute.mutedByName;
  const kind = mute.mutedBy?.split(":")[0];
  if (kind === "host") return t.mdByHost;
  if (kind === "session" || kind === "admin") return t.mdByBackOffice;
  if (kind === "api" || kind === "cli") return t.mdByApi;
  return null;
}

/** Every muted viewer of the shop, newest first, each with an unmute. */
export function MuteList(props: { model: ModerationAdminModel }) {
  const { model } = props;
  const { t, locale } = useHost();
  const mutes = model.mutes.value;
  const when = (at: number) =>
    new Intl.DateTimeFormat(locale.value, {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date(at));
  return (
    <div class="flex flex-col gap-2">
      <h3 class="text-sm font-semibold">{t.mdMuted}</h3>
      {mutes?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.mdNoMutes}</p>}
      <ul aria-label={t.mdMuted} class="flex flex-col gap-2">
        {mutes?.map((mute) => {
          const who = mutedByWords(t, mute);
          return (
            <li
              key={mute.viewerId}
              data-testid="muted-viewer"
              class="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-white/10 bg-white/5 px-3 py-2"
            >
              <div class="flex min-w-0 flex-1 flex-col">
                <strong class="text-sm [overflow-wrap:anywhere]">{mute.name ?? t.mdNoName}</strong>
                <span class="text-xs text-[var(--host-muted)] [overflow-wrap:anywhere]">
                  {fill(t.mdMemberId, { id: mute.viewerId })}
                </span>
                <span class="text-xs text-[var(--host-muted)]">
                  {who
                    ? fill(t.mdMutedBy, { when: when(mute.mutedAt), who })
                    : fill(t.mdMutedAt, { when: when(mute.mutedAt) })}
                </span>
              </div>
              <Button busy={model.unmuting.value === mute.viewerId} onClick={() => void model.unmute(mute.viewerId)}>
                {t.mdUnmute}
              </Button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
