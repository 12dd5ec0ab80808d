// Child process of start-cluster-pod-network.integration.test.ts, run inside a test netns with
// `nsenter --net=…`. Modes:
//   cluster <dataDir> [<hostFd> [<port>]]  starts the cluster with `podNetwork` (serving the
//                                  inherited listening socket <hostFd>; API port <port>, default 0),
//                                  prints {"url": …} and runs until SIGTERM
//   https <url> <caFile> <tokenFile>  prints "<status> <body>" of a GET
//   tcp <host> <port> <hex>        sends one DNS message over TCP, prints the answer as hex
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { startCluster } from './start-cluster.ts';

async function runCluster(
  dataDir: string,
  hostFd: string | undefined,
  port: string | undefined,
): Promise<void> {
  const logger = createLogger({
    component: 'pod-network-fixture',
    level: 'info',
    destination: join(dataDir, 'cluster.log'),
  });
  const cluster = await startCluster({
    dataDir,
    port: port === undefined ? 0 : Number(port),
    logger,
    podNetwork: hostFd === undefined ? {} : { hostListenFd: Number(hostFd) },
  });
  process.stdout.write(`${JSON.stringify({ url: cluster.url })}\n`);
  process.once('SIGTERM', () => {
    void cluster.close().then(() => {
      process.exit(0);
    });
  });
}

function httpsGet(url: string, caFile: string, tokenFile: string): Promise<string> {
  const token = readFileSync(tokenFile, 'utf8').trim();
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { ca: readFileSync(caFile, 'utf8'), headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          resolve(`${String(res.statusCode)} ${body}`);
        });
      },
    );
    request.on('error', reject);
  });
}

function tcpExchange(host: string, port: number, message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        socket.destroy();
        resolve(received.subarray(2, 2 + received.readUInt16BE(0)));
      }
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(message.length);
    socket.write(Buffer.concat([prefix, message]));
  });
}

async function main(args: readonly string[]): Promise<void> {
  const [mode, a = '', b = '', c = ''] = args;
  if (mode === 'cluster') await runCluster(a, args[2], args[3]);
  else if (mode === 'https') process.stdout.write(await httpsGet(a, b, c));
  else if (mode === 'tcp')
    process.stdout.write((await tcpExchange(a, Number(b), Buffer.from(c, 'hex'))).toString('hex'));
  else throw new Error(`unknown mode '${String(mode)}' (cluster, https or tcp)`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
