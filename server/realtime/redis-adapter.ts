import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";

export interface RedisAdapter {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/**
 * Several server processes share rooms through Redis Streams. The streams adapter (rather than
 * pub/sub) keeps connection state recovery working across nodes: a viewer who reconnects to
 * another node still gets the events they missed.
 */
export async function connectRedisAdapter(url: string): Promise<RedisAdapter> {
  const client = createClient({ url });
  client.on("error", () => {
    // node-redis reconnects by itself; the adapter resumes reading the stream where it stopped.
  });
  await client.connect();
  return {
    adapter: createAdapter(client, { streamName: "encore:socket.io", sessionKeyPrefix: "encore:sio:session:" }),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
