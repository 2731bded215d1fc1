import type { DriverProbe, VmDriver, VmId, VmSpec, VmStats, VmStatus } from "../driver.ts";
import { parseVmId } from "../driver.ts";
import { runCommand } from "../run-command.ts";
import { validateVmSpec } from "../validate-vm-spec.ts";
import { VmError } from "../vm-error.ts";
import type {
  MultipassInfoEntry,
  MultipassInfoJson,
  MultipassListJson,
  MultipassVersionJson,
} from "./multipass-json.ts";
import { multipassStats } from "./multipass-stats.ts";

/** Options of {@link createMultipassDriver}. */
export type MultipassDriverOptions = {
  /** The `multipass` executable (default `multipass` on PATH). */
  executable?: string;
  /** Image to launch (`multipass find` lists them); default: Multipass's current LTS. */
  image?: string;
  /**
   * The node's id (8 lowercase hex digits, kept in its data directory): instances are named
   * `golem-<nodeId>-<vmId>`, so a node sharing multipassd with other nodes or people lists,
   * adopts and cleans up only its own.
   */
  nodeId: string;
  /** Seconds `multipass launch`/`start` may take (default 600). */
  timeoutSeconds?: number;
  /** Extra environment for the CLI (tests point the stand-in at its state file). */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
};

const stateOf: Record<string, "running" | "stopped" | "missing"> = {
  Running: "running",
  Starting: "running",
  Restarting: "running",
  "Delayed Shutdown": "running",
  Suspending: "running",
  Stopped: "stopped",
  Suspended: "stopped",
  Unknown: "stopped",
  Deleted: "missing",
};

/**
 * Creates the Multipass driver (the seed's driver), through the `multipass` CLI's JSON
 * output. Multipass gives each VM its own address, so `sshEndpoint` is `<ipv4>:22` and
 * `spec.sshHostPort` is not used; the node forwards its public port to that endpoint.
 * `host` is empty while Multipass reports no address yet. Instances are named
 * `golem-<nodeId>-<vmId>`: `list()` (and so the node's orphan clean-up) sees only this node's.
 *
 * @example const driver = createMultipassDriver({ nodeId: await readNodeId(config.dataDir), log });
 */
