import { DEFAULT_CONFIG } from "../../protocol/config.js";
import type { CouponTemplate } from "../../protocol/coupons.js";
import type { HostStats, OfferView } from "../../protocol/live.js";
import type { Snapshot } from "../../protocol/wire.js";
import type {
  CallData,
  CallPayload,
  HostAck,
  HostCall,
  HostPush,
  HostTransport,
  LinkStatus,
  PushData,
} from "../../widget/host/transport.js";

type Answer<E extends HostCall> = HostAck<CallData<E>> | ((payload: CallPayload<E>) => HostAck<CallData<E>>);

/**
 * The host console's transport without a server: records every call, answers from what the test
 * set, and lets the test push server events and link changes. Unanswered calls hang, as an
 * unanswered ack would until it times out.
 */
export class FakeHostTransport implements HostTransport {
  readonly calls: { event: HostCall; payload: unknown }[] = [];
  closed = false;
  private readonly answers = new Map<HostCall, Answer<HostCall>>();
  private readonly listeners = new Map<string, Set<(data: never) => void>>();
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();

  answer<E extends HostCall>(event: E, answer: Answer<E>): this {
    this.answers.set(event, answer as unknown as Answer<HostCall>);
    return this;
  }

  refuse(event: HostCall, code: string, message = code): this {
    return this.answer(event, { ok: false, error: { code, message } } as never);
  }

  call<E extends HostCall>(event: E, payload: CallPayload<E>): Promise<HostAck<CallData<E>>> {
    this.calls.push({ event, payload });
    const answer = this.answers.get(event) as Answer<E> | undefined;
    if (!answer) return new Promise(() => {});
    return Promise.resolve(typeof answer === "function" ? answer(payload) : answer);
  }

  on<E extends HostPush>(event: E, listener: (data: PushData<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (data: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (data: never) => void);
  }

  onStatus(listener: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
  }

  push<E extends HostPush>(event: E, data: PushData<E>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (d: PushData<E>) => void)(data);
  }

  status(status: LinkStatus): void {
    for (const listener of this.statusListeners) listener(status);
  }

  /** push and status listeners still attached */
  listenerCount(): number {
    let n = this.statusListeners.size;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  callsOf<E extends HostCall>(event: E): CallPayload<E>[] {
    return this.calls.filter((c) => c.event === event).map((c) => c.payload as CallPayload<E>);
  }
}

export const NOW = 1_790_000_000_000;

export function snapshotFor(role: "host" | "viewer" | null, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    serverTime: NOW,
    room: { id: "room-1", title: "Autumn knitwear live", live: false },
    viewer: role ? { id: role === "host" ? "host-lin" : "viewer-amy", name: "Lin", role } : null,
    wallet: null,
    watch: null,
    chest: null,
    config: {
      tiers: DEFAULT_CONFIG.tiers,
      memberDays: DEFAULT_CONFIG.memberDays,
      watch: DEFAULT_CONFIG.watch,
      chest: DEFAULT_CONFIG.chest,
      pointsPerYuan: DEFAULT_CONFIG.pointsPerYuan,
    },
    product: null,
    offer: null,
    claim: null,
    coupons: [],
    catalogue: [],
    card: null,
    reminder: false,
    ...extra,
  };
}

export function template(extra: Partial<CouponTemplate> = {}): CouponTemplate {
  return {
    id: "tpl-20off",
    name: { "zh-CN": "会员满减券", en: "Member coupon" },
    kind: "amount",
    value: 2000,
    minSpend: 19900,
    validDays: 7,
    minTier: null,
    stock: 500,
    issued: 0,
    perViewerLimit: 1,
    pointsCost: null,
    active: true,
    ...extra,
  };
}

export function offerView(extra: Partial<OfferView> = {}): OfferView {
  const tpl = template();
  return {
    id: "offer-1",
    keyword: "1",
    mode: "first_come",
    status: "live",
    coupon: {
      id: tpl.id,
      name: tpl.name,
      kind: tpl.kind,
      value: tpl.value,
      minSpend: tpl.minSpend,
      validDays: tpl.validDays,
    },
    stock: 100,
    remaining: 100,
    minTier: null,
    minTierName: null,
    startedAt: NOW,
    endsAt: NOW + 60_000,
    endedAt: null,
    ...extra,
  };
}

export function stats(extra: Partial<HostStats> = {}): HostStats {
  return {
    at: NOW,
    viewers: 0,
    commentsPerSecond: 0,
    matchesPerSecond: 0,
    offer: null,
    pointsIssuedThisLive: 0,
    winners: [],
    ...extra,
  };
}
