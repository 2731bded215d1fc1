import { rm } from "node:fs/promises";
import { tapNameOf } from "../../net/isolated-network.ts";
import type { RunningVmStatus, VmSpec } from "../driver.ts";
import { createRevertStack } from "../revert-stack.ts";
import { createVmFromSnapshot } from "../snapshot/create-vm-from-snapshot.ts";
import { validateVmSpec } from "../validate-vm-spec.ts";
import { isVmError, VmError, type VmErrorCode } from "../vm-error.ts";
import { buildNocloudSeed, writeNocloudSeedIso } from "./nocloud-seed.ts";
import { macAddressOf } from "./qemu-args.ts";
import type { QemuDriverContext } from "./qemu-driver-context.ts";
import { createQcow2Overlay, qcow2VirtualSize } from "./qemu-img.ts";
import { bootQemuVm } from "./qemu-vm-lifecycle.ts";
import type { QemuVmRecord } from "./qemu-vm-store.ts";

/** Errors of the warm path that the cold path would raise too: no fallback, no new snapshot. */
const notRestoreFailures: VmErrorCode[] = ["VM_ALREADY_EXISTS", "VM_INVALID_SPEC"];

/**
 * Creates and boots a VM: its directory, a qcow2 overlay of the base image, a NoCloud seed
 * with the SSH key and the caller's cloud-config, and `vm.json`. A failure at any step
 * removes the directory again. Fails with `VM_INVALID_SPEC` (bad spec, or storage smaller
 * than the base image), `VM_ALREADY_EXISTS`, `DRIVER_UNAVAILABLE` or `VM_START_FAILED`.
 *
 * @example const status = await createQemuVm(context, { id, cpu: 2, memoryMiB: 1024, storageGiB: 10, sshPublicKey, sshHostPort: 23800 });
 */
export async function createQemuVm(
  context: QemuDriverContext,
  spec: VmSpec,
): Promise<RunningVmStatus> {
  const { store, image } = context;
  validateVmSpec(spec);
  store.checkPaths(spec.id);
  await context.accel();
  const baseBytes = await qcow2VirtualSize(context.qemuImgBinary, image.qcow2Path);
  if (spec.storageGiB * 1024 ** 3 < baseBytes) {
    throw new VmError(
      "VM_INVALID_SPEC",
      `storageGiB ${spec.storageGiB} is smaller than the base image (${(baseBytes / 1024 ** 3).toFixed(1)} GiB)`,
    );
  }
  const files = store.files(spec.id);
  const isolated = (await context.guestNetwork()).mode === "isolated";
  // Warm path: user networking (an isolated guest's static address is written by cloud-init
  // at first boot) and no requestor cloud-config (its first-boot modules ran in the saved
  // machine already; running them again would need a new instance, i.e. a cold first boot).
  if (context.snapshots && !isolated && spec.cloudInit === undefined) {
    const snapshot = await context.snapshots.find({ cpu: spec.cpu, memoryMiB: spec.memoryMiB });
    if (snapshot) {
      try {
        return await createVmFromSnapshot(context, spec, snapshot);
      } catch (error) {
        // A VM that exists already is no failed restore; anything else is.
        if (isVmError(error) && notRestoreFailures.includes(error.code)) throw error;
        context.log(
          `VM ${spec.id}: restoring snapshot ${snapshot.key} failed, booting cold and saving it again: ${(error as Error).message}`,
        );
        await context.snapshots.failed(snapshot);
      }
    }
  }
  const revert = createRevertStack();
  try {
    await store.createDir(spec.id);
    revert.add(() => rm(files.dir, { recursive: true, force: true }));
    const network = isolated
      ? { tap: tapNameOf(spec.id), address: await context.allocateAddress(spec.id) }
      : undefined;
    if (network) revert.add(() => context.isolated.detach(network));
    await createQcow2Overlay(context.qemuImgBinary, image.qcow2Path, files.disk, spec.storageGiB);
    await writeNocloudSeedIso(
      files.seed,
      buildNocloudSeed({
        instanceId: spec.id,
        hostname: spec.id,
        macAddress: macAddressOf(spec.id),
        sshPublicKey: spec.sshPublicKey,
        userCloudConfig: spec.cloudInit,
        sshHostKeys: spec.sshHostKeys,
        ...(network
          ? {
              staticAddress: {
                address: network.address,
                prefixLength: context.isolated.prefixLength,
                gateway: context.isolated.gateway,
                nameservers: context.nameservers,
              },
            }
          : {}),
      }),
    );
    // The host keys live in the seed (and the node's key store), never in vm.json.
    const { sshHostKeys: _secret, ...recorded } = spec;
    const record: QemuVmRecord = {
      version: 1,
      spec: recorded,
      image,
      createdAt: new Date().toISOString(),
      ...(network ? { network } : {}),
    };
    await store.writeRecord(record);
    const status = await bootQemuVm(context, record);
    revert.success();
    return status;
  } finally {
    await revert.revert();
  }
}
