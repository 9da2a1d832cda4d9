import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/**
 * What an operator watches: sockets and rooms now, and counters of the work that matters
 * (beats, claims, ledger writes, refusals). Prometheus series are process-wide by nature, so
 * this is one registry per process that every module counts into; event-loop lag and memory
 * come with the default metrics.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "encore_" });

export const metrics = {
  sockets: new Gauge({ name: "encore_sockets", help: "connected sockets on this node", registers: [registry] }),
  rooms: new Gauge({ name: "encore_rooms", help: "live rooms with sockets on this node", registers: [registry] }),
  beats: new Counter({ name: "encore_watch_beats_total", help: "watch beats recorded", registers: [registry] }),
  ledgerWrites: new Counter({
    name: "encore_ledger_writes_total",
    help: "ledger entries written, by reason",
    labelNames: ["reason"] as const,
    registers: [registry],
  }),
  claims: new Counter({
    name: "encore_claims_total",
    help: "扣1 claims answered, by result",
    labelNames: ["result"] as const,
    registers: [registry],
  }),
  refusals: new Counter({
    name: "encore_refusals_total",
    help: "socket messages and HTTP requests refused, by code",
    labelNames: ["code"] as const,
    registers: [registry],
  }),
};
