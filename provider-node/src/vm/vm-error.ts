/** Stable codes for failures of the VM layer; the service maps them to `GolemError` codes. */
export type VmErrorCode =
  | "VM_NOT_FOUND"
  | "VM_ALREADY_EXISTS"
  | "VM_INVALID_SPEC"
  | "VM_START_FAILED"
  | "VM_STOP_FAILED"
  | "VM_NOT_READY"
  | "VM_NOT_RUNNING"
  | "DRIVER_UNAVAILABLE"
  | "DRIVER_COMMAND_FAILED"
  | "IMAGE_BUILD_FAILED"
  | "IMAGE_CHECKSUM_MISMATCH"
  | "IMAGE_DOWNLOAD_FAILED"
  | "QMP_ERROR";

/** Parameters of {@link VmError}. */
export type VmErrorParameters = {
  /** What to do next, one sentence each. */
  hints?: string[];
  /** Machine-readable facts for the operator's log (paths, exit codes, stderr tails); never sent to requestors. */
  details?: Record<string, unknown>;
  cause?: unknown;
};

/**
 * The error of the VM layer: a stable `code`, a message that states the fact and hints
 * that say what to do next. Its details name host paths and command output, so the service
 * turns it into a `GolemError` at its boundary (`toGolemError`) instead of sending it as is.
 *
 * @example throw new VmError("VM_NOT_FOUND", "VM abc does not exist", { hints: ["List VMs to see which exist."] })
 */
export class VmError extends Error {
  override name = "VmError";
  readonly code: VmErrorCode;
  readonly hints: string[];
  readonly details: Record<string, unknown>;

  constructor(code: VmErrorCode, message: string, parameters: VmErrorParameters = {}) {
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = code;
    this.hints = parameters.hints ?? [];
    this.details = parameters.details ?? {};
  }
}

/** True when `error` is a {@link VmError}, optionally with the given code. */
export function isVmError(error: unknown, code?: VmErrorCode): error is VmError {
  return error instanceof VmError && (code === undefined || error.code === code);
}
