import { expect, test } from "vitest";
import { isLoopbackAddress, siweDomainsFor } from "./siwe-domains.ts";

const policy = { domain: "P.example:7466", port: 7466 };

test("a remote client may name only the provider's own domain", () => {
  expect(siweDomainsFor(policy, "203.0.113.9")).toEqual(["p.example:7466"]);
  expect(siweDomainsFor(policy, "::ffff:203.0.113.9")).toEqual(["p.example:7466"]);
  expect(siweDomainsFor(policy, undefined)).toEqual(["p.example:7466"]);
});

test("a client on this machine may also name the loopback names with the API's port", () => {
  expect(siweDomainsFor(policy, "127.0.0.1")).toEqual([
    "p.example:7466",
    "127.0.0.1:7466",
    "localhost:7466",
    "[::1]:7466",
  ]);
  expect(siweDomainsFor({ domain: "127.0.0.1:7466", port: 7466 }, "::1")).toEqual([
    "127.0.0.1:7466",
    "localhost:7466",
    "[::1]:7466",
  ]);
});

test("recognizes loopback peer addresses only", () => {
  for (const address of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) {
    expect(isLoopbackAddress(address), address).toBe(true);
  }
  for (const address of ["10.0.0.1", "::", "::ffff:10.0.0.1", "fe80::1", "localhost", ""]) {
    expect(isLoopbackAddress(address), address).toBe(false);
  }
});
