import { z } from "zod";
import { errorCodes, type GolemErrorCode, isGolemErrorCode } from "./error-codes.ts";

/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** Machine-readable facts about an error (ids, amounts as decimal strings, field names). */
export type GolemErrorDetails = { readonly [key: string]: JsonValue };

/** Options of {@link GolemError} beyond its code and message. */
export type GolemErrorOptions = {
  /** HTTP status; defaults to the code's status in {@link errorCodes}. */
  status?: number | undefined;
  /** What to do next; defaults to the code's hint in {@link errorCodes}. */
  hints?: readonly string[] | undefined;
  /** Machine-readable facts, sent in the envelope. */
  details?: GolemErrorDetails | undefined;
  /** The lower-level error this one explains; never sent over the wire. */
  cause?: unknown;
};

/** The JSON body an API answers with on failure. */
export type GolemErrorEnvelope = {
  error: {
    code: GolemErrorCode;
    message: string;
    hints: string[];
    details?: GolemErrorDetails;
  };
};

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const envelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hints: z.array(z.string()).optional(),
    // Accept the singular form too, so an older server's envelope still reads.
    hint: z.string().optional(),
    details: z.record(z.string(), jsonValue).optional(),
  }),
});

/**
 * The one error type of VM on Golem: a stable `code`, an HTTP `status`, a `message`
 * that states the fact and `hints` that say what to do next.
 *
 * @example
 * throw new GolemError("VM_NOT_FOUND", `VM "web-1" does not exist`, { details: { name: "web-1" } });
 */
export class GolemError extends Error {
  override readonly name = "GolemError";
  /** Stable code, e.g. `"STREAM_UNDERFUNDED"`. */
  readonly code: GolemErrorCode;
  /** HTTP status an API answers with. */
  readonly status: number;
  /** What to do next, most useful first. */
  readonly hints: readonly string[];
  /** Machine-readable facts about the failure. */
  readonly details: GolemErrorDetails | undefined;

  constructor(code: GolemErrorCode, message: string, options: GolemErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? errorCodes[code].status;
    this.hints = options.hints ?? [errorCodes[code].hint];
    this.details = options.details;
  }

  /** The error as the API envelope `{error: {code, message, hints, details?}}`; drops `cause`. */
  toJSON(): GolemErrorEnvelope {
    const error: GolemErrorEnvelope["error"] = {
      code: this.code,
      message: this.message,
      hints: [...this.hints],
    };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }

  /**
   * Rebuilds the error a server sent, so a client throws the same `GolemError`.
   * A body that is not an envelope becomes `PROVIDER_UNREACHABLE` (HTTP 502–504) or `INTERNAL`.
   *
   * @param json The parsed response body.
   * @param status The response's HTTP status.
   */
  static fromEnvelope(json: unknown, status: number): GolemError {
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) {
      const code = status >= 502 && status <= 504 ? "PROVIDER_UNREACHABLE" : "INTERNAL";
      return new GolemError(code, `the server answered HTTP ${status} without an error envelope`, {
        status,
        details: { status },
      });
    }
    const { code, message, hints, hint, details } = parsed.data.error;
    const allHints = hints ?? (hint === undefined ? undefined : [hint]);
    if (!isGolemErrorCode(code)) {
      // A newer server may send a code this client does not know; keep it in details.
      return new GolemError("INTERNAL", message, {
        status,
        hints: allHints,
        details: { ...details, code },
      });
    }
    return new GolemError(code, message, { status, hints: allHints, details });
  }
}

/**
 * True when `value` is a {@link GolemError}, optionally with the given code.
 * Also recognises one from another copy of this package (same name and a known code).
 */
export function isGolemError<const code extends GolemErrorCode>(
  value: unknown,
  code?: code,
): value is GolemError & { code: code } {
  const isOne =
    value instanceof GolemError ||
    (value instanceof Error &&
      value.name === "GolemError" &&
      isGolemErrorCode(Reflect.get(value, "code")));
  return isOne && (code === undefined || (value as GolemError).code === code);
}
