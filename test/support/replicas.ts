import { gatewayEnv, runGateway, type GatewayProcess } from './gateway-process.js';

/** A built gateway (`npm start`'s command) as its own process, one of several behind one Redis. */
export interface Replica {
  readonly url: string;
  readonly process: GatewayProcess;
  /** A metric's value on its /metrics (summed over label sets), NaN when absent. */
  metric(name: string): Promise<number>;
  /** SIGKILL: no goodbye to Redis or anyone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReplicas(count: number, simulatorUrl: string, env: Record<string, string>): Promise<Replica[]> {
  const processes = Array.from({ length: count }, () => runGateway(gatewayEnv(simulatorUrl, env)));
  const urls = await Promise.all(processes.map((gateway) => gateway.listening()));
  return processes.map((gateway, index) => {
    const url = urls[index] as string;
    const end = async (signal: NodeJS.Signals) => {
      if (gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill(signal);
      await gateway.ended;
    };
    return {
      url,
      process: gateway,
      metric: async (name) => {
        const text = await (await fetch(new URL('/metrics', url))).text();
        const values = [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((match) => Number(match[1]));
        return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0);
      },
      kill: () => end('SIGKILL'),
      stop: () => end('SIGTERM'),
    };
  });
}
