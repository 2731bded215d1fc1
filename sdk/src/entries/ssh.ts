/**
 * `@vm-on-golem/sdk/ssh`: OpenSSH public key lines parsed and checked, and SSH commands built from a
 * checked host, port and the fixed user, shell-quoted (never a provider's text).
 */
export { parseSshPublicKey } from "../ssh/parse-ssh-public-key.ts";
export { shellLine } from "../ssh/shell-line.ts";
export { sshCommandOf } from "../ssh/ssh-command-of.ts";
export { sshFingerprintOf } from "../ssh/ssh-fingerprint.ts";
