import { describe, expectTypeOf, it } from "vitest";
import type {
  CouponKind,
  CouponSource,
  CouponState,
  OfferMode,
  OfferStatus,
  PointReason,
} from "../../protocol/index.js";
import type { CouponRow, CouponTemplateRow, LedgerRow, OfferRow } from "../../server/store/schema.js";

// Checked by `tsc --noEmit`: a column typed as a bare string would need a cast wherever it is read.
describe("row types", () => {
  it("type enum columns with the protocol's unions", () => {
    expectTypeOf<OfferRow["status"]>().toEqualTypeOf<OfferStatus>();
    expectTypeOf<OfferRow["mode"]>().toEqualTypeOf<OfferMode>();
    expectTypeOf<CouponRow["state"]>().toEqualTypeOf<CouponState>();
    expectTypeOf<CouponRow["source"]>().toEqualTypeOf<CouponSource>();
    expectTypeOf<CouponRow["kind"]>().toEqualTypeOf<CouponKind>();
    expectTypeOf<CouponTemplateRow["kind"]>().toEqualTypeOf<CouponKind>();
    expectTypeOf<LedgerRow["reason"]>().toEqualTypeOf<PointReason>();
  });
});
