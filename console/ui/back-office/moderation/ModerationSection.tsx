import { useEffect } from "preact/hooks";
import type { ModerationAdminModel } from "../../../models/moderation-admin.js";
import { useHost } from "../../context.js";
import { Panel } from "../../parts/Panel.js";
import { BlockedWords } from "./BlockedWords.js";
import { MuteList } from "./MuteList.js";

/** The Moderation section: the blocked words beside the shop's muted viewers. */
export function ModerationSection(props: { model: ModerationAdminModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  useEffect(() => void model.load(), [model]);
  return (
    <Panel title={t.mdTitle} class="h-fit w-full max-w-6xl">
      {model.refusal.value && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(model.refusal.value)}
        </p>
      )}
      <div class="grid gap-6 lg:grid-cols-2">
        <BlockedWords model={model} />
        <MuteList model={model} />
      </div>
    </Panel>
  );
}
