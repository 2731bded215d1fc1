import type { TypedDataDomain } from "viem";
import type { Advert } from "./advert-schema.ts";

/**
 * EIP-712 types of an advert. The domain has no `verifyingContract`: no contract verifies
 * adverts, and the StreamPayment address is a signed field (`streamPayment`) that readers
 * check against the deployments they accept, so one domain per chain is enough.
 */
export const advertTypes = {
  Advert: [
    { name: "provider", type: "address" },
    { name: "peerId", type: "string" },
    { name: "multiaddrs", type: "string[]" },
    { name: "apiUrl", type: "string" },
    { name: "resources", type: "Resources" },
    { name: "prices", type: "Prices" },
    { name: "country", type: "string" },
    { name: "platform", type: "string" },
    { name: "chainId", type: "uint256" },
    { name: "streamPayment", type: "address" },
    { name: "token", type: "address" },
    { name: "sshPorts", type: "PortRange" },
    { name: "sequence", type: "uint64" },
    { name: "issuedAt", type: "uint64" },
    { name: "expiresAt", type: "uint64" },
  ],
  Resources: [
    { name: "total", type: "ResourceAmounts" },
    { name: "free", type: "ResourceAmounts" },
  ],
  ResourceAmounts: [
    { name: "cpu", type: "uint32" },
    { name: "memoryGiB", type: "uint32" },
    { name: "storageGiB", type: "uint32" },
  ],
  Prices: [
    { name: "perCoreHour", type: "uint256" },
    { name: "perGiBMemoryHour", type: "uint256" },
    { name: "perGiBDiskHour", type: "uint256" },
  ],
  PortRange: [
    { name: "first", type: "uint16" },
    { name: "last", type: "uint16" },
  ],
} as const;

/** The advert's optional signed fields, in their order after `sshPorts`. */
const optionalFields = [
  { name: "maxPublishedPorts", type: "uint16" },
  { name: "libp2pApi", type: "string" },
] as const;

/**
 * EIP-712 types of an advert with the optional fields it carries, in their order after
 * `sshPorts`: an optional field is typed (and so signed) only when present, so adverts of
 * nodes older than a field keep verifying and nobody can strip a present field and keep the
 * signature valid.
 */
export function advertTypesWith(present: { publishedPorts?: boolean; libp2pApi?: boolean }) {
  const has = { maxPublishedPorts: present.publishedPorts, libp2pApi: present.libp2pApi };
  const extra = optionalFields.filter((field) => has[field.name] === true);
  const Advert = advertTypes.Advert.flatMap(
    (field): { readonly name: string; readonly type: string }[] =>
      field.name === "sshPorts" ? [field, ...extra] : [field],
  );
  return { ...advertTypes, Advert };
}

/**
 * EIP-712 types of an advert that says how many ports a VM may publish: `maxPublishedPorts`
 * after `sshPorts`. An advert without the field is signed and verified with
 * {@link advertTypes} (nodes older than published ports keep verifying and allow none); one
 * with it only with these, so nobody can strip the field and keep the signature valid.
 */
export const advertTypesWithPublishedPorts = advertTypesWith({ publishedPorts: true });

/** EIP-712 domain of adverts on `chainId`: `{name: "VM on Golem", version: "1", chainId}`. */
export function advertDomain(chainId: number) {
  return { name: "VM on Golem", version: "1", chainId } as const satisfies TypedDataDomain;
}

/** The full typed-data object to sign or verify for an advert. */
export function advertTypedData(advert: Advert) {
  return {
    domain: advertDomain(advert.chainId),
    types: advertTypesWith({
      publishedPorts: advert.maxPublishedPorts !== undefined,
      libp2pApi: advert.libp2pApi !== undefined,
    }),
    primaryType: "Advert",
    message: {
      ...advert,
      chainId: BigInt(advert.chainId),
      sequence: BigInt(advert.sequence),
      issuedAt: BigInt(advert.issuedAt),
      expiresAt: BigInt(advert.expiresAt),
    },
  } as const;
}
