/**
 * CI services set CI=true; "false" or "0" means a developer's machine. In CI a missing
 * prerequisite is a failure, since a skip there is a hole nobody reads.
 */
export function isCI(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return Boolean(value) && value !== "false" && value !== "0";
}
