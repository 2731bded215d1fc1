import { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";
import { shellLine } from "./shell-line.ts";

/** The user every VM is reached as: fixed, never taken from a provider. */
export const VM_SSH_USER = "golem";

/** Parameters of {@link sshCommandOf}. */
export type SshCommandOfParameters = {
  /** What a provider's `GET /vms/{id}/access` said; only `host` and `port` are used, checked. */
  access: { host: unknown; port: unknown };
  /** Private key file for `-i` (e.g. `~/.ssh/golem-vm`), or none. */
  keyFile?: string | undefined;
};

const host = z.union([z.ipv4(), z.ipv6(), z.hostname()]);

/**
 * The `ssh` command line for a VM, built here from a provider's access answer: the host must
 * be a host name or an IP literal (IPv6 with or without brackets), the port a whole number
 * 1–65535, the user {@link VM_SSH_USER}, a keep-alive every 60 s; every argument is shell-quoted. A provider's own
 * `sshCommand` text is never used, so its answer cannot put a command on a user's clipboard.
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
  return shellLine("ssh", [...key, "-p", String(port), ...alive, `${VM_SSH_USER}@${bare}`]);
}

function invalid(field: string, value: unknown, wanted: string): GolemError {
  const shown = JSON.stringify(value)?.slice(0, 80) ?? String(value);
  return new GolemError(
    "SSH_ACCESS_INVALID",
    `the provider's SSH ${field} ${shown} is not ${wanted}; no command was built`,
    { details: { field } },
  );
}
