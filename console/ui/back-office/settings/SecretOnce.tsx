import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";

/**
 * A key in the one answer that holds it: shown whole, with a copy button, the sentence that it
 * will not be shown again, and a close that forgets it.
 */
export function SecretOnce(props: {
  title: string;
  secret: string;
  children: ComponentChildren;
  onDone: () => void;
  testId: string;
}) {
  const { t } = useHost();
  const copied = useSignal<"copied" | "failed" | null>(null);
  const field = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      copied.value = "copied";
    } catch {
      // no clipboard (an insecure page, a denied permission): the key is selected to copy by hand
      if (field.current) window.getSelection()?.selectAllChildren(field.current);
      copied.value = "failed";
    }
  };
  return (
    <div
      role="alert"
      data-testid={props.testId}
      class="flex flex-col gap-2 rounded-lg border border-amber-300/40 bg-amber-400/10 p-3 text-sm text-amber-50"
    >
      <strong class="[overflow-wrap:anywhere]">{props.title}</strong>
      <div class="flex flex-wrap items-center gap-2">
        {/* whole and wrapped, so it can be read as well as copied; one click selects all of it */}
        <code
          ref={field}
          data-testid="secret"
          class="min-w-0 flex-1 basis-56 select-all rounded-md border border-white/15 bg-black/40 px-2 py-1.5 font-mono text-xs text-[var(--host-ink)] break-all"
        >
          {props.secret}
        </code>
        <Button tone="accent" onClick={() => void copy()}>
          {t.stCopy}
        </Button>
      </div>
      {copied.value && (
        <p role="status" class="text-xs">
          {copied.value === "copied" ? t.stCopied : t.stCopyFailed}
        </p>
      )}
      {props.children}
      <div>
        <Button onClick={props.onDone}>{t.stDone}</Button>
      </div>
    </div>
  );
}
