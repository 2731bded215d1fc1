import { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";
import { knownHostsLines } from "./known-hosts.ts";
import { shellLine } from "./shell-line.ts";
import { isSshHostKeyLine } from "./ssh-host-key-line.ts";

/** The user every VM is reached as: fixed, never taken from a provider. */
export const VM_SSH_USER = "golem";

/** Parameters of {@link sshCommandOf}. */
export type SshCommandOfParameters = {
  /** What a provider's `GET /vms/{id}/access` said; only `host` and `port` are used, checked. */
  access: { host: unknown; port: unknown };
  /** Private key file for `-i` (e.g. `~/.ssh/golem-vm`), or none. */
  keyFile?: string | undefined;
  /**
   * The VM's host keys as its provider gave them (each checked here again) and the VM's id,
   * which names the known_hosts file (`~/.ssh/golem-<vmId>.known_hosts`): the command then
   * writes that file first and connects with `StrictHostKeyChecking=yes` against it only.
   */
  pin?: { vmId: string; hostKeys: readonly { publicKey: string }[] } | undefined;
};

const host = z.union([z.ipv4(), z.ipv6(), z.hostname()]);

/**
 * The `ssh` command line for a VM, built here from a provider's access answer: the host must
 * be a host name or an IP literal (IPv6 with or without brackets), the port a whole number
 * 1–65535, the user {@link VM_SSH_USER}, a keep-alive every 60 s; every argument is shell-quoted. A provider's own
 * `sshCommand` text is never used, so its answer cannot put a command on a user's clipboard.
 * With `pin`, the line is `mkdir -p ~/.ssh && printf '%s\n' '<known_hosts line>' > <file> && ssh …
 * -o StrictHostKeyChecking=yes -o UserKnownHostsFile=<file> …`: one line for POSIX shells (bash,
 * zsh, dash), with a file rather than `<(…)` because ssh reads its known_hosts more than once.
 * Fails with `SSH_ACCESS_INVALID`.
 *
 * @example sshCommandOf({ access: { host: "10.0.0.5", port: 50800 } }); // "ssh -p 50800 -o ServerAliveInterval=60 golem@10.0.0.5"
 */
export function sshCommandOf(parameters: SshCommandOfParameters): string {
  const { access } = parameters;
  const raw = typeof access.host === "string" ? access.host : "";
  const bare = /^\[.*\]$/.test(raw) ? raw.slice(1, -1) : raw;
  const bracketedIpv6 = bare !== raw ? z.ipv6().safeParse(bare).success : true;
  if (!bracketedIpv6 || !host.safeParse(bare).success || bare.length > 253) {
    throw invalid("host", access.host, "a host name or an IP address");
  }
  const { port } = access;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw invalid("port", port, "a whole number from 1 to 65535");
  }
  const key = parameters.keyFile === undefined ? [] : ["-i", parameters.keyFile];
  // The provider's forwarder closes connections idle for an hour (the CLI's ssh sets it too).
  const alive = ["-o", "ServerAliveInterval=60"];
  const destination = `${VM_SSH_USER}@${bare}`;
  if (parameters.pin === undefined) {
    return shellLine("ssh", [...key, "-p", String(port), ...alive, destination]);
  }
  const { vmId, hostKeys } = parameters.pin;
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(vmId)) throw invalid("VM id", vmId, "a VM id");
  if (hostKeys.length === 0 || !hostKeys.every((k) => isSshHostKeyLine(k.publicKey))) {
    throw invalid("host keys", hostKeys.length, "a list of SSH host key lines");
  }
  // Left unquoted so the shell expands `~` (the id and the name are checked above).
  const file = `~/.ssh/golem-${vmId}.known_hosts`;
  const lines = knownHostsLines(
    { host: bare, port },
    hostKeys.map((k) => k.publicKey),
  );
  const write = `${shellLine("printf", ["%s\\n", ...lines])} > ${file}`;
  const strict = ["-o", "StrictHostKeyChecking=yes", "-o", `UserKnownHostsFile=${file}`];
  const ssh = shellLine("ssh", [...key, "-p", String(port), ...alive, ...strict, destination]);
  return `mkdir -p ~/.ssh && ${write} && ${ssh}`;
}

function invalid(field: string, value: unknown, wanted: string): GolemError {
  const shown = JSON.stringify(value)?.slice(0, 80) ?? String(value);
  return new GolemError(
    "SSH_ACCESS_INVALID",
    `the provider's SSH ${field} ${shown} is not ${wanted}; no command was built`,
    { details: { field } },
  );
}
