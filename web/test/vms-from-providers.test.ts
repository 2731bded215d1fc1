/**
 * My VMs from the providers: which providers the chain says the connected address pays, where
 * their APIs are, and which of a provider's listed VMs are taken as the address's own.
 */
import type { VmView } from "@vm-on-golem/sdk/provider-client";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { StreamRecord } from "@vm-on-golem/sdk/streams-index";
import { type Address, zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import type { RentedVm } from "../src/lib/local-records.ts";
import { MAX_VMS_PER_PROVIDER, paidProviders, vmsPaidBy } from "../src/lib/vms-from-providers.ts";

const owner: Address = "0x1111111111111111111111111111111111111111";
const providerA: Address = "0xaAaAaAaaAaAaAaaAaAAAAAAAAaaaAaAaAaaAaaAa";
const providerB: Address = "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB";
const contract: Address = "0xcCCCcCCCccCCcCcCcCcCCccCCCcCcccCcCCCCcCC";
const other: Address = "0xdDdDddDdDdddDDddDDddDDDDdDdDDdDDdDDDDDDd";

function stream(
  id: number,
  recipient: Address,
  status: "active" | "terminated" = "active",
): StreamRecord {
  return {
    streamId: toStreamId(BigInt(id)),
    contract,
    sender: owner,
    recipient,
    serviceId: zeroHash,
    ratePerSecond: 1n,
    deposited: 3_600n,
    withdrawn: 0n,
    refunded: 0n,
    status,
    createdAt: 1n,
    createdAtBlock: 1n,
    createdTx: zeroHash,
    terminatedAt: undefined,
  };
}

function vm(id: string, streamId: string | null): VmView {
  return {
    id,
    name: `name-${id}`,
    status: "running",
    resources: { cpu: 1, memoryGiB: 1, storageGiB: 4 },
    sshPort: 22_800,
    publishedPorts: [],
    streamId,
    error: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
}

describe("paidProviders", () => {
  it("groups open streams by provider, the API from its advert else from a local record", () => {
    const local: RentedVm[] = [
      {
        apiUrl: "http://b.example:7466",
        vmId: "vm-b",
        name: "b",
        streamId: "3",
        streamPayment: contract,
        owner,
        createdAt: "",
      },
    ];
    const providers = paidProviders(
      [
        stream(2, providerA),
        stream(1, providerA),
        stream(3, providerB),
        stream(4, other, "terminated"),
      ],
      (id) => (id === providerA ? "http://a.example:7466" : undefined),
      local,
    );
    expect(providers.map((p) => [p.provider, p.apiUrl, p.streams.map((s) => s.streamId)])).toEqual([
      [providerA, "http://a.example:7466", [1n, 2n]],
      [providerB, "http://b.example:7466", [3n]],
    ]);
  });

  it("leaves the API unknown when neither an advert nor a record names it", () => {
    const [entry] = paidProviders([stream(5, providerB)], () => undefined, []);
    expect(entry?.apiUrl).toBeUndefined();
  });
});

describe("vmsPaidBy", () => {
  const paid = {
    provider: providerA,
    apiUrl: "http://a.example:7466",
    streams: [stream(7, providerA)],
  };

  it("keeps only VMs a stream of the owner to this provider pays; counts the rest", () => {
    const result = vmsPaidBy(paid, [vm("vm-1", "7"), vm("vm-2", "8"), vm("vm-3", null)], owner);
    expect(result.vms).toEqual([
      {
        apiUrl: "http://a.example:7466",
        vmId: "vm-1",
        name: "name-vm-1",
        streamId: "7",
        streamPayment: contract,
        owner,
        createdAt: "2026-01-01T00:00:00.000Z",
      },
    ]);
    expect(result.unpaid).toBe(2);
  });

  it("takes at most MAX_VMS_PER_PROVIDER VMs from one answer", () => {
    const flood = Array.from({ length: MAX_VMS_PER_PROVIDER + 5 }, (_, i) => vm(`vm-${i}`, "7"));
    const result = vmsPaidBy(paid, flood, owner);
    expect(result.vms).toHaveLength(MAX_VMS_PER_PROVIDER);
    expect(result.unpaid).toBe(5);
  });
});
