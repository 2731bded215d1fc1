import { GolemError } from "./golem-error.ts";

/**
 * The `GolemError` a promise rejects with; throws if it resolves or rejects with anything else.
 * For tests and for callers that branch on a failure's code.
 *
 * @example
 * const err = await golemRejection(topUp(wallet, params));
 * expect(err.code).toBe("STREAM_CLOSED");
 */
export async function golemRejection(promise: Promise<unknown>): Promise<GolemError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GolemError) return err;
    throw new Error("expected a GolemError", { cause: err });
  }
  throw new Error("expected a rejection with a GolemError, but the promise resolved");
}
