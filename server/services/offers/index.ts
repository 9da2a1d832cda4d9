/** The 扣1 offers: the desk runs them, claims are batched and answered, lucky bags are drawn. */
export { OfferDesk } from "./desk.js";
export type { Claimant, OfferEvents, OfferStart } from "./state.js";
