/**
 * One request through the bridge: validate the payload against its channel's schema, refuse
 * prototype keys and cycles (payloadGuard.ts), call the handler, and turn every outcome into a
 * reply. Bad payloads and handler failures become `{ ok: false, error }` with a message naming the
 * channel and field; nothing here throws.
 */
import { parseRequest, type Channel, type Handlers } from '../../shared/ipc.ts';
import { findUnsafePayload } from './payloadGuard.ts';

export type Reply = { ok: true; value: unknown } | { ok: false; error: string };

export async function dispatch(handlers: Handlers, channel: string, payload: unknown): Promise<Reply> {
  const parsed = parseRequest(channel as Channel, payload);
  if (!parsed.ok) return { ok: false, error: parsed.message };
  const unsafe = findUnsafePayload(payload);
  if (unsafe) return { ok: false, error: `${channel}: ${unsafe}` };
  try {
    const handler = handlers[channel as Channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.value) };
  } catch (e) {
    return { ok: false, error: `${channel} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
