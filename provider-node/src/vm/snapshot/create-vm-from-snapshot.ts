import { copyFile, link, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { RunningVmStatus, VmSpec } from "../driver.ts";
import type { QemuDriverContext } from "../qemu/qemu-driver-context.ts";
import { runningStatus } from "../qemu/qemu-vm-status.ts";
import type { QemuVmRecord } from "../qemu/qemu-vm-store.ts";
import { createRevertStack } from "../revert-stack.ts";
import type { VmSnapshot } from "./ensure-vm-snapshot.ts";
import { newGuestIdentity } from "./guest-identity.ts";
import { restoreVmSnapshot } from "./restore-vm-snapshot.ts";

/**
 * Creates a VM as a clone of a saved machine: the snapshot's disk, seed and initrd linked into
 * the VM's directory (hard links, so a rebuilt or removed snapshot never pulls the disk from
 * under a clone; copies for the small files across file systems), a fresh identity given by
 * the guest agent, then its ports forwarded. `vm.json` records `restored`, so a later start
 * boots the same machine (virtio-blk, initrd, its own MAC) cold. A failure removes the
 * directory. Fails with `VM_START_FAILED` or `VM_NOT_READY`; the caller boots cold instead.
 *
 * @example const status = await createVmFromSnapshot(context, spec, snapshot);
 */
export async function createVmFromSnapshot(
  context: QemuDriverContext,
  spec: VmSpec,
  snapshot: VmSnapshot,
): Promise<RunningVmStatus> {
  const { store } = context;
  const files = store.files(spec.id);
  const revert = createRevertStack();
  try {
    await store.createDir(spec.id);
    revert.add(() => rm(files.dir, { recursive: true, force: true }));
    const own = {
      ...snapshot,
      diskPath: join(files.dir, "snapshot-disk.qcow2"),
      seedPath: files.seed,
      initrdPath: join(files.dir, "initrd.img"),
    };
    await linkOrCopy(snapshot.diskPath, own.diskPath, false);
    await linkOrCopy(snapshot.seedPath, own.seedPath, true);
    await linkOrCopy(snapshot.initrdPath, own.initrdPath, true);
    const identity = await newGuestIdentity({
      hostname: spec.id,
      authorizedKey: spec.sshPublicKey,
      hostKeys: spec.sshHostKeys,
    });
    // The host keys go to the guest agent (and stay in the node's key store), never in vm.json.
    const { sshHostKeys: _secret, ...recorded } = spec;
    const record: QemuVmRecord = {
      version: 1,
      spec: recorded,
      image: context.image,
      createdAt: new Date().toISOString(),
      restored: {
        snapshotKey: snapshot.key,
        macAddress: identity.macAddress,
        initrdPath: own.initrdPath,
      },
    };
    await store.writeRecord(record);
    const clone = await restoreVmSnapshot({
      snapshot: own,
      id: spec.id,
      dir: files.dir,
      sshHostPort: spec.sshHostPort,
      publishedPorts: spec.publishedPorts,
      storageGiB: spec.storageGiB,
      identity,
      qemuBinary: context.qemuBinary,
      qemuImgBinary: context.qemuImgBinary,
    });
    if (record.restored) record.restored.guestAddress = clone.guestAddress;
    await store.writeRecord(record);
    context.log(
      `VM ${spec.id} restored from snapshot ${snapshot.key} (pid ${clone.pid}, identity set after ${(clone.identityMs / 1000).toFixed(2)} s, ssh on 127.0.0.1:${spec.sshHostPort})`,
    );
    revert.success();
    return runningStatus(record, clone.pid);
  } finally {
    await revert.revert();
  }
}

/**
 * A hard link of `from` at `to`; across file systems a copy when `copyAllowed`, else a
 * symbolic link (the disk: gigabytes are not copied per VM; a rebuilt snapshot then replaces it).
 */
async function linkOrCopy(from: string, to: string, copyAllowed: boolean): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    if (copyAllowed) await copyFile(from, to);
    else await symlink(from, to);
  }
}
