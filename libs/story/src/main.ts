/**
 * The zoneledger command line: plays the seed's story against running services, or runs the local
 * webhook receiver (see USAGE in cli-options.ts).
 *
 *   npm run demo                      (zoneledger story with up's ports)
 *   npx zoneledger story --zones http://127.0.0.1:3101 ...
 *   npx zoneledger receiver --port 3105
 */
import { parseCommandLine, USAGE } from './cli-options';
import { playStory } from './story';
import { repositoryRoot } from './story-seed';
import { startWebhookReceiver } from './webhook-receiver';

async function main(): Promise<void> {
  const root = repositoryRoot();
  const command = parseCommandLine(process.argv.slice(2), process.env, root);
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command.command === 'receiver') {
    const receiver = await startWebhookReceiver({
      port: command.port,
      host: command.host,
      dataDir: command.dataDir,
    });
    process.stdout.write(
      `Webhook receiver at ${receiver.webhookUrl}; what it got: ${receiver.baseUrl}/notifications; secret read from ${receiver.secretFile}\n`,
    );
    const stop = () => void receiver.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    return;
  }
  await playStory({
    root,
    endpoints: command.endpoints,
    credentials: command.credentials,
    receiver: {
      baseUrl: command.receiverUrl,
      webhookUrl: `${command.receiverUrl}/webhooks/zoneledger`,
      secretFile: command.secretFile,
    },
    output: process.stdout,
    waitTimeoutMs: command.waitTimeoutMs,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`\nzoneledger: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
