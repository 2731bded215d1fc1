import { GolemError } from "@vm-on-golem/sdk/errors";
import { type StreamId, toStreamId } from "@vm-on-golem/sdk/stream";
import type { RequestorDb } from "../state/requestor-db.ts";

/** A stream named on the command line, with the VM it pays for when named by VM. */
export type StreamRef = { streamId: StreamId; vmName: string | undefined };

/**
 * Reads a `<stream-id | vm-name>` argument: digits are a stream id, anything else a VM
 * name looked up in the local db (`VM_NOT_FOUND`, or `STREAM_NOT_FOUND` when it has none).
 *
 * @example
 * resolveStreamRef("42", db); // { streamId: 42n, vmName: undefined }
 */
export function resolveStreamRef(text: string, db: Pick<RequestorDb, "getVm">): StreamRef {
  if (/^\d+$/.test(text)) return { streamId: toStreamId(text), vmName: undefined };
  const vm = db.getVm(text);
  if (vm === undefined) {
    throw new GolemError("VM_NOT_FOUND", `no VM named "${text}" on this machine`, {
      hints: ["list your VMs with `golem vm list`, or pass a stream id"],
      details: { name: text },
    });
  }
  if (vm.streamId === null) {
    throw new GolemError("STREAM_NOT_FOUND", `VM "${text}" has no payment stream recorded`, {
      hints: ["pass the stream id instead (`golem vm stream list`)"],
      details: { name: text },
    });
  }
  return { streamId: toStreamId(vm.streamId), vmName: text };
}

/**
 * The stream argument of a command: the positional one, or the seed's `--stream-id` flag.
 * Neither, or two different ones, is `VALIDATION_FAILED`.
 */
export function streamArgument(positional: string | undefined, flag: string | undefined): string {
  if (positional !== undefined && flag !== undefined && positional !== flag) {
    throw new GolemError(
      "VALIDATION_FAILED",
      "pass the stream once: as an argument or as --stream-id",
      {
        hints: ["e.g. `golem vm stream status 42` or `golem vm stream status --stream-id 42`"],
        details: { field: "--stream-id" },
      },
    );
  }
  const value = positional ?? flag;
  if (value === undefined) {
    throw new GolemError("VALIDATION_FAILED", "name the stream: a stream id or a VM name", {
      hints: ["e.g. `golem vm stream status 42` or `golem vm stream status my-vm`"],
      details: { field: "--stream-id" },
    });
  }
  return value;
}
