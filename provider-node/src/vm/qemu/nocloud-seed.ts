import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { buildUserData } from "../cloud-config.ts";
import type { HostKeyPair } from "../host-keys.ts";
import { runCommand } from "../run-command.ts";

/** The three files of a cloud-init NoCloud seed. */
export type NocloudSeed = { metaData: string; userData: string; networkConfig: string };

/** Parameters of {@link buildNocloudSeed}. */
export type BuildNocloudSeedParameters = {
  /** cloud-init's instance id: first-boot modules run once per id, so a restart keeps the disk's state. */
  instanceId: string;
  hostname: string;
  /** MAC address of the VM's NIC, which the network config matches and names `eth0`. */
  macAddress: string;
  sshPublicKey: string;
  userCloudConfig?: string;
  /** The guest's SSH host keys (see {@link buildUserData}). */
  sshHostKeys?: readonly HostKeyPair[] | undefined;
  /** A fixed address instead of DHCP (isolated mode: no DHCP server on the node's bridge). */
  staticAddress?: { address: string; prefixLength: number; gateway: string; nameservers: string[] };
};

/**
 * Builds the seed's files: `meta-data` (instance id, hostname), `user-data` (the login
 * user with the key, see {@link buildUserData}) and a version 2 `network-config` with DHCP
 * (or the static address given) on the NIC matched by MAC. eth0 is defined only here, never
 * also in the image.
 */
export function buildNocloudSeed(parameters: BuildNocloudSeedParameters): NocloudSeed {
  return {
    metaData: stringify({
      "instance-id": parameters.instanceId,
      "local-hostname": parameters.hostname,
    }),
    userData: buildUserData({
      sshPublicKey: parameters.sshPublicKey,
      userCloudConfig: parameters.userCloudConfig,
      ...(parameters.sshHostKeys ? { sshHostKeys: parameters.sshHostKeys } : {}),
    }),
    networkConfig: stringify({
      version: 2,
      ethernets: {
        eth0: {
          match: { macaddress: parameters.macAddress },
          "set-name": "eth0",
          ...(parameters.staticAddress
            ? {
                dhcp4: false,
                addresses: [
                  `${parameters.staticAddress.address}/${parameters.staticAddress.prefixLength}`,
                ],
                // gateway4, not routes: Debian's ifupdown renders it as its own `gateway`
                // line; routes become `route add` calls that need net-tools.
                gateway4: parameters.staticAddress.gateway,
                nameservers: { addresses: parameters.staticAddress.nameservers },
              }
            : { dhcp4: true }),
        },
      },
    }),
  };
}

/**
 * Writes `seed` as an ISO 9660 image with volume label `cidata` (Joliet + Rock Ridge so the
 * names stay `user-data`, `meta-data`, `network-config`) using xorriso. ISO 9660 is a module in
 * Debian's cloud kernel, loaded on demand when cloud-init mounts the seed; the seed sits on
 * NVMe (built in), so it is visible before cloud-init looks for it. The seed holds the guest's
 * SSH host keys, so it is written owner-only (0600).
 */
export async function writeNocloudSeedIso(path: string, seed: NocloudSeed): Promise<void> {
  // mkdtemp makes the folder 0700: the files stay unreadable to others before they are packed.
  const dir = await mkdtemp(`${path}.files-`);
  try {
    await writeFile(join(dir, "meta-data"), seed.metaData);
    await writeFile(join(dir, "user-data"), seed.userData);
    await writeFile(join(dir, "network-config"), seed.networkConfig);
    await runCommand("xorriso", [
      "-as",
      "mkisofs",
      "-quiet",
      "-output",
      path,
      "-volid",
      "cidata",
      "-joliet",
      "-rock",
      dir,
    ]);
    await chmod(path, 0o600);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
