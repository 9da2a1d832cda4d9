/**
 * The panels' words over the first screen's. A group both carry (`product`, `errors`: the first
 * screen keeps the few it shows itself) is merged key by key rather than replaced, so a panel
 * reads one `m.product` and one `m.errors` whichever file each sentence travels in.
 */
export function mergeWords<Screen extends object, Panel extends object>(screen: Screen, panel: Panel): Screen & Panel {
  const merged: Record<string, unknown> = { ...(screen as Record<string, unknown>) };
  for (const [key, value] of Object.entries(panel)) {
    const base = merged[key];
    merged[key] = isGroup(base) && isGroup(value) ? { ...base, ...value } : value;
  }
  return merged as Screen & Panel;
}

const isGroup = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
