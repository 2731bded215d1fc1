import { inTransaction } from "../state/transaction.ts";
import type { VmRecord } from "../state/vm-store.ts";
import { parseVmId, type VmSpec } from "../vm/driver.ts";
import type { HostKeyPair } from "../vm/host-keys.ts";
import { createRevertStack } from "../vm/revert-stack.ts";
import { VmError } from "../vm/vm-error.ts";
import { watchBanner } from "./banner-watch.ts";
import type { CreateCheckpoint, VmServiceContext } from "./service-context.ts";
import { errorText } from "./to-golem-error.ts";
import { openVmForwards } from "./vm-forwards.ts";

/** The driver's spec for a VM row (with its host key pairs, when the node made some). */
export function specOf(vm: VmRecord, sshHostKeys?: readonly HostKeyPair[]): VmSpec {
  return {
    id: parseVmId(vm.id),
    cpu: vm.cpu,
    memoryMiB: vm.memoryMib,
    storageGiB: vm.storageGib,
    sshPublicKey: vm.sshPublicKey,
    ...(vm.cloudInit === null ? {} : { cloudInit: vm.cloudInit }),
    ...(sshHostKeys === undefined ? {} : { sshHostKeys }),
    sshHostPort: vm.hostPort,
    ...(vm.published.length === 0
      ? {}
      : {
          publishedPorts: vm.published.map(({ guestPort, hostPort }) => ({ guestPort, hostPort })),
        }),
  };
}

/**
 * The steps of a create after its row and ports are reserved, each journaled (`started`
 * before, `done` after) and each registering its undo: driver.create → open the public
 * forward → mark `starting` (clearing the journal) → watch for the SSH banner. A failure
 * undoes the steps and leaves the row `failed` with the reason and no ports; a crash leaves
 * the journal for {@link recoverVms} to undo.
 *
 * @example await ctx.queue.run(vm.id, () => provisionVm(ctx, vm));
 */
export async function provisionVm(ctx: VmServiceContext, vm: VmRecord): Promise<void> {
  const { journal, driver, forwards } = ctx;
  const checkpoint = (point: CreateCheckpoint) => ctx.hooks.checkpoint?.(vm.id, point);
  const revert = createRevertStack();
  try {
    await checkpoint("after-reserve");

    journal.start(vm.id, "driver-create");
    revert.add(() => driver.destroy(parseVmId(vm.id)));
    await checkpoint("before-driver-create");
    const created = await driver.create(specOf(vm, await hostKeysOf(ctx, vm)));
    await checkpoint("after-driver-create");
    journal.done(vm.id, "driver-create");

    journal.start(vm.id, "forward", { port: vm.sshPort });
    revert.add(() => forwards.close(vm.id));
    await checkpoint("before-forward");
    await openVmForwards(ctx, vm, created);
    await checkpoint("after-forward");
    journal.done(vm.id, "forward");

    await checkpoint("before-mark-starting");
    inTransaction(ctx.db, () => {
      ctx.vms.setStatus(vm.id, "starting", null, ctx.now());
      journal.clear(vm.id);
    });
    revert.success();
    ctx.log(`VM ${vm.id} created; waiting for SSH on port ${vm.sshPort}`);
    watchBanner(ctx, vm.id, vm.sshPort);
  } catch (error) {
    const undoErrors = await revert.revert();
    const reason = `create failed: ${errorText(error)}`;
    ctx.log(`VM ${vm.id} ${reason}`);
    if (undoErrors.length > 0) {
      // Keep the journal: the next recovery retries the undo that failed.
      ctx.vms.setStatus(
        vm.id,
        "failed",
        `${reason}; cleanup pending: ${undoErrors.map(errorText).join("; ")}`,
        ctx.now(),
      );
      return;
    }
    inTransaction(ctx.db, () => {
      ctx.vms.releasePorts(vm.id);
      ctx.vms.setStatus(vm.id, "failed", reason, ctx.now());
      journal.clear(vm.id);
    });
  }
}

/** The host key pairs of a VM whose row names some; a row whose keys are gone fails the create. */
async function hostKeysOf(
  ctx: VmServiceContext,
  vm: VmRecord,
): Promise<readonly HostKeyPair[] | undefined> {
  if (!vm.sshHostKeys) return undefined;
  const pairs = await ctx.hostKeys?.privateKeys(parseVmId(vm.id));
  if (!pairs) {
    // Booting with keys of its own would make the guest refuse every pinned login.
    throw new VmError(
      "VM_START_FAILED",
      `the SSH host keys of VM ${vm.id} are missing on the node`,
      {
        hints: ["destroy the VM and create a new one"],
      },
    );
  }
  return pairs;
}
