/**
 * JSON Merge Patch (RFC 7396): objects merge key by key, `null` removes a key, and anything
 * else (arrays included) replaces what was there. Returns a new value; neither input changes.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const merged: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = mergePatch(merged[key], value);
  }
  return merged;
}

/**
 * Paths of the patch's object keys that the validated result does not have: fields the schema
 * does not know (it strips them), so a typo is refused instead of silently doing nothing.
 * Inside arrays and removed keys there is nothing to compare.
 */
export function unknownPaths(patch: unknown, result: unknown, at: string[] = []): string[] {
  if (!isPlainObject(patch)) return [];
  const known = isPlainObject(result) ? result : {};
  return Object.entries(patch).flatMap(([key, value]) => {
    if (value === null) return [];
    if (!(key in known)) return [[...at, key].join(".")];
    return unknownPaths(value, known[key], [...at, key]);
  });
}

/** The top-level keys whose values differ, each side as it was: what an audit entry keeps of a change. */
export function changedSections(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  if (changed.length === 0) return null;
  const pick = (from: Record<string, unknown>) =>
    Object.fromEntries(changed.filter((key) => key in from).map((key) => [key, from[key]]));
  return { before: pick(before), after: pick(after) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
