// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { Field, SelectField } from "../../console/ui/parts/Field.js";

afterEach(cleanup);

describe("the console's one form field", () => {
  it("ties its label to its input, and says nothing more until asked", () => {
    render(<Field label="Stock" name="stock" type="number" defaultValue="100" />);
    const input = screen.getByLabelText("Stock") as HTMLInputElement;
    expect(input.name).toBe("stock");
    expect(input.value).toBe("100");
    expect(input.getAttribute("aria-describedby")).toBe(null);
    expect(input.getAttribute("aria-invalid")).toBe(null);
  });

  it("reads its hint and its error out with the control, and marks it invalid", () => {
    render(
      <SelectField label="Minimum tier" name="minTier" hint="Who may claim" error="Pick a tier">
        <option value="">All members</option>
        <option value="gold">Gold</option>
      </SelectField>,
    );
    const select = screen.getByLabelText("Minimum tier") as HTMLSelectElement;
    expect(select.name).toBe("minTier");
    expect(select.options).toHaveLength(2);
    const described = (select.getAttribute("aria-describedby") ?? "").split(" ");
    expect(described.map((id) => document.getElementById(id)?.textContent)).toEqual(["Who may claim", "Pick a tier"]);
    expect(select.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByRole("alert").textContent).toBe("Pick a tier");
  });
});
