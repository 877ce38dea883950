import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { startWebhookReceiver, type WebhookReceiver } from '../src/webhook-receiver';

// The story's webhook receiver on a real socket: what it keeps is only what the secret verifies,
// once per webhook-id, and a restart keeps its history.

const SECRET = `whsec_${Buffer.from('a-signing-secret-of-32-bytes!!!!').toString('base64')}`;

function delivery(id: string, type: string, secret = SECRET) {
  const body = JSON.stringify({ type, subject: 'zone-zone-a', subscriptionid: 'sub-1', data: {} });
  const timestamp = new Date();
  return {
    body,
    headers: {
      'content-type': 'application/cloudevents+json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
    },
  };
}

describe("the story's webhook receiver", () => {
  let dataDir: string;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'receiver-'));
    receiver = await startWebhookReceiver({ port: 0, dataDir });
  });
  afterEach(async () => {
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (request: ReturnType<typeof delivery>) =>
    fetch(receiver.webhookUrl, { method: 'POST', headers: request.headers, body: request.body });
  const notifications = async () =>
    (await (await fetch(`${receiver.baseUrl}/notifications`)).json()) as {
      received: number;
      refused: number;
      byType: Record<string, number>;
      items: { webhookId: string; type: string; subscriptionId: string }[];
    };

  it('answers 503 while it has no secret, so the notifier retries', async () => {
    expect((await post(delivery('sub-1:e1', 'zoneledger.zone.v1.ZonesMerged'))).status).toBe(503);
    expect((await notifications()).received).toBe(0);
  });

  it('keeps a verified delivery once, and refuses one signed with another secret', async () => {
    writeFileSync(receiver.secretFile, `${SECRET}\n`);
    const merged = delivery('sub-1:e1', 'zoneledger.zone.v1.ZonesMerged');
    expect((await post(merged)).status).toBe(204);
    expect((await post(merged)).status).toBe(204);
    const forged = delivery(
      'sub-1:e2',
      'zoneledger.policy.v1.PolicyIssued',
      `whsec_${Buffer.from('another-secret-of-32-bytes!!!!!!').toString('base64')}`,
    );
    expect((await post(forged)).status).toBe(401);
    expect(await notifications()).toMatchObject({
      received: 1,
      refused: 1,
      byType: { 'zoneledger.zone.v1.ZonesMerged': 1 },
      items: [
        { webhookId: 'sub-1:e1', type: 'zoneledger.zone.v1.ZonesMerged', subscriptionId: 'sub-1' },
      ],
    });
  });

  it('keeps its history across a restart', async () => {
    writeFileSync(receiver.secretFile, SECRET);
    expect((await post(delivery('sub-1:e1', 'zoneledger.zone.v1.ZonesMerged'))).status).toBe(204);
    await receiver.close();
    receiver = await startWebhookReceiver({ port: 0, dataDir });
    expect((await post(delivery('sub-1:e1', 'zoneledger.zone.v1.ZonesMerged'))).status).toBe(204);
    expect((await post(delivery('sub-1:e3', 'zoneledger.zone.v1.ZoneExited'))).status).toBe(204);
    expect((await notifications()).items.map((item) => item.webhookId)).toEqual([
      'sub-1:e1',
      'sub-1:e3',
    ]);
  });
});
