import { rm } from "node:fs/promises";
import type { RunningVmStatus, StoppedVmStatus, VmId, VmStopOptions } from "../driver.ts";
import { VmError } from "../vm-error.ts";
import { macAddressOf } from "./qemu-args.ts";
import type { QemuDriverContext } from "./qemu-driver-context.ts";
import { launchQemu } from "./qemu-launch.ts";
import { powerOff } from "./qemu-power.ts";
import { livePidOf } from "./qemu-process.ts";
import { requireQemuRecord, runningStatus, stoppedStatus } from "./qemu-vm-status.ts";
import type { QemuVmFiles, QemuVmRecord } from "./qemu-vm-store.ts";

/**
 * Boots QEMU for a VM whose files exist and logs where its SSH listens.
 *
 * @example const status = await bootQemuVm(context, record);
 */
export async function bootQemuVm(
  context: QemuDriverContext,
  record: QemuVmRecord,
): Promise<RunningVmStatus> {
  const network = await context.guestNetwork();
  const { network: attachment } = record;
  if (attachment && network.mode !== "isolated") {
    throw new VmError(
      "VM_START_FAILED",
      `VM ${record.spec.id} was made for isolated networking, which is not in force: ${network.reason}`,
      {
        hints: ["Give the node CAP_NET_ADMIN and vms.network: isolated again, or destroy the VM."],
      },
    );
  }
  if (attachment) {
    await context.isolated.attach({ ...attachment, mac: macAddressOf(record.spec.id) });
  }
  const pid = await launchQemu(record, context.store.files(record.spec.id), {
    qemuBinary: context.qemuBinary,
    accel: await context.accel(),
    ...(attachment ? { network: { kind: "tap" as const, tap: attachment.tap } } : {}),
  });
  const ssh = attachment
    ? `${attachment.address}:22 on ${attachment.tap}`
    : `127.0.0.1:${record.spec.sshHostPort}`;
  context.log(`VM ${record.spec.id} started (pid ${pid}, ssh on ${ssh})`);
  return runningStatus(record, pid);
}

/**
 * Starts a stopped VM; a VM whose QEMU already runs is left as it is. `VM_NOT_FOUND` when
 * it does not exist.
 *
 * @example const status = await startQemuVm(context, id);
 */
export async function startQemuVm(context: QemuDriverContext, id: VmId): Promise<RunningVmStatus> {
  const record = await requireQemuRecord(context.store, id);
  const pid = await livePidOf(context.store.files(id).pidFile);
  return pid === undefined ? bootQemuVm(context, record) : runningStatus(record, pid);
}

/**
 * Shuts a VM down (ACPI first, forced after `options.gracefulTimeoutMs`, else the driver's
 * `stopTimeoutMs`) and moves a directory of the older layout once QEMU no longer holds it.
 * `VM_NOT_FOUND` when the VM does not exist.
 *
 * @example const status = await stopQemuVm(context, id, { gracefulTimeoutMs: 20_000 });
 */
export async function stopQemuVm(
  context: QemuDriverContext,
  id: VmId,
  options: VmStopOptions = {},
): Promise<StoppedVmStatus> {
  const record = await requireQemuRecord(context.store, id);
  const timeoutMs = options.gracefulTimeoutMs ?? context.stopTimeoutMs;
  await powerOffIfRunning(context, id, context.store.files(id), true, timeoutMs);
  // A VM of the older directory layout moves once its QEMU no longer holds the paths.
  await context.store
    .migrateLegacyDir(id, false)
    .catch((error) => context.log(`VM ${id}: moving its directory failed, will retry: ${error}`));
  return stoppedStatus(record);
}

/**
 * Forces a VM off at once and removes its directory; a VM that does not exist is no error.
 *
 * @example await destroyQemuVm(context, id);
 */
export async function destroyQemuVm(context: QemuDriverContext, id: VmId): Promise<void> {
  const files = context.store.files(id);
  const record = await context.store.readRecord(id).catch(() => undefined);
  await powerOffIfRunning(context, id, files, false, 0);
  if (record?.network) await context.isolated.detach(record.network);
  await rm(files.dir, { recursive: true, force: true });
  context.log(`VM ${id} destroyed`);
}

async function powerOffIfRunning(
  context: QemuDriverContext,
  id: VmId,
  files: QemuVmFiles,
  graceful: boolean,
  timeoutMs: number,
): Promise<void> {
  const pid = await livePidOf(files.pidFile);
  if (pid === undefined) return;
  await powerOff({ pid, files, graceful, timeoutMs, log: (l) => context.log(`VM ${id}: ${l}`) });
}
