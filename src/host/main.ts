// `tsx src/host/main.ts [--library DIR] [--port N] [--offline]`: browser mode for machines without the Electron runtime.
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir, defaultLibraryDir } from '../services/library-dir';
import { toErrorData } from '../shared/errors';
import { startHost } from './server';

type HostArgs = {
  library: string;
  port: number;
  offline: boolean;
  allowPrivateNetwork: boolean;
  renderer: string;
};

const USAGE = `Usage: tsx src/host/main.ts [--library DIR] [--port N] [--offline] [--allow-private-network] [--renderer DIR]`;

function parseArgs(argv: readonly string[]): HostArgs {
  const args: HostArgs = {
    library: defaultLibraryDir(),
    port: 0,
    offline: false,
    allowPrivateNetwork: false,
    // This file sits in src/host/; the renderer build lands in out/renderer at the repository root.
    renderer: path.resolve(__dirname, '../../out/renderer'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value.\n${USAGE}`);
      return v;
    };
    switch (arg) {
      case '--library':
        args.library = path.resolve(value());
        break;
      case '--port': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 65_535)
          throw new Error(`--port must be 0–65535.\n${USAGE}`);
        args.port = n;
        break;
      }
      case '--renderer':
        args.renderer = path.resolve(value());
        break;
      case '--offline':
        args.offline = true;
        break;
      case '--allow-private-network':
        args.allowPrivateNetwork = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg ?? ''}.\n${USAGE}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(args.renderer, 'index.html'))) {
    throw new Error(
      `The app's pages are not built (${args.renderer} has no index.html): run \`npm run build\` first.`,
    );
  }
  const host = await startHost({
    libraryDir: args.library,
    rendererDir: args.renderer,
    port: args.port,
    offline: args.offline,
    allowPrivateNetwork: args.allowPrivateNetwork,
    dataDir: defaultDataDir(),
  });
  console.log(`Skillfolio (browser mode) is running at ${host.url}`);
  console.log(`Library: ${args.library}${args.offline ? ' (offline)' : ''}`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    host
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(toErrorData(err).message);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`skillfolio: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
