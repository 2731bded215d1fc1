import { GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import type { VmStreamView, VmView } from "@vm-on-golem/sdk/provider-client";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { formatDuration } from "../format/format-amounts.ts";
import { publishedText } from "./publish-ports.ts";
import { openRemoteVm, saveVm } from "./remote-vm.ts";

const resources = (r: {
  cpu: number | null;
  memoryGiB: number | null;
  storageGiB: number | null;
}) => (r.cpu === null ? "-" : `${r.cpu} CPU, ${r.memoryGiB} GiB RAM, ${r.storageGiB} GiB disk`);

/**
 * `golem vm info NAME`: the recorded VM, refreshed from its provider when it answers (status,
 * and the stream's runway as the provider reads it on chain). An unreachable provider is shown,
 * not fatal: the local record is still printed.
 */
export async function runRemoteInfo(
  ctx: CliContext,
  name: string,
  opts: GlobalOptions,
): Promise<void> {
  const { config, vm, provider } = await openRemoteVm(ctx, name);
  let live: VmView | undefined;
  let stream: VmStreamView | undefined;
  let problem: string | undefined;
  try {
    live = await provider.getVm(vm.vmId);
    if (vm.streamId !== null) stream = await provider.vmStream(vm.vmId).catch(() => undefined);
  } catch (error) {
    problem = isGolemError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  const row = live === undefined ? vm : { ...vm, status: live.status };
  if (live !== undefined && live.status !== vm.status) await saveVm(config.home, name, row);
  printResult(
    ctx,
    opts,
    {
      ...row,
      refreshed: live !== undefined,
      providerError: problem ?? null,
      stream: stream ?? null,
      publishedPorts: live?.publishedPorts ?? null,
    },
    () =>
      renderFields([
        ["Name", row.name],
        [
          "Status",
          live === undefined
            ? `${row.status} (recorded; live status unavailable: ${problem})`
            : row.status,
        ],
        ["Provider", row.providerId],
        ["Provider API", row.providerApiUrl],
        ["VM id", row.vmId],
        ["Resources", resources(row)],
        ["SSH", `${row.sshHost}:${row.sshPort}`],
        ["Ports", publishedText(row.sshHost, live?.publishedPorts)],
        ["Stream", row.streamId === null ? "-" : `#${row.streamId}`],
        [
          "Runway",
          stream &&
            `${formatDuration(BigInt(stream.runwaySeconds))}${stream.active ? "" : " (inactive)"}`,
        ],
        ["Created", new Date(row.createdAt).toISOString()],
      ]),
  );
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** `golem vm stats NAME`: cpu, memory and disk use as the provider measures them. */
export async function runStats(ctx: CliContext, name: string, opts: GlobalOptions): Promise<void> {
  const { vm, provider } = await openRemoteVm(ctx, name);
  let stats: Awaited<ReturnType<typeof provider.vmStats>>;
  try {
    stats = await provider.vmStats(vm.vmId);
  } catch (error) {
    // An older provider has no stats route: its 404 is NOT_FOUND, not VM_NOT_FOUND.
    if (
      isGolemError(error, "NOT_FOUND") ||
      (isGolemError(error, "INTERNAL") && error.status === 404)
    ) {
      throw new GolemError("NOT_SUPPORTED", `provider ${vm.providerId} does not report VM usage`, {
        hints: [
          "its node is older than the stats API; ask the operator to upgrade, or use `golem vm ssh " +
            name +
            " -- top -bn1`",
        ],
        details: { providerApiUrl: vm.providerApiUrl },
        cause: error,
      });
    }
    throw error;
  }
  printResult(ctx, opts, stats, () =>
    renderFields([
      [
        "CPU",
        `${stats.cpu.count} vCPU, ${stats.cpu.usagePercent.toFixed(1)} % over ${stats.sampleWindowMs} ms`,
      ],
      ["Memory", `${stats.memory.usedMiB} / ${stats.memory.totalMiB} MiB`],
      ["Disk", `${mib(stats.disk.usedBytes)} used of ${stats.disk.totalGiB} GiB`],
      [
        "Disk I/O",
        stats.disk.readBytes === null
          ? undefined
          : `read ${mib(stats.disk.readBytes)}, written ${mib(stats.disk.writeBytes ?? 0)}`,
      ],
      ["Sampled", stats.sampledAt],
    ]),
  );
}
