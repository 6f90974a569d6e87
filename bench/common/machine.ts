/** The machine facts every bench report starts with. */
import os from 'node:os';
import type { MachineFacts } from '../callback-report';

export type { MachineFacts };

export function describeMachine(database: string): MachineFacts {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    database,
  };
}

/** "node v20.20.2, 2 × AMD EPYC, mariadb 10.11.19-MariaDB" */
export function formatMachine(m: MachineFacts): string {
  return `node ${m.node}, ${m.cpus} × ${m.cpuModel}, ${m.database}`;
}
