import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { BackupError } from './format.ts';

export type NumberedLine = { number: number; text: string };

/**
 * The lines of a gzip file, numbered from 1, read as a stream so a large backup never sits in memory.
 * A file that is not gzip, or whose compressed data stops part way, ends with a BackupError saying
 * after which line it went wrong.
 */
export async function* gzipLines(file: string): AsyncGenerator<NumberedLine> {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let number = 0;
  try {
    for await (const chunk of gunzip) {
      const parts = (pending + decoder.write(chunk as Buffer)).split('\n');
      pending = parts.pop()!;
      for (const text of parts) yield { number: ++number, text };
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw readError(file, error as NodeJS.ErrnoException, number);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  pending += decoder.end();
  if (pending) yield { number: number + 1, text: pending };
}

function readError(file: string, error: NodeJS.ErrnoException, linesRead: number): BackupError {
  if (error.code === 'ENOENT') return new BackupError(`There is no file at ${file}: check the file name.`);
  if (error.code === 'EISDIR') return new BackupError(`${file} is a folder: give the backup file itself.`);
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return new BackupError(`${file} cannot be read: check its permissions.`);
  if (error.code === 'Z_DATA_ERROR' && linesRead === 0)
    return new BackupError(`${file} is not gzip-compressed, so it is not a Careweave backup.`);
  if (error.code === 'Z_BUF_ERROR' || error.message.includes('unexpected end of file')) {
    if (linesRead === 0)
      return new BackupError(`${file} is empty or stops before its first line, so it is not a usable backup.`);
    return new BackupError(`The backup file stops part way, after line ${linesRead}: it is incomplete.`);
  }
  return new BackupError(`The backup file is damaged after line ${linesRead} (${error.message}).`);
}
