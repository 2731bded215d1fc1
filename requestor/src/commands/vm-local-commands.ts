import { GolemError } from "@vm-on-golem/sdk/errors";
import { shellLine } from "@vm-on-golem/sdk/ssh";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields, renderTable } from "../cli/output.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { formatDuration } from "../format/format-amounts.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { isPinned, notPinnedNote } from "../state/pinned-host-keys.ts";
import { openRequestorDb, type VmRow } from "../state/requestor-db.ts";
import { identityFileFor, knownHostsFile } from "../state/ssh-key.ts";
import { type LiveVm, readLiveVms } from "./read-live-vms.ts";
import { sshArgs } from "./ssh-args.ts";

/** The VM called `name` in the local db, or `VM_NOT_FOUND`. */
export async function findLocalVm(config: RequestorConfig, name: string): Promise<VmRow> {
  const db = openRequestorDb(await ensureHome(config.home));
  try {
    const vm = db.getVm(name);
    if (vm === undefined) {
      throw new GolemError("VM_NOT_FOUND", `no VM named "${name}" on this machine`, {
        details: { name },
      });
    }
    return vm;
  } finally {
    db.close();
  }
}

const resources = (vm: VmRow) =>
  vm.cpu === null ? "-" : `${vm.cpu} CPU, ${vm.memoryGiB} GiB RAM, ${vm.storageGiB} GiB disk`;

/**
 * `golem vm list`: the VMs recorded on this machine, each with its status from its provider
 * and its stream's runway and top-up budget from the chain; a provider that does not answer
 * leaves the recorded status, marked as such.
 */
export async function runList(ctx: CliContext, opts: GlobalOptions): Promise<void> {
  const config = await ctx.config();
  const db = openRequestorDb(await ensureHome(config.home));
  let recorded: VmRow[];
  try {
    recorded = db.listVms();
  } finally {
    db.close();
  }
  const vms = await readLiveVms(config, recorded, { timeoutMs: listTimeoutMs });
  // What a provider says now becomes the record a later unreachable provider falls back to.
  const changed = recorded.flatMap((vm, i) => {
    const live = vms[i];
    return live?.statusSource === "provider" && live.status !== vm.status
      ? [{ ...vm, status: live.status }]
      : [];
  });
  if (changed.length > 0) {
    const store = openRequestorDb(config.home);
    try {
      for (const vm of changed) store.upsertVm(vm);
    } finally {
      store.close();
    }
  }
  printResult(ctx, opts, { vms }, () =>
    vms.length === 0
      ? "No VMs yet. Find a provider with `golem vm providers`."
      : renderTable(
          ["Name", "Status", "Address", "Resources", "Stream", "Runway", "Top-up budget"],
          vms.map((vm) => [
            vm.name,
            vm.statusSource === "provider"
              ? vm.status
              : `${vm.status} (recorded; provider unreachable)`,
            `${vm.sshHost}:${vm.sshPort}`,
            resources(vm),
            vm.streamId === null ? "-" : `#${vm.streamId}`,
            runwayCell(vm),
            vm.topUpBudget === null ? "-" : vm.topUpBudget === 0n ? "none" : budgetCell(vm),
          ]),
        ),
  );
}

/** How long `vm list` waits for each provider (ms): a dead provider does not hold up the list. */
const listTimeoutMs = 5_000;

function runwayCell(vm: LiveVm): string {
  if (vm.streamId === null) return "-";
  if (vm.runwaySeconds === null) return "unknown (chain unreachable)";
  if (vm.streamClosed) return "terminated";
  return formatDuration(vm.runwaySeconds);
}

/** The budget as runway at the stream's recorded rate, which is what a reader weighs it in. */
function budgetCell(vm: LiveVm): string {
  const rate = vm.ratePerSecond ?? 0n;
  return rate > 0n
    ? `${formatDuration((vm.topUpBudget ?? 0n) / rate)} of runway`
    : `${vm.topUpBudget} base units`;
}

/** `golem vm info <name>`: one VM as recorded on this machine. */
export async function runInfo(ctx: CliContext, name: string, opts: GlobalOptions): Promise<void> {
  const vm = await findLocalVm(await ctx.config(), name);
  printResult(ctx, opts, vm, () =>
    renderFields([
      ["Name", vm.name],
      ["Status", vm.status],
      ["Provider", vm.providerId],
      ["Provider API", vm.providerApiUrl],
      ["VM id", vm.vmId],
      ["Resources", resources(vm)],
      ["SSH", `${vm.sshHost}:${vm.sshPort}`],
      ["Stream", vm.streamId === null ? "-" : `#${vm.streamId}`],
      ["Created", new Date(vm.createdAt).toISOString()],
    ]),
  );
}

/** `golem vm connect <name>`: the SSH command line for a VM (creates the key on first use). */
export async function runConnect(
  ctx: CliContext,
  name: string,
  opts: GlobalOptions,
): Promise<void> {
  const config = await ctx.config();
  const vm = await findLocalVm(config, name);
  const keyPath = await identityFileFor(config.home, vm);
  const knownHosts = await knownHostsFile(config.home, name);
  const pinned = await isPinned(knownHosts);
  if (!pinned) ctx.err(notPinnedNote(name));
  const args = sshArgs({
    vm,
    keyPath,
    user: config.ssh.user,
    knownHostsFile: knownHosts,
    hostKeys: pinned ? "pinned" : "first-use",
  });
  const command = shellLine(config.ssh.command, args);
  printResult(
    ctx,
    opts,
    {
      name,
      host: vm.sshHost,
      port: vm.sshPort,
      user: config.ssh.user,
      keyPath,
      hostKeysPinned: pinned,
      command,
    },
    () => command,
  );
}
