import os from 'node:os';

/** One line saying where and when figures were measured: they only compare within a run. */
export function describeMachine(now = new Date()): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return [
    `${model}, ${cpus.length} cores, ${memoryGiB} GiB RAM`,
    `Node ${process.version}, ${os.type()} ${os.release()} (${process.arch})`,
    `${now.toISOString()}, load average at start ${load}`,
  ].join(' · ');
}
