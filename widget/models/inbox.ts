import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import { ServerEvent } from "../../protocol/events.js";
import type { InboxState } from "../../protocol/lifecycle.js";
import { effect, signal } from "../core/signals.js";

/**
 * The first screen's side of the "for you" inbox: the badge (unseen) and the viewer's opt-out,
 * from the snapshot, and each touch pushed while connected counted in. The list, marking it seen
 * and the switch are the panel's own model (widget/panels/inbox/list.ts), which borrows this
 * transport: the first load carries only what the badge needs.
 */
export function createInbox(transport: Transport) {
  /** null for a guest, who has no inbox */
  const state = signal<InboxState | null>(null);
  const open = signal(false);

  const dispose = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        state.value = snapshot.inbox;
      },
      [ServerEvent.touch]: () => {
        const now = state.peek();
        if (now) state.value = { ...now, unseen: now.unseen + 1 };
      },
    }),
  );

  return {
    transport,
    state,
    open,
    dispose,
  };
}
export type InboxModel = ReturnType<typeof createInbox>;
