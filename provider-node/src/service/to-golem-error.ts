import type { GolemErrorCode } from "@vm-on-golem/sdk/errors";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { isVmError, type VmErrorCode } from "../vm/vm-error.ts";

/**
 * The API code of each VM-layer code. Exhaustive on purpose: a new `VmErrorCode` does not
 * compile until it says what a requestor sees. Failures that only the operator can act on
 * (a command, QMP or an image) become `DRIVER_FAILED` / `DRIVER_UNAVAILABLE`.
 */
const apiCodeOf: Record<VmErrorCode, GolemErrorCode> = {
  VM_NOT_FOUND: "VM_NOT_FOUND",
  VM_NOT_RUNNING: "VM_NOT_RUNNING",
  VM_NOT_READY: "VM_INVALID_STATE",
  VM_INVALID_SPEC: "VALIDATION_FAILED",
  VM_ALREADY_EXISTS: "DRIVER_FAILED",
  VM_START_FAILED: "DRIVER_FAILED",
  VM_STOP_FAILED: "DRIVER_FAILED",
  DRIVER_COMMAND_FAILED: "DRIVER_FAILED",
  QMP_ERROR: "DRIVER_FAILED",
  DRIVER_UNAVAILABLE: "DRIVER_UNAVAILABLE",
  IMAGE_BUILD_FAILED: "DRIVER_UNAVAILABLE",
  IMAGE_CHECKSUM_MISMATCH: "DRIVER_UNAVAILABLE",
  IMAGE_DOWNLOAD_FAILED: "DRIVER_UNAVAILABLE",
};

/** Codes whose VM-layer hints speak to the requestor (the others name host tools and paths). */
const requestorHints = new Set<VmErrorCode>(["VM_NOT_RUNNING", "VM_INVALID_SPEC", "VM_NOT_READY"]);

/**
 * Turns what the VM layer threw into a {@link GolemError} at the service boundary, so no
 * `VmError` reaches the API: each code maps per {@link apiCodeOf}. Host paths in a driver's
 * message are replaced by `<path>`; its details (paths, stderr, arguments) stay in `cause`
 * for the operator's log and never reach a requestor. The driver's own code is kept in
 * `details.driverCode`.
 *
 * @example throw toGolemError(error, `could not stop VM ${id}`);
 */
export function toGolemError(error: unknown, context: string): GolemError {
  if (error instanceof GolemError) return error;
  if (isVmError(error)) {
    const code = apiCodeOf[error.code];
    const message = redactPaths(error.message);
    const hints =
      requestorHints.has(error.code) && error.hints.length > 0 ? error.hints : undefined;
    const details = { driverCode: error.code };
    const full =
      code === "VM_INVALID_STATE" || code.startsWith("DRIVER_") || code === "VM_NOT_FOUND";
    return new GolemError(code, full ? `${context}: ${message}` : message, {
      hints,
      details,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GolemError("DRIVER_FAILED", `${context}: ${redactPaths(message)}`, { cause: error });
}

/** `message` with absolute host paths replaced by `<path>`. */
export function redactPaths(message: string): string {
  return message.replace(/(^|[\s'"(=:])\/[^\s'"),:]+/g, "$1<path>");
}

/** One line describing any error, for logs and a VM's `error` field. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
