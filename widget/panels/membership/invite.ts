import type { AckCode } from "../../../client/transport.js";
import { PanelEvent } from "../../../protocol/events.js";
import { REFERRAL_PARAM } from "../../../protocol/limits.js";
import type { ReferralCard } from "../../../protocol/referrals.js";
import { signal } from "../../core/signals.js";
import type { Models } from "../../models/index.js";

/** What the last share did: the link went out, was copied, or must be copied by hand. */
export type ShareOutcome = "shared" | "copied" | "manual" | null;

/**
 * The page the viewer is on, as an invite link: this page with the viewer's code in `encore_ref`.
 * Parameters that look like a login (`token`, `…_token`) are dropped, so sharing never hands the
 * viewer's sign-in to a friend; so is the hash.
 */
export function inviteLink(pageUrl: string, code: string): string {
  const url = new URL(pageUrl);
  url.hash = "";
  for (const name of [...url.searchParams.keys()]) {
    if (/token/i.test(name)) url.searchParams.delete(name);
  }
  url.searchParams.set(REFERRAL_PARAM, code);
  return url.toString();
}

/**
 * The invite card's model, loaded with the membership panel: asks for the viewer's card once,
 * and shares the link with the Web Share API, or copies it where that is missing or refused.
 */
export function createInvite(models: Models, page: () => string = () => location.href) {
  const { transport } = models.inbox;
  const card = signal<ReferralCard | null>(null);
  /** referrals_off hides the card; other codes show a retry */
  const error = signal<AckCode | null>(null);
  const outcome = signal<ShareOutcome>(null);
  const link = () => {
    const current = card.peek();
    return current ? inviteLink(page(), current.code) : null;
  };

  return {
    card,
    error,
    outcome,
    link,
    async load() {
      error.value = null;
      const result = await transport.call(PanelEvent.referral, {});
      if (result.ok) card.value = result.data;
      else error.value = result.error.code;
    },
    async share(text: string) {
      const url = link();
      if (!url) return;
      const nav = globalThis.navigator;
      if (nav?.share) {
        try {
          await nav.share({ text, url });
          outcome.value = "shared";
          return;
        } catch (err) {
          // the viewer closed the share sheet: nothing to say
          if ((err as { name?: string } | null)?.name === "AbortError") return;
        }
      }
      try {
        await nav.clipboard.writeText(url);
        outcome.value = "copied";
      } catch {
        outcome.value = "manual";
      }
    },
  };
}
export type Invite = ReturnType<typeof createInvite>;

const invites = new WeakMap<Models, Invite>();

/** The invite model of this overlay, made the first time the card renders. */
export function inviteOf(models: Models): Invite {
  let invite = invites.get(models);
  if (!invite) {
    invite = createInvite(models);
    invites.set(models, invite);
    void invite.load();
  }
  return invite;
}
