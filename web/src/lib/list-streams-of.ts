import { getStreamState } from "@vm-on-golem/sdk/contract";
import type { Deployment } from "@vm-on-golem/sdk/deployments";
import type { StreamStateAt } from "@vm-on-golem/sdk/stream";
import type { StreamRecord } from "@vm-on-golem/sdk/streams-index";
import { createStreamsReader } from "@vm-on-golem/sdk/streams-index";
import { type Address, type Client, isAddressEqual } from "viem";

/** One stream of an address: what its events say, and (while open) its state at the latest block. */
export type StreamRow = {
  record: StreamRecord;
  /** The address pays (`sender`), is paid (`recipient`), or both. */
  role: "sender" | "recipient" | "both";
  state: StreamStateAt | undefined;
};

/** Every stream `owner` sends or receives, by ascending id, from chain logs (or a subgraph). */
export async function listStreamsOf(
  client: Client,
  deployment: Deployment,
  owner: Address,
): Promise<StreamRow[]> {
  const reader = createStreamsReader(client, { deployment });
  const [sent, received] = await Promise.all([
    reader.listStreams({ sender: owner }),
    reader.listStreams({ recipient: owner }),
  ]);
  const byId = new Map<bigint, StreamRecord>();
  for (const record of [...sent, ...received]) byId.set(record.streamId, record);
  const records = [...byId.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
  const address = deployment.contracts.StreamPayment.address;
  return Promise.all(
    records.map(async (record): Promise<StreamRow> => {
      const isSender = isAddressEqual(record.sender, owner);
      const isRecipient = isAddressEqual(record.recipient, owner);
      const role = isSender && isRecipient ? "both" : isSender ? "sender" : "recipient";
      const state =
        record.status === "active"
          ? await getStreamState(client, { address, streamId: record.streamId })
          : undefined;
      return { record, role, state };
    }),
  );
}
