import type { AdminSessionModel } from "./admin-session.js";
import { createApiKeysModel } from "./api-keys.js";
import { createOriginsModel } from "./origins.js";
import { createSigningKeyModel } from "./signing-key.js";

/** The Settings section's models, one per panel, over one back-office session. */
export const createSettingsModels = (admin: AdminSessionModel) => ({
  apiKeys: createApiKeysModel(admin),
  signingKey: createSigningKeyModel(admin),
  origins: createOriginsModel(admin),
});
