import { type CouponTerms, couponTerms } from "../../../client/coupon-terms.js";
import type { LocalizedText } from "../../../protocol/config.js";
import type { HostLocale } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { nameWithTerms, statesTerms } from "./format.js";

type NamedCoupon = CouponTerms & { name: LocalizedText };

/** A coupon in one line of plain text (menus, tables): its name, and its terms unless the name says them. */
export function couponText(locale: HostLocale, coupon: NamedCoupon): string {
  return nameWithTerms(coupon.name[locale], couponTerms(locale, coupon));
}

/** A coupon's name in bold, then its terms, muted, when the name does not already state them. */
export function CouponName(props: { coupon: NamedCoupon }) {
  const { locale } = useHost();
  const name = props.coupon.name[locale.value];
  const terms = couponTerms(locale.value, props.coupon);
  return (
    <>
      <strong>{name}</strong>
      {!statesTerms(name, terms) && <span class="ml-1 text-[var(--host-muted)]">{terms}</span>}
    </>
  );
}
