import { runtimePaths } from "../daemon/pid-file.ts";
import type { VmRecord } from "../state/vm-store.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";
import { operatorRequest } from "./operator-client.ts";
import { renderTable } from "./render-table.ts";

/**
 * `golem-provider vm list|stop|start|destroy`: the operator's view of every VM on this node,
 * through the running daemon's operator socket (`DAEMON_NOT_RUNNING` when none runs).
 */
export async function vmCommand(
  ctx: CliContext,
  action: "list" | "stop" | "start" | "destroy",
  id: string | undefined,
  options: { json?: boolean; dataDir?: string },
): Promise<void> {
  const { config } = await loadConfig(ctx, { dataDir: options.dataDir });
  const socket = runtimePaths(config.dataDir).operatorSocket;
  if (action === "list") {
    const vms = await operatorRequest<VmRecord[]>(socket, "GET", "/vms");
    if (options.json) {
      ctx.out(JSON.stringify(vms, null, 2));
      return;
    }
    if (vms.length === 0) {
      ctx.out("no VMs");
      return;
    }
    const rows = vms.map((vm) => [
      vm.id,
      vm.name,
      vm.status,
      String(vm.sshPort),
      vm.published.map((p) => `${p.guestPort}→${p.publicPort}`).join(" "),
      `${vm.cpu} CPU, ${vm.memoryMib / 1024} GiB, ${vm.storageGib} GiB disk`,
      vm.owner,
      vm.error ?? "",
    ]);
    ctx.out(
      renderTable(
        ["id", "name", "status", "ssh port", "published", "resources", "owner", "error"],
        rows,
      ),
    );
    return;
  }
  const path = `/vms/${encodeURIComponent(id ?? "")}`;
  const result =
    action === "destroy"
      ? await operatorRequest(socket, "DELETE", path)
      : await operatorRequest<VmRecord>(socket, "POST", `${path}/${action}`);
  ctx.out(
    options.json
      ? JSON.stringify(result, null, 2)
      : `${id}: ${action === "destroy" ? "destroyed" : (result as VmRecord).status}`,
  );
}
