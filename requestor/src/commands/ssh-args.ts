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
  /**
   * `pinned`: `knownHostsFile` holds the keys the provider gave (see `pinHostKeys`) and ssh
   * accepts only those (`StrictHostKeyChecking=yes`, no global file, nothing learned).
   * `first-use` (default, VMs whose provider gave no keys): accepted on first use.
   */
  hostKeys?: "pinned" | "first-use" | undefined;
  /** Remote command, passed through after the destination. */
  command?: readonly string[] | undefined;
};

/**
 * Arguments for the system `ssh` to reach a rented VM with the requestor's key. Pinned host
 * keys are the only ones accepted; unpinned ones are accepted on first use (a changed key is
 * still refused).
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
    ...(params.hostKeys === "pinned"
      ? [
          ...["-o", "StrictHostKeyChecking=yes"],
          ...["-o", "GlobalKnownHostsFile=/dev/null"],
          ...["-o", "UpdateHostKeys=no"],
        ]
      : ["-o", "StrictHostKeyChecking=accept-new"]),
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
