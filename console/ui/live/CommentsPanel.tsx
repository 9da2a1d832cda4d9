import { clip } from "../../../client/graphemes.js";
import { useHost } from "../context.js";

/** a feed line stays a line or two; the full comment is in its tooltip */
const FEED_TEXT = 120;

import { Panel } from "../parts/Panel.js";
import { RefusalNote } from "../parts/RefusalNote.js";
import { TierTag } from "../parts/TierTag.js";
import { InviteToStage } from "./StagePanel.js";

/** The room's comment sample, newest first, with a mute per commenter. */
export function CommentsPanel() {
  const { model, t } = useHost();
  const comments = model.comments.value;
  const muted = model.muted.value;
  const busy = model.requests.busy.value.has("mute");
  return (
    <Panel title={t.commentsPanel} class="flex-1">
      <RefusalNote action="mute" />
      {comments.length === 0 ? (
        <p class="text-sm text-[var(--host-muted)]">{t.noComments}</p>
      ) : (
        <ul aria-label={t.commentsPanel} class="flex min-h-0 flex-col gap-1 overflow-y-auto">
          {comments.map((c, i) => {
            const isMuted = muted.get(c.viewerId) === true;
            return (
              <li
                key={`${c.id}-${c.at}-${i}`}
                class={`group flex items-start gap-2 rounded px-2 py-1 text-sm hover:bg-white/5 ${isMuted ? "opacity-50" : ""}`}
              >
                <span class="min-w-0 flex-1 break-words">
                  {c.tier ? <TierTag tier={c.tier} /> : null}
                  <span class="mr-1 font-semibold text-sky-300">{c.name}</span>
                  <span title={c.text}>{clip(c.text, FEED_TEXT)}</span>
                </span>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={`${isMuted ? t.unmute : t.mute} ${c.name}`}
                  class="shrink-0 rounded border border-white/15 px-1.5 text-xs text-[var(--host-muted)] hover:border-rose-400 hover:text-rose-300 disabled:opacity-50"
                  onClick={() => void model.mute(c.viewerId, !isMuted)}
                >
                  {isMuted ? t.unmute : t.mute}
                </button>
                <InviteToStage viewerId={c.viewerId} name={c.name} />
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
