import { beforeAll, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { toStreamId } from "../stream/stream-id.ts";
import { getStream } from "./get-stream.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
}, 60_000);

test("getStream of an unknown id is STREAM_NOT_FOUND", async () => {
  const err = await golemRejection(
    getStream(chain.publicClient, { address: chain.streamPayment, streamId: toStreamId(1) }),
  );
  expect(err.code).toBe("STREAM_NOT_FOUND");
  expect(err.details).toMatchObject({
    function: "getStream",
    error: "StreamPayment_StreamNotFound",
  });
});

test("getStream at an address with no contract is DEPLOYMENT_NOT_FOUND", async () => {
  const err = await golemRejection(
    getStream(chain.publicClient, {
      address: "0x000000000000000000000000000000000000dEaD",
      streamId: toStreamId(1),
    }),
  );
  expect(err.code).toBe("DEPLOYMENT_NOT_FOUND");
});
