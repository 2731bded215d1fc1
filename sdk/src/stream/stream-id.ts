import { GolemError } from "../errors/golem-error.ts";

/** Id of a StreamPayment stream (ids start at 1). */
export type StreamId = bigint & { readonly __brand: "StreamId" };

const maxUint256 = 2n ** 256n - 1n;

/**
 * Parses a stream id from a bigint, a safe integer or a decimal string (CLI argument, JSON).
 * Throws `VALIDATION_FAILED` for anything else, 0 included.
 *
 * @example
 * const id = toStreamId(process.argv[2]); // "42" → 42n
 */
export function toStreamId(value: bigint | number | string): StreamId {
  let id: bigint | undefined;
  if (typeof value === "bigint") id = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) id = BigInt(value);
  else if (typeof value === "string" && /^\d{1,78}$/.test(value)) id = BigInt(value);
  if (id === undefined || id < 1n || id > maxUint256) {
    throw new GolemError("VALIDATION_FAILED", `${String(value)} is not a stream id`, {
      hints: ["pass the stream's number, e.g. 42 (ids start at 1)"],
      details: { field: "streamId", value: String(value) },
    });
  }
  return id as StreamId;
}
