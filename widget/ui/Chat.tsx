import { clip, fitUnits } from "../../client/graphemes.js";
import type { TierConfig } from "../../protocol/config.js";
import { COMMENT_MAX_LENGTH } from "../../protocol/limits.js";
import { errorText, localized } from "../i18n/index.js";
import { reactive, useWidget } from "./reactive.js";
import { TierBadge } from "./Tier.js";

/**
 * A ticker bubble shows at most two lines over the stream (line-clamp). The text it holds is cut
 * first, by grapheme, to what two lines of the widest overlay could show, so a 200-unit comment
 * never sits in the page whole, and an emoji sequence (👨‍👩‍👧) is never cut in half.
 */
const TICKER_TEXT = 100;
const TICKER_NAME = 32;

/** The room's comments, as the server samples them from each batch. Text only, never markup. */
export const Ticker = reactive(function Ticker() {
  const { models, m, locale } = useWidget();
  const recent = models.chat.recent.value;
  const tiers = models.chat.tiers.value;
  if (recent.length === 0) return null;
  return (
    <ul aria-label={m.chat.ticker} class="flex flex-col items-start gap-1">
      {recent.map((c) => (
        <li
          key={c.id}
          class="max-w-full rounded-2xl bg-black/45 px-2.5 py-1 text-xs motion-safe:animate-[encore-in_200ms_ease-out]"
        >
          {/* clamped inside the padding: clamped on the bubble, a third line shows through its padding */}
          <span class="line-clamp-2">
            {/* the first tier is everyone's: only a tier earned above it gets a badge */}
            {c.tier && tiers[c.tier] ? (
              <>
                <TierBadge index={c.tier} name={localized((tiers[c.tier] as TierConfig).name, locale)} />{" "}
              </>
            ) : null}
            <span class="font-semibold text-(--encore-gold)">{clip(c.name, TICKER_NAME)}</span>{" "}
            <span>{clip(c.text, TICKER_TEXT)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
});

/** The comment box; typing the deal's keyword here is the same claim as tapping its button. */
export const CommentBox = reactive(function CommentBox() {
  const { models, m } = useWidget();
  const { chat } = models;
  if (!models.member.value) {
    return (
      <button
        type="button"
        onClick={() => models.requestLogin("earn")}
        class="pointer-events-auto self-start rounded-full bg-(--encore-accent) px-4 py-2 text-sm font-bold text-(--encore-accent-ink) shadow-xl focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        {m.login.title}
      </button>
    );
  }
  return (
    <form
      class="pointer-events-auto flex flex-col gap-1"
      onSubmit={async (event) => {
        event.preventDefault();
        await chat.sendDraft();
      }}
    >
      {chat.error.value && (
        <p role="alert" class="self-start rounded-lg bg-black/60 px-2 py-1 text-xs text-rose-200">
          {errorText(m, chat.error.value)}
        </p>
      )}
      <div class="flex items-center gap-2">
        <input
          type="text"
          value={chat.draft.value}
          aria-label={m.chat.label}
          placeholder={m.chat.placeholder}
          onInput={(event) => {
            // not maxLength: it counts UTF-16 units and would cut a pasted emoji in half
            const input = event.currentTarget as HTMLInputElement;
            const fitted = fitUnits(input.value, COMMENT_MAX_LENGTH);
            if (fitted !== input.value) input.value = fitted;
            chat.setDraft(fitted);
          }}
          class="h-10 min-w-0 flex-1 rounded-full bg-black/50 px-4 text-sm text-white ring-1 ring-white/15 placeholder:text-white/50 focus:ring-2 focus:ring-(--encore-accent) focus:outline-none"
        />
        <button
          type="submit"
          disabled={chat.sending.value || chat.draft.value.trim() === ""}
          class="h-10 rounded-full bg-white/90 px-4 text-sm font-semibold text-zinc-900 disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
        >
          {m.chat.send}
        </button>
      </div>
    </form>
  );
});
