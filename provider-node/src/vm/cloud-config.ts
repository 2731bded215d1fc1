import { isMap, parseDocument, stringify } from "yaml";
import type { HostKeyPair } from "./host-keys.ts";
import { VmError } from "./vm-error.ts";

/** The login user every VM gets: passwordless sudo, key-only SSH. */
export const guestUser = "golem";

/** Largest requestor cloud-config accepted, in bytes (NoCloud seeds and Multipass take far more; this is a sanity cap). */
export const maxUserCloudConfigBytes = 64 * 1024;

const sshKeyPattern =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;

/** Parameters of {@link buildUserData}. */
export type BuildUserDataParameters = {
  sshPublicKey: string;
  /** The requestor's own `#cloud-config` YAML, merged after the node's. */
  userCloudConfig?: string;
  /** The VM's SSH host keys (made by the node); the guest's own are deleted and these written instead. */
  sshHostKeys?: readonly HostKeyPair[];
};

/**
 * Builds the NoCloud `user-data`: a `#cloud-config` that creates {@link guestUser} with the
 * requestor's key and passwordless sudo, with the requestor's cloud-config merged in.
 * Merge rule: lists are appended (ours first, so the login user cannot be dropped by a
 * `users:` list), mappings merge key by key, and for scalars the requestor's value wins.
 * With `sshHostKeys`, cloud-init deletes the image's host keys and writes exactly these
 * (`ssh_deletekeys`, `ssh_keys`) before sshd starts; they are set after the merge, so the
 * guest presents the keys the node shows its owner.
 *
 * @example buildUserData({ sshPublicKey: "ssh-ed25519 AAAA… me@laptop", userCloudConfig: "#cloud-config\npackages: [htop]\n" })
 */
export function buildUserData(parameters: BuildUserDataParameters): string {
  const key = parameters.sshPublicKey.trim();
  if (!sshKeyPattern.test(key)) {
    throw new VmError("VM_INVALID_SPEC", "The SSH public key is not one OpenSSH public key line", {
      hints: ["Pass the contents of a .pub file, e.g. `ssh-ed25519 AAAA… user@host`."],
    });
  }
  const base: Record<string, unknown> = {
    users: [
      {
        name: guestUser,
        gecos: "VM on Golem",
        shell: "/bin/bash",
        sudo: "ALL=(ALL) NOPASSWD:ALL",
        lock_passwd: true,
        ssh_authorized_keys: [key],
      },
    ],
    // No ssh_pwauth: setting it makes cloud-init restart sshd after the guest already answered
    // (logins in that window fail); the base image turns password logins off itself.
    disable_root: true,
  };
  const user =
    parameters.userCloudConfig === undefined
      ? {}
      : parseUserCloudConfig(parameters.userCloudConfig);
  // cloud-init also takes `users: "a, b"`; as a list it appends instead of replacing ours.
  if (typeof user.users === "string") user.users = user.users.split(",").map((u) => u.trim());
  const merged = mergeCloudConfig(base, user);
  if (parameters.sshHostKeys !== undefined && parameters.sshHostKeys.length > 0) {
    merged.ssh_deletekeys = true;
    merged.ssh_keys = Object.fromEntries(
      parameters.sshHostKeys.flatMap((key) => [
        [`${key.type}_private`, key.privateKey],
        [`${key.type}_public`, key.publicKey],
      ]),
    );
  }
  return `#cloud-config\n${stringify(merged, { lineWidth: 0 })}`;
}

/**
 * Parses a requestor's cloud-config and checks it is a YAML mapping; shell scripts and
 * MIME multipart are refused with a hint.
 */
export function parseUserCloudConfig(text: string): Record<string, unknown> {
  const invalid = (reason: string, hints: string[] = []) =>
    new VmError("VM_INVALID_SPEC", `The cloud-init user data ${reason}`, { hints });
  if (Buffer.byteLength(text) > maxUserCloudConfigBytes) {
    throw invalid(`is larger than ${maxUserCloudConfigBytes} bytes`);
  }
  const firstLine = text.trimStart().split("\n", 1)[0] ?? "";
  if (firstLine.startsWith("#!") || /^content-type:/i.test(firstLine)) {
    throw invalid("is a script or MIME document; only #cloud-config is accepted", [
      "Put commands under `runcmd:` in a #cloud-config document.",
    ]);
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw invalid(`is not valid YAML: ${document.errors[0]?.message.split("\n")[0]}`);
  }
  if (document.contents === null) return {};
  if (!isMap(document.contents)) throw invalid("is not a YAML mapping (key: value at the top)");
  return document.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
}

/** Merges `extra` into `base` with the rule of {@link buildUserData}; neither input is changed. */
export function mergeCloudConfig(
  base: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    if (Array.isArray(current) && Array.isArray(value)) merged[key] = [...current, ...value];
    else if (isPlainObject(current) && isPlainObject(value))
      merged[key] = mergeCloudConfig(current, value);
    else merged[key] = value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
