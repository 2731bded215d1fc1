import type { VmRow } from "../state/requestor-db.ts";

/** Parameters of {@link sshArgs}. */
export type SshArgsParameters = {
  vm: Pick<VmRow, "sshHost" | "sshPort">;
  /** Private key file. */
  keyPath: string;
  /** User on the VM. */
  user: string;
  /** Host keys of this VM (one file per VM, so a new VM on a reused port is not refused). */
  knownHostsFile?: string | undefined;
  /** Remote command, passed through after the destination. */
  command?: readonly string[] | undefined;
};

/**
 * Arguments for the system `ssh` to reach a rented VM with the requestor's key. Host keys
 * are accepted on first use: a VM is new each time, but a changed key is still refused.
 *
 * @example
 * spawn("ssh", sshArgs({ vm, keyPath, user: "golem", command: ["uname", "-a"] }));
 */
export function sshArgs(params: SshArgsParameters): string[] {
  return [
    "-i",
    params.keyPath,
    "-p",
    String(params.vm.sshPort),
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "StrictHostKeyChecking=accept-new",
    // The provider's forwarder closes connections idle for an hour; keep a quiet session alive.
    "-o",
    "ServerAliveInterval=60",
    ...(params.knownHostsFile === undefined
      ? []
      : ["-o", `UserKnownHostsFile=${params.knownHostsFile}`]),
    `${params.user}@${params.vm.sshHost}`,
    ...(params.command ?? []),
  ];
}
