import { type DrawRecord, EncoreError } from "../../../protocol/index.js";
import { DRAW_ALGORITHM, DRAW_ALGORITHM_TEXT, entrantPseudonym, entriesHash } from "../../domain/draw-proof.js";
import type { Executor } from "../../store/executor.js";
import { findDraw, findOfferById } from "../../store/offers.js";

/**
 * A lucky bag's draw as anyone may check it: the seed with the commitment published at the start,
 * the entries and winners under per-offer pseudonyms (ids and names never leave the server), and
 * the hash of the entries. Refused until the draw, so the seed stays secret while entries come in.
 */
export async function drawRecord(db: Executor, offerId: string): Promise<DrawRecord> {
  const offer = await findOfferById(db, offerId);
  if (!offer) throw new EncoreError("offer_not_found", `no offer ${offerId}`);
  if (offer.mode !== "draw") throw new EncoreError("offer_not_draw", "this offer was first come: nothing was drawn");
  const draw = await findDraw(db, offerId);
  if (!draw) throw new EncoreError("draw_none", "this lucky bag has not been drawn yet");
  // a lucky bag started before draws were published has no commitment and no pseudonym key:
  // there is nothing it could prove, and its raw entries are viewer ids
  if (!offer.entrant_key || !offer.draw_commitment) {
    throw new EncoreError("draw_none", "this lucky bag was drawn before draws were published");
  }
  const key = offer.entrant_key;
  const name = (viewerId: string) => entrantPseudonym(key, viewerId);
  const entries = (JSON.parse(draw.entries) as string[]).map(name);
  return {
    offerId,
    algorithm: DRAW_ALGORITHM,
    algorithmText: DRAW_ALGORITHM_TEXT,
    seedCommitment: offer.draw_commitment,
    seed: draw.seed,
    stock: offer.stock,
    entriesHash: entriesHash(entries),
    entries,
    winners: (JSON.parse(draw.winners) as string[]).map(name),
    drawnAt: draw.drawn_at,
  };
}
