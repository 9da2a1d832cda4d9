import styles from "./notices.css?inline";
import { MemberDayBanner, OffAirBanner } from "./parts/Notices.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/** Above the deal: member day, and between lives the reminder for the next one. */
export default function NoticesPanel() {
  return (
    <>
      <MemberDayBanner />
      <OffAirBanner />
    </>
  );
}