export function createMultipassDriver(options: MultipassDriverOptions): VmDriver {
  const executable = options.executable ?? "multipass";
  if (!/^[0-9a-f]{8}$/.test(options.nodeId)) {
    throw new VmError(
      "VM_INVALID_SPEC",
      `node id ${JSON.stringify(options.nodeId)} is not 8 lowercase hex digits`,
    );
  }
  const prefix = `golem-${options.nodeId}-`;
  // Before node ids, instances were `golem-<vmId>`; such a VM of this node is still found by
  // its id (the node's database names it), but never listed, so never taken for an orphan.
  const legacyPrefix = "golem-";
  const timeoutSeconds = options.timeoutSeconds ?? 600;
  const log = options.log ?? (() => {});
  const env = { ...process.env, ...options.env };
  let probed: Promise<DriverProbe> | undefined;

  const multipass = async (args: string[], input?: string) => {
    try {
      return await runCommand(executable, args, {
        env,
        input,
        timeoutMs: (timeoutSeconds + 60) * 1000,
      });
    } catch (error) {
      if (error instanceof VmError && /does not exist/.test(String(error.details.stderr ?? ""))) {
        throw new VmError("VM_NOT_FOUND", `Multipass has no instance ${args.at(-1)}`, {
          cause: error,
        });
      }
      throw error;
    }
  };

  const idOf = (name: string): VmId | undefined => {
    if (!name.startsWith(prefix)) return undefined;
    try {
      return parseVmId(name.slice(prefix.length));
    } catch {
      return undefined;
    }
  };

  const statusOf = (id: VmId, state: string, ipv4: string[]): VmStatus => {
    const mapped = stateOf[state] ?? "stopped";
    if (mapped === "missing") return { id, state: "missing" };
    return {
      id,
      state: mapped,
      sshEndpoint: { host: ipv4[0] ?? "", port: 22 },
      hypervisorState: state,
    };
  };

  const infoOf = async (name: string): Promise<MultipassInfoEntry | undefined> => {
    try {
      const info = JSON.parse(
        (await multipass(["info", name, "--format", "json"])).stdout,
      ) as MultipassInfoJson;
      return info.info[name];
    } catch (error) {
      if (error instanceof VmError && error.code === "VM_NOT_FOUND") return undefined;
      throw error;
    }
  };

  /** The instance of VM `id`: under this node's name, else under the legacy one. */
  const find = async (id: VmId) => {
    for (const name of [`${prefix}${parseVmId(id)}`, `${legacyPrefix}${id}`]) {
      const entry = await infoOf(name);
      if (entry) return { name, entry };
    }
    return undefined;
  };

  const inspect = async (id: VmId): Promise<VmStatus> => {
    const found = await find(id);
    return found ? statusOf(id, found.entry.state, found.entry.ipv4) : { id, state: "missing" };
  };

  const stats = async (id: VmId): Promise<VmStats> => {
    const entry = (await find(id))?.entry;
    if (!entry) throw new VmError("VM_NOT_FOUND", `VM ${id} does not exist`);
    if (stateOf[entry.state] !== "running") {
      throw new VmError("VM_NOT_RUNNING", `VM ${id} does not run (Multipass: ${entry.state})`, {
        hints: ["Start the VM to see its usage."],
      });
    }
    return multipassStats(entry);
  };

  const requireExisting = async (id: VmId) => {
    const found = await find(id);
    const status = found && statusOf(id, found.entry.state, found.entry.ipv4);
    if (!found || !status || status.state === "missing") {
      throw new VmError("VM_NOT_FOUND", `VM ${id} does not exist`, {
        hints: ["List VMs to see which exist."],
      });
    }
    return { name: found.name, status };
  };

  return {
    name: "multipass",

    probe: () => {
      probed ??= (async (): Promise<DriverProbe> => {
        try {
          const { stdout } = await runCommand(executable, ["version", "--format", "json"], {
            env,
            timeoutMs: 30_000,
          });
          const version = JSON.parse(stdout) as MultipassVersionJson;
          if (!version.multipassd) {
            return {
              usable: false,
              reason: "the multipass daemon (multipassd) does not answer",
              details: { ...version },
            };
          }
          return { usable: true, details: { ...version } };
        } catch (error) {
          return {
            usable: false,
            reason: error instanceof Error ? error.message : String(error),
            details: {},
          };
        }
      })();
      return probed;
    },

    async create(spec: VmSpec) {
      const { userData } = validateVmSpec(spec);
      if ((await inspect(spec.id)).state !== "missing") {
        throw new VmError("VM_ALREADY_EXISTS", `VM ${spec.id} already exists`, {
          hints: ["Destroy it first, or choose another id."],
        });
      }
      const name = `${prefix}${spec.id}`;
      log(`multipass launch ${name}`);
      try {
        await multipass(
          [
            "launch",
            "--name",
            name,
            "--cpus",
            String(spec.cpu),
            "--memory",
            `${spec.memoryMiB}M`,
            "--disk",
            `${spec.storageGiB}G`,
            "--timeout",
            String(timeoutSeconds),
            "--cloud-init",
            "-",
            ...(options.image ? [options.image] : []),
          ],
          userData,
        );
      } catch (error) {
        // A launch that failed half-way can leave an instance behind; nothing may leak.
        await multipass(["delete", "--purge", name]).catch(() => {});
        throw new VmError("VM_START_FAILED", `multipass launch of ${name} failed`, {
          details: error instanceof VmError ? { ...error.details } : {},
          cause: error,
        });
      }
      return inspect(spec.id);
    },

    async start(id) {
      const { name, status } = await requireExisting(id);
      if (status.state === "running") return status;
      await multipass(["start", name]);
      return inspect(id);
    },

    async stop(id, stopOptions = {}) {
      const { name, status } = await requireExisting(id);
      if (status.state === "stopped") return status;
      const graceMs = stopOptions.gracefulTimeoutMs;
      if (graceMs === undefined) {
        await multipass(["stop", name]);
        return inspect(id);
      }
      try {
        await runCommand(executable, ["stop", name], { env, timeoutMs: graceMs });
      } catch (error) {
        // A guest that ignores the shutdown request holds `multipass stop`; force it off.
        log(`multipass stop ${name} did not finish in ${graceMs} ms (${error}); forcing it off`);
        await multipass(["stop", "--force", name]);
      }
      return inspect(id);
    },

    async destroy(id) {
      const found = await find(id);
      if (!found || stateOf[found.entry.state] === "missing") return;
      await multipass(["delete", "--purge", found.name]);
    },

    inspect,
    stats,

    async list() {
      const { stdout } = await multipass(["list", "--format", "json"]);
      return (JSON.parse(stdout) as MultipassListJson).list.flatMap((entry) => {
        const id = idOf(entry.name);
        if (!id) return [];
        const status = statusOf(id, entry.state, entry.ipv4);
        return status.state === "missing" ? [] : [status];
      });
    },
  };
}
