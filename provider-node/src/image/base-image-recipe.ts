import { createHash } from "node:crypto";
import {
  identityAgentScript,
  identityAgentUdevRule,
  identityAgentUnit,
} from "./identity-agent/identity-agent.py.ts";

/** Everything that decides what the base image contains; its hash names the image in the cache. */
export type BaseImageRecipe = {
  /** Bump to force a rebuild when something outside this object changed (e.g. to pick up security updates). */
  revision: number;
  suite: string;
  architecture: string;
  /** mmdebstrap `--variant`. */
  variant: string;
  /** One-line sources.list entries; the first is the main archive. */
  mirrors: string[];
  /** Packages installed on top of the variant. */
  packages: string[];
  /** Size of the root file system in the base image, in GiB (VMs grow it to their disk size at first boot). */
  rootSizeGiB: number;
  /** File system label of the root file system. */
  rootLabel: string;
  /** Files written into the root file system before it is packed: path → contents. */
  files: Record<string, string>;
  /** Files removed from the root file system (globs relative to its root, so every VM gets its own). */
  removeFiles: string[];
};

/**
 * cloud-init settings that make first boot faster and clean (measured on TCG): no RSA/DSA
 * host keys, NoCloud only, C.UTF-8 (the default `update-locale` call fails), an /etc/hosts
 * entry for sudo, and no modules for tools that are not installed.
 */
const cloudConfig = `# VM on Golem: faster, cleaner first boot.
datasource_list: [ NoCloud, None ]
ssh_genkeytypes: [ed25519, ecdsa]
ssh_deletekeys: true
locale: C.UTF-8
manage_etc_hosts: true
# The root file system is the whole disk, with no partition to grow; resizefs grows it.
growpart:
  mode: "off"
resize_rootfs: true
cloud_init_modules:
  - migrator
  - seed_random
  - bootcmd
  - write-files
  - resizefs
  - disk_setup
  - mounts
  - set_hostname
  - update_hostname
  - update_etc_hosts
  - ca-certs
  - rsyslog
  - users-groups
  - ssh
cloud_config_modules:
  - ssh-import-id
  - keyboard
  - locale
  - set-passwords
  - apt-pipelining
  - apt-configure
  - ntp
  - timezone
  - disable-ec2-metadata
  - runcmd
cloud_final_modules:
  - package-update-upgrade-install
  - write-files-deferred
  - scripts-vendor
  - scripts-per-once
  - scripts-per-boot
  - scripts-per-instance
  - scripts-user
  - ssh-authkey-fingerprints
  - keys-to-console
  - install-hotplug
  - phone-home
  - final-message
  - power-state-change
`;

/** The Debian bookworm base image every VM boots (kernel passed to QEMU directly, no initrd). */
export const defaultBaseImageRecipe: BaseImageRecipe = {
  revision: 1,
  suite: "bookworm",
  architecture: "amd64",
  variant: "apt",
  mirrors: [
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
  ],
  packages: [
    "openssh-server",
    "cloud-init",
    "systemd-sysv",
    "ifupdown",
    "isc-dhcp-client",
    "linux-image-cloud-amd64",
    "e2fsprogs",
    "cloud-guest-utils",
    "sudo",
    // systemd-logind needs D-Bus; without logind the guest ignores ACPI power-button presses,
    // so a clean stop (QMP system_powerdown) would always time out.
    "dbus",
  ],
  rootSizeGiB: 3,
  rootLabel: "golem-root",
  files: {
    "etc/cloud/cloud.cfg.d/90-golem.cfg": cloudConfig,
    "etc/hostname": "golem\n",
    // Key logins only, set before sshd first starts (cloud-init's ssh_pwauth would restart it).
    "etc/ssh/sshd_config.d/50-golem.conf":
      "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin no\n",
    // The identity agent of restored clones; udev starts it only where its port exists.
    "usr/local/lib/golem/identity-agent.py": identityAgentScript,
    "etc/systemd/system/golem-identity-agent.service": identityAgentUnit,
    "etc/udev/rules.d/90-golem-identity-agent.rules": identityAgentUdevRule,
  },
  removeFiles: [
    // openssh-server's postinst made host keys; every VM must make its own.
    "etc/ssh/ssh_host_*",
    // Copied from the build host; the guest's DHCP client writes its own.
    "etc/resolv.conf",
  ],
};

/**
 * A short, stable hash of a recipe (16 hex digits of SHA-256 over its JSON with sorted keys),
 * used as the image's cache directory name.
 */
export function recipeHash(recipe: BaseImageRecipe): string {
  return createHash("sha256").update(canonicalJson(recipe)).digest("hex").slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
