import { describe, expect, it } from "vitest";
import { isPublicAddress } from "../../server/domain/addresses.js";
import { webhookTargetRefusal } from "../../server/services/webhook-targets.js";

describe("public addresses", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.20",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1",
    "not an address",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.4.4"])(
    "accepts %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe("webhook targets", () => {
  const resolvingTo =
    (...addresses: string[]) =>
    async () =>
      addresses;
  const publicOnly = (resolve: (host: string) => Promise<string[]>) => ({ allowPrivate: false, resolve });

  it("accepts an https URL whose host resolves only to public addresses", async () => {
    expect(await webhookTargetRefusal("https://shop.example/hooks", publicOnly(resolvingTo("93.184.215.14")))).toBe(
      null,
    );
  });

  it("refuses a host with any private address among its answers, and one that does not resolve", async () => {
    expect(
      await webhookTargetRefusal("https://shop.example/hooks", publicOnly(resolvingTo("93.184.215.14", "10.0.0.5"))),
    ).toContain("10.0.0.5");
    expect(
      await webhookTargetRefusal(
        "https://nowhere.example/",
        publicOnly(async () => {
          throw new Error("ENOTFOUND");
        }),
      ),
    ).toContain("does not resolve");
  });

  it("judges address literals, IPv6 in brackets too, without asking DNS", async () => {
    const resolve = async (host: string) => [host];
    expect(await webhookTargetRefusal("http://127.0.0.1:8080/x", publicOnly(resolve))).toContain("127.0.0.1");
    expect(await webhookTargetRefusal("http://[::1]/x", publicOnly(resolve))).toContain("::1");
    expect(await webhookTargetRefusal("http://[2606:4700::1111]/x", publicOnly(resolve))).toBe(null);
  });

  it("refuses other schemes and credentials whatever the policy", async () => {
    const open = { allowPrivate: true };
    expect(await webhookTargetRefusal("ftp://shop.example/", open)).toContain("http");
    expect(await webhookTargetRefusal("file:///etc/passwd", open)).toContain("http");
    expect(await webhookTargetRefusal("https://user:pw@shop.example/", open)).toContain("credentials");
    expect(await webhookTargetRefusal("no url at all", open)).toBe("not a URL");
    expect(await webhookTargetRefusal("http://127.0.0.1:9/", open)).toBe(null);
  });
});
