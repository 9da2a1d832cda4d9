import { useEffect, useMemo } from "preact/hooks";
import type { AdminSessionModel } from "../../../models/admin-session.js";
import { createSettingsModels } from "../../../models/settings.js";
import { useHost } from "../../context.js";
import { Panel } from "../../parts/Panel.js";
import { ApiKeysPanel } from "./ApiKeysPanel.js";
import { OriginsPanel } from "./OriginsPanel.js";
import { SigningKeyPanel } from "./SigningKeyPanel.js";

/**
 * The Settings section: the shop's API keys, its viewer-token signing key and its allowed origins.
 * Its models live as long as the session they call with.
 */
export function SettingsSection(props: { admin: AdminSessionModel }) {
  const { apiKeys, signingKey, origins } = useMemo(() => createSettingsModels(props.admin), [props.admin]);
  const { t } = useHost();
  useEffect(() => {
    void apiKeys.load();
    void signingKey.load();
    void origins.load();
  }, [apiKeys, signingKey, origins]);
  return (
    <Panel title={t.settingsTitle} class="h-fit w-full max-w-6xl">
      <div data-testid="settings-section" class="grid gap-6 lg:grid-cols-2">
        <ApiKeysPanel model={apiKeys} />
        <div class="flex min-w-0 flex-col gap-6">
          <SigningKeyPanel model={signingKey} />
          <OriginsPanel model={origins} />
        </div>
      </div>
    </Panel>
  );
}
