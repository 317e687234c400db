import { readFile } from 'node:fs/promises';

/**
 * The most memory a live process has held resident (VmHWM in /proc/PID/status), in bytes;
 * undefined where there is no /proc (macOS) or the process is gone. Read it before stopping
 * the process: the figure goes with it.
 */
export async function peakRssBytes(pid: number): Promise<number | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kilobytes = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
}
