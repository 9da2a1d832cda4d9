import { z } from "zod";
import { WEBHOOK_EVENTS, WebhookMessage } from "./commerce.js";

/*
 * A shop's webhook endpoints: several receivers, each with its own signing secret, the events it
 * wants and an on/off switch. `GET/PUT /v1/webhooks` still read and write the first of them.
 */

const EndpointUrl = z
  .string()
  .url()
  .max(1000)
  .refine((u) => /^https?:\/\//.test(u), "http or https only");
const Secret = z.string().min(16).max(200);
/** the events an endpoint wants; null (or left out when adding) means every event, including ones added later */
const Events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .refine((events) => new Set(events).size === events.length, "each event once")
  .nullable();

export const WebhookEndpointId = z.string().regex(/^whe_[A-Za-z0-9_-]{1,40}$/, "an endpoint id (whe_…)");
export const WebhookEndpointParams = z.object({ id: WebhookEndpointId }).strict();

export const WebhookEndpointCreateBody = z
  .object({
    url: EndpointUrl,
    /** the signing secret; generated when left out */
    secret: Secret.optional(),
    events: Events.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookEndpointCreateBody = z.infer<typeof WebhookEndpointCreateBody>;

/** Only what is sent changes. */
export const WebhookEndpointPatchBody = z
  .object({
    url: EndpointUrl.optional(),
    secret: Secret.optional(),
    events: Events.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookEndpointPatchBody = z.infer<typeof WebhookEndpointPatchBody>;

export const WebhookEndpointView = z.object({
  id: z.string(),
  url: z.string(),
  /** what the receiver checks `encore-signature` with */
  secret: z.string(),
  /** null: every event, including ones added later */
  events: z.array(z.enum(WEBHOOK_EVENTS)).nullable(),
  enabled: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;

export const WebhookEndpointList = z.object({ endpoints: z.array(WebhookEndpointView) });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointList>;

export const WebhookEndpointDeleted = z.object({ deleted: z.literal(true), id: z.string() });

export const WebhookMessageParams = z
  .object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })
  .strict();

/** "Send again": the message, due now. */
export const WebhookMessageRetried = z.object({ message: WebhookMessage });
export type WebhookMessageView = z.infer<typeof WebhookMessage>;
