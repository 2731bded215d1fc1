/**
 * `@vm-on-golem/sdk/ssh`: OpenSSH public key lines parsed and checked, and SSH commands built from a
 * checked host, port and the fixed user, shell-quoted (never a provider's text).
 */
export { knownHostsLines, knownHostsName } from "../ssh/known-hosts.ts";
export { parseSshPublicKey } from "../ssh/parse-ssh-public-key.ts";
export { shellLine } from "../ssh/shell-line.ts";
export { sshCommandOf } from "../ssh/ssh-command-of.ts";
export { sshFingerprintOf } from "../ssh/ssh-fingerprint.ts";
export { isSshHostKeyLine, SSH_HOST_KEY_TYPES } from "../ssh/ssh-host-key-line.ts";
