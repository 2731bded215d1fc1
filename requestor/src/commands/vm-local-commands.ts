import { GolemError } from "@vm-on-golem/sdk/errors";
import { shellLine } from "@vm-on-golem/sdk/ssh";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields, renderTable } from "../cli/output.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { openRequestorDb, type VmRow } from "../state/requestor-db.ts";
import { identityFileFor, knownHostsFile } from "../state/ssh-key.ts";
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

/** `golem vm list`: the VMs recorded on this machine. */
export async function runList(ctx: CliContext, opts: GlobalOptions): Promise<void> {
  const config = await ctx.config();
  const db = openRequestorDb(await ensureHome(config.home));
  let vms: VmRow[];
  try {
    vms = db.listVms();
  } finally {
    db.close();
  }
  printResult(ctx, opts, { vms }, () =>
    vms.length === 0
      ? "No VMs yet. Find a provider with `golem vm providers`."
      : renderTable(
          ["Name", "Status", "Address", "Resources", "Stream"],
          vms.map((vm) => [
            vm.name,
            vm.status,
            `${vm.sshHost}:${vm.sshPort}`,
            resources(vm),
            vm.streamId === null ? "-" : `#${vm.streamId}`,
          ]),
        ),
  );
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
  const args = sshArgs({
    vm,
    keyPath,
    user: config.ssh.user,
    knownHostsFile: await knownHostsFile(config.home, name),
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
      command,
    },
    () => command,
  );
}
