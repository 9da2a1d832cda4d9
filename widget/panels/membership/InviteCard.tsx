import { errorText } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { usePanelWidget } from "../words/use-words.js";
import { inviteOf } from "./invite.js";

/**
 * "Invite a friend": what a new friend must do and what both get, one button that shares the
 * link (or copies it), what the share did, and how many friends the link brought in. Members
 * only; nothing shows while the shop has referrals off.
 */
export const InviteCard = reactive(function InviteCard() {
  const { models, m } = usePanelWidget();
  const invite = inviteOf(models);
  const card = invite.card.value;
  const error = invite.error.value;
  if (error === "referrals_off" || (!card && !error)) return null;
  if (!card) {
    return (
      <p class="text-xs text-(--encore-muted)">
        {errorText(m, error)}{" "}
        <button type="button" class="underline" onClick={() => void invite.load()}>
          {m.product.retry}
        </button>
      </p>
    );
  }
  const outcome = invite.outcome.value;
  const canShare = typeof navigator?.share === "function";
  return (
    <section aria-label={m.invite.title} class="rounded-xl bg-white/5 p-3 ring-1 ring-white/10">
      <h3 class="text-sm font-bold">{m.invite.title}</h3>
      <p class="mt-1 text-xs text-(--encore-muted)">
        {card.action === "watch" ? m.invite.howWatch(card.watchMinutes) : m.invite.howOrder}{" "}
        {card.reward === "points"
          ? m.invite.rewardPoints(card.inviterPoints, card.inviteePoints)
          : m.invite.rewardCoupon}
      </p>
      <button
        type="button"
        onClick={() => void invite.share(m.invite.shareText)}
        class="mt-2 w-full rounded-full bg-(--encore-accent) px-3 py-2 text-sm font-bold text-white hover:brightness-110 focus-visible:outline-2 focus-visible:outline-white"
      >
        {canShare ? m.invite.share : m.invite.copy}
      </button>
      <p role="status" class="mt-1.5 text-xs text-(--encore-muted)">
        {outcome === "shared" && m.invite.shared}
        {outcome === "copied" && m.invite.copied}
      </p>
      {outcome === "manual" && (
        <p class="text-xs">
          {m.invite.copyFailed} <span class="break-all select-all">{invite.link()}</span>
        </p>
      )}
      <p class="mt-1 text-xs text-(--encore-muted)">{m.invite.counts(card.joined, card.completed)}</p>
    </section>
  );
});
