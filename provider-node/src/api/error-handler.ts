import type { GolemErrorCode } from "@vm-on-golem/sdk/errors";
import { frameworkClientError, GolemError } from "@vm-on-golem/sdk/errors";
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { toGolemError } from "../service/to-golem-error.ts";
import { isVmError } from "../vm/vm-error.ts";

/**
 * Turns anything a route threw into a {@link GolemError}: GolemErrors as they are, schema
 * failures into `VALIDATION_FAILED` with the field list, Fastify's own 4xx (bad JSON, body
 * too large) into `VALIDATION_FAILED` with their status, everything else into `INTERNAL`
 * with no internals in the message.
 */
export function toApiError(error: unknown): GolemError {
  if (error instanceof GolemError) return error;
  if (isVmError(error)) return toGolemError(error, "the VM driver failed");
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? "request";
    const fields = error.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, "").replaceAll("/", ".") || "(root)",
      message: v.message ?? "invalid",
    }));
    return new GolemError(
      "VALIDATION_FAILED",
      `the ${where} is invalid: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`,
      { details: { in: where, fields } },
    );
  }
  const clientError = frameworkClientError(error);
  if (clientError) return clientError;
  return new GolemError("INTERNAL", "the provider hit an internal error", { cause: error });
}

/**
 * Installs the one error handler (`{error: {code, message, hints, details?}}` for every
 * failure, logged per {@link logApiError}, stacks never sent) and the `NOT_FOUND` answer for
 * unknown routes.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const golem = toApiError(error);
    logApiError(request.log, golem, error);
    return reply.status(golem.status).send(golem.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const golem = new GolemError(
      "NOT_FOUND",
      `no route ${request.method} ${request.url.split("?")[0]}`,
    );
    return reply.status(404).send(golem.toJSON());
  });
}

/**
 * Fastify's `frameworkErrors` option: what its router refuses before any route or hook runs
 * (a bad percent-escape, an over-long path parameter) answers the envelope too.
 */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  const golem = toApiError(error);
  void reply.status(golem.status).send(golem.toJSON());
}

// The node is full: business as usual, whoever asked.
const capacityCodes = new Set<GolemErrorCode>(["RESOURCES_EXHAUSTED", "PORTS_EXHAUSTED"]);

/**
 * Logs a failed request at the level its cause deserves, so no client can fill the log with
 * errors and stacks: a 4xx is the client's (`debug`, its code, nothing more); a full node is
 * `info`; any other failure this code named is `warn` with its code and
 * no stack; only what nobody named (`INTERNAL`, or a named error wrapping an unexpected one,
 * such as a driver's) is `error` with the stack.
 */
export function logApiError(log: FastifyBaseLogger, golem: GolemError, error: unknown): void {
  // The client's mistake or a refusal by rule: debug, its code, never a stack.
  if (golem.status < 500) return void log.debug({ code: golem.code }, golem.message);
  const fact = { code: golem.code, details: golem.details };
  if (capacityCodes.has(golem.code)) log.info(fact, golem.message);
  else if (golem.code !== "INTERNAL" && golem === error && golem.cause === undefined) {
    log.warn(fact, golem.message);
  } else log.error({ ...fact, err: error }, golem.message);
}
