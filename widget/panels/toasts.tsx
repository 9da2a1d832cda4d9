import { FreshCouponToast, SegmentCard, TierUpToast } from "./parts/Notices.js";
import styles from "./toasts.css?inline";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/** Below the deal: a new tier, a fresh coupon, the segment card (a new buyer's, or the come-back card). */
export default function ToastsPanel() {
  return (
    <>
      <TierUpToast />
      <FreshCouponToast />
      <SegmentCard />
    </>
  );
}
