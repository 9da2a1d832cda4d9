import type { AckCode } from "../../../client/transport.js";
import { ClientEvent } from "../../../protocol/events.js";
import type { TouchView } from "../../../protocol/lifecycle.js";
import { effect, signal } from "../../core/signals.js";
import type { Models } from "../../models/index.js";

/** how many ids one inbox:seen carries (its payload's limit) */
const SEEN_BATCH = 50;

/** The touches newest first (the server sends them so; a list is never trusted to be sorted). */
export const newestFirst = (touches: TouchView[]) => [...touches].sort((a, b) => b.createdAt - a.createdAt);

/**
 * The inbox panel's model, beside the first screen's (widget/models/inbox.ts). While the inbox is
 * open it asks for the list, again whenever the badge grows (a touch pushed meanwhile: the first
 * screen's model counts it in), and marks what it shows seen, so the badge clears. Touches keep
 * `seen` as they came, so what was new stays marked while the viewer reads it. It also keeps the
 * sheets one at a time for the inbox, which the first load cannot spare the bytes for.
 * Loaded with the panel, one per overlay; its effects hold only signals, never a listener.
 */
export function createInboxList(models: Models) {
  const { transport, state, open } = models.inbox;
  const { panelOpen, products, collapsed } = models;
  /** newest first; null until the first answer */
  const touches = signal<TouchView[] | null>(null);
  const error = signal<AckCode | null>(null);
  const contactError = signal<AckCode | null>(null);

  const markSeen = async (shown: TouchView[]) => {
    const ids = shown.filter((t) => !t.seen).map((t) => t.id);
    for (let i = 0; i < ids.length; i += SEEN_BATCH) {
      const result = await transport.call(ClientEvent.inboxSeen, { ids: ids.slice(i, i + SEEN_BATCH) });
      if (result.ok) state.value = result.data;
    }
  };

  const load = async () => {
    error.value = null;
    const result = await transport.call(ClientEvent.inbox, {});
    if (!open.peek()) return;
    if (!result.ok) {
      error.value = result.error.code;
      return;
    }
    touches.value = newestFirst(result.data.touches);
    await markSeen(result.data.touches);
  };

  // the inbox opening closes the other sheets; another opening, the overlay folding or a guest's
  // snapshot (the viewer logged out) closes it
  effect(() => {
    if (!open.value) return;
    panelOpen.value = false;
    products.closeShelf();
  });
  effect(() => {
    if (panelOpen.value || products.shelfOpen.value || collapsed.value || !state.value) open.value = false;
  });

  /** the badge when the list was last asked for while open; null while closed */
  let asked: number | null = null;
  effect(() => {
    const unseen = state.value?.unseen ?? 0;
    if (!open.value) {
      asked = null;
      return;
    }
    // only growth asks again: what marking seen answers can never start another round
    if (asked === null || unseen > asked) void load();
    asked = unseen;
  });

  return {
    touches,
    error,
    contactError,
    load,
    /** the viewer's own switch: no touches between lives */
    async setOptOut(optOut: boolean) {
      const before = state.peek();
      if (!before) return;
      state.value = { ...before, optedOut: optOut };
      contactError.value = null;
      const result = await transport.call(ClientEvent.contact, { optOut });
      if (result.ok) state.value = result.data;
      else {
        state.value = { ...(state.peek() ?? before), optedOut: before.optedOut };
        contactError.value = result.error.code;
      }
    },
  };
}
export type InboxList = ReturnType<typeof createInboxList>;

const lists = new WeakMap<Models, InboxList>();

/** The panel's model for this overlay's inbox, made the first time the panel renders. */
export function inboxList(models: Models): InboxList {
  let list = lists.get(models);
  if (!list) {
    list = createInboxList(models);
    lists.set(models, list);
  }
  return list;
}
