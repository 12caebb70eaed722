/**
 * Where everything lives under an output directory (Hadoop's FileOutputCommitter layout):
 *
 * ```
 * dir/_SUCCESS                          the manifest, written last (the output is finished)
 * dir/part-00000 … part-<P-1>           one file per partition: [key, value] per line
 * dir/_tmp/<run>/map-<task>-<attempt>/  a map attempt being written (invisible)
 * dir/_tmp/<run>/map-<task>/part-<p>    a committed map task (renamed from its attempt)
 * dir/_tmp/<run>/reduce-<p>-<attempt>   a reduce attempt being written
 * dir/_tmp/<run>/reduce-<p>-<attempt>-head|tail   its spilled prefix, the rest of its file
 * ```
 *
 * `<run>` keeps what a crashed or zombie run left apart from the next run's files.
 */
import { join } from 'node:path';
import { InvalidArgumentError } from '../../functional/index.js';

export const SUCCESS = '_SUCCESS';
export const TMP = '_tmp';
/** Final partition files: `part-00000`, as Hadoop names them (more digits past 99 999). */
export const PART_FILE = /^part-\d{5,}$/;

const ID = /^[A-Za-z0-9_.-]{1,100}$/;

/** Checks a run or attempt id: it becomes part of a file name. */
export function checkId(what: string, id: string | number): string {
  const s = String(id);
  if (!ID.test(s) || s === '.' || s === '..') {
    throw new InvalidArgumentError(
      'shuffle',
      what,
      'a non-negative integer or a name of letters, digits, "_", "-" and "."',
      id,
    );
  }
  return s;
}

export const runDir = (dir: string, run: string): string => join(dir, TMP, run);
export const attemptDir = (dir: string, run: string, task: number, attempt: string): string =>
  join(runDir(dir, run), `map-${task}-${attempt}`);
export const mapTaskDir = (dir: string, run: string, task: number): string =>
  join(runDir(dir, run), `map-${task}`);
export const mapPartFile = (taskDir: string, p: number): string => join(taskDir, `part-${p}`);
export const spillFile = (taskDir: string, run: number, p: number): string =>
  join(taskDir, `spill-${run}-part-${p}`);
export const reduceTempFile = (dir: string, run: string, p: number, attempt: string): string =>
  join(runDir(dir, run), `reduce-${p}-${attempt}`);
export const reduceSpillFile = (
  dir: string,
  run: string,
  p: number,
  attempt: string,
  part: 'head' | 'tail',
): string => join(runDir(dir, run), `reduce-${p}-${attempt}-${part}`);
export const mergeTempFile = (
  dir: string,
  run: string,
  p: number,
  attempt: string,
  pass: number,
): string => join(runDir(dir, run), `merge-${p}-${attempt}-${pass}`);
export const partFileName = (p: number): string => `part-${String(p).padStart(5, '0')}`;
