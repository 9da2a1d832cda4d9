import styles from "./notices.css?inline";
import { CampaignBanner } from "./parts/CampaignBanner.js";
import { MemberDayBanner, OffAirBanner } from "./parts/Notices.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/**
 * Above the deal: the campaign running or about to (a member day is one), else the member-day
 * line from the watch status, and between lives the reminder for the next one.
 */
export default function NoticesPanel() {
  return (
    <>
      <CampaignBanner fallback={<MemberDayBanner />} />
      <OffAirBanner />
    </>
  );
}
