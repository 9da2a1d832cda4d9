import { type ReadonlySignal, signal } from "../../widget/core/signals.js";
import type { FollowingResult } from "../following.js";
import type { Session } from "../session.js";

export type FollowingState = { status: "loading" } | FollowingResult;

export interface FollowingInputs {
  token: { read(): Promise<string | null>; onChange(listener: (token: string | null) => void): () => void };
  session: () => Promise<Session | null>;
  fetch(room: string, token: string): Promise<FollowingResult>;
  /** how often the list is read again while the popup stays open */
  everyMs?: number;
}

/**
 * The popup's list of followed rooms: read when it opens and each time the token changes, and
 * again every minute while it stays open, so "live now" does not go stale under the viewer's eyes.
 */
export function followingModel(inputs: FollowingInputs): { state: ReadonlySignal<FollowingState>; dispose(): void } {
  const state = signal<FollowingState>({ status: "loading" });
  let generation = 0;
  let token: string | null = null;

  const load = async () => {
    const mine = ++generation;
    const session = token ? await inputs.session() : null;
    if (!token || !session) return;
    const result = await inputs.fetch(session.room, token);
    // a failed refresh keeps the list shown; only the first read says it could not load
    if (mine !== generation || (result.status === "failed" && state.peek().status === "ok")) return;
    state.value = result;
  };

  const follow = (next: string | null) => {
    token = next;
    state.value = { status: "loading" };
    void load();
  };
  const stopToken = inputs.token.onChange(follow);
  void inputs.token.read().then(follow);
  const timer = setInterval(() => void load(), inputs.everyMs ?? 60_000);
  return {
    state,
    dispose() {
      generation++;
      clearInterval(timer);
      stopToken();
    },
  };
}
