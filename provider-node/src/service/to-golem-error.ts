import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { isVmError } from "../vm/vm-error.ts";

/**
 * Turns what the VM layer threw into a {@link GolemError} at the service boundary:
 * `VM_NOT_FOUND` stays, `DRIVER_UNAVAILABLE` stays, `VM_INVALID_SPEC` becomes
 * `VALIDATION_FAILED`, every other driver failure `DRIVER_FAILED`. The driver's details
 * (paths, stderr) stay in `cause` for the log and never reach a requestor.
 *
 * @example throw toGolemError(error, `could not stop VM ${id}`);
 */
export function toGolemError(error: unknown, context: string): GolemError {
  if (error instanceof GolemError) return error;
  if (isVmError(error)) {
    const hints = error.hints.length > 0 ? error.hints : undefined;
    switch (error.code) {
      case "VM_NOT_FOUND":
        return new GolemError("VM_NOT_FOUND", `${context}: ${error.message}`, { cause: error });
      case "DRIVER_UNAVAILABLE":
        return new GolemError("DRIVER_UNAVAILABLE", error.message, { hints, cause: error });
      case "VM_INVALID_SPEC":
        return new GolemError("VALIDATION_FAILED", error.message, { hints, cause: error });
      default:
        return new GolemError("DRIVER_FAILED", `${context}: ${error.message}`, { cause: error });
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GolemError("DRIVER_FAILED", `${context}: ${message}`, { cause: error });
}

/** One line describing any error, for logs and a VM's `error` field. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
