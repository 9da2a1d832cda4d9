import type { HostComment } from "../../protocol/index.js";

/** Comments kept per room for a console that joins late or reloads: more than the console shows. */
export const RECENT_COMMENTS = 50;

/**
 * The room's recent comments as the room saw them: the samples of the batches that went out,
 * oldest first, a bounded list per room. Each node keeps its own copy, fed by its own batches
 * and by the batches other nodes share, so a console gets the same list on any node.
 */
export class RecentComments {
  private readonly rooms = new Map<string, HostComment[]>();

  add(roomId: string, sample: readonly HostComment[]): void {
    if (sample.length === 0) return;
    const kept = this.rooms.get(roomId) ?? [];
    const known = new Set(kept.map((c) => c.id));
    const merged = [...kept, ...sample.filter((c) => !known.has(c.id))];
    // another node's batch may arrive after a newer one of this node's; sort is stable for equal times
    merged.sort((a, b) => a.at - b.at);
    this.rooms.set(roomId, merged.slice(-RECENT_COMMENTS));
  }

  of(roomId: string): HostComment[] {
    return this.rooms.get(roomId)?.slice() ?? [];
  }
}
