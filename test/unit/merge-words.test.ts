import { describe, expect, it } from "vitest";
import { LOCALES, messagesFor } from "../../widget/i18n/index.js";
import { mergeWords } from "../../widget/i18n/merge-words.js";

describe("the panels' words over the first screen's", () => {
  it("a group both carry is merged key by key; other keys are taken as they are", () => {
    const screen = { brand: "Encore", product: { shelf: "Products" }, errors: { offline: "Offline" } };
    const panel = { product: { shelfTitle: "In this live" }, errors: { chest_claimed: "Opened" }, closePanel: "Close" };
    expect(mergeWords(screen, panel)).toEqual({
      brand: "Encore",
      product: { shelf: "Products", shelfTitle: "In this live" },
      errors: { offline: "Offline", chest_claimed: "Opened" },
      closePanel: "Close",
    });
    expect(screen.product).toEqual({ shelf: "Products" });
  });

  it("every locale's words say both the first screen's and the panels' product words and errors", () => {
    for (const locale of LOCALES) {
      const m = messagesFor(locale);
      for (const key of ["shelf", "showing", "shelfTitle", "buyNamed"] as const) expect(m.product[key]).toBeTruthy();
      for (const code of ["sold_out", "offline", "chest_claimed", "exchange_unavailable"] as const)
        expect(m.errors[code]).toBeTruthy();
    }
  });
});
