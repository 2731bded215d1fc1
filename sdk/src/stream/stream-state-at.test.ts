import { expect, test } from "vitest";
import { streamStateAt } from "./stream-state-at.ts";

const stream = {
  balance: 1000n,
  accrued: 50n,
  lastUpdate: 1_000,
  closed: false,
  ratePerSecond: 7n,
};

test("streamStateAt gathers every derived number at one second", () => {
  expect(streamStateAt(stream, 1_010n)).toEqual({
    at: 1_010n,
    withdrawable: 120n,
    refundable: 930n,
    depletionTime: 1_143n,
    isActive: true,
    runwaySeconds: 133n,
  });
  expect(streamStateAt(stream, 2_000n)).toEqual({
    at: 2_000n,
    withdrawable: 1050n,
    refundable: 0n,
    depletionTime: 1_143n,
    isActive: false,
    runwaySeconds: 0n,
  });
});

test("streamStateAt of a closed stream is all zero", () => {
  expect(streamStateAt({ ...stream, closed: true }, 1_010n)).toEqual({
    at: 1_010n,
    withdrawable: 0n,
    refundable: 0n,
    depletionTime: 0n,
    isActive: false,
    runwaySeconds: 0n,
  });
});
