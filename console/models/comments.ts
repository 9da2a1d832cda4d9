import { effect, type ReadonlySignal, signal } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import { HostEvent, HostPush } from "../../protocol/events.js";
import type { HostComment } from "../../protocol/live.js";
import type { Requests } from "./requests.js";

/** How many comments the room panel keeps; the rest scroll away like the room does. */
export const COMMENTS_KEPT = 40;

export interface CommentsModel {
  /** the room's comment sample, newest first, with who said each (for muting) */
  comments: ReadonlySignal<HostComment[]>;
  /** viewers this console muted (or unmuted: false) */
  muted: ReadonlySignal<ReadonlyMap<string, boolean>>;
  mute(viewerId: string, muted: boolean): Promise<boolean>;
  /** what the room said before this console joined (or reloaded), under what it has heard since */
  loadEarlier(): Promise<void>;
  dispose(): void;
}

/** Comments heard live (newest first) followed by earlier ones (oldest first), each once, at most COMMENTS_KEPT. */
export function withEarlier(heard: readonly HostComment[], earlier: readonly HostComment[]): HostComment[] {
  const known = new Set(heard.map((c) => c.id));
  const older = earlier.filter((c) => !known.has(c.id)).reverse();
  return [...heard, ...older].slice(0, COMMENTS_KEPT);
}

/** The room's voice as the host sees it: the sampled comments with who said each, and who is muted. */
export function createCommentsModel(
  transport: Pick<Transport, "on" | "call">,
  deps: { run: Requests["run"] },
): CommentsModel {
  const comments = signal<HostComment[]>([]);
  const muted = signal<ReadonlyMap<string, boolean>>(new Map());
  // the hosts' copy of each room batch: the same sample, with who said each comment
  const stop = effect(() =>
    listen(transport, {
      [HostPush.comments]: (batch) => {
        if (batch.comments.length === 0) return;
        comments.value = [...batch.comments.slice().reverse(), ...comments.value].slice(0, COMMENTS_KEPT);
      },
    }),
  );
  return {
    comments,
    muted,
    async mute(viewerId, on) {
      const data = await deps.run("mute", HostEvent.mute, { viewerId, muted: on });
      if (data) muted.value = new Map(muted.value).set(data.viewerId, data.muted);
      return data !== null;
    },
    async loadEarlier() {
      const ack = await transport.call(HostEvent.comments, {});
      if (ack.ok) comments.value = withEarlier(comments.value, ack.data.comments);
    },
    dispose: stop,
  };
}
