import type { Deployment } from "@vm-on-golem/sdk/deployments";
import { everyStreamPayment } from "@vm-on-golem/sdk/deployments";
import { createLogStreamsReader, type StreamRecord } from "@vm-on-golem/sdk/streams-index";
import type { Address, Client } from "viem";

/**
 * Every stream `sender` opened on any StreamPayment of the deployment (default ERC-20, sibling
 * tokens, native), from chain logs: the chain's word on which providers it pays.
 *
 * @example
 * const streams = await listSentStreams(publicClient, deployment, address);
 */
export async function listSentStreams(
  client: Client,
  deployment: Deployment,
  sender: Address,
): Promise<StreamRecord[]> {
  const lists = await Promise.all(
    everyStreamPayment(deployment).map((payment) =>
      createLogStreamsReader(client, {
        address: payment.streamPayment,
        fromBlock: payment.deployBlock,
      }).listStreams({ sender }),
    ),
  );
  return lists.flat();
}
