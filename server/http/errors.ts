import type { FastifyError, FastifyInstance } from "fastify";
import { EncoreError, type ErrorBody, HTTP_STATUS } from "../../protocol/index.js";
import { metrics } from "../ops/metrics.js";

/** Fastify's own refusals (bad JSON, body too big, wrong content type) in our error shape. */
function fromFastify(error: FastifyError): ErrorBody | null {
  if (error.statusCode === 413) return { code: "payload_too_large", message: "the body is too large" };
  if (error.statusCode === 429) return { code: "rate_limited", message: "too many requests; slow down" };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: "bad_request", message: error.message };
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof EncoreError) {
      metrics.refusals.inc({ code: error.code });
      request.log.warn({ code: error.code }, error.message);
      return reply.status(HTTP_STATUS[error.code]).send({ error: error.toBody() });
    }
    const known = fromFastify(error as FastifyError);
    if (known) {
      request.log.warn({ code: known.code }, known.message);
      return reply.status(HTTP_STATUS[known.code]).send({ error: known });
    }
    request.log.error({ err: error }, "request failed");
    return reply.status(500).send({ error: { code: "internal", message: "something went wrong on our side" } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: "not_found", message: `no route ${request.method} ${request.url}` } }),
  );
}
