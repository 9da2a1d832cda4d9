import { useSignal } from "@preact/signals";
import type { ViewerExport } from "../../../../protocol/viewer-data.js";
import { fill } from "../../../i18n/index.js";
import type { ViewersModel } from "../../../models/viewers.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Panel } from "../../parts/Panel.js";

/** Hands the export to the browser as a file, named after the viewer and the day. */
function download(document: ViewerExport): void {
  const blob = new Blob([JSON.stringify(document, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement("a");
  link.href = url;
  link.download = `viewer-${document.profile.viewerId}-${new Date(document.exportedAt).toISOString().slice(0, 10)}.json`;
  link.click();
  // the click has handed the blob to the download: the address is no longer needed
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * A viewer's personal data: export it, or erase it. Erasing asks first, in words that say what
 * goes (name, birthday, notes, the id) and what stays (the books, under an anonymous id).
 */
export function DataPanel(props: { model: ViewersModel; name: string }) {
  const { model, name } = props;
  const { t, refusal } = useHost();
  const asking = useSignal(false);
  const busy = model.busy.value;
  const refused = model.dataRefusal.value;

  return (
    <Panel title={t.vwDataTitle}>
      <p class="text-sm text-[var(--host-muted)]">{t.vwDataHint}</p>
      {!asking.value && (
        <div class="flex flex-wrap gap-2">
          <Button
            busy={busy === "export"}
            onClick={async () => {
              const document = await model.exportData();
              if (document) download(document);
            }}
          >
            {t.vwExport}
          </Button>
          <Button tone="danger" onClick={() => (asking.value = true)}>
            {t.vwErase}
          </Button>
        </div>
      )}
      {asking.value && (
        <div
          role="alertdialog"
          aria-labelledby="erase-title"
          aria-describedby="erase-what"
          class="flex flex-col gap-3 rounded-md border border-rose-400/40 bg-rose-950/40 p-3"
        >
          <p id="erase-title" class="font-semibold [overflow-wrap:anywhere]">
            {fill(t.vwEraseTitle, { name })}
          </p>
          <p id="erase-what" class="text-sm">
            {t.vwEraseWhat}
          </p>
          <div class="flex flex-wrap gap-2">
            <Button tone="danger" busy={busy === "erase"} onClick={() => void model.erase()}>
              {t.vwEraseConfirm}
            </Button>
            <Button onClick={() => (asking.value = false)}>{t.vwCancel}</Button>
          </div>
        </div>
      )}
      {refused && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(refused)}
        </p>
      )}
    </Panel>
  );
}
